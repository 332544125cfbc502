// Log messages: which argument of a log call is the message, and whether (and how) it is built
// before the call: `%`, an f-string, `.format()`, `+`.
import type { Node } from "web-tree-sitter";
import { isSpaceCode, isWordCode } from "./chars";
import { hasInterpolation, isFStringPiece, plainLiteral } from "./formatStrings";
import { MESSAGE_TRANSLATORS } from "./logging";
import type { CallInfo } from "./model";
import { isStringLiteral, stringParts, stringPieces, unparen } from "./syntax";
import { stringLiteralEnd } from "./textSearch";

export type EagerFormatting = "%" | "f-string" | ".format()" | "+";

export interface EagerMessage {
  kind: EagerFormatting;
  /**
   * The template is bytes (`b"node: %s" % x`): logging would log its `b'...'` repr either way,
   * and lazy arguments cannot reproduce bytes formatting (logging does `str(msg) % args`).
   */
  bytes: boolean;
  /** The expression that formats (the message, or the argument of its translation wrapper). */
  target: Node;
  /** `_(...)` around the target (`LOG.error(_("failed: %s" % x))`), or null. */
  wrapper: Node | null;
}

function isPlainArgument(n: Node | null): boolean {
  return (
    !!n &&
    n.type !== "comment" &&
    n.type !== "keyword_argument" &&
    n.type !== "list_splat" &&
    n.type !== "dictionary_splat"
  );
}

/** The message of a log call: its positional argument `index` (0; 1 for `log(level, msg)`), or null. */
export function logMessageArgument(call: CallInfo, index: number): Node | null {
  // read without parsing every argument (most calls have no comment among them)
  const argsNode = call.argumentsNode;
  if (argsNode?.type !== "argument_list") return null;
  const direct = argsNode.namedChild(index);
  if (isPlainArgument(direct) && (index === 0 || isPlainArgument(argsNode.namedChild(0)))) return direct;
  return call.positional[index] ?? null;
}

/** `a + b + c` → [a, b, c] (through parentheses). */
export function plusOperands(node: Node): Node[] {
  const n = unparen(node);
  if (n.type === "binary_operator" && n.childForFieldName("operator")?.type === "+") {
    const left = n.childForFieldName("left");
    const right = n.childForFieldName("right");
    if (left && right) return [...plusOperands(left), ...plusOperands(right)];
  }
  return [n];
}

/** The printf format of a literal or `_("literal")` on the left of `%`, or null when unknown. */
export function printfLiteralOf(left: Node): Node | null {
  const n = unparen(left);
  if (isStringLiteral(n)) return plainLiteral(n) ? n : null;
  if (n.type === "call") {
    const fn = n.childForFieldName("function")?.text ?? "";
    const args = n.childForFieldName("arguments");
    const only = args?.namedChildren.filter((c) => c && c.type !== "comment") ?? [];
    if (
      MESSAGE_TRANSLATORS.has(fn) &&
      only.length === 1 &&
      only[0] &&
      isStringLiteral(only[0]) &&
      plainLiteral(only[0])
    )
      return only[0];
  }
  return null;
}

/** A bytes literal (`b"..."`, or pieces side by side, which Python requires to be all bytes). */
function isBytesLiteral(n: Node): boolean {
  if (!isStringLiteral(n)) return false;
  const first = stringPieces(n)[0];
  return !!first && /b/i.test(stringParts(first)?.prefix ?? "");
}

/** Is the message built from a bytes template: a bytes literal on the left of `%`, or among the `+` operands there? */
function hasBytesTemplate(node: Node): boolean {
  const n = unparen(node);
  if (n.type !== "binary_operator") return false;
  const op = n.childForFieldName("operator")?.type;
  const left = n.childForFieldName("left");
  if (op === "%") return !!left && plusOperands(left).some(isBytesLiteral);
  if (op === "+") return plusOperands(n).some((o) => isBytesLiteral(o) || hasBytesTemplate(o));
  return false;
}

/** Calls that turn values into text: `str(e)`, `repr(x)`, `", ".join(names)`. */
const TEXT_MAKERS = /^(?:str|repr|ascii|format)$|\.join$/;

/**
 * Does this operand of a `+` format a value into text (`"x %s" % y`, an f-string, `.format()`,
 * `str(e)`, `", ".join(names)`)? Joining strings that are already built (`prefix + "start"`,
 * `" " + filename`) is a template being put together, with nothing to defer.
 */
function formatsValue(operand: Node): boolean {
  const kind = eagerFormatting(operand);
  if (kind !== null && kind !== "+") return true;
  if (operand.type !== "call") return false;
  const fn = operand.childForFieldName("function");
  return !!fn && TEXT_MAKERS.test(fn.text);
}

/** Names of a variable holding a message template: `msg`, `err_msg`, `LOG_TEMPLATE`, `fmt`. */
const TEMPLATE_NAME = /^_*(?:[A-Za-z0-9]+_)*(?:msg|message|fmt|template|tmpl)s?$/i;

/** How `node` formats a message before the call, or null when it does not. */
export function eagerFormatting(node: Node): EagerFormatting | null {
  const n = unparen(node);
  if (n.type === "binary_operator") {
    const op = n.childForFieldName("operator")?.type;
    if (op === "%") {
      const left = unparen(n.childForFieldName("left") ?? n);
      if (left.type === "integer" || left.type === "float") return null;
      if (isBytesLiteral(left)) return "%";
      if (isStringLiteral(left) && !plainLiteral(left)) return hasInterpolation(left) ? "f-string" : null;
      if (isStringLiteral(left) || printfLiteralOf(left)) return "%";
      // `msg % args`: a format held in a variable; `count % 10` is arithmetic.
      const right = unparen(n.childForFieldName("right") ?? n);
      if (right.type === "tuple" || right.type === "dictionary" || isStringLiteral(right)) return "%";
      const name = /([A-Za-z_][A-Za-z0-9_]*)\s*(\(\s*\))?$/.exec(left.text)?.[1] ?? "";
      return /msg|message|fmt|format|template|text|str|log/i.test(name) ? "%" : null;
    }
    if (op === "+") return plusOperands(n).some(formatsValue) ? "+" : null;
    return null;
  }
  if (isStringLiteral(n)) {
    // cheap test on the text first: most messages are plain literals
    if (!/(?:^|[^A-Za-z0-9_])[rRbBuU]?[fF][rRbB]?['"]/.test(n.text)) return null;
    return stringPieces(n).some(isFStringPiece) && hasInterpolation(n) ? "f-string" : null;
  }
  if (n.type === "call") {
    const fn = n.childForFieldName("function");
    if (fn?.type === "attribute" && fn.childForFieldName("attribute")?.text === "format") {
      const object = unparen(fn.childForFieldName("object") ?? fn);
      if (
        isStringLiteral(object) ||
        (object.type === "call" && MESSAGE_TRANSLATORS.has(object.childForFieldName("function")?.text ?? "")) ||
        // `msg.format(x)`: a template held in a variable named for one (not `formatter.format(record)`)
        (object.type === "identifier" && TEMPLATE_NAME.test(object.text))
      )
        return ".format()";
    }
  }
  return null;
}

/** A log message formatted before the call, itself or inside a translation wrapper; null when it is not. */
export function eagerMessage(message: Node): EagerMessage | null {
  const kind = eagerFormatting(message);
  if (kind) return { kind, target: message, wrapper: null, bytes: hasBytesTemplate(message) };
  // `LOG.error(_("failed: %s" % x))`: the eager formatting is inside a translation wrapper
  const n = unparen(message);
  if (n.type !== "call" || !MESSAGE_TRANSLATORS.has(n.childForFieldName("function")?.text ?? "")) return null;
  const args =
    n.childForFieldName("arguments")?.namedChildren.filter((c): c is Node => !!c && c.type !== "comment") ?? [];
  if (args.length !== 1 || args[0].type === "keyword_argument") return null;
  const inner = eagerFormatting(args[0]);
  return inner ? { kind: inner, target: args[0], wrapper: n, bytes: hasBytesTemplate(args[0]) } : null;
}

const PLAIN_STRING_START = /[rRuU]?['"]/y;

/**
 * Is the first argument of the call starting at `start` a string literal, or several side by
 * side, none with an `f` or `b` prefix (`LOG.info("Port %s bound", port)`)? Read from the text
 * of a tree without syntax errors, for a call whose callee is a dotted name: such a message is
 * never formatted eagerly. False: cannot tell from the text (ask the tree).
 */
export function firstArgumentIsPlainLiteral(text: string, start: number): boolean {
  return firstPlainLiteralArgument(text, start) !== null;
}

/**
 * The span of a call's first argument when the text shows it is a plain string literal (as
 * firstArgumentIsPlainLiteral), and whether more arguments follow it; null otherwise.
 */
export function firstPlainLiteralArgument(
  text: string,
  start: number,
): { from: number; to: number; more: boolean } | null {
  let i = start;
  // past the callee to its `(`: name characters, dots and spaces only (no comment, no `\`)
  for (let c = text.charCodeAt(i); isWordCode(c) || c === 46 || isSpaceCode(c); c = text.charCodeAt(++i));
  if (text.charCodeAt(i) !== 40) return null; // "("
  i++;
  let from = -1;
  let to = -1;
  for (;;) {
    while (isSpaceCode(text.charCodeAt(i))) i++;
    const c = text.charCodeAt(i);
    // "," or ")": the argument ends
    if (c === 44 || c === 41) return from < 0 ? null : { from, to, more: c === 44 };
    PLAIN_STRING_START.lastIndex = i;
    if (!PLAIN_STRING_START.test(text)) return null;
    const end = stringLiteralEnd(text, PLAIN_STRING_START.lastIndex - 1);
    if (end < 0) return null;
    if (from < 0) from = i;
    to = end;
    i = end;
  }
}
