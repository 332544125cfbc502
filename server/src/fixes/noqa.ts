// The "Suppress CODE on this line" edit: writes `# noqa: CODE`, merging into an existing noqa.
import type { Node, Tree } from "web-tree-sitter";
import type { LineIndex } from "../parsing/lineIndex";
import type { TextEdit } from "../core/types";

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
      if (BARE_NOQA.test(comment)) return null; // already suppresses everything
      const m = NOQA_CODES.exec(comment);
      if (m && m.index !== undefined) {
        const codesEnd = at + m.index + m[0].length;
        return { start: codesEnd, end: codesEnd, newText: `, ${code}` };
      }
    }
    const trimmedEnd = lineStart + text.slice(lineStart, lineEnd).trimEnd().length;
    return { start: trimmedEnd, end: lineEnd, newText: `  # noqa: ${code}` };
  }
  return null;
}
