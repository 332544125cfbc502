// Applying every applicable fix to a text, re-checking until nothing changes (as ruff --fix).
import type { Tree } from "web-tree-sitter";
import type { PythonParsing } from "../parsing/parser";
import type { Finding, Fix, TextEdit } from "../core/types";
import { checkTree, fixKeepsSyntax, type CheckOptions } from "./check";
import { applyEdits, dedupeEdits } from "../core/edits";

export interface FixAllResult {
  text: string;
  /** Number of fixes applied, over all passes. */
  applied: number;
  /** Findings left after the last pass. */
  remaining: Finding[];
  /** False when the passes ran out or went round in a circle before the fixes stopped changing the text. */
  converged: boolean;
}

/**
 * A text the fixes may produce: fix-all keeps only fixes whose result it accepts (the CLI's
 * cross-file plan uses it to keep a module's names).
 */
export type AcceptText = (candidate: string) => boolean;

/**
 * Each pass applies at least one fix, and fixes that edit the same place wait for the next pass,
 * so this bounds the fixes that conflict with each other (eleven parameters added to one
 * signature take eleven passes). Ruff's bound is the same.
 */
export const MAX_PASSES = 100;

function overlaps(a: TextEdit, b: TextEdit): boolean {
  // Two insertions at the same point are allowed to combine only if identical (deduped earlier).
  if (a.start === a.end && b.start === b.end) return a.start === b.start;
  return (
    (a.start < b.end && b.start < a.end) ||
    (a.start === a.end && a.start > b.start && a.start < b.end) ||
    (b.start === b.end && b.start > a.start && b.start < a.end)
  );
}

/** Chooses a non-conflicting set of fixes from findings (first safe fix of each, in order); counts the findings fixed. */
export function chooseFixes(
  findings: readonly Finding[],
  unsafe: boolean,
): { edits: TextEdit[]; count: number; fixes: Fix[] } {
  const accepted: TextEdit[] = [];
  const fixes: Fix[] = [];
  const seenFixes = new Map<Fix, boolean>();
  let count = 0;
  for (const f of findings) {
    const fix = f.fixes.find((x) => x.safe || unsafe);
    if (!fix) continue;
    // one fix shared by several findings (LOG001's) fixes each of them
    const seen = seenFixes.get(fix);
    if (seen !== undefined) {
      if (seen) count++;
      continue;
    }
    seenFixes.set(fix, false);
    const fresh = dedupeEdits(fix.edits).filter(
      (e) => !accepted.some((a) => a.start === e.start && a.end === e.end && a.newText === e.newText),
    );
    if (fresh.some((e) => accepted.some((a) => overlaps(a, e)))) continue;
    accepted.push(...fresh);
    fixes.push(fix);
    seenFixes.set(fix, true);
    count++;
  }
  return { edits: accepted, count, fixes };
}

/** Findings keeping only the fixes `keep` allows. */
function withFixes(findings: readonly Finding[], keep: (fix: Fix) => boolean): Finding[] {
  return findings.map((f) => ({ ...f, fixes: f.fixes.filter(keep) }));
}

export interface FixAllExtras {
  /** Only fixes whose result this accepts. */
  accept?: AcceptText;
  /** The caller's parse of `source` (used for the first pass, not deleted). */
  tree?: Tree;
}

export function fixAll(
  parsing: PythonParsing,
  source: string,
  options: CheckOptions,
  unsafe = false,
  { accept, tree: sourceTree }: FixAllExtras = {},
): FixAllResult {
  let text = source;
  let applied = 0;
  // the texts met so far: fixes that undo each other would otherwise run until the bound
  const seen = new Set<string>([text]);
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    const tree = pass === 0 && sourceTree ? sourceTree : parsing.parser.parse(text);
    if (!tree) break;
    let next: string;
    try {
      const result = checkTree(parsing, tree, text, options);
      const done = (): FixAllResult => ({ text, applied, remaining: result.findings, converged: true });
      const acceptable = (edits: TextEdit[]): boolean =>
        fixKeepsSyntax(parsing, tree, text, { title: "all", safe: true, edits }) &&
        (!accept || accept(applyEdits(text, edits).text));
      // Fast path: the chosen fixes together keep the file parsing (and acceptable): one parse.
      // Otherwise check each fix on its own, drop those that fail, and choose again; if the
      // survivors still fail together, apply the first of them alone this pass.
      let chosen = chooseFixes(result.findings, unsafe);
      if (chosen.count === 0) return done();
      if (!acceptable(chosen.edits)) {
        const valid = new Map<Fix, boolean>();
        const keeps = (x: Fix): boolean => {
          let ok = valid.get(x);
          if (ok === undefined) valid.set(x, (ok = (x.safe || unsafe) && acceptable(x.edits)));
          return ok;
        };
        const usable = withFixes(result.findings, keeps);
        chosen = chooseFixes(usable, unsafe);
        if (chosen.count === 0) return done();
        if (!acceptable(chosen.edits)) {
          const first = chosen.fixes[0];
          chosen = chooseFixes(
            withFixes(usable, (x) => x === first),
            unsafe,
          );
        }
      }
      next = applyEdits(text, chosen.edits).text;
      applied += chosen.count;
    } finally {
      if (tree !== sourceTree) tree.delete();
    }
    if (next === text) return finish(parsing, text, options, applied, true);
    if (seen.has(next)) return finish(parsing, next, options, applied, false);
    seen.add(next);
    text = next;
  }
  return finish(parsing, text, options, applied, false);
}

function finish(
  parsing: PythonParsing,
  text: string,
  options: CheckOptions,
  applied: number,
  converged: boolean,
): FixAllResult {
  const tree = parsing.parser.parse(text);
  const remaining = tree ? checkTree(parsing, tree, text, options).findings : [];
  tree?.delete();
  return { text, applied, remaining, converged };
}
