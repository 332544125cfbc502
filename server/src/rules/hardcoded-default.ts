// CFG001: a magic number set on `self` in `__init__`, neither a parameter nor documented.
import {
  assignedOutsideInit,
  attributeTargetReads,
  docstringDocuments,
  enclosingIfs,
  isDefaultsRecord,
  isNoneFallback,
} from "../analysis/attributeState";
import { isAlgorithmConstant } from "../analysis/algorithmConstants";
import { hasCommentAboveOrOnFirstLine, hasCommentBy, headedBlock } from "../analysis/comments";
import type { AssignmentInfo, FunctionInfo, ModuleModel } from "../analysis/model";
import { numericLiteral } from "../analysis/syntax";
import { indexOfFast } from "../analysis/textSearch";
import { DEFAULT_LINE_LENGTH } from "../fixes/callLayout";
import { addKeywordParameterEdit, fitParameters, isFreeParameterName } from "../fixes/parameters";
import type { Fix } from "../core/types";
import { inScope } from "./reportScope";
import type { Rule } from "./types";

const TRIVIAL = new Set([0, 1, -1]);
/** ` = ` after an assignment's target (spaces only: other shapes are read from the tree). */
const PLAIN_EQUALS = /[ \t]*=(?!=)[ \t]*/y;
/** `object.attribute`, both plain names (other shapes are read from the tree). */
const SELF_ATTRIBUTE = /^([A-Za-z_][A-Za-z0-9_]*)\s*\.\s*([A-Za-z_][A-Za-z0-9_]*)$/;

/** Name parts of a knob that deployments and callers tune (`_check_lock_interval`, `max_retries`, `bufsize`). */
const TUNING =
  /timeout|interval|retr(?:y|ies)|attempt|delay|wait|window|limit|threshold|period|pool|ttl|backoff|concurren|workers|poll|expir|lifetime|port|buf|chunk|batch|processes|connections|cutoff|redirect|capacity|quota|burst/i;

/** `**kwargs` handed on (to a base `__init__`, `setattr`): a new keyword parameter would capture the caller's keyword. */
function passesKeywordsOn(model: ModuleModel, fn: FunctionInfo): boolean {
  const kwargs = fn.parameters.find((p) => p.kind === "var-keyword");
  return !!kwargs && model.identifiersNamedIn(kwargs.name, fn.body.startIndex, fn.body.endIndex).length > 0;
}

export const hardcodedDefault: Rule = {
  meta: {
    code: "CFG001",
    name: "hardcoded-default",
    category: "configuration",
    reviewPoint: 2,
    preview: true,
    severity: "information",
    fixable: "sometimes",
    skipsTestFiles: true,
    summary:
      "`__init__` sets a tunable attribute (a timeout, an interval, retries, a limit, a pool or buffer size, a port) to an unexplained number instead of taking it as a parameter.",
    rationale:
      "A bare number such as `self._threshold = 2` is a default that callers cannot change and readers cannot understand. " +
      "Make it a keyword parameter with that default (or a named, documented constant), or at least say in a comment or docstring what it is. " +
      "The fix adds the keyword parameter; it is never safe (a caller passing one more positional argument, or that keyword, now behaves differently), and it is not offered when `__init__` hands `**kwargs` on (the new parameter would capture the caller's keyword). A `def` line it makes longer than the line length is wrapped as black does. When `__init__` already takes a parameter of that name and ignores it (`def __init__(self, size=1000): self.size = 1000`), the message says so and the fix assigns the parameter (unsafe: callers that pass it now get their value).",
    notReported:
      "Attributes whose name says no knob an operator or caller tunes (timeout, interval, retry, attempt, delay, wait, window, limit, threshold, period, pool, TTL, backoff, concurrency, workers, poll, expiry, lifetime, port, buffer, chunk, batch, processes, connections, cutoff, redirect, capacity, quota, burst): " +
      "on held-out projects most other numbers set in `__init__` were what the class is (a file format's field sizes, an exception's HTTP status, a widget's padding, a version); " +
      "an ignored parameter of the same name is reported whatever its name. " +
      "0, 1, -1 and hexadecimal, octal or binary masks and modes. " +
      "An attribute also set from something else in `__init__` (a parameter, a fallback), assigned anywhere else in the file outside an `__init__` (state another method resets, or a placeholder a method, function or caller sets from configuration, an option or a parameter), or set inside `if self.x is None:` (a fallback for a value the caller may give); a public attribute of a record of defaults (a class whose only method is an `__init__` without parameters: its users set the fields). " +
      "A value explained by a comment on or above its line (or above an enclosing `if`, or heading its block of attribute assignments: `# indentation levels` over three lines), by a docstring of the class or of one of its methods that states the value (`Default is 16384 bytes`), or by the class's or `__init__`'s docstring naming the attribute as code (``` ``window`` ```, `self.window`, `:ivar window:`, an Attributes entry, a multi-word name such as `max_length`). " +
      "A size fixed by the algorithm a class implements (`self._bs = 16`, `block_size`, `digest_size`, `iv_len` in a class named for a cipher, hash or MAC, or with `encrypt`/`decrypt`/`digest` methods). " +
      'A docstring that only uses the attribute\'s word ("once per window") does not document it. A value set again only in another file cannot be seen: it is still reported.',
    example: "class Throttler:\n    def __init__(self, func):\n        self.func = func\n        self._window = 2",
    useInstead:
      "class Throttler:\n    def __init__(self, func, window=2):\n        self.func = func\n        self._window = window",
    // (a finding is judged in its `__init__`: its comments, docstrings (outline) and what the rest
    // of the file assigns, read of every segment by attributeTargetReads)
    scope: "segment",
  },
  // (which attributes other segments assign: a value set again elsewhere is state, not a default)
  readsOfSegment: attributeTargetReads,
  check({ model, text, only, report, settings }) {
    // cheap filter: a class with an __init__
    if (indexOfFast(text, "__init__") < 0) return;
    const byInit = new Map<FunctionInfo, AssignmentInfo[]>();
    for (const a of inScope(only, model.assignments)) {
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
        const cls = fn.parentClass;
        if (!bare || !cls) return;
        const literal = text.slice(right.startIndex, right.endIndex);
        // state or a placeholder: another method, a function or a caller sets it again
        if (assignedOutsideInit(model, attribute)) return;
        // a fallback for a value the caller may give (through `**kwargs`, a class attribute)
        if (isNoneFallback(statement, selfName, attribute, fn)) return;
        // a public field of a record of defaults, for its users to set
        if (!attribute.startsWith("_") && isDefaultsRecord(cls, fn)) return;
        // a cipher's block size, a digest's size: what the algorithm is, not a choice
        if (isAlgorithmConstant(cls, bare)) return;
        if (docstringDocuments(cls, fn, attribute, literal)) return;
        if (
          hasCommentBy(model, statement) ||
          headedBlock(statement) ||
          enclosingIfs(statement, fn).some((s) => hasCommentAboveOrOnFirstLine(model, s))
        )
          return;
        // `def __init__(self, size=1000): self.size = 1000`: the parameter meant for it exists but is ignored
        const ignored = fn.parameters.find(
          (p) =>
            (p.name === attribute || p.name === bare) &&
            p.defaultValue?.text === literal &&
            (p.kind === "positional" || p.kind === "keyword-only" || p.kind === "positional-only") &&
            model
              .identifiersNamedIn(p.name, fn.body.startIndex, fn.body.endIndex)
              .every((id) => id.parent?.type === "attribute" && id.parent.childForFieldName("attribute")?.id === id.id),
        );
        if (ignored) {
          report({
            start: a.node.startIndex,
            end: a.node.endIndex,
            message: `\`__init__\` takes \`${ignored.name}\` but ignores it: \`${selfName}.${attribute}\` is set to the hardcoded ${literal} whatever the caller passes; assign the parameter.`,
            fixes: [
              {
                title: `Assign the parameter \`${ignored.name}\` (unsafe: callers that pass it now get their value)`,
                safe: false,
                edits: [{ start: right.startIndex, end: right.endIndex, newText: ignored.name }],
              },
            ],
          });
          return;
        }
        // Only a knob an operator or caller tunes (a timeout, an interval, retries, a limit, a pool or
        // buffer size, a port): other numbers in `__init__` are mostly what the class is (a format's
        // field sizes, an exception's HTTP status, a widget's padding): 70 in 78 of them were false
        // on the labelled samples, against 8 in 44 for these.
        if (!TUNING.test(bare)) return;
        const fixes: Fix[] = [];
        const name = [bare, `${bare}_default`].find((n) => isFreeParameterName(model, fn, n));
        // Only a plain `self.x = 2` statement (not a chained or annotated one) is rewritten.
        if (name && a.node.parent?.type === "expression_statement" && !a.annotation && !passesKeywordsOn(model, fn)) {
          const added = addKeywordParameterEdit(text, fn, `${name}=${literal}`);
          // a def line the new parameter makes too long is wrapped, as black would
          const insert = added && fitParameters(text, fn, added, settings.lineLength ?? DEFAULT_LINE_LENGTH);
          // Never safe: a caller passing one more positional argument, or that keyword, now
          // behaves differently (it used to fail, or the keyword went elsewhere).
          if (insert)
            fixes.push({
              title: `Make \`${name}\` a keyword parameter of \`__init__\``,
              safe: false,
              edits: [insert, { start: right.startIndex, end: right.endIndex, newText: name }],
            });
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
