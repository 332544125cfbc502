// Turning an eagerly formatted log message into a %-template and lazy arguments:
// `LOG.info("x %s" % y)`, `LOG.info(f"x {y}")`, `LOG.info("x {}".format(y))` → `LOG.info("x %s", y)`.
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

/** The new message text, the lazy arguments, and whether the change is safe. */
interface Conversion {
  message: string;
  args: string[];
  safe: boolean;
  title: string;
  /** What goes between the message and the arguments (default `, `). */
  joiner?: string;
}

const LAZY_TITLE = "Use %-placeholders and pass the values as logging arguments";

/** Expressions whose evaluation has no effect: they may be dropped or reordered. */
const SIMPLE = new Set(["identifier", "attribute", "integer", "float", "string", "true", "false", "none"]);

function escapePercent(s: string): string {
  return s.replace(/%/g, "%%");
}

function elementsText(text: string, elements: Node[]): string {
  return text.slice(elements[0].startIndex, elements[elements.length - 1].endIndex);
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
  if (right.type === "tuple") {
    const elements = right.namedChildren.filter((c): c is Node => !!c && c.type !== "comment");
    if (!elements.length) return null;
    const starred = elements.some((e) => e.type === "list_splat");
    if (specs && (specs.named > 0 || (!starred && specs.positional !== elements.length))) return null; // broken already
    const open = right.child(0);
    const close = right.child(right.childCount - 1);
    if (open?.type === "(" && close?.type === ")" && open.endPosition.row < elements[0].startPosition.row) {
      // One value per line: keep the layout, dropping only the tuple's parentheses.
      return { message, args: [text.slice(open.endIndex, close.startIndex)], safe: true, title, joiner: "," };
    }
    return { message, args: [elementsText(text, elements)], safe: true, title };
  }
  if (right.type === "dictionary" || right.type === "dictionary_comprehension") {
    if (right.type === "dictionary" && right.namedChildren.every((c) => !c || c.type === "comment")) return null; // empty
    if (specs && specs.named === 0 && specs.positional !== 1) return null;
    return { message, args: [text.slice(rightRaw.startIndex, rightRaw.endIndex)], safe: true, title };
  }
  if (!specs) return null; // an unknown format with an unknown value: it may be a tuple
  const rhs = text.slice(rightRaw.startIndex, rightRaw.endIndex);
  if (specs.named > 0) {
    if (specs.positional > 0) return null;
    // Logging formats with a mapping only when the single argument is a Mapping; a value that
    // merely supports `[]` would format eagerly but fail lazily.
    const mapping =
      right.type === "call" && /^(dict|locals|vars)$/.test(right.childForFieldName("function")?.text ?? "");
    return { message, args: [rhs], safe: mapping, title };
  }
  if (specs.positional === 1) {
    // `"%s" % value`: one argument. (Only a 1-tuple value would print differently: `(x,)`.)
    if (right.type === "list_splat" || right.type === "expression_list") return null;
    return { message, args: [rhs], safe: true, title };
  }
  if (
    specs.positional > 1 &&
    (right.type === "identifier" || right.type === "attribute" || right.type === "call" || right.type === "subscript")
  ) {
    // Several placeholders: the value must be a tuple, so it spreads.
    return { message, args: [`*${rhs}`], safe: true, title };
  }
  return null;
}

/** `f"x {y}"`: each piece rewritten as a %-format (without its `f`), each field an argument. */
function convertFString(text: string, message: Node): Conversion | null {
  const pieces = fStringTemplate(text, message);
  if (!pieces) return null;
  const args: string[] = [];
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
      const exprText = text.slice(expr.startIndex, expr.endIndex);
      args.push(expr.type === "expression_list" || expr.type === "yield" ? `(${exprText})` : exprText);
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
  return { message: out, args, safe: true, title: LAZY_TITLE };
}

/**
 * `"x {}".format(y)`: the template rewritten as a %-format; positional values become the
 * arguments, keywords a dict (`%(name)s`). `regionStart` is where the replaced text starts (for
 * aligning a dict laid out one entry per line).
 */
function convertFormat(text: string, call: Node, regionStart: number): Conversion | null {
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
  const args: string[] = [];
  let safe = true;
  let dictEntries: string[] | null = null;
  let dictMultiLine = false;
  if (named) {
    if (auto || numbered || positional.length) return null;
    const names = new Set(fields.map((f) => f.name));
    if ([...names].some((n) => !keywords.has(n))) return null;
    const q = stringParts(stringPieces(literal)[0])?.quote[0] ?? '"';
    dictEntries = [...keywords]
      .filter(([k]) => names.has(k))
      .map(([k, v]) => `${q}${k}${q}: ${text.slice(v.startIndex, v.endIndex)}`);
    const values = [...keywords.values()];
    dictMultiLine = values[0].startPosition.row !== values[values.length - 1].startPosition.row;
    // Unused keywords are dropped: only safe when evaluating them has no effect.
    if ([...keywords].some(([k, v]) => !names.has(k) && !SIMPLE.has(v.type))) safe = false;
  } else if (auto && numbered) {
    return null;
  } else if (auto) {
    if (auto !== positional.length || keywords.size) return null;
    for (const p of positional) args.push(text.slice(p.startIndex, p.endIndex));
  } else if (numbered) {
    if (keywords.size) return null;
    const order = fields.map((f) => Number(f.name));
    if (
      new Set(order).size !== order.length ||
      order.length !== positional.length ||
      order.some((k) => k >= positional.length)
    )
      return null;
    for (const k of order) args.push(text.slice(positional[k].startIndex, positional[k].endIndex));
    // Reordered arguments are evaluated in a new order.
    if (order.some((k, i) => k !== i) && positional.some((p) => !SIMPLE.has(p.type))) safe = false;
  } else if (positional.length || keywords.size) {
    return null;
  }
  // Rebuild each piece as a %-format string.
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
    const column =
      lastBreak >= 0 ? message.length - lastBreak - 1 : regionStart - lineStartOf(text, regionStart) + message.length;
    const separator = dictMultiLine ? `,${lineBreakOf(text)}${" ".repeat(column + 3)}` : ", ";
    args.push(`{${dictEntries.join(separator)}}`);
  }
  return { message, args, safe, title: hasArgs ? LAZY_TITLE : "Drop the `.format()` call" };
}

function convert(text: string, { kind, target }: EagerMessage): Conversion | null {
  const n = unparen(target);
  switch (kind) {
    case "%":
      return convertPercent(text, n);
    case "f-string":
      return isStringLiteral(n) ? convertFString(text, n) : null;
    case ".format()":
      return convertFormat(text, n, target.startIndex);
    default:
      return null;
  }
}

/**
 * The fix that makes an eager message lazy: the message rewritten as a %-template with the
 * values after it (after the translation wrapper, when there is one); null when the message's
 * shape has no exact lazy equivalent (or `+`, which needs a template written by hand).
 */
export function lazyArgumentsFix(text: string, eager: EagerMessage): Fix | null {
  const conversion = convert(text, eager);
  if (!conversion) return null;
  const { target, wrapper } = eager;
  const args = conversion.args.join(", ");
  const joiner = conversion.joiner ?? ", ";
  const edits: TextEdit[] = wrapper
    ? [
        { start: target.startIndex, end: target.endIndex, newText: conversion.message },
        { start: wrapper.endIndex, end: wrapper.endIndex, newText: conversion.args.length ? `${joiner}${args}` : "" },
      ].filter((e) => e.newText !== "" || e.start !== e.end)
    : [
        {
          start: target.startIndex,
          end: target.endIndex,
          newText: conversion.args.length ? `${conversion.message}${joiner}${args}` : conversion.message,
        },
      ];
  return { title: conversion.title, safe: conversion.safe, edits };
}
