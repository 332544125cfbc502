// Comments near code: what a reader of a statement sees explained beside it.
import type { Node } from "web-tree-sitter";
import type { ModuleModel } from "./model";
import { lineStartOf, nextLineStart } from "./syntax";

/** Is there a comment on the statement's line(s), or alone on the line just above it? */
export function hasCommentBy(model: ModuleModel, statement: Node): boolean {
  const text = model.text;
  // after the statement, on its last line
  const lineEnd = nextLineStart(text, statement.endIndex);
  const hash = text.indexOf("#", statement.endIndex);
  if (hash >= 0 && hash < lineEnd && model.root.descendantForIndex(hash, hash + 1)?.type === "comment") return true;
  // within a multi-line statement
  if (statement.startPosition.row !== statement.endPosition.row) {
    for (
      let i = text.indexOf("#", statement.startIndex);
      i >= 0 && i < statement.endIndex;
      i = text.indexOf("#", i + 1)
    ) {
      if (model.root.descendantForIndex(i, i + 1)?.type === "comment") return true;
    }
  }
  // the line above (or the start of the line for `if x: self.a = 5` style one-liners)
  const start = lineStartOf(text, statement.startIndex);
  if (start === 0) return false;
  const above = lineStartOf(text, start - 1);
  const line = text.slice(above, start);
  const at = line.search(/\S/);
  return at >= 0 && line[at] === "#" && model.root.descendantForIndex(above + at, above + at + 1)?.type === "comment";
}

/** The comment after a node on its last line (`timeout=20 * 60,  # seconds`), or null. */
export function trailingComment(model: ModuleModel, node: Node): string | null {
  const text = model.text;
  const lineEnd = nextLineStart(text, node.endIndex);
  for (let i = text.indexOf("#", node.endIndex); i >= 0 && i < lineEnd; i = text.indexOf("#", i + 1)) {
    const comment = model.root.descendantForIndex(i, i + 1);
    if (comment?.type === "comment") return comment.text;
  }
  return null;
}

/** Is there a comment alone on the line just above the node, or at the end of its first line? */
export function hasCommentAboveOrOnFirstLine(model: ModuleModel, node: Node): boolean {
  const text = model.text;
  const firstLineEnd = nextLineStart(text, node.startIndex);
  for (let i = text.indexOf("#", node.startIndex); i >= 0 && i < firstLineEnd; i = text.indexOf("#", i + 1)) {
    if (model.root.descendantForIndex(i, i + 1)?.type === "comment") return true;
  }
  const start = lineStartOf(text, node.startIndex);
  if (start === 0) return false;
  const above = lineStartOf(text, start - 1);
  const line = text.slice(above, start);
  const at = line.search(/\S/);
  return at >= 0 && line[at] === "#" && model.root.descendantForIndex(above + at, above + at + 1)?.type === "comment";
}
