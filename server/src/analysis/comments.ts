// Comments near code: what a reader of a statement sees explained beside it (a suppression
// such as `# noqa: CFG001` explains nothing).
import type { Node } from "web-tree-sitter";
import type { ModuleModel } from "./model";
import { lineStartOf, nextLineStart } from "./syntax";

/** A code or rule name in a suppression's list (`E501`, `B602`, `hardcoded-default`). */
const CODE = "(?:[A-Za-z]+[0-9]+|[A-Za-z]+(?:-[A-Za-z0-9]+)+)";
/** A suppression (`# noqa`, `# noqa: CFG001, E501`, `# nosec B602`) at the start of a comment. */
const SUPPRESSION = new RegExp(String.raw`^#\s*(?:noqa|nosec)\b(?::?\s*${CODE}(?:[\s,]+${CODE})*)?\s*`, "i");

/**
 * Does a comment explain something to a reader? A suppression does not (a rule that takes a
 * comment for an explanation must still report under `# noqa: CODE`, or the noqa it needs would
 * look unused); words after it do (`# noqa: E501 the URL is long`).
 */
export function explains(comment: string): boolean {
  let rest = comment.trim();
  for (let m = SUPPRESSION.exec(rest); m; m = SUPPRESSION.exec(rest)) rest = rest.slice(m[0].length);
  return /[\p{L}\p{N}]/u.test(rest);
}

/** The comment starting at `offset`, if one does and it explains something. */
function explainingCommentAt(model: ModuleModel, offset: number): boolean {
  const node = model.root.descendantForIndex(offset, offset + 1);
  return node?.type === "comment" && node.startIndex === offset && explains(node.text);
}

/** Is there a comment on the statement's line(s), or alone on the line just above it? */
export function hasCommentBy(model: ModuleModel, statement: Node): boolean {
  const text = model.text;
  // after the statement, on its last line
  const lineEnd = nextLineStart(text, statement.endIndex);
  const hash = text.indexOf("#", statement.endIndex);
  if (hash >= 0 && hash < lineEnd && explainingCommentAt(model, hash)) return true;
  // within a multi-line statement
  if (statement.startPosition.row !== statement.endPosition.row) {
    for (
      let i = text.indexOf("#", statement.startIndex);
      i >= 0 && i < statement.endIndex;
      i = text.indexOf("#", i + 1)
    ) {
      if (explainingCommentAt(model, i)) return true;
    }
  }
  // the line above (or the start of the line for `if x: self.a = 5` style one-liners)
  return explainingLineAbove(model, statement);
}

/** Is the line just above the node's a comment alone on its line that explains something? */
function explainingLineAbove(model: ModuleModel, node: Node): boolean {
  const text = model.text;
  const start = lineStartOf(text, node.startIndex);
  if (start === 0) return false;
  const above = lineStartOf(text, start - 1);
  const line = text.slice(above, start);
  const at = line.search(/\S/);
  return at >= 0 && line[at] === "#" && explainingCommentAt(model, above + at);
}

/** How many assignments above a statement a block's heading comment may sit. */
const BLOCK_REACH = 3;

/**
 * Is the statement in a block of attribute assignments, with no blank line between them, headed
 * by a comment alone on the line above the block's first (`# define indentation levels`) that
 * opens a paragraph (a blank line or the body's start above it) and is not a to-do note?
 */
export function headedBlock(statement: Node): boolean {
  let first = statement;
  for (let i = 0; i <= BLOCK_REACH; i++) {
    const above = first.previousNamedSibling;
    if (!above || above.endPosition.row !== first.startPosition.row - 1) return false;
    if (above.type === "comment") {
      if (i === 0 || above.startPosition.column !== first.startPosition.column) return false;
      if (/^#\s*(?:TODO|FIXME|XXX)\b/i.test(above.text)) return false;
      const over = above.previousNamedSibling;
      return !over || over.endPosition.row < above.startPosition.row - 1;
    }
    const assignment = above.type === "expression_statement" ? above.firstNamedChild : null;
    if (assignment?.type !== "assignment" || assignment.childForFieldName("left")?.type !== "attribute") return false;
    first = above;
  }
  return false;
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
    if (explainingCommentAt(model, i)) return true;
  }
  return explainingLineAbove(model, node);
}
