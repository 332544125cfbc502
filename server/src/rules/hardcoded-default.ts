// CFG001: a magic number set on `self` in `__init__`, neither a parameter nor documented.
import type { Node } from "web-tree-sitter";
import type { AssignmentInfo, FunctionInfo, ModuleModel } from "../analysis/model";
import { indentationAt, lineStartOf, nextLineStart, numericLiteral } from "../analysis/syntax";
import { lineBreakOf } from "../parsing/lineIndex";
import { indexOfFast } from "../analysis/textSearch";
import type { Fix, TextEdit } from "../core/types";
import type { Rule } from "./types";

const TRIVIAL = new Set([0, 1, -1]);
/** ` = ` after an assignment's target (spaces only: other shapes are read from the tree). */
const PLAIN_EQUALS = /[ \t]*=(?!=)[ \t]*/y;
/** `object.attribute`, both plain names (other shapes are read from the tree). */
const SELF_ATTRIBUTE = /^([A-Za-z_][A-Za-z0-9_]*)\s*\.\s*([A-Za-z_][A-Za-z0-9_]*)$/;

const KEYWORDS = new Set(
  "False None True and as assert async await break class continue def del elif else except finally for from global if import in is lambda nonlocal not or pass raise return try while with yield match case type".split(
    " ",
  ),
);

/** Is there a comment on the statement's line(s) or alone on the line just above it? */
function hasComment(model: ModuleModel, statement: Node): boolean {
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

function mentions(doc: Node | null, bare: string): boolean {
  if (!doc) return false;
  return new RegExp(`(?<![A-Za-z0-9_])_*${bare}(?![A-Za-z0-9_])`).test(doc.text);
}

/** Is `name` free to become a parameter of `fn` (no parameter, local or global of that name is used in it)? */
function freeIn(model: ModuleModel, fn: FunctionInfo, name: string): boolean {
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
function insertParameter(text: string, fn: FunctionInfo, param: string): TextEdit | null {
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

export const hardcodedDefault: Rule = {
  meta: {
    code: "CFG001",
    name: "hardcoded-default",
    category: "configuration",
    reviewPoint: 2,
    severity: "information",
    fixable: "sometimes",
    skipsTestFiles: true,
    summary: "`__init__` sets an attribute to an unexplained number instead of taking it as a parameter.",
    rationale:
      "A bare number such as `self._threshold = 2` is a default that callers cannot change and readers cannot understand. " +
      "Make it a keyword parameter with that default (or a named, documented constant), or at least say in a comment or docstring what it is.",
    example: "class Throttler:\n    def __init__(self, func):\n        self.func = func\n        self._window = 2",
    useInstead:
      "class Throttler:\n    def __init__(self, func, window=2):\n        self.func = func\n        self._window = window",
  },
  check({ model, text, report }) {
    // cheap filter: a class with an __init__
    if (indexOfFast(text, "__init__") < 0) return;
    const byInit = new Map<FunctionInfo, AssignmentInfo[]>();
    for (const a of model.assignments) {
      const fn = a.context.fn;
      if (!fn || a.context.inLambda || !fn.parentClass || fn.name !== "__init__") continue;
      if (a.left.type !== "attribute") continue;
      const list = byInit.get(fn);
      if (list) list.push(a);
      else byInit.set(fn, [a]);
    }
    for (const [fn, assignments] of byInit) {
      const first = fn.parameters[0];
      if (!first || (first.kind !== "positional" && first.kind !== "positional-only")) continue;
      if (fn.decorators.some((d) => d.name === "staticmethod" || d.name === "classmethod")) continue;
      const selfName = first.name;
      const targets = assignments.map((a) => {
        // `self.name` read from the text (one call into the tree), else from its nodes
        const left = a.left;
        const m = SELF_ATTRIBUTE.exec(text.slice(left.startIndex, left.endIndex));
        if (m) return m[1] === selfName ? m[2] : null;
        const object = a.left.childForFieldName("object");
        const attribute = a.left.childForFieldName("attribute");
        return object?.type === "identifier" && object.text === selfName && attribute ? attribute.text : null;
      });
      /** numericLiteral(a.right), skipping the tree when the text after `self.x = ` starts no number. */
      const numeric = (a: AssignmentInfo): number | null => {
        PLAIN_EQUALS.lastIndex = a.left.endIndex;
        // a name, string, list or dict is not a number (anything else, e.g. `\`, asks the tree)
        if (PLAIN_EQUALS.test(text) && /[A-Za-z_'"[{]/.test(text.charAt(PLAIN_EQUALS.lastIndex))) return null;
        return numericLiteral(a.right);
      };
      assignments.forEach((a, k) => {
        const attribute = targets[k];
        if (!attribute) return;
        const value = numeric(a);
        const right = a.right;
        if (value === null || TRIVIAL.has(value) || !right) return;
        // 0xffff, 0o755, 0b1010: masks, modes and protocol constants, not tunables
        if (/^[-+(\s]*0[xXoObB]/.test(right.text)) return;
        // Also set from something else in __init__ (a parameter, a fallback): not a fixed default.
        if (assignments.some((b, j) => j !== k && targets[j] === attribute && numeric(b) === null)) return;
        const statement = a.node.parent?.type === "expression_statement" ? a.node.parent : a.node;
        const bare = attribute.replace(/^_+/, "");
        if (!bare) return;
        if (mentions(fn.parentClass?.docstring ?? null, bare) || mentions(fn.docstring, bare)) return;
        if (hasComment(model, statement)) return;
        const literal = text.slice(right.startIndex, right.endIndex);
        const fixes: Fix[] = [];
        const name = [bare, `${bare}_default`].find((n) => freeIn(model, fn, n));
        // Only a plain `self.x = 2` statement (not a chained or annotated one) is rewritten.
        if (name && a.node.parent?.type === "expression_statement" && !a.annotation) {
          const insert = insertParameter(text, fn, `${name}=${literal}`);
          if (insert) {
            const kwargs = fn.parameters.some((p) => p.kind === "var-keyword");
            fixes.push({
              title: `Make \`${name}\` a keyword parameter of \`__init__\``,
              // Added last (after `*args`, keyword-only there) no existing call changes meaning,
              // unless `**kwargs` may already carry that keyword on to somewhere else.
              safe: !kwargs,
              edits: [insert, { start: right.startIndex, end: right.endIndex, newText: name }],
            });
          }
        }
        report({
          start: a.node.startIndex,
          end: a.node.endIndex,
          message:
            `\`${selfName}.${attribute}\` is set to the hardcoded ${literal} in \`__init__\`, with no comment or docstring saying what it is: ` +
            `make it a keyword parameter (or a documented constant).`,
          fixes,
        });
      });
    }
  },
};
