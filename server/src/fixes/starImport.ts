// IMP001's fixes: replace a star import with the explicit names the file uses, or delete it.
import type { Node } from "web-tree-sitter";
import { indentationAt, lineStartOf, nextLineStart } from "../analysis/syntax";
import type { TextEdit } from "../core/types";
import { lineBreakOf } from "../parsing/lineIndex";
import { formatFromImport, indentUnitOf } from "./fromImport";
import { deleteLinesOf, standsAlone } from "./imports";

const DEFAULT_LINE_LENGTH = 88;

/**
 * The edit replacing the star import `node` by `from <module> import <names>`, in its place and
 * indentation, keeping a trailing comment, wrapped beyond the line length (else 88).
 */
export function explicitImportEdit(
  text: string,
  node: Node,
  module: string,
  names: string[],
  lineLength: number | null,
): TextEdit {
  const lineEnd = nextLineStart(text, node.endIndex);
  const rest = text.slice(node.endIndex, lineEnd).replace(/[\r\n]+$/, "");
  const m = /^(\s*)(#.*)$/.exec(rest);
  const comment = m ? m[2].trimEnd() : null;
  const gap = m ? m[1] : "";
  const indent = indentationAt(text, node.startIndex);
  const startsLine = text.slice(lineStartOf(text, node.startIndex), node.startIndex).trim() === "";
  const { text: statement, wrapped } = formatFromImport(module, names, {
    indent: startsLine ? indent : "",
    unit: indentUnitOf(text),
    lineLength: lineLength ?? DEFAULT_LINE_LENGTH,
    lineBreak: lineBreakOf(text),
    comment,
    gap,
  });
  if (wrapped && comment)
    return { start: node.startIndex, end: node.endIndex + rest.trimEnd().length, newText: statement };
  return { start: node.startIndex, end: node.endIndex, newText: statement };
}

/**
 * The edits that delete the star import `node`, one of the statements `all` (in order) deleted by
 * the same fix, keeping every block non-empty.
 */
export function starDeletionEdits(text: string, node: Node, all: readonly Node[]): TextEdit[] {
  const parent = node.parent;
  if (parent && parent.type === "block") {
    const deleted = all.filter((d) => d.parent?.id === parent.id).map((d) => d.id);
    const remaining = parent.namedChildren.filter((c) => c && c.type !== "comment" && !deleted.includes(c.id));
    if (!remaining.length && deleted[0] === node.id)
      return [{ start: node.startIndex, end: node.endIndex, newText: "pass" }];
  }
  if (!standsAlone(text, node)) {
    // `from m import *; x = 1` → `x = 1`; `x = 1; from m import *` → `x = 1`
    const after = /^[ \t]*;[ \t]*/.exec(text.slice(node.endIndex));
    if (after && !/^[\r\n#]|^$/.test(text.slice(node.endIndex + after[0].length)))
      return [{ start: node.startIndex, end: node.endIndex + after[0].length, newText: "" }];
    const before = /[ \t]*;[ \t]*$/.exec(text.slice(lineStartOf(text, node.startIndex), node.startIndex));
    if (before) return [{ start: node.startIndex - before[0].length, end: node.endIndex, newText: "" }];
    return [{ start: node.startIndex, end: node.endIndex, newText: "pass" }];
  }
  return [deleteLinesOf(text, node)];
}
