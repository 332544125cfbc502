// SEC008: a server bound (or configured by default to bind) to every network interface.
import type { Node } from "web-tree-sitter";
import { nameWords } from "../analysis/sensitive";
import { dottedName, stringParts } from "../analysis/syntax";
import { mentions } from "../analysis/textSearch";
import type { Rule } from "./types";

const ALL_INTERFACES = new Set(["0.0.0.0", "::", "0:0:0:0:0:0:0:0", "[::]"]);
/** Calls whose first positional argument is the address to bind or listen on. */
const BINDERS = new Set([
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
const OPT = /(?:^|\.)[A-Z][A-Za-z]*Opt$/;
const ANY_ADDRESS = /(['"])(?:0\.0\.0\.0|::|\[::\]|0:0:0:0:0:0:0:0)\1/g;
/** Look-ups with a fallback value: getattr(obj, name, default), mapping.get(key, default), os.getenv(key, default). */
const LOOKUPS = new Set(["getattr", "get", "getenv"]);

/** A name for the address a server binds to: its words include bind, listen or host. */
export function isBindName(name: string): boolean {
  return nameWords(name).some((w) => w === "bind" || w === "listen" || w === "host");
}

function allInterfaces(node: Node | null | undefined): string | null {
  if (node?.type !== "string") return null;
  const parts = stringParts(node);
  return parts && !parts.interpolated && ALL_INTERFACES.has(parts.body) ? parts.body : null;
}

function literalText(node: Node | null | undefined): string | null {
  if (node?.type !== "string") return null;
  const parts = stringParts(node);
  return parts && !parts.interpolated ? parts.body : null;
}

export const bindAllInterfaces: Rule = {
  meta: {
    code: "SEC008",
    name: "bind-all-interfaces",
    category: "security",
    reviewPoint: null,
    severity: "warning",
    fixable: "never",
    skipsTestFiles: true,
    summary:
      'A server binds or listens on every interface ("0.0.0.0" or "::"), or a host/listen option defaults to it.',
    rationale:
      "Binding to all interfaces exposes the service on every network the host is attached to, including ones nobody meant to serve (CWE-605). " +
      "Default to the loopback or a configured address, and make listening on all interfaces an explicit deployment choice. " +
      "The any-address used as data (routes, wildcards, comparisons) and test files are not reported.",
    example: 'sock.bind(("0.0.0.0", 8775))\ncfg.StrOpt("metadata_listen", default="0.0.0.0")',
    useInstead: 'sock.bind((CONF.metadata_listen, 8775))\ncfg.StrOpt("metadata_listen", default="127.0.0.1")',
    bandit: ["B104"],
    cwe: 605,
  },
  check({ model, text, report }) {
    if (!mentions(text, "0.0.0.0", "::", "0:0:0:0")) return;
    // Each any-address literal (found by text), judged by where it sits in the tree.
    ANY_ADDRESS.lastIndex = 0;
    for (let m = ANY_ADDRESS.exec(text); m; m = ANY_ADDRESS.exec(text)) {
      let value: Node | null = model.root.descendantForIndex(m.index, m.index + 1);
      for (let i = 0; value && value.type !== "string" && i < 3; i++) value = value.parent;
      if (value?.type !== "string" || value.startIndex < m.index - 2 || !allInterfaces(value)) continue;
      const how = bindingUse(value);
      if (!how) continue;
      report({
        start: value.startIndex,
        end: value.endIndex,
        message: `Binds to every network interface: "${allInterfaces(value)}" ${how} (CWE-605); default to the loopback or a configured address, and make all interfaces an explicit choice.`,
      });
    }
  },
};

/** How an any-address literal is used for binding, in words; null when it is data (a route, a comparison). */
function bindingUse(value: Node): string | null {
  const parent = value.parent;
  if (!parent) return null;
  const isField = (node: Node, field: string): boolean => node.childForFieldName(field)?.id === value.id;
  switch (parent.type) {
    case "keyword_argument": {
      const name = parent.childForFieldName("name")?.text;
      if (!name || !isField(parent, "value")) return null;
      const call = parent.parent?.parent;
      if (name === "default" && call?.type === "call") {
        const callee = dottedName(call.childForFieldName("function"));
        const first = call.childForFieldName("arguments")?.namedChildren.find((c) => c && c.type !== "comment");
        const opt = literalText(first);
        if (callee && OPT.test(callee) && opt && isBindName(opt)) return `as the default of option \`${opt}\``;
        return null;
      }
      return isBindName(name) ? `passed as \`${name}\`` : null;
    }
    case "default_parameter":
    case "typed_default_parameter": {
      const name = parent.childForFieldName("name")?.text;
      return name && isField(parent, "value") && isBindName(name) ? `as the default of \`${name}\`` : null;
    }
    case "assignment": {
      const left = parent.childForFieldName("left");
      if (!left || !isField(parent, "right")) return null;
      let name: string | null = null;
      if (left.type === "identifier") name = left.text;
      else if (left.type === "attribute") name = left.childForFieldName("attribute")?.text ?? null;
      else if (left.type === "subscript") name = literalText(left.childForFieldName("subscript"));
      return name && isBindName(name) ? `assigned to \`${name}\`` : null;
    }
    case "tuple":
    case "argument_list": {
      // sock.bind(("0.0.0.0", port)), app.run("0.0.0.0"), getattr(conf, "%s_listen" % n, "0.0.0.0")
      let args: Node | null = parent;
      let first = parent.namedChildren.find((c) => c && c.type !== "comment");
      if (parent.type === "tuple") {
        if (first?.id !== value.id || parent.parent?.type !== "argument_list") return null;
        args = parent.parent;
        first = args.namedChildren.find((c) => c && c.type !== "comment");
        if (first?.id !== parent.id) return null;
      }
      const call = args?.parent;
      if (call?.type !== "call" || !args) return null;
      const callee = dottedName(call.childForFieldName("function"));
      const last = callee ? callee.slice(callee.lastIndexOf(".") + 1) : null;
      if (!last) return null;
      const positional = args.namedChildren.filter(
        (c): c is Node => !!c && c.type !== "comment" && c.type !== "keyword_argument",
      );
      if (BINDERS.has(last) && (positional[0]?.id === value.id || positional[0]?.id === parent.id))
        return `passed to \`${callee}()\``;
      if (
        LOOKUPS.has(last) &&
        parent.type === "argument_list" &&
        !positional.some((c) => c.type === "list_splat" || c.type === "dictionary_splat")
      ) {
        const keyIndex = last === "getattr" ? 1 : 0;
        const key = positional[keyIndex];
        if (
          key &&
          positional[keyIndex + 1]?.id === value.id &&
          nameWords(key.text).some((w) => w === "bind" || w === "listen" || w === "host")
        ) {
          return `as the fallback for \`${key.text}\``;
        }
      }
      return null;
    }
    default:
      return null;
  }
}
