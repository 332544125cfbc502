// LOG003: a log call whose message is formatted before the call (`%`, f-string, `.format()`, `+`).
import type { Node } from "web-tree-sitter";
import { callsEndingWith, loggerBindings } from "../analysis/loggers";
import type { AssignmentInfo, CallInfo, ModuleModel } from "../analysis/model";
import { isSpaceCode, isWordCode } from "../analysis/chars";
import { lineStartOf, stringParts } from "../analysis/syntax";
import { lineBreakOf } from "../parsing/lineIndex";
import type { Fix, FindingInput } from "../core/types";
import type { Rule } from "./types";

const METHODS = new Set(["debug", "info", "warning", "warn", "error", "exception", "critical", "log"]);
/** Receivers taken to be loggers by name (OpenStack writes `LOG`; others `logger`, `log`). */
const LOGGER_NAMES = new Set(["LOG", "_LOG", "LOGGER", "_LOGGER", "log", "_log", "logger", "_logger", "logging"]);
const LOGGER_ATTRIBUTES = new Set(["LOG", "_LOG", "log", "_log", "logger", "_logger", "LOGGER", "_LOGGER"]);
/** Translation wrappers around a message: `LOG.error(_("x %s" % y))`. */
const WRAPPERS = new Set(["_", "_LE", "_LI", "_LW", "_LC", "_LX"]);

/** Right-hand sides that show a name is not a logger (`log = []`, `self.log = open(...)`). */
const NOT_LOGGER_VALUES = new Set([
  "list",
  "dictionary",
  "tuple",
  "set",
  "string",
  "concatenated_string",
  "integer",
  "float",
  "true",
  "false",
  "list_comprehension",
  "dictionary_comprehension",
]);

function receiverIsLogger(
  model: ModuleModel,
  receiver: string,
  bound: Set<string>,
  cache: Map<string, AssignmentInfo[]>,
): boolean {
  if (bound.has(receiver)) return true;
  const dot = receiver.indexOf(".");
  const byName =
    dot < 0
      ? LOGGER_NAMES.has(receiver)
      : /^(self|cls)$/.test(receiver.slice(0, dot)) && LOGGER_ATTRIBUTES.has(receiver.slice(dot + 1));
  if (!byName) return false;
  // A name that the file binds to something plainly not a logger is not one.
  for (const a of assignmentsTo(model, receiver, cache)) {
    const right = a.right;
    if (!right) continue;
    if (NOT_LOGGER_VALUES.has(right.type)) return false;
    if (
      right.type === "call" &&
      /^(open|io\.open|codecs\.open|list|dict|set|tuple|str|collections\.\w+)$/.test(
        right.childForFieldName("function")?.text ?? "",
      )
    )
      return false;
  }
  return true;
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

function unparen(node: Node): Node {
  let n = node;
  while (n.type === "parenthesized_expression" && n.namedChildCount === 1 && n.namedChild(0)?.type !== "comment")
    n = n.namedChild(0) as Node;
  return n;
}

/** `a + b + c` → [a, b, c] (through parentheses). */
function plusOperands(node: Node): Node[] {
  const n = unparen(node);
  if (n.type === "binary_operator" && n.childForFieldName("operator")?.type === "+") {
    const left = n.childForFieldName("left");
    const right = n.childForFieldName("right");
    if (left && right) return [...plusOperands(left), ...plusOperands(right)];
  }
  return [n];
}

function isStringNode(n: Node): boolean {
  return n.type === "string" || n.type === "concatenated_string";
}

/** The parts of a string literal (one `string`, or each of a `concatenated_string`). */
function stringPieces(n: Node): Node[] {
  if (n.type === "string") return [n];
  if (n.type === "concatenated_string") return n.namedChildren.filter((c): c is Node => !!c && c.type === "string");
  return [];
}

function hasInterpolation(n: Node): boolean {
  return stringPieces(n).some((p) => p.namedChildren.some((c) => c?.type === "interpolation"));
}

function isFStringPiece(p: Node): boolean {
  const parts = stringParts(p);
  return !!parts && /f/i.test(parts.prefix);
}

/** A literal whose pieces are all plain (no f, no bytes). */
function plainLiteral(n: Node): boolean {
  const pieces = stringPieces(n);
  if (!pieces.length) return false;
  return pieces.every((p) => {
    const parts = stringParts(p);
    return !!parts && !/[fb]/i.test(parts.prefix);
  });
}

function escapePercent(s: string): string {
  return s.replace(/%/g, "%%");
}

// ---- printf-style format strings ----

interface PrintfSpecs {
  positional: number;
  named: number;
  /** `*` width or precision: the argument count is not the placeholder count. */
  star: boolean;
}

const PRINTF = /%(?:\(([^)]*)\))?([#0\- +]*)(\*|\d+)?(?:\.(\*|\d*))?[hlL]?([diouxXeEfFgGcrsa%])?/g;

function printfSpecs(body: string): PrintfSpecs | null {
  const specs: PrintfSpecs = { positional: 0, named: 0, star: false };
  for (const m of body.matchAll(PRINTF)) {
    if (!m[5]) return null; // an incomplete conversion: leave it alone
    if (m[5] === "%" && m[0] === "%%") continue;
    if (m[3] === "*" || m[4] === "*") specs.star = true;
    if (m[1] !== undefined) specs.named++;
    else specs.positional++;
  }
  return specs;
}

/** The printf format of a literal or `_("literal")` on the left of `%`, or null when unknown. */
function formatLiteralOf(left: Node): Node | null {
  const n = unparen(left);
  if (isStringNode(n)) return plainLiteral(n) ? n : null;
  if (n.type === "call") {
    const fn = n.childForFieldName("function")?.text ?? "";
    const args = n.childForFieldName("arguments");
    const only = args?.namedChildren.filter((c) => c && c.type !== "comment") ?? [];
    if (WRAPPERS.has(fn) && only.length === 1 && only[0] && isStringNode(only[0]) && plainLiteral(only[0]))
      return only[0];
  }
  return null;
}

function literalBody(n: Node): string {
  return stringPieces(n)
    .map((p) => stringParts(p)?.body ?? "")
    .join("");
}

// ---- conversions: each gives the new message text, the lazy arguments and whether it is safe ----

interface Conversion {
  message: string;
  args: string[];
  safe: boolean;
  title: string;
  /** What goes between the message and the arguments (default `, `). */
  joiner?: string;
}

const SIMPLE = new Set(["identifier", "attribute", "integer", "float", "string", "true", "false", "none"]);

function elementsText(text: string, elements: Node[]): string {
  return text.slice(elements[0].startIndex, elements[elements.length - 1].endIndex);
}

function convertPercent(text: string, op: Node): Conversion | null {
  const left = op.childForFieldName("left");
  const rightRaw = op.childForFieldName("right");
  if (!left || !rightRaw) return null;
  const right = unparen(rightRaw);
  const message = text.slice(left.startIndex, left.endIndex);
  const literal = formatLiteralOf(left);
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

/** A format spec (f-string or str.format) that %-formatting renders identically, as its % form. */
function printfForSpec(spec: string): string | null {
  if (spec === "" || spec === "s") return "s";
  const m = /^([+ ]?)(#?)(0?)(\d*)(\.\d+)?([dxXoeEfFgG])$/.exec(spec);
  if (!m) return null;
  return `${m[1]}${m[2]}${m[3]}${m[4]}${m[5] ?? ""}${m[6]}`;
}

function conversionLetter(conv: string | null): string | null {
  if (conv === null) return null;
  return { "!r": "r", "!s": "s", "!a": "a" }[conv] ?? null;
}

/** The text of a plain (non-interpolated) piece of an f-string, as the body of a normal string. */
function literalPieceText(raw: string): string {
  return escapePercent(raw.replace(/\{\{/g, "{").replace(/\}\}/g, "}"));
}

function convertFString(text: string, message: Node): Conversion | null {
  const args: string[] = [];
  const edits: Array<{ start: number; end: number; newText: string }> = [];
  for (const piece of stringPieces(message)) {
    const parts = stringParts(piece);
    if (!parts) return null;
    if (/b/i.test(parts.prefix)) return null;
    const isF = /f/i.test(parts.prefix);
    let body = "";
    let cursor = parts.bodyStart;
    for (const child of piece.namedChildren) {
      if (child?.type !== "interpolation") continue;
      const raw = text.slice(cursor, child.startIndex);
      body += isF ? literalPieceText(raw) : escapePercent(raw);
      const named = child.namedChildren.filter((c): c is Node => !!c);
      if (child.children.some((c) => c && !c.isNamed && c.type === "=")) return null; // `{x=}`
      const expr = named[0];
      if (!expr) return null;
      const conv = named.find((c) => c.type === "type_conversion")?.text ?? null;
      const specNode = named.find((c) => c.type === "format_specifier");
      if (specNode?.namedChildren.some((c) => c?.type === "interpolation")) return null;
      const spec = specNode ? specNode.text.replace(/^:/, "") : "";
      let letter: string | null;
      if (conv !== null) {
        if (spec !== "") return null;
        letter = conversionLetter(conv);
      } else letter = printfForSpec(spec);
      if (letter === null) return null;
      body += `%${letter}`;
      const exprText = text.slice(expr.startIndex, expr.endIndex);
      args.push(expr.type === "expression_list" || expr.type === "yield" ? `(${exprText})` : exprText);
      cursor = child.endIndex;
    }
    const rest = text.slice(cursor, parts.bodyEnd);
    body += isF ? literalPieceText(rest) : escapePercent(rest);
    const prefix = parts.prefix.replace(/f/gi, "");
    edits.push({
      start: piece.startIndex,
      end: piece.endIndex,
      newText: `${prefix}${parts.quote}${body}${parts.quote}`,
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
  return { message: out, args, safe: true, title: "Use %-placeholders and pass the values as logging arguments" };
}

interface FormatField {
  name: string;
  conv: string | null;
  spec: string;
}

/** Parses a str.format body into text and fields; null for shapes we do not convert. */
function parseFormat(body: string): Array<string | FormatField> | null {
  const out: Array<string | FormatField> = [];
  let i = 0;
  let lit = "";
  while (i < body.length) {
    const c = body[i];
    if (c === "{" && body[i + 1] === "{") {
      lit += "{";
      i += 2;
    } else if (c === "}" && body[i + 1] === "}") {
      lit += "}";
      i += 2;
    } else if (c === "}") {
      return null;
    } else if (c === "{") {
      const close = body.indexOf("}", i);
      if (close < 0) return null;
      const inner = body.slice(i + 1, close);
      if (inner.includes("{")) return null;
      const m = /^([A-Za-z_][A-Za-z0-9_]*|\d*)(![rsa])?(?::(.*))?$/s.exec(inner);
      if (!m) return null;
      if (lit) out.push(lit);
      lit = "";
      out.push({ name: m[1], conv: m[2] ?? null, spec: m[3] ?? "" });
      i = close + 1;
    } else {
      lit += c;
      i++;
    }
  }
  if (lit) out.push(lit);
  return out;
}

function convertFormat(text: string, call: Node, regionStart: number): Conversion | null {
  const fn = call.childForFieldName("function");
  const object = fn?.type === "attribute" ? fn.childForFieldName("object") : null;
  if (!object) return null;
  const literal = unparen(object);
  if (!isStringNode(literal) || !plainLiteral(literal)) return null;
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
  const parsed = pieces.map((p) => parseFormat(stringParts(p)?.body ?? ""));
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
      let letter: string | null;
      if (item.conv !== null) {
        if (item.spec !== "") return null;
        letter = conversionLetter(item.conv);
      } else letter = printfForSpec(item.spec);
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
  return {
    message,
    args,
    safe,
    title: hasArgs ? "Use %-placeholders and pass the values as logging arguments" : "Drop the `.format()` call",
  };
}

type Kind = "%" | "f-string" | ".format()" | "+";

function classify(node: Node): Kind | null {
  const n = unparen(node);
  if (n.type === "binary_operator") {
    const op = n.childForFieldName("operator")?.type;
    if (op === "%") {
      const left = unparen(n.childForFieldName("left") ?? n);
      if (left.type === "integer" || left.type === "float") return null;
      if (isStringNode(left) && !plainLiteral(left)) return hasInterpolation(left) ? "f-string" : null;
      if (isStringNode(left) || formatLiteralOf(left)) return "%";
      // `msg % args`: a format held in a variable; `count % 10` is arithmetic.
      const right = unparen(n.childForFieldName("right") ?? n);
      if (right.type === "tuple" || right.type === "dictionary" || isStringNode(right)) return "%";
      const name = /([A-Za-z_][A-Za-z0-9_]*)\s*(\(\s*\))?$/.exec(left.text)?.[1] ?? "";
      return /msg|message|fmt|format|template|text|str|log/i.test(name) ? "%" : null;
    }
    if (op === "+") {
      const operands = plusOperands(n);
      return operands.some((o) => isStringNode(o) || classify(o) !== null) ? "+" : null;
    }
    return null;
  }
  if (isStringNode(n)) {
    // cheap test on the text first: most messages are plain literals
    if (!/(?:^|[^A-Za-z0-9_])[rRbBuU]?[fF][rRbB]?['"]/.test(n.text)) return null;
    return stringPieces(n).some(isFStringPiece) && hasInterpolation(n) ? "f-string" : null;
  }
  if (n.type === "call") {
    const fn = n.childForFieldName("function");
    if (fn?.type === "attribute" && fn.childForFieldName("attribute")?.text === "format") {
      const object = unparen(fn.childForFieldName("object") ?? fn);
      if (
        isStringNode(object) ||
        (object.type === "call" && WRAPPERS.has(object.childForFieldName("function")?.text ?? ""))
      )
        return ".format()";
    }
  }
  return null;
}

function convert(text: string, node: Node, kind: Kind): Conversion | null {
  const n = unparen(node);
  switch (kind) {
    case "%":
      return convertPercent(text, n);
    case "f-string":
      return isStringNode(n) ? convertFString(text, n) : null;
    case ".format()":
      return convertFormat(text, n, node.startIndex);
    default:
      return null;
  }
}

const DESCRIBE: Record<Kind, string> = {
  "%": "with `%`",
  "f-string": "with an f-string",
  ".format()": "with `.format()`",
  "+": "by concatenation (`+`)",
};

export const eagerLogFormatting: Rule = {
  meta: {
    code: "LOG003",
    name: "eager-log-formatting",
    category: "logging",
    reviewPoint: 9,
    severity: "warning",
    fixable: "sometimes",
    summary:
      "A log message is formatted before the call (`%`, f-string, `.format()`, `+`) instead of lazily by the logger.",
    rationale:
      'The logger formats its arguments only when a record is actually emitted, so `LOG.debug("x %s", y)` costs almost nothing when debug is off, while an eagerly built message is formatted every time. ' +
      "Lazy arguments also keep the message template constant, which log aggregation and OpenStack's hacking check H904 rely on.",
    example: 'LOG.debug("Port %s bound to %s" % (port_id, host))\nLOG.info(f"Agent {agent_id} is up")',
    useInstead: 'LOG.debug("Port %s bound to %s", port_id, host)\nLOG.info("Agent %s is up", agent_id)',
  },
  check({ model, text, report }) {
    let bound: Set<string> | null = null;
    const assigned = new Map<string, AssignmentInfo[]>();
    const textual = !model.hasSyntaxErrors;
    for (const call of callsEndingWith(model, [...METHODS])) {
      const callee = call.callee;
      if (!callee) continue;
      const dot = callee.lastIndexOf(".");
      if (dot < 0 || !METHODS.has(callee.slice(dot + 1))) continue;
      const method = callee.slice(dot + 1);
      // most messages are plain literals: seen in the text, they need no look at the tree
      if (method !== "log" && textual && plainLiteralMessage(text, call.node.startIndex)) continue;
      const receiver = callee.slice(0, dot);
      bound ??= loggerBindings(model);
      if (!receiverIsLogger(model, receiver, bound, assigned)) continue;
      const index = method === "log" ? 1 : 0;
      // The message without parsing every argument (most calls have no comment among them).
      const argsNode = call.argumentsNode;
      if (argsNode?.type !== "argument_list") continue;
      let messageArg = argsNode.namedChild(index);
      if (!isPlainArgument(messageArg) || (index > 0 && !isPlainArgument(argsNode.namedChild(0))))
        messageArg = call.positional[index] ?? null;
      if (!messageArg) continue;
      checkMessage(call, messageArg, index, text, report, callee);
    }
  },
};

const PLAIN_STRING_START = /[rRuU]?(?:'''|"""|'|")/y;

/**
 * Is the first argument of the call starting at `start` a string literal, or several side by
 * side, none with an `f` or `b` prefix (`LOG.info("Port %s bound", port)`)? Read from the text
 * of a tree without syntax errors, for a call whose callee is a dotted name: such a message is
 * never formatted eagerly. False: cannot tell from the text (ask the tree).
 */
function plainLiteralMessage(text: string, start: number): boolean {
  let i = start;
  // past the callee to its `(`: name characters, dots and spaces only (no comment, no `\`)
  for (let c = text.charCodeAt(i); isWordCode(c) || c === 46 || isSpaceCode(c); c = text.charCodeAt(++i));
  if (text.charCodeAt(i) !== 40) return false; // "("
  i++;
  let pieces = 0;
  for (;;) {
    while (isSpaceCode(text.charCodeAt(i))) i++;
    const c = text.charCodeAt(i);
    if (c === 44 || c === 41) return pieces > 0; // "," or ")": the argument ends
    PLAIN_STRING_START.lastIndex = i;
    const m = PLAIN_STRING_START.exec(text);
    if (!m) return false;
    const quote = m[0].charCodeAt(m[0].length - 1);
    const triple = m[0].length >= 3 && m[0].charCodeAt(m[0].length - 3) === quote;
    i += m[0].length;
    for (;;) {
      if (i >= text.length) return false;
      const d = text.charCodeAt(i);
      if (d === 92)
        i += 2; // a backslash escapes the next character (in raw strings too)
      else if (d === quote && (!triple || (text.charCodeAt(i + 1) === quote && text.charCodeAt(i + 2) === quote))) {
        i += triple ? 3 : 1;
        break;
      } else if (!triple && (d === 10 || d === 13)) return false;
      else i++;
    }
    pieces++;
  }
}

/** Assignments to `receiver` (found by text first: most receivers are never assigned but once). */
function assignmentsTo(model: ModuleModel, receiver: string, cache: Map<string, AssignmentInfo[]>): AssignmentInfo[] {
  let hit = cache.get(receiver);
  if (hit) return hit;
  hit = [];
  const escaped = receiver.replace(/\./g, "\\s*\\.\\s*");
  if (new RegExp(`(?<![A-Za-z0-9_.])${escaped}\\s*(?::[^=\\n]*)?=(?!=)`).test(model.text)) {
    for (const a of model.assignments) {
      const left = a.left;
      if ((left.type === "identifier" || left.type === "attribute") && left.text.replace(/\s+/g, "") === receiver)
        hit.push(a);
    }
  }
  cache.set(receiver, hit);
  return hit;
}

function checkMessage(
  call: CallInfo,
  messageArg: Node,
  index: number,
  text: string,
  report: (f: FindingInput) => void,
  callee: string,
): void {
  let target = messageArg;
  let wrapper: Node | null = null;
  let kind = classify(target);
  if (!kind) {
    // `LOG.error(_("failed: %s" % x))`: the eager formatting is inside a translation wrapper
    const n = unparen(target);
    if (n.type !== "call" || !WRAPPERS.has(n.childForFieldName("function")?.text ?? "")) return;
    const args =
      n.childForFieldName("arguments")?.namedChildren.filter((c): c is Node => !!c && c.type !== "comment") ?? [];
    if (args.length !== 1 || args[0].type === "keyword_argument") return;
    kind = classify(args[0]);
    if (!kind) return;
    wrapper = n;
    target = args[0];
  }
  const fixes: Fix[] = [];
  // Existing lazy arguments next to an eager message: converting would mix the two.
  const mixing = call.positional.length > index + 1 || call.hasSplat;
  const conversion = mixing ? null : convert(text, target, kind);
  if (conversion) {
    const args = conversion.args.join(", ");
    const joiner = conversion.joiner ?? ", ";
    const edits = wrapper
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
    fixes.push({ title: conversion.title, safe: conversion.safe, edits });
  }
  const where = wrapper ? ` inside \`${wrapper.childForFieldName("function")?.text}()\`` : "";
  const lazy =
    kind === "+"
      ? "build it from one template with %-placeholders and pass the values as arguments"
      : "pass the values as arguments so the logger formats only records it emits";
  report({
    start: target.startIndex,
    end: target.endIndex,
    message: `Log message for \`${callee}()\` is formatted eagerly ${DESCRIBE[kind]}${where}: ${lazy}.`,
    fixes,
  });
}
