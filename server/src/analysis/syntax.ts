// Small, shared readers of tree-sitter-python syntax nodes.
import type { Node } from "web-tree-sitter";

/** `a`, `a.b.c` → the dotted name; `f().g` and other shapes → null. */
export function dottedName(node: Node | null): string | null {
  if (!node) return null;
  if (node.type === "identifier") return node.text;
  if (node.type === "attribute") {
    const object = dottedName(node.childForFieldName("object"));
    const attribute = node.childForFieldName("attribute");
    return object && attribute ? `${object}.${attribute.text}` : null;
  }
  return null;
}

/** The last part of an attribute chain or the identifier itself: `self.f` → `f`. */
export function lastName(dotted: string): string {
  const i = dotted.lastIndexOf(".");
  return i < 0 ? dotted : dotted.slice(i + 1);
}

/** A string literal with no interpolation, concatenation or f-prefix → its prefix-free raw body. */
export interface StringParts {
  prefix: string;
  quote: string;
  body: string;
  /** offsets of the body within the document */
  bodyStart: number;
  bodyEnd: number;
  interpolated: boolean;
}

export function stringParts(node: Node): StringParts | null {
  if (node.type !== "string") return null;
  const start = node.child(0);
  const end = node.child(node.childCount - 1);
  if (!start || !end || start.type !== "string_start" || end.type !== "string_end") return null;
  const startText = start.text;
  const m = /^([A-Za-z]*)('''|"""|'|")$/.exec(startText);
  if (!m) return null;
  let interpolated = false;
  for (const child of node.namedChildren) {
    if (child?.type === "interpolation") interpolated = true;
  }
  return {
    prefix: m[1],
    quote: m[2],
    body: node.text.slice(startText.length, node.text.length - end.text.length),
    bodyStart: start.endIndex,
    bodyEnd: end.startIndex,
    interpolated,
  };
}

/** A plain string literal's body (no f-string, no interpolation), or null. */
export function literalString(node: Node): string | null {
  if (node.type !== "string") return null;
  const parts = stringParts(node);
  if (!parts || parts.interpolated || /[fF]/.test(parts.prefix)) return null;
  return parts.body;
}

/** The docstring of a module, class or function body: the first statement, when it is a string. */
export function docstringOf(block: Node | null): Node | null {
  if (!block) return null;
  // sibling steps, not `namedChildren` (which would bring every statement of the body into JS)
  for (let child = block.firstNamedChild; child; child = child.nextNamedSibling) {
    if (child.type === "comment") continue;
    if (child.type === "expression_statement" && child.namedChildCount === 1) {
      const expr = child.namedChild(0);
      if (expr && (expr.type === "string" || expr.type === "concatenated_string")) return expr;
    }
    return null;
  }
  return null;
}

/** Is this node a literal number, optionally negated? Returns its value or null. */
export function numericLiteral(node: Node | null): number | null {
  if (!node) return null;
  if (node.type === "integer" || node.type === "float") {
    const v = Number(node.text.replace(/_/g, "").replace(/[jJlL]$/, ""));
    return Number.isNaN(v) ? null : v;
  }
  if (node.type === "unary_operator") {
    const op = node.child(0)?.text;
    const arg = numericLiteral(node.childForFieldName("argument"));
    if (arg === null) return null;
    return op === "-" ? -arg : op === "+" ? arg : null;
  }
  if (node.type === "parenthesized_expression" && node.namedChildCount === 1) return numericLiteral(node.namedChild(0));
  return null;
}

/** Indentation (leading whitespace) of the line holding `offset`. */
export function indentationAt(text: string, offset: number): string {
  let lineStart = offset;
  while (lineStart > 0 && text[lineStart - 1] !== "\n" && text[lineStart - 1] !== "\r") lineStart--;
  let i = lineStart;
  while (i < text.length && (text[i] === " " || text[i] === "\t")) i++;
  return text.slice(lineStart, i);
}

/** The offset where the line holding `offset` starts. */
export function lineStartOf(text: string, offset: number): number {
  let i = offset;
  while (i > 0 && text[i - 1] !== "\n" && text[i - 1] !== "\r") i--;
  return i;
}

/** The offset just past the line break of the line holding `offset` (or the end of text). */
export function nextLineStart(text: string, offset: number): number {
  let i = offset;
  while (i < text.length && text[i] !== "\n" && text[i] !== "\r") i++;
  if (text[i] === "\r" && text[i + 1] === "\n") return i + 2;
  return i < text.length ? i + 1 : i;
}

/** Is this identifier being bound here (assignment target, def/class name, parameter, import)? */
export function isBindingOccurrence(node: Node): boolean {
  const parent = node.parent;
  if (!parent) return false;
  switch (parent.type) {
    case "function_definition":
    case "class_definition":
      return parent.childForFieldName("name")?.id === node.id;
    case "assignment":
    case "augmented_assignment":
      return parent.childForFieldName("left")?.id === node.id;
    case "pattern_list":
    case "tuple_pattern":
    case "list_pattern":
      return true;
    case "for_statement":
    case "for_in_clause":
      return parent.childForFieldName("left")?.id === node.id;
    case "keyword_argument":
      return parent.childForFieldName("name")?.id === node.id;
    case "parameters":
    case "lambda_parameters":
    case "default_parameter":
    case "typed_default_parameter":
      return parent.childForFieldName("value")?.id !== node.id;
    case "typed_parameter":
      return parent.childForFieldName("type")?.id !== node.id;
    case "aliased_import":
      return parent.childForFieldName("alias")?.id === node.id;
    case "dotted_name":
      return (
        parent.parent?.type === "import_statement" ||
        parent.parent?.type === "import_from_statement" ||
        parent.parent?.type === "aliased_import"
      );
    case "as_pattern_target":
      return true;
    case "global_statement":
    case "nonlocal_statement":
      return true;
    case "attribute":
      // `x.name`: the attribute part is not a use of a variable called `name`
      return parent.childForFieldName("attribute")?.id === node.id;
    default:
      return false;
  }
}

/** The expression inside any parentheses around it: `((x))` → `x` (not through a comment). */
export function unparen(node: Node): Node {
  let n = node;
  while (n.type === "parenthesized_expression" && n.namedChildCount === 1 && n.namedChild(0)?.type !== "comment")
    n = n.namedChild(0) as Node;
  return n;
}

/** A string literal: one `string`, or several side by side (`concatenated_string`). */
export function isStringLiteral(n: Node): boolean {
  return n.type === "string" || n.type === "concatenated_string";
}

/** The parts of a string literal (one `string`, or each of a `concatenated_string`); [] for anything else. */
export function stringPieces(n: Node): Node[] {
  if (n.type === "string") return [n];
  if (n.type === "concatenated_string") return n.namedChildren.filter((c): c is Node => !!c && c.type === "string");
  return [];
}

/** A block's first named child that is not a comment (without reading all of its children). */
export function firstStatement(block: Node): Node | null {
  let c = block.firstNamedChild;
  while (c && c.type === "comment") c = c.nextNamedSibling;
  return c;
}
