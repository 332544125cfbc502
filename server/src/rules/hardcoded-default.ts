// CFG001: a magic number set on `self` in `__init__`, neither a parameter nor documented.
import type { Node } from "web-tree-sitter";
import { hasCommentBy } from "../analysis/comments";
import type { AssignmentInfo, FunctionInfo } from "../analysis/model";
import { numericLiteral } from "../analysis/syntax";
import { indexOfFast } from "../analysis/textSearch";
import { addKeywordParameterEdit, isFreeParameterName } from "../fixes/parameters";
import type { Fix } from "../core/types";
import type { Rule } from "./types";

const TRIVIAL = new Set([0, 1, -1]);
/** ` = ` after an assignment's target (spaces only: other shapes are read from the tree). */
const PLAIN_EQUALS = /[ \t]*=(?!=)[ \t]*/y;
/** `object.attribute`, both plain names (other shapes are read from the tree). */
const SELF_ATTRIBUTE = /^([A-Za-z_][A-Za-z0-9_]*)\s*\.\s*([A-Za-z_][A-Za-z0-9_]*)$/;

/** Does the docstring name the attribute (`window` for `self._window`)? */
function docMentions(doc: Node | null, bare: string): boolean {
  if (!doc) return false;
  return new RegExp(`(?<![A-Za-z0-9_])_*${bare}(?![A-Za-z0-9_])`).test(doc.text);
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
        if (docMentions(fn.parentClass?.docstring ?? null, bare) || docMentions(fn.docstring, bare)) return;
        if (hasCommentBy(model, statement)) return;
        const literal = text.slice(right.startIndex, right.endIndex);
        const fixes: Fix[] = [];
        const name = [bare, `${bare}_default`].find((n) => isFreeParameterName(model, fn, n));
        // Only a plain `self.x = 2` statement (not a chained or annotated one) is rewritten.
        if (name && a.node.parent?.type === "expression_statement" && !a.annotation) {
          const insert = addKeywordParameterEdit(text, fn, `${name}=${literal}`);
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
