// Paths in the shared temp directories (SEC006): the leading literal text of a path expression,
// module constants holding such paths, and where such a path is only a default (an option's,
// a look-up's fallback, a parameter's), to be used later as a file name or prefix.
import type { Node } from "web-tree-sitter";
import type { ModuleModel } from "./model";
import { stringParts } from "./syntax";

export const TEMP_DIR = /^(?:\/tmp|\/var\/tmp|\/dev\/shm)(?:\/|$)/;
/** A path inside a temp directory (not the directory itself). */
const IN_TEMP_DIR = /^(?:\/tmp|\/var\/tmp|\/dev\/shm)\/[^/]/;

/** The leading literal text of a string, f-string, `%`/`+`/`.format` expression, if any. */
export function leadingText(node: Node): string | null {
  switch (node.type) {
    case "string": {
      const parts = stringParts(node);
      if (!parts) return null;
      if (!parts.interpolated) return parts.body;
      // an f-string: the text before the first interpolation
      const first = node.namedChildren.find((c) => c?.type === "interpolation");
      return first
        ? node.text.slice(parts.prefix.length + parts.quote.length, first.startIndex - node.startIndex)
        : parts.body;
    }
    case "concatenated_string": {
      const first = node.namedChild(0);
      return first ? leadingText(first) : null;
    }
    case "binary_operator": {
      const left = node.childForFieldName("left");
      return left ? leadingText(left) : null;
    }
    case "parenthesized_expression":
      return node.namedChildCount === 1 && node.namedChild(0) ? leadingText(node.namedChild(0) as Node) : null;
    case "call": {
      const fn = node.childForFieldName("function");
      if (fn?.type === "attribute" && fn.childForFieldName("attribute")?.text === "format") {
        const object = fn.childForFieldName("object");
        return object ? leadingText(object) : null;
      }
      return null;
    }
    default:
      return null;
  }
}

/** Module-level `NAME = "/tmp/..."` constants (assigned once). */
export function tempConstants(model: ModuleModel): Map<string, string> {
  const out = new Map<string, string>();
  const seen = new Set<string>();
  for (const a of model.assignments) {
    if (a.context.fn || a.context.cls) continue;
    const left = a.left;
    if (left.type !== "identifier") continue;
    const name = left.text;
    if (seen.has(name)) {
      out.delete(name);
      continue;
    }
    seen.add(name);
    const right = a.right;
    const lead = right ? leadingText(right) : null;
    if (lead !== null && TEMP_DIR.test(lead)) out.set(name, lead);
  }
  return out;
}

/**
 * Fixed paths in a temp directory given as defaults: `conf.get("prefix", DEFAULT_PREFIX)`,
 * `cfg.StrOpt("lock_path", default="/tmp/app")`, `def __init__(self, path="/tmp/app.sock")`; the
 * program later writes there, and another local user can be there first.
 */
export function* tempPathDefaults(
  model: ModuleModel,
  constants: ReadonlyMap<string, string>,
): Generator<{ node: Node; path: string; how: string }> {
  const asDefault = (node: Node): string | null => {
    const p = node.parent;
    if (!p) return null;
    if (
      (p.type === "default_parameter" || p.type === "typed_default_parameter") &&
      p.childForFieldName("value")?.id === node.id
    )
      return `the default of \`${p.childForFieldName("name")?.text}\``;
    if (p.type === "keyword_argument" && p.childForFieldName("name")?.text === "default") return "an option's default";
    if (p.type === "argument_list") {
      const callee = p.parent?.childForFieldName("function")?.text ?? "";
      const last = callee.slice(callee.lastIndexOf(".") + 1);
      const args = p.namedChildren.filter((c) => c && c.type !== "comment" && c.type !== "keyword_argument");
      if (
        (last === "get" || last === "getattr" || last === "getenv") &&
        args.length >= 2 &&
        args[args.length - 1]?.id === node.id
      )
        return `the fallback of \`${callee}(${args[args.length - 2]?.text})\``;
    }
    return null;
  };
  for (const [name, path] of constants) {
    if (!IN_TEMP_DIR.test(path)) continue;
    for (const id of model.identifiersNamed(name)) {
      const how = asDefault(id);
      if (how) yield { node: id, path, how };
    }
  }
  const text = model.text;
  for (const m of text.matchAll(/(['"])(?:\/tmp|\/var\/tmp|\/dev\/shm)\/[^'"\n]+\1/g)) {
    const node = model.root.descendantForIndex(m.index ?? 0, (m.index ?? 0) + 1)?.parent;
    if (node?.type !== "string" || node.startIndex !== m.index) continue;
    const how = asDefault(node);
    const path = leadingText(node);
    if (how && path) yield { node, path, how };
  }
}
