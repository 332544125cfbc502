// What one file can tell about a value's shape without running it: whether an expression can
// ever be a tuple (`"%s" % value` formats a tuple's items, not the tuple), and whether it is a
// plain string or number literal (format() and str() render those the same).
import type { Node } from "web-tree-sitter";
import { plainLiteral } from "./formatStrings";
import { isStringLiteral, unparen } from "./syntax";

/** Node types whose value is never a tuple (for `"%s" % value`). */
const NOT_TUPLE = new Set([
  "string",
  "concatenated_string",
  "integer",
  "float",
  "true",
  "false",
  "none",
  "list",
  "dictionary",
  "set",
  "list_comprehension",
  "dictionary_comprehension",
  "set_comprehension",
  "comparison_operator",
  "not_operator",
]);
const NOT_TUPLE_CALLS = /^(?:str|repr|ascii|int|float|len|bool|hex|oct|bin|format|type|id|sorted|list|dict|set)$/;

/** Can this expression never be a tuple: a literal other than a tuple, a string built from one, a number? */
export function cannotBeTuple(n: Node): boolean {
  if (NOT_TUPLE.has(n.type)) return true;
  if (n.type === "unary_operator") return /^(integer|float)$/.test(n.namedChild(0)?.type ?? "");
  if (n.type === "call") {
    const fn = n.childForFieldName("function");
    if (fn?.type === "identifier") return NOT_TUPLE_CALLS.test(fn.text);
    // "...".format(...), "".join(...)
    const object = fn?.type === "attribute" ? fn.childForFieldName("object") : null;
    return (
      !!object &&
      isStringLiteral(unparen(object)) &&
      /^(format|join)$/.test(fn?.childForFieldName("attribute")?.text ?? "")
    );
  }
  if (n.type === "binary_operator") {
    const left = n.childForFieldName("left");
    // "..." % x, "..." + x: a string
    return !!left && isStringLiteral(unparen(left));
  }
  return false;
}

/** A string or number literal: formatted the same by format() and str(). */
export function isPlainLiteral(n: Node): boolean {
  const u = unparen(n);
  return isStringLiteral(u) ? plainLiteral(u) : /^(integer|float)$/.test(u.type);
}
