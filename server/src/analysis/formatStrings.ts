// Format strings: what a %-format, a str.format template or an f-string says (its literal text
// and its fields), read without formatting anything; and the %-conversion that renders a
// str.format/f-string field the same way.
import type { Node } from "web-tree-sitter";
import { stringParts, stringPieces } from "./syntax";

// ---- string literals as formats ----

/** Does any piece of the literal hold an f-string field (`{x}`)? */
export function hasInterpolation(n: Node): boolean {
  return stringPieces(n).some((p) => p.namedChildren.some((c) => c?.type === "interpolation"));
}

/** A piece with an `f` among its prefix letters. */
export function isFStringPiece(p: Node): boolean {
  const parts = stringParts(p);
  return !!parts && /f/i.test(parts.prefix);
}

/** A literal whose pieces are all plain (no f, no bytes): its text means what it says. */
export function plainLiteral(n: Node): boolean {
  const pieces = stringPieces(n);
  if (!pieces.length) return false;
  return pieces.every((p) => {
    const parts = stringParts(p);
    return !!parts && !/[fb]/i.test(parts.prefix);
  });
}

/** The literal's raw body: its pieces' bodies joined (escapes as written). */
export function literalBody(n: Node): string {
  return stringPieces(n)
    .map((p) => stringParts(p)?.body ?? "")
    .join("");
}

// ---- printf-style: `"%s of %(name)d" % args` ----

export interface PrintfSpecs {
  /** Conversions without a mapping key (`%s`, `%5.2f`). */
  positional: number;
  /** Conversions with one (`%(name)s`). */
  named: number;
  /** `*` width or precision: the argument count is not the placeholder count. */
  star: boolean;
  /**
   * A conversion other than `%s`, `%r` and `%a` (`%d`, `%x`, `%f`, `%c`): it accepts only values
   * of some types, and fails on others.
   */
  typed: boolean;
}

const PRINTF = /%(?:\(([^)]*)\))?([#0\- +]*)(\*|\d+)?(?:\.(\*|\d*))?[hlL]?([diouxXeEfFgGcrsa%])?/g;

/** The conversions of a printf format body (`%%` is none); null when one is incomplete (`"50%"`). */
export function printfSpecs(body: string): PrintfSpecs | null {
  const specs: PrintfSpecs = { positional: 0, named: 0, star: false, typed: false };
  for (const m of body.matchAll(PRINTF)) {
    if (!m[5]) return null; // an incomplete conversion: leave it alone
    if (m[5] === "%" && m[0] === "%%") continue;
    if (m[3] === "*" || m[4] === "*") specs.star = true;
    if (!/[sra]/.test(m[5])) specs.typed = true;
    if (m[1] !== undefined) specs.named++;
    else specs.positional++;
  }
  return specs;
}

// ---- str.format: `"{} of {name!r:>5}".format(...)` ----

export interface FormatField {
  /** "" for `{}`, digits for `{0}`, a name for `{name}`. */
  name: string;
  /** `!r`, `!s`, `!a`, or null. */
  conv: string | null;
  /** After the `:`, or "". */
  spec: string;
}

/**
 * A str.format body as literal text (`{{` and `}}` read as braces) and fields, in order; null for
 * shapes this does not read: a lone `}`, an unclosed `{`, nested fields (`{x:{w}}`), field names
 * with attributes or indexes (`{0.name}`, `{a[0]}`).
 */
export function parseStrFormat(body: string): Array<string | FormatField> | null {
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

// ---- f-strings: `f"{x!r:>5} of {{y}}"` ----

export interface FStringField {
  /** The expression inside the braces. */
  expr: Node;
  conv: string | null;
  spec: string;
}

export interface FStringPiece {
  node: Node;
  /** The piece's prefix and quote as written (`rf`, `"""`). */
  prefix: string;
  quote: string;
  /** Literal text (in an f-piece, `{{` and `}}` read as braces; escapes as written) and fields, in order. */
  parts: Array<string | FStringField>;
}

/**
 * The pieces of a string literal read as f-string templates (a piece without `f` is all literal
 * text). Null for a bytes piece, or a field this does not read: `{x=}`, a spec with fields of its
 * own (`{x:{width}}`).
 */
export function fStringTemplate(text: string, literal: Node): FStringPiece[] | null {
  const out: FStringPiece[] = [];
  for (const piece of stringPieces(literal)) {
    const parts = stringParts(piece);
    if (!parts) return null;
    if (/b/i.test(parts.prefix)) return null;
    const isF = /f/i.test(parts.prefix);
    const literalText = (from: number, to: number): string => {
      const raw = text.slice(from, to);
      return isF ? raw.replace(/\{\{/g, "{").replace(/\}\}/g, "}") : raw;
    };
    const items: Array<string | FStringField> = [];
    let cursor = parts.bodyStart;
    for (const child of piece.namedChildren) {
      if (child?.type !== "interpolation") continue;
      const before = literalText(cursor, child.startIndex);
      if (before) items.push(before);
      if (child.children.some((c) => c && !c.isNamed && c.type === "=")) return null; // `{x=}`
      const named = child.namedChildren.filter((c): c is Node => !!c);
      const expr = named[0];
      if (!expr) return null;
      const specNode = named.find((c) => c.type === "format_specifier");
      // (this grammar calls a field nested in a spec a format_expression)
      if (specNode?.namedChildren.some((c) => c?.type === "format_expression" || c?.type === "interpolation"))
        return null;
      items.push({
        expr,
        conv: named.find((c) => c.type === "type_conversion")?.text ?? null,
        spec: specNode ? specNode.text.replace(/^:/, "") : "",
      });
      cursor = child.endIndex;
    }
    const rest = literalText(cursor, parts.bodyEnd);
    if (rest) items.push(rest);
    out.push({ node: piece, prefix: parts.prefix, quote: parts.quote, parts: items });
  }
  return out;
}

// ---- the %-form of a field ----

/** A format spec (f-string or str.format) that %-formatting renders identically, as its % form. */
function printfForSpec(spec: string): string | null {
  if (spec === "" || spec === "s") return "s";
  const m = /^([+ ]?)(#?)(0?)(\d*)(\.\d+)?([dxXoeEfFgG])$/.exec(spec);
  if (!m) return null;
  return `${m[1]}${m[2]}${m[3]}${m[4]}${m[5] ?? ""}${m[6]}`;
}

const CONVERSION_LETTERS: Record<string, string> = { "!r": "r", "!s": "s", "!a": "a" };

/**
 * What follows `%` to render a str.format/f-string field exactly as it renders (`!r` → `r`,
 * `>5`: none, `.2f` → `.2f`), or null when no %-conversion does. A conversion with a spec too is
 * not read.
 */
export function printfConversion(conv: string | null, spec: string): string | null {
  if (conv !== null) return spec === "" ? (CONVERSION_LETTERS[conv] ?? null) : null;
  return printfForSpec(spec);
}
