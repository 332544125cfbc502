// Where a value ends up, when that place has a name (SEC011 asks whether a random value
// becomes a token or a password): the assignment target, keyword, dict key or function it
// flows to, through the expressions that carry it (calls, joins, formatting, comprehensions).
import type { Node } from "web-tree-sitter";
import type { CallInfo, ModuleModel } from "./model";
import { stringParts } from "./syntax";

/** Nodes a value flows through on its way to a name (the walk stops at anything else). */
const PASS_THROUGH = new Set([
  "argument_list",
  "call",
  "generator_expression",
  "list_comprehension",
  "set_comprehension",
  "for_in_clause",
  "binary_operator",
  "unary_operator",
  "parenthesized_expression",
  "list",
  "tuple",
  "set",
  "subscript",
  "slice",
  "conditional_expression",
  "interpolation",
  "string",
  "concatenated_string",
  "format_expression",
  "attribute",
  "await",
]);

export interface Sink {
  name: string;
  how: string;
}

function stringValue(node: Node | null): string | null {
  if (node?.type !== "string") return null;
  const parts = stringParts(node);
  return parts && !parts.interpolated ? parts.body : null;
}

/** Where the value of `call` ends up, when that place has a name: assignment, keyword, dict key, return. */
export function sinkOf(call: CallInfo): Sink | null {
  return sinkOfNode(call.node);
}

function sinkOfNode(start: Node): Sink | null {
  let node: Node = start;
  for (let p = node.parent; p; node = p, p = p.parent) {
    if (PASS_THROUGH.has(p.type)) continue;
    switch (p.type) {
      case "assignment":
      case "augmented_assignment": {
        if (p.childForFieldName("right")?.id !== node.id) return null;
        const left = p.childForFieldName("left");
        if (!left) return null;
        if (left.type === "identifier") return { name: left.text, how: "assigned to" };
        if (left.type === "attribute") {
          const attribute = left.childForFieldName("attribute")?.text;
          return attribute ? { name: attribute, how: "assigned to" } : null;
        }
        if (left.type === "subscript") {
          const key = stringValue(left.childForFieldName("subscript"));
          return key ? { name: key, how: "stored as" } : null;
        }
        return null;
      }
      case "keyword_argument": {
        const name = p.childForFieldName("name")?.text;
        return name && p.childForFieldName("value")?.id === node.id ? { name, how: "passed as" } : null;
      }
      case "pair": {
        const key = stringValue(p.childForFieldName("key"));
        return key && p.childForFieldName("value")?.id === node.id ? { name: key, how: "stored as" } : null;
      }
      case "return_statement": {
        for (let f = p.parent; f; f = f.parent) {
          if (f.type === "lambda") return null;
          if (f.type === "function_definition") {
            const name = f.childForFieldName("name")?.text;
            return name ? { name, how: "returned by" } : null;
          }
        }
        return null;
      }
      case "default_parameter":
      case "typed_default_parameter": {
        const name = p.childForFieldName("name")?.text;
        return name ? { name, how: "the default of" } : null;
      }
      default:
        return null;
    }
  }
  return null;
}

/** How many local names a value is followed through (`content = ...; nonce = md5(content)`). */
const HOPS = 3;

/**
 * Where a value assigned to a local goes next, in the same function, until a name `wanted`
 * accepts: `content = "%s" % random.random()`, then `nonce = md5(content).hexdigest()` → `nonce`.
 * A hash or a formatting on the way keeps it as predictable as it was.
 */
export function followedSink(
  model: ModuleModel,
  call: CallInfo,
  sink: Sink,
  wanted: (name: string) => boolean,
): Sink | null {
  const fn = call.context.fn;
  if (!fn || sink.how !== "assigned to") return null;
  let name = sink.name;
  let from = call.node.endIndex;
  const through: string[] = [];
  for (let hop = 0; hop < HOPS; hop++) {
    let next: { sink: Sink; at: number } | null = null;
    for (const id of model.identifiersNamedIn(name, from, fn.node.endIndex)) {
      const p = id.parent;
      // (an attribute's name, or the name being assigned, is not a read of the local)
      if (p?.type === "attribute" && p.childForFieldName("attribute")?.id === id.id) continue;
      if (p?.type === "assignment" && p.childForFieldName("left")?.id === id.id) continue;
      const found = sinkOfNode(id);
      if (found?.how !== "assigned to") continue;
      if (wanted(found.name)) {
        const via = through
          .concat(name)
          .map((n) => `\`${n}\``)
          .join(", ");
        return { name: found.name, how: `assigned (through ${via}) to` };
      }
      if (found.name !== name && !next) next = { sink: found, at: id.endIndex };
    }
    if (!next) return null;
    through.push(name);
    name = next.sink.name;
    from = next.at;
  }
  return null;
}

/** Names of what separates parts of a message (`boundary`, `delimiter`), not a secret. */
const SEPARATOR = /boundary|delimiter|separator|multipart/i;

/**
 * A "token" that becomes a MIME boundary (`token = random.randrange(n)` then
 * `boundary = "=" * 15 + fmt % token`, in a function such as `_make_boundary`): its name says
 * token, its use says separator.
 */
export function becomesSeparator(call: CallInfo, sink: Sink): boolean {
  const fn = call.context.fn;
  if (!fn) return false;
  if (SEPARATOR.test(fn.name)) return true;
  if (sink.how !== "assigned to") return false;
  const body = fn.body.text;
  const name = sink.name.replace(/[^\w]/g, "");
  // a later `<separator name> = ... token ...`
  return new RegExp(`\\b\\w*(?:boundary|delimiter|separator)\\w*\\s*=[^=\\n][^\\n]*\\b${name}\\b`, "i").test(body);
}
