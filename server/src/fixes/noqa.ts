// Writing suppressions: "Suppress CODE on this line" (`# noqa: CODE`, merged into an existing noqa),
// `--add-noqa` (every finding's codes, one comment per line), and removing unused ones (SUP001).
import type { Node, Tree } from "web-tree-sitter";
import type { LineIndex } from "../parsing/lineIndex";
import type { TextEdit } from "../core/types";
import type { SuppressionDirective, SuppressionToken } from "../analysis/suppression";

const NOQA_CODES = /#\s*noqa:\s*([A-Za-z0-9_-]+(?:\s*,\s*[A-Za-z0-9_-]+)*)/i;
const BARE_NOQA = /#\s*noqa(?!:)/i;

function inStringAt(tree: Tree, offset: number): boolean {
  let node: Node | null = tree.rootNode.descendantForIndex(Math.max(0, offset - 1), offset);
  while (node) {
    if (node.type === "string" || node.type === "concatenated_string") {
      return node.startIndex < offset && node.endIndex > offset;
    }
    if (node.type === "comment") return false;
    node = node.parent;
  }
  return false;
}

function commentStart(tree: Tree, lineStart: number, lineEnd: number): number | null {
  const node = tree.rootNode.descendantForIndex(Math.max(lineStart, lineEnd - 1), lineEnd);
  let n: Node | null = node;
  while (n && n.type !== "comment" && n.startIndex >= lineStart) n = n.parent;
  return n && n.type === "comment" && n.startIndex >= lineStart ? n.startIndex : null;
}

/** Where a finding's `# noqa` goes: a line, and what is there already. */
type NoqaTarget =
  | { line: number; kind: "bare" }
  | { line: number; kind: "append"; at: number; codes: Set<string> }
  | { line: number; kind: "new"; start: number; end: number };

/**
 * The line that carries a finding's noqa: its first line, or its last when the first ends
 * inside a multi-line string, continues with a backslash (a comment after `\` breaks the line)
 * or is a `#!` line. Null when no line can carry a comment.
 */
function noqaTarget(tree: Tree, text: string, lines: LineIndex, start: number, end: number): NoqaTarget | null {
  const candidates = [lines.lineOf(start), lines.lineOf(Math.max(start, end - 1))];
  for (const line of candidates) {
    // a comment after `#!` would become part of the interpreter's command line
    if (line === 0 && text.startsWith("#!")) continue;
    const lineStart = lines.lineStart(line);
    const lineEnd = lines.lineEnd(line);
    if (inStringAt(tree, lineEnd)) continue;
    const at = commentStart(tree, lineStart, lineEnd);
    if (at !== null) {
      const comment = text.slice(at, lineEnd);
      if (BARE_NOQA.test(comment)) return { line, kind: "bare" }; // already suppresses everything
      const m = NOQA_CODES.exec(comment);
      if (m && m.index !== undefined) {
        const codes = new Set(m[1].split(/\s*,\s*/).map((c) => c.toUpperCase()));
        return { line, kind: "append", at: at + m.index + m[0].length, codes };
      }
    }
    const trimmedEnd = lineStart + text.slice(lineStart, lineEnd).trimEnd().length;
    if (at === null && text[trimmedEnd - 1] === "\\") continue;
    return { line, kind: "new", start: trimmedEnd, end: lineEnd };
  }
  return null;
}

/**
 * The edit suppressing `code` on the finding's line (its first line, or its last when the
 * first ends inside a multi-line string or is a `#!` line). Null when no line can carry a comment.
 */
export function suppressionEdit(
  tree: Tree,
  text: string,
  lines: LineIndex,
  start: number,
  end: number,
  code: string,
): TextEdit | null {
  const target = noqaTarget(tree, text, lines, start, end);
  if (!target || target.kind === "bare") return null;
  if (target.kind === "append") return { start: target.at, end: target.at, newText: `, ${code}` };
  return { start: target.start, end: target.end, newText: `  # noqa: ${code}` };
}

/**
 * `--add-noqa`: the edits suppressing every finding where it is (as ruff's), one per line: the
 * codes of a line's findings, sorted, merged into its `# noqa: ...` (codes already there are not
 * repeated; a bare `# noqa` needs nothing). Findings no line can carry a comment for are left out.
 */
export function addNoqaEdits<F extends { start: number; end: number; code: string }>(
  tree: Tree,
  text: string,
  lines: LineIndex,
  findings: readonly F[],
): { edits: TextEdit[]; unplaced: F[] } {
  const byLine = new Map<number, { target: NoqaTarget; codes: Set<string> }>();
  const unplaced: F[] = [];
  for (const f of findings) {
    const target = noqaTarget(tree, text, lines, f.start, f.end);
    if (!target) {
      unplaced.push(f);
      continue;
    }
    if (target.kind === "bare" || (target.kind === "append" && target.codes.has(f.code))) continue;
    const entry = byLine.get(target.line) ?? { target, codes: new Set<string>() };
    entry.codes.add(f.code);
    byLine.set(target.line, entry);
  }
  const edits: TextEdit[] = [];
  for (const { target, codes } of byLine.values()) {
    const list = [...codes].sort().join(", ");
    if (target.kind === "append") edits.push({ start: target.at, end: target.at, newText: `, ${list}` });
    else if (target.kind === "new") edits.push({ start: target.start, end: target.end, newText: `  # noqa: ${list}` });
  }
  return { edits: edits.sort((a, b) => a.start - b.start), unplaced };
}

/**
 * The edit removing `unused` words from a suppression directive, or the whole directive when
 * `unused` is "all" or holds every word of it. The comment's other text stays: a directive that
 * was the whole comment goes with the spaces before it (and its line, when alone on it); prose
 * after it (`# noqa: E501 long URL`) stays a comment.
 */
export function removeSuppressionEdit(
  text: string,
  comment: { start: number; end: number },
  directive: SuppressionDirective,
  unused: readonly SuppressionToken[] | "all",
): TextEdit {
  const kept = unused === "all" ? [] : directive.tokens.filter((t) => !unused.includes(t));
  if (kept.length) {
    const first = directive.tokens[0];
    const last = directive.tokens[directive.tokens.length - 1];
    return { start: first.start, end: last.end, newText: kept.map((t) => t.text).join(", ") };
  }
  const after = text.slice(directive.end, comment.end);
  const rest = after.trimStart();
  if (rest) {
    const restAt = directive.end + (after.length - rest.length);
    // another comment follows (`# noqa: X  # type: ignore`): it takes the directive's place
    if (rest.startsWith("#")) return { start: directive.start, end: restAt, newText: "" };
    return { start: directive.start, end: restAt, newText: "# " };
  }
  let start = directive.start;
  while (start > 0 && (text[start - 1] === " " || text[start - 1] === "\t")) start--;
  const lineStart = start === 0 || text[start - 1] === "\n" || text[start - 1] === "\r";
  if (lineStart && directive.start === comment.start) {
    // a comment alone on its line: the line goes
    const end = text.startsWith("\r\n", comment.end)
      ? comment.end + 2
      : /[\n\r]/.test(text[comment.end] ?? "")
        ? comment.end + 1
        : comment.end;
    return { start, end, newText: "" };
  }
  return { start, end: comment.end, newText: "" };
}
