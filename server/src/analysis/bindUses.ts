// Where an address value goes (SEC008): to a bind or listen call, a socket address or a server's
// `host=`; or only to other functions as data (`whataremyips(bind_ip)`: "any of my addresses").
// Followed through the names it is assigned to: a local (its uses in the function) or `self.x`
// (its uses in the class), a few steps deep.
import type { Node } from "web-tree-sitter";
import type { ModuleModel } from "./model";
import { nameWords } from "./sensitive";

/** Calls whose first positional argument is the address to bind or listen on. */
export const BINDERS = new Set([
  "bind",
  "listen",
  "serve",
  "run",
  "run_simple",
  "make_server",
  "create_server",
  "start_server",
  "TCPServer",
  "UDPServer",
  "HTTPServer",
  "ThreadingHTTPServer",
  "ThreadingTCPServer",
  "ThreadingUDPServer",
  "WSGIServer",
]);
/** Callees that take a server's `host=`/`interface=`: servers, listeners, sites, their start calls. */
const SERVERISH = /server|serve|listen|bind|start|run|wsgi|site|portal|app|service|proxy|spawn/i;
/** Look-ups with a fallback value: getattr(obj, name, default), mapping.get(key, default), os.getenv(key, default). */
export const LOOKUPS = new Set(["getattr", "get", "getenv"]);

/** A name for the address a server binds to: its words include bind, listen, host or interface. */
export function isBindName(name: string): boolean {
  return nameWords(name).some(
    (w) => w === "bind" || w === "listen" || w === "host" || w === "interface" || w === "interfaces" || w === "iface",
  );
}

export type Flow = "bind" | "data" | "unknown";

function lastName(callee: Node | null): string {
  const t = callee?.text ?? "";
  return t.slice(t.lastIndexOf(".") + 1);
}

function combine(kinds: Flow[]): Flow {
  if (!kinds.length) return "unknown";
  if (kinds.includes("bind")) return "bind";
  return kinds.includes("unknown") ? "unknown" : "data";
}

/** Where the value of `expr` goes, from where it sits. */
export function flowOf(model: ModuleModel, expr: Node, depth = 0): Flow {
  if (depth > 3) return "unknown";
  const p = expr.parent;
  if (!p) return "unknown";
  switch (p.type) {
    case "parenthesized_expression":
    case "conditional_expression":
    case "boolean_operator":
    case "expression_list":
      return flowOf(model, p, depth);
    case "argument_list": {
      const call = p.parent;
      const name = lastName(call?.childForFieldName("function") ?? null);
      const positional = p.namedChildren.filter((c) => c && c.type !== "keyword_argument" && c.type !== "comment");
      if (BINDERS.has(name) && positional[0]?.id === expr.id) return "bind";
      // a look-up's fallback (`conf.get("ring_ip", conf.get("bind_ip", "0.0.0.0"))`): where the look-up goes
      if (call && LOOKUPS.has(name) && positional[positional.length - 1]?.id === expr.id)
        return flowOf(model, call, depth + 1);
      return "data";
    }
    case "keyword_argument": {
      const call = p.parent?.parent;
      const keyword = p.childForFieldName("name")?.text ?? "";
      return isBindName(keyword) && SERVERISH.test(lastName(call?.childForFieldName("function") ?? null))
        ? "bind"
        : "data";
    }
    case "tuple":
    case "list":
      // (host, port): a socket address
      return p.namedChildren.find((c) => c && c.type !== "comment")?.id === expr.id ? "bind" : "data";
    case "assignment": {
      if (p.childForFieldName("right")?.id !== expr.id) return "data";
      const left = p.childForFieldName("left");
      return left ? flowOfName(model, left, depth + 1) : "unknown";
    }
    case "return_statement":
    case "pair":
      return "unknown";
    default:
      return "data";
  }
}

/** Where a value assigned to `target` (a local or `self.x`) goes, from its uses. */
function flowOfName(model: ModuleModel, target: Node, depth: number): Flow {
  if (target.type === "identifier") {
    const fn = model.innermostFunction(target.startIndex, target.endIndex);
    if (!fn) return "unknown"; // a module constant: used anywhere
    const uses = model
      .identifiersNamedIn(target.text, fn.node.startIndex, fn.node.endIndex)
      .filter(
        (id) =>
          id.startIndex > target.startIndex &&
          !(id.parent?.type === "keyword_argument" && id.parent.childForFieldName("name")?.id === id.id),
      );
    return combine(uses.map((u) => flowOf(model, u, depth)));
  }
  if (target.type === "attribute" && target.childForFieldName("object")?.text === "self") {
    const attribute = target.childForFieldName("attribute")?.text ?? "";
    const cls = model.classes.find((c) => c.node.startIndex <= target.startIndex && target.endIndex <= c.node.endIndex);
    if (!cls || !attribute) return "unknown";
    const uses: Node[] = [];
    for (const id of model.identifiersNamedIn(attribute, cls.node.startIndex, cls.node.endIndex)) {
      const use = id.parent;
      if (use?.type !== "attribute" || use.childForFieldName("attribute")?.id !== id.id || use.id === target.id)
        continue;
      if (use.childForFieldName("object")?.text === "self") uses.push(use);
    }
    return combine(uses.map((u) => flowOf(model, u, depth)));
  }
  return "unknown";
}

/** Where a parameter's value goes in its function. */
export function flowOfParameter(model: ModuleModel, parameter: Node): Flow {
  const name = parameter.childForFieldName("name");
  return name ? flowOfName(model, name, 0) : "unknown";
}
