// Applying every applicable fix to a text, re-checking until nothing changes (as ruff --fix).
import type { PythonParsing } from "../parsing/parser";
import type { Finding, Fix, TextEdit } from "../rules/types";
import { checkTree, fixKeepsSyntax, type CheckOptions } from "./check";
import { applyEdits, dedupeEdits } from "./edits";

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
  return a.start < b.end && b.start < a.end || (a.start === a.end && a.start > b.start && a.start < b.end) || (b.start === b.end && b.start > a.start && b.start < a.end);
}

/** Chooses a non-conflicting set of fixes from findings (first safe fix of each, in order). */
export function chooseFixes(findings: readonly Finding[], unsafe: boolean): { edits: TextEdit[]; count: number } {
  const accepted: TextEdit[] = [];
  const seenFixes = new Set<Fix>();
  let count = 0;
  for (const f of findings) {
    const fix = f.fixes.find((x) => x.safe || unsafe);
    if (!fix) continue;
    if (seenFixes.has(fix)) continue;
    seenFixes.add(fix);
    const fresh = dedupeEdits(fix.edits).filter((e) => !accepted.some((a) => a.start === e.start && a.end === e.end && a.newText === e.newText));
    if (fresh.some((e) => accepted.some((a) => overlaps(a, e)))) continue;
    accepted.push(...fresh);
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
      const usable = result.findings.map((f) => ({ ...f, fixes: f.fixes.filter((x) => (x.safe || unsafe) && fixKeepsSyntax(parsing, tree, text, x)) }));
      const { edits, count } = chooseFixes(usable, unsafe);
      if (count === 0) return { text, applied, remaining: result.findings };
      const candidate = applyEdits(text, edits).text;
      // the combination must parse too
      if (!fixKeepsSyntax(parsing, tree, text, { title: "all", safe: true, edits })) {
        return { text, applied, remaining: result.findings };
      }
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
