// Applying every applicable fix to a text, re-checking until nothing changes (as ruff --fix).
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
}

const MAX_PASSES = 10;

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
export function chooseFixes(findings: readonly Finding[], unsafe: boolean): { edits: TextEdit[]; count: number } {
  const accepted: TextEdit[] = [];
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
    seenFixes.set(fix, true);
    count++;
  }
  return { edits: accepted, count };
}

export function fixAll(parsing: PythonParsing, source: string, options: CheckOptions, unsafe = false): FixAllResult {
  let text = source;
  let applied = 0;
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    const tree = parsing.parser.parse(text);
    if (!tree) break;
    let next: string | null = null;
    try {
      const result = checkTree(parsing, tree, text, options);
      // Fast path: the chosen fixes together keep the file parsing (one parse). Otherwise check
      // each fix on its own (a parse each), drop those that break it, and choose again.
      let chosen = chooseFixes(result.findings, unsafe);
      if (chosen.count === 0) return { text, applied, remaining: result.findings };
      if (!fixKeepsSyntax(parsing, tree, text, { title: "all", safe: true, edits: chosen.edits })) {
        const valid = new Map<Fix, boolean>();
        const keeps = (x: Fix): boolean => {
          let ok = valid.get(x);
          if (ok === undefined) valid.set(x, (ok = fixKeepsSyntax(parsing, tree, text, x)));
          return ok;
        };
        const usable = result.findings.map((f) => ({
          ...f,
          fixes: f.fixes.filter((x) => (x.safe || unsafe) && keeps(x)),
        }));
        chosen = chooseFixes(usable, unsafe);
        if (
          chosen.count === 0 ||
          !fixKeepsSyntax(parsing, tree, text, { title: "all", safe: true, edits: chosen.edits })
        ) {
          return { text, applied, remaining: result.findings };
        }
      }
      const candidate = applyEdits(text, chosen.edits).text;
      const count = chosen.count;
      next = candidate;
      applied += count;
    } finally {
      tree.delete();
    }
    if (next === text) break;
    text = next;
  }
  const tree = parsing.parser.parse(text);
  const remaining = tree ? checkTree(parsing, tree, text, options).findings : [];
  tree?.delete();
  return { text, applied, remaining };
}
