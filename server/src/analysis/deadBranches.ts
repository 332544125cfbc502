// Branches that never run on Python 3: `if six.PY2:` (and `PY2`, `sys.version_info[0] == 2`,
// `sys.version_info < (3,)`, `sys.version_info.major == 2`), and the `else` of their Python 3
// twins (`if six.PY3:`, `if sys.version_info >= (3,)`). Findings there are about code that cannot
// run; the live twin next to it is reviewed instead.
import type { Node } from "web-tree-sitter";
import type { ModuleModel } from "./model";
import type { TextRange } from "../core/types";

const PY2_TEST =
  /^(?:(?:six\.)?PY2|sys\.version_info\s*(?:\[\s*0\s*\]|\.major)\s*(?:==\s*2|<\s*3|<=\s*2)|sys\.version_info\s*<\s*\(\s*3\s*(?:,\s*(?:0\s*)?)?\))$/;
const PY3_TEST =
  /^(?:(?:six\.)?PY3|not\s+(?:six\.)?PY2|sys\.version_info\s*(?:\[\s*0\s*\]|\.major)\s*(?:==\s*3|>=\s*3|>\s*2)|sys\.version_info\s*>=\s*\(\s*3\s*(?:,\s*(?:0\s*)?)?\))$/;

/** Where an `if` on the Python version may start (checked against the tree after). */
const CANDIDATE = /\b(?:el)?if\s+(?:not\s+)?(?:six\.PY[23]\b|PY[23]\b|sys\.version_info\b)/g;

const cache = new WeakMap<ModuleModel, TextRange[]>();

/** The ranges of Python-2-only branches, in document order (empty for most files: a text check first). */
export function deadBranches(model: ModuleModel): TextRange[] {
  let ranges = cache.get(model);
  if (ranges) return ranges;
  ranges = [];
  const text = model.text;
  if (text.includes("PY2") || text.includes("PY3") || text.includes("version_info")) {
    for (const m of text.matchAll(CANDIDATE)) {
      const keywordEnd = m.index + (m[0].startsWith("elif") ? 4 : 2);
      let node: Node | null = model.root.descendantForIndex(m.index, keywordEnd);
      while (node && node.type !== "if_statement" && node.type !== "elif_clause") node = node.parent;
      if (!node || node.startIndex !== m.index) continue;
      const condition = node.childForFieldName("condition");
      if (!condition) continue;
      const test = condition.text
        .replace(/\s+/g, " ")
        .replace(/^\((.*)\)$/, "$1")
        .trim();
      const consequence = node.childForFieldName("consequence");
      if (PY2_TEST.test(test)) {
        if (consequence) ranges.push({ start: consequence.startIndex, end: consequence.endIndex });
      } else if (PY3_TEST.test(test) && node.type === "if_statement") {
        // everything after the Python 3 branch: its elif/else clauses
        const alternatives = node.childrenForFieldName("alternative");
        for (const alt of alternatives) if (alt) ranges.push({ start: alt.startIndex, end: alt.endIndex });
      }
    }
    ranges.sort((a, b) => a.start - b.start);
  }
  cache.set(model, ranges);
  return ranges;
}

/** Is [start, end) inside a Python-2-only branch? */
export function inDeadBranch(model: ModuleModel, start: number): boolean {
  for (const r of deadBranches(model)) {
    if (r.start > start) break;
    if (start < r.end) return true;
  }
  return false;
}
