// Turning an eagerly formatted log message into a %-template and lazy arguments:
// `LOG.info("x %s" % y)`, `LOG.info(f"x {y}")`, `LOG.info("x {}".format(y))` → `LOG.info("x %s", y)`.
// Safe only when the logged text and the errors stay the same for every value: `"%s" % value`
// formats a tuple's items (logging would format the tuple), an f-string or `.format()` field
// uses format() where `%s` uses str() (they differ for str-based enums), and a conversion such
// as `%d` fails on a value of the wrong type inside logging (a "--- Logging error ---" on
// stderr) instead of at the call. Lines the rewrite makes too long are wrapped.
import type { Node } from "web-tree-sitter";
import {
  fStringTemplate,
  type FormatField,
  literalBody,
  parseStrFormat,
  plainLiteral,
  printfConversion,
  printfSpecs,
} from "../analysis/formatStrings";
import { type EagerMessage, printfLiteralOf } from "../analysis/logMessages";
import { isStringLiteral, lineStartOf, stringParts, stringPieces, unparen } from "../analysis/syntax";
import type { Fix, TextEdit } from "../core/types";
import { lineBreakOf } from "../parsing/lineIndex";
import { cannotBeTuple, isPlainLiteral } from "../analysis/valueShapes";
import { type ArgumentText, columnOf, fitToLineLength, hasMultiLineString, shiftContinuationLines } from "./callLayout";

/** The new message text, the lazy arguments, and why the change is not safe (if it is not). */
interface Conversion {
  message: string;
  /** Each lazy argument's text, with the column it was written at. */
  args: ArgumentText[];
  /** Why the rewrite may change what is logged or raised; empty when it is safe. */
  unsafe: string[];
  title: string;
  /** The arguments as written one per line between a tuple's parentheses (kept when they fit). */
  layout?: string;
}

const TUPLE_VALUE = "if the value is a tuple, logging formats its items where `%` formatted the whole tuple";
const TYPED_CONVERSION =
  "a conversion such as `%d` fails on a value of the wrong type inside logging (an error on stderr) instead of raising here";
const UNSEEN_FORMAT = "the format is not visible here, so its conversions and their count cannot be checked";
const FORMAT_NOT_STR =
  "`%s` formats with str() where the field used format(); they differ for some types (str-based enums)";

/** Why a str.format/f-string field rendered with `%<letter>` may not render the same, or null. */
function fieldRisk(value: Node | null, conv: string | null, letter: string): string | null {
  if (letter !== "s" && letter !== "r" && letter !== "a") return TYPED_CONVERSION;
  if (conv !== null) return null; // !r, !s, !a: the same function either way
  return value && isPlainLiteral(value) ? null : FORMAT_NOT_STR;
}

const LAZY_TITLE = "Use %-placeholders and pass the values as logging arguments";

/** Expressions whose evaluation has no effect: they may be dropped or reordered. */
const SIMPLE = new Set(["identifier", "attribute", "integer", "float", "string", "true", "false", "none"]);

function escapePercent(s: string): string {
  return s.replace(/%/g, "%%");
}

/** The text and column of each node. */
function argumentTexts(text: string, nodes: Node[]): ArgumentText[] {
  return nodes.map((n) => ({ text: text.slice(n.startIndex, n.endIndex), column: columnOf(text, n.startIndex) }));
}

/** `"x %s" % y`: the format stays, its values become the arguments. */
function convertPercent(text: string, op: Node): Conversion | null {
  const left = op.childForFieldName("left");
  const rightRaw = op.childForFieldName("right");
  if (!left || !rightRaw) return null;
  const right = unparen(rightRaw);
  const message = text.slice(left.startIndex, left.endIndex);
  const literal = printfLiteralOf(left);
  const specs = literal ? printfSpecs(literalBody(literal)) : null;
  if (literal && (!specs || specs.star)) return null;
  const title = "Pass the values as logging arguments (lazy %-formatting)";
  const unsafe: string[] = [];
  if (!specs) unsafe.push(UNSEEN_FORMAT);
  else if (specs.typed) unsafe.push(TYPED_CONVERSION);
  const rhs = argumentTexts(text, [rightRaw]);
  if (right.type === "tuple") {
    const elements = right.namedChildren.filter((c): c is Node => !!c && c.type !== "comment");
    if (!elements.length) return null;
    const starred = elements.some((e) => e.type === "list_splat");
    if (specs && (specs.named > 0 || (!starred && specs.positional !== elements.length))) return null; // broken already
    if (starred) unsafe.push("a starred value's length is not visible here");
    const open = right.child(0);
    const close = right.child(right.childCount - 1);
    const args = right.namedChildren.length === elements.length ? argumentTexts(text, elements) : null;
    if (open?.type === "(" && close?.type === ")" && open.endPosition.row < elements[0].startPosition.row) {
      // One value per line: keep the layout, dropping only the tuple's parentheses and the line
      // its `)` stood on; the values move to the message's column when they were indented past it.
      let layout = text.slice(open.endIndex, close.startIndex);
      if (/^[ \t]*(?:\r?\n|$)/.test(text.slice(close.endIndex))) layout = layout.replace(/\r?\n[ \t]*$/, "");
      const delta = columnOf(text, left.startIndex) - columnOf(text, elements[0].startIndex);
      if (delta < 0 && !elements.some(hasMultiLineString)) layout = shiftContinuationLines(layout, delta);
      return { message, args: args ?? [], unsafe, title, layout };
    }
    if (!args) {
      // comments among the values: keep them as written
      const all = text.slice(elements[0].startIndex, elements[elements.length - 1].endIndex);
      return { message, args: [{ text: all, column: columnOf(text, elements[0].startIndex) }], unsafe, title };
    }
    return { message, args, unsafe, title };
  }
  if (right.type === "dictionary" || right.type === "dictionary_comprehension") {
    if (right.type === "dictionary" && right.namedChildren.every((c) => !c || c.type === "comment")) return null; // empty
    if (specs && specs.named === 0 && specs.positional !== 1) return null;
    return { message, args: rhs, unsafe, title };
  }
  if (!specs) return null; // an unknown format with an unknown value: it may be a tuple
  if (specs.named > 0) {
    if (specs.positional > 0) return null;
    // Logging formats with a mapping only when the single argument is a Mapping; a value that
    // merely supports `[]` would format eagerly but fail lazily.
    const mapping =
      right.type === "call" && /^(dict|locals|vars)$/.test(right.childForFieldName("function")?.text ?? "");
    if (!mapping) unsafe.push("logging formats `%(name)s` only when its one argument is a Mapping");
    return { message, args: rhs, unsafe, title };
  }
  if (specs.positional === 1) {
    // `"%s" % value`: one argument, unless the value is a tuple (then its items are the arguments)
    if (right.type === "list_splat" || right.type === "expression_list") return null;
    if (!cannotBeTuple(right)) unsafe.push(TUPLE_VALUE);
    return { message, args: rhs, unsafe, title };
  }
  if (
    specs.positional > 1 &&
    (right.type === "identifier" || right.type === "attribute" || right.type === "call" || right.type === "subscript")
  ) {
    // Several placeholders: `%` needs a tuple here, which spreads into the arguments.
    unsafe.push(
      "`%` accepts only a tuple here, while the spread arguments accept any sequence (a list now formats instead of raising)",
    );
    return { message, args: [{ text: `*${rhs[0].text}`, column: rhs[0].column - 1 }], unsafe, title };
  }
  return null;
}

/** `f"x {y}"`: each piece rewritten as a %-format (without its `f`), each field an argument. */
function convertFString(text: string, message: Node): Conversion | null {
  const pieces = fStringTemplate(text, message);
  if (!pieces) return null;
  const args: ArgumentText[] = [];
  const unsafe = new Set<string>();
  const edits: TextEdit[] = [];
  for (const piece of pieces) {
    let body = "";
    for (const part of piece.parts) {
      if (typeof part === "string") {
        body += escapePercent(part);
        continue;
      }
      const letter = printfConversion(part.conv, part.spec);
      if (letter === null) return null;
      body += `%${letter}`;
      const expr = part.expr;
      const risk = fieldRisk(expr, part.conv, letter);
      if (risk) unsafe.add(risk);
      const exprText = text.slice(expr.startIndex, expr.endIndex);
      const column = columnOf(text, expr.startIndex);
      args.push(
        expr.type === "expression_list" || expr.type === "yield"
          ? { text: `(${exprText})`, column: column - 1 }
          : { text: exprText, column },
      );
    }
    const prefix = piece.prefix.replace(/f/gi, "");
    edits.push({
      start: piece.node.startIndex,
      end: piece.node.endIndex,
      newText: `${prefix}${piece.quote}${body}${piece.quote}`,
    });
  }
  if (!args.length) return null;
  let out = "";
  let cursor = message.startIndex;
  for (const e of edits) {
    out += text.slice(cursor, e.start) + e.newText;
    cursor = e.end;
  }
  out += text.slice(cursor, message.endIndex);
  return { message: out, args, unsafe: [...unsafe], title: LAZY_TITLE };
}

/**
 * `"x {}".format(a, b=c)`: its plain literal template and its arguments; null for another shape
 * (a template that is not a plain literal, `*args`/`**kwargs`).
 */
function formatCallParts(call: Node): { literal: Node; positional: Node[]; keywords: Map<string, Node> } | null {
  const fn = call.childForFieldName("function");
  const object = fn?.type === "attribute" ? fn.childForFieldName("object") : null;
  if (!object) return null;
  const literal = unparen(object);
  if (!isStringLiteral(literal) || !plainLiteral(literal)) return null;
  const argsNode = call.childForFieldName("arguments");
  if (argsNode?.type !== "argument_list") return null;
  const positional: Node[] = [];
  const keywords = new Map<string, Node>();
  for (const a of argsNode.namedChildren) {
    if (!a || a.type === "comment") continue;
    if (a.type === "list_splat" || a.type === "dictionary_splat") return null;
    if (a.type === "keyword_argument") {
      const name = a.childForFieldName("name")?.text;
      const value = a.childForFieldName("value");
      if (!name || !value) return null;
      keywords.set(name, value);
    } else positional.push(a);
  }
  return { literal, positional, keywords };
}

/**
 * `"x {}".format(y)`: the template rewritten as a %-format; positional values become the
 * arguments, keywords a dict (`%(name)s`). `regionStart` is where the replaced text starts (for
 * aligning a dict laid out one entry per line).
 */
function convertFormat(text: string, call: Node, regionStart: number): Conversion | null {
  const parts = formatCallParts(call);
  if (!parts) return null;
  const { literal, positional, keywords } = parts;
  if (positional.length && keywords.size) return null;
  const pieces = stringPieces(literal);
  const parsed = pieces.map((p) => parseStrFormat(stringParts(p)?.body ?? ""));
  if (parsed.some((p) => p === null)) return null;
  const fields = parsed.flatMap((p) =>
    (p as Array<string | FormatField>).filter((x): x is FormatField => typeof x !== "string"),
  );
  const hasArgs = fields.length > 0;
  const auto = fields.filter((f) => f.name === "").length;
  const numbered = fields.filter((f) => /^\d+$/.test(f.name)).length;
  const named = fields.length - auto - numbered;
  const args: ArgumentText[] = [];
  const unsafe = new Set<string>();
  let dictEntries: Array<{ key: string; value: Node }> | null = null;
  let dictMultiLine = false;
  if (named) {
    if (auto || numbered || positional.length) return null;
    const names = new Set(fields.map((f) => f.name));
    if ([...names].some((n) => !keywords.has(n))) return null;
    const q = stringParts(stringPieces(literal)[0])?.quote[0] ?? '"';
    dictEntries = [...keywords].filter(([k]) => names.has(k)).map(([k, v]) => ({ key: `${q}${k}${q}: `, value: v }));
    const values = [...keywords.values()];
    dictMultiLine = values[0].startPosition.row !== values[values.length - 1].startPosition.row;
    // Unused keywords are dropped: only safe when evaluating them has no effect.
    if ([...keywords].some(([k, v]) => !names.has(k) && !SIMPLE.has(v.type)))
      unsafe.add("a keyword argument the template does not use is dropped, and with it the call it makes");
  } else if (auto && numbered) {
    return null;
  } else if (auto) {
    if (auto !== positional.length || keywords.size) return null;
    args.push(...argumentTexts(text, positional));
  } else if (numbered) {
    if (keywords.size) return null;
    const order = fields.map((f) => Number(f.name));
    if (
      new Set(order).size !== order.length ||
      order.length !== positional.length ||
      order.some((k) => k >= positional.length)
    )
      return null;
    args.push(
      ...argumentTexts(
        text,
        order.map((k) => positional[k]),
      ),
    );
    // Reordered arguments are evaluated in a new order.
    if (order.some((k, i) => k !== i) && positional.some((p) => !SIMPLE.has(p.type)))
      unsafe.add("the values are evaluated in a new order");
  } else if (positional.length || keywords.size) {
    return null;
  }
  // Rebuild each piece as a %-format string.
  let nextAuto = 0;
  const fieldValue = (f: FormatField): Node | null =>
    f.name === ""
      ? (positional[nextAuto++] ?? null)
      : /^\d+$/.test(f.name)
        ? (positional[Number(f.name)] ?? null)
        : (keywords.get(f.name) ?? null);
  const newPieces: string[] = [];
  for (let i = 0; i < pieces.length; i++) {
    const parts = stringParts(pieces[i]);
    if (!parts) return null;
    let body = "";
    for (const item of parsed[i] as Array<string | FormatField>) {
      if (typeof item === "string") {
        body += hasArgs ? escapePercent(item) : item;
        continue;
      }
      const letter = printfConversion(item.conv, item.spec);
      if (letter === null) return null;
      const risk = fieldRisk(fieldValue(item), item.conv, letter);
      if (risk) unsafe.add(risk);
      body += named ? `%(${item.name})${letter}` : `%${letter}`;
    }
    newPieces.push(`${parts.prefix}${parts.quote}${body}${parts.quote}`);
  }
  let message = "";
  let cursor = literal.startIndex;
  pieces.forEach((p, i) => {
    message += text.slice(cursor, p.startIndex) + newPieces[i];
    cursor = p.endIndex;
  });
  message += text.slice(cursor, literal.endIndex);
  if (dictEntries) {
    // keyword arguments laid out one per line stay so, aligned after the `{`
    const lastBreak = message.lastIndexOf("\n");
    // (the message's continuation lines move with its start, as the fix writes them: so does the dict)
    const moved = hasMultiLineString(call) ? 0 : columnOf(text, regionStart) - columnOf(text, literal.startIndex);
    const column =
      lastBreak >= 0
        ? message.length - lastBreak - 1 + moved
        : regionStart - lineStartOf(text, regionStart) + message.length;
    const separator = dictMultiLine ? `,${lineBreakOf(text)}${" ".repeat(column + 3)}` : ", ";
    // a value spanning lines keeps its shape where it now starts (one entry per line when laid out so)
    const entries = dictEntries.map(({ key, value }) => {
      const code = text.slice(value.startIndex, value.endIndex);
      if (!dictMultiLine || hasMultiLineString(value)) return key + code;
      return key + shiftContinuationLines(code, column + 3 + key.length - columnOf(text, value.startIndex));
    });
    args.push({ text: `{${entries.join(separator)}}`, column: column + 2 });
  }
  return { message, args, unsafe: [...unsafe], title: hasArgs ? LAZY_TITLE : "Drop the `.format()` call" };
}

const BRACE_LOGGER =
  "the logger is taken to format `{}` fields from its arguments, as the file's other calls on it show: check that it does";

/**
 * `"{}: {}".format(a, b)` for a logger that formats `{}` templates itself (braceLogTemplates.ts):
 * the template as written, the values after it. Keywords, splats and no fields: null.
 */
function convertFormatKeepingBraces(text: string, call: Node): Conversion | null {
  const parts = formatCallParts(call);
  if (!parts || parts.keywords.size) return null;
  const { literal, positional } = parts;
  const fields = stringPieces(literal).flatMap((p) => parseStrFormat(stringParts(p)?.body ?? "") ?? [null]);
  if (fields.includes(null) || !positional.length) return null;
  if (fields.some((f) => f !== null && typeof f !== "string" && !/^\d*$/.test(f.name))) return null;
  return {
    message: text.slice(literal.startIndex, literal.endIndex),
    args: argumentTexts(text, positional),
    unsafe: [BRACE_LOGGER],
    title: "Pass the values to the logger (its `{}` template kept)",
  };
}

/** The conversion, and the column its message text was written at (to keep continuation lines aligned). */
function convert(
  text: string,
  { kind, target }: EagerMessage,
  braces = false,
): { conversion: Conversion; column: number } | null {
  const n = unparen(target);
  let conversion: Conversion | null = null;
  let from = n;
  if (braces) {
    // a `{}` logger: only `.format()` keeps its template; `%` and f-strings have no such rewrite
    if (kind !== ".format()") return null;
    const fn = n.childForFieldName("function");
    conversion = convertFormatKeepingBraces(text, n);
    from = unparen((fn?.type === "attribute" ? fn.childForFieldName("object") : null) ?? n);
    return conversion ? { conversion, column: columnOf(text, from.startIndex) } : null;
  }
  switch (kind) {
    case "%":
      conversion = convertPercent(text, n);
      from = n.childForFieldName("left") ?? n;
      break;
    case "f-string":
      conversion = isStringLiteral(n) ? convertFString(text, n) : null;
      break;
    case ".format()": {
      conversion = convertFormat(text, n, target.startIndex);
      const fn = n.childForFieldName("function");
      from = unparen((fn?.type === "attribute" ? fn.childForFieldName("object") : null) ?? n);
      break;
    }
  }
  return conversion ? { conversion, column: columnOf(text, from.startIndex) } : null;
}

/**
 * An eagerly built message as a %-template and lazy arguments, in one line of arguments
 * (`"x %s" % (a, b)` → `"x %s", a, b`), with why the rewrite may log other text or raise
 * elsewhere (empty when it cannot); null when the shape has no lazy equivalent.
 */
export function lazyArgumentsText(text: string, eager: EagerMessage): { text: string; unsafe: string[] } | null {
  const converted = convert(text, eager);
  if (!converted || eager.wrapper || eager.bytes) return null;
  const { message, args, unsafe } = converted.conversion;
  if (/[\r\n]/.test(message) || args.some((a) => /[\r\n]/.test(a.text))) return null;
  return { text: [message, ...args.map((a) => a.text)].join(", "), unsafe };
}

/**
 * The fix that makes an eager message lazy: the message rewritten as a %-template with the
 * values after it (after the translation wrapper, when there is one), wrapped when a line
 * would outgrow `lineLength`; null when the message's shape has no exact lazy equivalent (or
 * `+`, which needs a template written by hand). `message` is the call's message argument, which
 * holds `eager.target`.
 */
export function lazyArgumentsFix(
  text: string,
  eager: EagerMessage,
  call: Node,
  message: Node,
  lineLength: number,
  braces = false,
): Fix | null {
  const converted = convert(text, eager, braces);
  if (!converted) return null;
  const { target } = eager;
  let conversion = converted.conversion;
  // `("a %s"\n "b" % x)` → `"a %s"\n "b", x`: continuation lines follow the message's new start
  if (!hasMultiLineString(target)) {
    const moved = shiftContinuationLines(conversion.message, columnOf(text, target.startIndex) - converted.column);
    conversion = { ...conversion, message: moved };
  }
  const lazy =
    conversion.layout !== undefined ? `,${conversion.layout}` : conversion.args.map((a) => `, ${a.text}`).join("");
  const edits: TextEdit[] =
    target.id === message.id
      ? [{ start: target.startIndex, end: target.endIndex, newText: conversion.message + lazy }]
      : [
          { start: target.startIndex, end: target.endIndex, newText: conversion.message },
          { start: message.endIndex, end: message.endIndex, newText: lazy },
        ].filter((e) => e.newText !== "" || e.start !== e.end);
  const title = conversion.unsafe.length
    ? `${conversion.title} (unsafe: ${conversion.unsafe.join("; ")})`
    : conversion.title;
  return {
    title,
    safe: !conversion.unsafe.length,
    edits: fitToLineLength(text, call, edits, wrappable(text, call, message, target, conversion), lineLength),
  };
}

/**
 * Every argument of the rewritten call, for wrapping: the message (with its target rewritten)
 * followed by the lazy arguments, in place of the message. Null when they cannot be moved: a
 * comment among them, a string spanning lines.
 */
function wrappable(
  text: string,
  call: Node,
  message: Node,
  target: Node,
  conversion: Conversion,
): ArgumentText[] | null {
  const list = call.childForFieldName("arguments");
  if (list?.type !== "argument_list" || list.namedChildren.some((c) => !c || c.type === "comment")) return null;
  if (conversion.layout !== undefined && !conversion.args.length) return null;
  const out: ArgumentText[] = [];
  for (const arg of list.namedChildren as Node[]) {
    if (hasMultiLineString(arg)) return null;
    if (arg.id !== message.id) {
      out.push({ text: arg.text, column: columnOf(text, arg.startIndex) });
      continue;
    }
    const rewritten =
      text.slice(message.startIndex, target.startIndex) +
      conversion.message +
      text.slice(target.endIndex, message.endIndex);
    out.push({ text: rewritten, column: columnOf(text, message.startIndex) }, ...conversion.args);
  }
  return out;
}
