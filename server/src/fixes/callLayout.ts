// Laying out rewritten code: moving an expression to another column (its continuation lines
// follow it), and wrapping a call's arguments the way black and ruff do when a line outgrows
// the line length: break after the opening parenthesis, all arguments on one indented line if
// they fit, else one per line with a trailing comma, and the closing parenthesis on its own line.
import type { Node } from "web-tree-sitter";
import { indentationAt, lineStartOf } from "../analysis/syntax";
import type { TextEdit } from "../core/types";
import { lineBreakOf } from "../parsing/lineIndex";

/** The line length when none is configured (black's and ruff's). */
export const DEFAULT_LINE_LENGTH = 88;

/** Does a string literal inside `node` span lines (so its continuation lines are text, not layout)? */
export function hasMultiLineString(node: Node): boolean {
  if (node.startPosition.row === node.endPosition.row) return false;
  return node.descendantsOfType("string").some((s) => !!s && s.startPosition.row !== s.endPosition.row);
}

/** `code` with each continuation line moved right (`delta` > 0) or left by `delta` columns. */
export function shiftContinuationLines(code: string, delta: number): string {
  if (!delta || !code.includes("\n")) return code;
  return code.replace(
    /(\r?\n)( *)(?=\S)/g,
    (_m, eol: string, spaces: string) => `${eol}${" ".repeat(Math.max(0, spaces.length + delta))}`,
  );
}

/** The column of `offset` on its line (UTF-16 units). */
export function columnOf(text: string, offset: number): number {
  return offset - lineStartOf(text, offset);
}

/** The longest line of `text` between the starts of the lines holding `start` and `end`, after `edits`. */
function longestLineAfter(text: string, start: number, end: number, edits: readonly TextEdit[]): number {
  const from = lineStartOf(text, start);
  let to = text.indexOf("\n", end);
  if (to < 0) to = text.length;
  let out = "";
  let cursor = from;
  for (const e of [...edits].sort((a, b) => a.start - b.start)) {
    out += text.slice(cursor, e.start) + e.newText;
    cursor = e.end;
  }
  out += text.slice(cursor, to);
  return Math.max(...out.split(/\r?\n/).map((l) => l.length));
}

/** An argument's new text and the column its text was written at (for its continuation lines). */
export interface ArgumentText {
  text: string;
  column: number;
}

/**
 * `edits` (inside `call`) as they are when every line they leave fits `lineLength` (or is no
 * longer than the longest line was: a project may allow long lines); else one
 * edit rewriting the call's argument list with `args` (every argument, rewritten) wrapped.
 * `args` null: the arguments cannot be moved (a comment among them, a string spanning lines),
 * so the edits stay as they are.
 */
export function fitToLineLength(
  text: string,
  call: Node,
  edits: TextEdit[],
  args: ArgumentText[] | null,
  lineLength: number,
): TextEdit[] {
  const after = longestLineAfter(text, call.startIndex, call.endIndex, edits);
  if (after <= lineLength || !args || after <= longestLineAfter(text, call.startIndex, call.endIndex, [])) return edits;
  const list = call.childForFieldName("arguments");
  if (list?.type !== "argument_list") return edits;
  const indent = indentationAt(text, call.startIndex);
  const inner = `${indent}    `;
  const eol = lineBreakOf(text);
  const moved = args.map((a) => shiftContinuationLines(a.text, inner.length - a.column));
  const oneLine = moved.join(", ");
  const newText =
    !oneLine.includes("\n") && inner.length + oneLine.length <= lineLength
      ? `(${eol}${inner}${oneLine}${eol}${indent})`
      : `(${eol}${moved.map((a) => `${inner}${a},`).join(eol)}${eol}${indent})`;
  return [{ start: list.startIndex, end: list.endIndex, newText }];
}
