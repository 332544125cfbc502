// Adding a parameter to a def: a name free for it, and the edit that adds it in the list's layout.
import type { Node } from "web-tree-sitter";
import type { FunctionInfo, ModuleModel } from "../analysis/model";
import { indentationAt, lineStartOf, nextLineStart } from "../analysis/syntax";
import type { TextEdit } from "../core/types";
import { lineBreakOf } from "../parsing/lineIndex";

/** Python's keywords and soft keywords: names a parameter cannot (or should not) take. */
const KEYWORDS = new Set(
  "False None True and as assert async await break class continue def del elif else except finally for from global if import in is lambda nonlocal not or pass raise return try while with yield match case type".split(
    " ",
  ),
);

/** Is `name` free to become a parameter of `fn` (no parameter, local or global of that name is used in it)? */
export function isFreeParameterName(model: ModuleModel, fn: FunctionInfo, name: string): boolean {
  if (KEYWORDS.has(name) || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) return false;
  if (fn.parameters.some((p) => p.name === name)) return false;
  for (const id of model.identifiersNamedIn(name, fn.node.startIndex, fn.node.endIndex)) {
    const parent = id.parent;
    if (parent?.type === "attribute" && parent.childForFieldName("attribute")?.id === id.id) continue;
    if (parent?.type === "keyword_argument" && parent.childForFieldName("name")?.id === id.id) continue;
    return false;
  }
  return true;
}

/**
 * Where the new keyword parameter goes: after the other parameters (and after `*args`, so it is
 * keyword-only there), before `**kwargs`. Returns the edit for `param` (e.g. `window=2`).
 */
export function addKeywordParameterEdit(text: string, fn: FunctionInfo, param: string): TextEdit | null {
  const nl = lineBreakOf(text);
  const params = fn.parametersNode;
  if (params.type !== "parameters") return null;
  const items = params.namedChildren.filter((c): c is Node => !!c && c.type !== "comment");
  if (!items.length) return null;
  const kwargs = fn.parameters.find((p) => p.kind === "var-keyword");
  if (kwargs) {
    const node = kwargs.node;
    const lineStart = lineStartOf(text, node.startIndex);
    if (text.slice(lineStart, node.startIndex).trim() === "") {
      return {
        start: node.startIndex,
        end: node.startIndex,
        newText: `${param},${nl}${indentationAt(text, node.startIndex)}`,
      };
    }
    return { start: node.startIndex, end: node.startIndex, newText: `${param}, ` };
  }
  const last = items[items.length - 1];
  const close = params.endIndex - 1; // the `)`
  const between = text.slice(last.endIndex, close);
  const comma = /^\s*,/.exec(between.replace(/#[^\n\r]*/g, ""));
  const ownLine =
    last.startPosition.row > items[0].startPosition.row &&
    text.slice(lineStartOf(text, last.startIndex), last.startIndex).trim() === "";
  if (!comma) {
    // one parameter per line: the new one gets its own line too
    return {
      start: last.endIndex,
      end: last.endIndex,
      newText: ownLine ? `,${nl}${indentationAt(text, last.startIndex)}${param}` : `, ${param}`,
    };
  }
  // A trailing comma: one parameter per line goes on a new line, else on the same line.
  if (last.endPosition.row !== params.endPosition.row && ownLine) {
    let lineEnd = nextLineStart(text, last.endIndex);
    while (lineEnd > last.endIndex && (text[lineEnd - 1] === "\n" || text[lineEnd - 1] === "\r")) lineEnd--;
    return { start: lineEnd, end: lineEnd, newText: `${nl}${indentationAt(text, last.startIndex)}${param},` };
  }
  const commaAt = text.indexOf(",", last.endIndex);
  return { start: commaAt + 1, end: commaAt + 1, newText: ` ${param},` };
}

/**
 * `insert` (from addKeywordParameterEdit) as it is when the def's lines still fit `lineLength`
 * (or are no longer than they were); else one edit rewriting a one-line parameter list wrapped as
 * black does: the parameters on one indented line, or one per line with a trailing comma.
 */
export function fitParameters(text: string, fn: FunctionInfo, insert: TextEdit, lineLength: number): TextEdit {
  const params = fn.parametersNode;
  const from = lineStartOf(text, fn.node.startIndex);
  const lineEnd = text.indexOf("\n", params.endIndex);
  const to = lineEnd < 0 ? text.length : lineEnd;
  const longest = (s: string): number => Math.max(...s.split(/\r?\n/).map((l) => l.length));
  const before = text.slice(from, to);
  const after = text.slice(from, insert.start) + insert.newText + text.slice(insert.end, to);
  if (longest(after) <= lineLength || longest(after) <= longest(before)) return insert;
  const items = params.namedChildren.filter((c): c is Node => !!c);
  // (a list with a parameter per line, or holding a comment, keeps its layout; one on a single
  // line, or on one line of its own between the parentheses, is laid out again)
  if (!items.length || items.some((c) => c.type === "comment")) return insert;
  if (items[0].startPosition.row !== items[items.length - 1].endPosition.row) return insert;
  const added = insert.newText.replace(/^[\s,]+|[\s,]+$/g, "");
  const texts = items.map((c) => c.text);
  // (before `**kwargs` when it went there)
  const at = items.findIndex((c) => c.startIndex >= insert.start);
  texts.splice(at < 0 ? texts.length : at, 0, added);
  const indent = indentationAt(text, fn.node.startIndex);
  const inner = `${indent}    `;
  const nl = lineBreakOf(text);
  const oneLine = texts.join(", ");
  const newText =
    inner.length + oneLine.length <= lineLength
      ? `(${nl}${inner}${oneLine}${nl}${indent})`
      : `(${nl}${texts.map((t) => `${inner}${t},`).join(nl)}${nl}${indent})`;
  return { start: params.startIndex, end: params.endIndex, newText };
}
