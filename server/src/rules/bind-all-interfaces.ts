// SEC008: a server bound (or configured by default to bind) to every network interface.
import type { Node } from "web-tree-sitter";
import { BINDERS, flowOf, flowOfParameter, isBindName, LOOKUPS } from "../analysis/bindUses";
import type { ModuleModel } from "../analysis/model";
import { nameWords } from "../analysis/sensitive";
import { dottedName, stringParts } from "../analysis/syntax";
import { mentions } from "../analysis/textSearch";
import type { Rule } from "./types";

const ALL_INTERFACES = new Set(["0.0.0.0", "::", "::0", "0:0:0:0:0:0:0:0", "[::]", "[::0]"]);
/** Functions that start a server: their `host` parameter is the address they bind. */
const SERVER_START = /^(?:start|serve|run|listen|bind|run_server|start_server|serve_forever|__init__)$/;
/** Classes that are servers: their constructor's `host` is the address they bind. */
const SERVER_CLASS = /Server|Service|Listener|Site|App(?:lication)?$|Proxy|Portal/;
/** Calls that declare a command-line option (`parser.add_argument("--host", default=...)`). */
const OPTION_DECLARERS = new Set(["add_argument", "add_option", "option", "Option"]);
const OPT = /(?:^|\.)[A-Z][A-Za-z]*Opt$/;
// (also "host:port", a listen option's form: `"0.0.0.0:9001"`, `"0.0.0.0:%d" % PORT`)
const ANY_ADDRESS = /(['"])(?:0\.0\.0\.0|::0?|\[::0?\]|0:0:0:0:0:0:0:0)(?::(?:\d{1,5}|%d|%s))?\1/g;
const ANY_ADDRESS_AND_PORT = /^(?:0\.0\.0\.0|\[::0?\]):(?:\d{1,5}|%d|%s)$/;
/** Help text saying a `host` is a node's name or label, not an address ("not necessarily a hostname"). */
const LABEL_HELP =
  /\bidentifier\b|\bnot necessarily an? (?:host ?name|address|IP)|\bnode(?:'s)? name\b|\bname of (?:the|this) [\w -]{0,30}\bnode\b/i;
function allInterfaces(node: Node | null | undefined): string | null {
  if (node?.type !== "string") return null;
  const parts = stringParts(node);
  return parts && !parts.interpolated && ALL_INTERFACES.has(parts.body) ? parts.body : null;
}

/** `"0.0.0.0:9001"`: every interface, with a port. */
function allInterfacesAndPort(node: Node | null | undefined): string | null {
  const body = literalText(node);
  return body !== null && ANY_ADDRESS_AND_PORT.test(body) ? body : null;
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
    preview: true,
    severity: "warning",
    fixable: "never",
    skipsTestFiles: true,
    summary:
      'A server binds or listens on every interface ("0.0.0.0" or "::"), or a host/listen option defaults to it.',
    rationale:
      "Binding to all interfaces exposes the service on every network the host is attached to, including ones nobody meant to serve (CWE-605). " +
      "Default to the loopback or a configured address, and make listening on all interfaces an explicit deployment choice. " +
      'Reported where the address is bound, passed as a server\'s host, or is the default of a bind, listen or interface option or parameter (also in a tuple of interfaces, argparse options, and `host:port` defaults of a listen option: `ListOpt("listen", default=["0.0.0.0:9001"])`). ' +
      'Also `""` where it is bound (`sock.bind(("", port))`, `listen...(port, f, interface="")`): there it means every interface. ' +
      'Not reported: a client binding its own source socket (`interface="::"` given to a call named for connecting, a client or a query), the any-address used as data (routes, wildcards, comparisons), a look-up\'s fallback that only reaches other functions (`whataremyips(conf.get("bind_ip", "0.0.0.0"))`: "any of my addresses"), ' +
      'a socket bound to port 0 in a function that never accepts and closes it if it listens (`bind(("", 0))` to learn a free port), a UDP socket bound before joining a multicast group in the same function (`IP_ADD_MEMBERSHIP`), or bound in a function named for finding a free port that never listens nor reads (`find_free_port`: `bind(("", port))` tried port by port), a `host` parameter that is a label rather than an address to bind (also an option whose help says so: a node\'s name or identifier, "not necessarily a hostname"), and test files.',
    example: 'sock.bind(("0.0.0.0", 8775))\ncfg.StrOpt("metadata_listen", default="0.0.0.0")',
    useInstead: 'sock.bind((CONF.metadata_listen, 8775))\ncfg.StrOpt("metadata_listen", default="127.0.0.1")',
    bandit: ["B104"],
    cwe: 605,
  },
  check({ model, text, report }) {
    for (const value of emptyHostsBound(model, text)) {
      report({
        start: value.node.startIndex,
        end: value.node.endIndex,
        message: `Binds to every network interface: "" (the any-address) ${value.how} (CWE-605); default to the loopback or a configured address, and make all interfaces an explicit choice.`,
      });
    }
    if (!mentions(text, "0.0.0.0", "::", "0:0:0:0")) return;
    // Each any-address literal (found by text), judged by where it sits in the tree.
    ANY_ADDRESS.lastIndex = 0;
    for (let m = ANY_ADDRESS.exec(text); m; m = ANY_ADDRESS.exec(text)) {
      let value: Node | null = model.root.descendantForIndex(m.index, m.index + 1);
      for (let i = 0; value && value.type !== "string" && i < 3; i++) value = value.parent;
      if (value?.type !== "string" || value.startIndex < m.index - 2) continue;
      const address = allInterfaces(value) ?? allInterfacesAndPort(value);
      if (!address) continue;
      const how = bindingUse(model, value, address !== allInterfaces(value));
      if (!how) continue;
      report({
        start: value.startIndex,
        end: value.endIndex,
        message: `Binds to every network interface: "${address}" ${how} (CWE-605); default to the loopback or a configured address, and make all interfaces an explicit choice.`,
      });
    }
  },
};

/**
 * How an any-address literal is used for binding, in words; null when it is data (a route, a
 * comparison). A "host:port" literal (`withPort`) is judged only as an option's default.
 */
function bindingUse(model: ModuleModel, literal: Node, withPort: boolean): string | null {
  let value = literal;
  // `"0.0.0.0:%d" % PORT`: the formatted string is the value
  const format = literal.parent;
  if (
    withPort &&
    format?.type === "binary_operator" &&
    format.childForFieldName("operator")?.type === "%" &&
    format.childForFieldName("left")?.id === literal.id
  )
    value = format;
  // in a tuple or list of addresses (`interfaces=("0.0.0.0", "[::0]")`): judge the container where it sits
  const container = value.parent;
  if (
    (container?.type === "tuple" || container?.type === "list") &&
    ["default_parameter", "typed_default_parameter", "assignment", "keyword_argument"].includes(
      container.parent?.type ?? "",
    )
  )
    value = container;
  const parent = value.parent;
  if (!parent || (withPort && parent.type !== "keyword_argument")) return null;
  const isField = (node: Node, field: string): boolean => node.childForFieldName(field)?.id === value.id;
  switch (parent.type) {
    case "keyword_argument": {
      const name = parent.childForFieldName("name")?.text;
      if (!name || !isField(parent, "value")) return null;
      const call = parent.parent?.parent;
      if (name === "default" && call?.type === "call") {
        const callee = dottedName(call.childForFieldName("function"));
        const first = call.childForFieldName("arguments")?.namedChildren.find((c) => c && c.type !== "comment");
        const opt = literalText(first)?.replace(/^-+/, "");
        const declares =
          !!callee && (OPT.test(callee) || OPTION_DECLARERS.has(callee.slice(callee.lastIndexOf(".") + 1)));
        if (declares && opt && isBindName(opt) && !labelsNode(opt, call)) return `as the default of option \`${opt}\``;
        return null;
      }
      if (withPort || !isBindName(name)) return null;
      // `self._connectedProtocol(interface="::")`, `query(..., source_host="::")`: a client's own source socket, not a service
      const callee = dottedName(call?.childForFieldName("function") ?? null);
      return callee && isClientCall(callee) ? null : `passed as \`${name}\``;
    }
    case "default_parameter":
    case "typed_default_parameter": {
      const name = parent.childForFieldName("name")?.text;
      if (!name || !isField(parent, "value") || !isBindName(name)) return null;
      // `host` may be a label (`setup(name, host="0.0.0.0")` for a profiler): a server's, or one that reaches a bind
      if (nameWords(name).some((w) => w === "bind" || w === "listen") || servesOn(parent))
        return `as the default of \`${name}\``;
      return flowOfParameter(model, parent) === "data" ? null : `as the default of \`${name}\``;
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
        return parent.type === "tuple" && (probesFreePort(model, parent) || joinsMulticastGroup(model, parent))
          ? null
          : `passed to \`${callee}()\``;
      if (
        LOOKUPS.has(last) &&
        parent.type === "argument_list" &&
        !positional.some((c) => c.type === "list_splat" || c.type === "dictionary_splat")
      ) {
        const keyIndex = last === "getattr" ? 1 : 0;
        const key = positional[keyIndex];
        if (key && positional[keyIndex + 1]?.id === value.id && isBindName(key.text)) {
          // `whataremyips(conf.get("bind_ip", "0.0.0.0"))`: "any of my addresses", handed on as data
          return flowOf(model, value) === "data" ? null : `as the fallback for \`${key.text}\``;
        }
      }
      return null;
    }
    default:
      return null;
  }
}

/**
 * `cfg.StrOpt("host", default="0.0.0.0", help="Name of this node ... not necessarily a hostname")`:
 * a `host` option (not a bind, listen or interface one) whose help says it names the node.
 */
function labelsNode(option: string, call: Node): boolean {
  const words = nameWords(option);
  return (
    words.includes("host") &&
    !words.some((w) => w === "bind" || w === "listen" || w.startsWith("interface") || w === "iface") &&
    LABEL_HELP.test(helpText(call))
  );
}

/** The text of an option's `help=` (its string literals, also inside `_()`), or "". */
function helpText(call: Node): string {
  const help = call
    .childForFieldName("arguments")
    ?.namedChildren.find((c) => c?.type === "keyword_argument" && c.childForFieldName("name")?.text === "help");
  return (help?.childForFieldName("value")?.descendantsOfType("string_content") ?? [])
    .map((c) => c?.text ?? "")
    .join("");
}

/** The parameter's function starts a server (`start`, `serve`), or constructs one (`Server.__init__`). */
function servesOn(parameter: Node): boolean {
  let fn: Node | null = parameter.parent;
  while (fn && fn.type !== "function_definition") fn = fn.parent;
  const name = fn?.childForFieldName("name")?.text ?? "";
  if (!SERVER_START.test(name)) return false;
  if (name !== "__init__") return true;
  let cls: Node | null = fn?.parent ?? null;
  while (cls && cls.type !== "class_definition") cls = cls.parent;
  return SERVER_CLASS.test(cls?.childForFieldName("name")?.text ?? "");
}

/** Callees named for the side that connects (`_connectedProtocol`, `make_client`, `send_query`): the address binds its source socket. */
const CLIENT_WORDS = new Set([
  "connect",
  "connected",
  "connection",
  "client",
  "query",
  "resolve",
  "resolver",
  "request",
  "send",
  "outgoing",
  "source",
]);
function isClientCall(callee: string): boolean {
  return nameWords(callee.slice(callee.lastIndexOf(".") + 1)).some((w) => CLIENT_WORDS.has(w));
}

/**
 * `sock.bind(("", 0))` in a function that never listens: port 0 asks the system for a free port,
 * and the socket that learns its number (`getsockname()`) serves nothing. So does a function named
 * for finding a free port that tries ports one by one.
 */
function probesFreePort(model: ModuleModel, address: Node): boolean {
  const port = address.namedChildren.filter((c) => c && c.type !== "comment")[1];
  const fn = model.innermostFunction(address.startIndex, address.endIndex);
  const scope = fn ? model.text.slice(fn.node.startIndex, fn.node.endIndex) : model.text;
  // port 0 asked and the socket closed in the same function, never accepting: a probe even if it
  // listens for a moment (`bind(("", 0)); listen(1); port = getsockname()[1]; close()`)
  if (
    port?.type === "integer" &&
    port.text === "0" &&
    !/\.(?:serve_forever|accept)\s*\(/.test(scope) &&
    (!/\.listen\s*\(/.test(scope) || /\.close\s*\(/.test(scope))
  )
    return true;
  if (/\.(?:listen|serve_forever|accept)\s*\(/.test(scope)) return false;
  // `def find_free_port(): ... sock.bind(("", port))`: a function named for finding a free port that
  // binds, never listens nor reads (a UDP server reads without listening), and so serves nothing
  const words = fn ? nameWords(fn.name) : [];
  return (
    words.includes("port") &&
    words.some((w) => PROBE_WORDS.has(w)) &&
    !/\.(?:recv|recvfrom|recv_into|recvmsg|makefile)\s*\(/.test(scope)
  );
}

/**
 * A UDP socket bound to the wildcard address before joining a multicast group in the same function
 * (`setsockopt(IPPROTO_IP, IP_ADD_MEMBERSHIP, mreq)`): the portable way to receive a group's traffic.
 */
function joinsMulticastGroup(model: ModuleModel, address: Node): boolean {
  const fn = model.innermostFunction(address.startIndex, address.endIndex);
  const scope = fn ? model.text.slice(fn.node.startIndex, fn.node.endIndex) : model.text;
  return /\b(?:IP_ADD_MEMBERSHIP|IPV6_JOIN_GROUP|IPV6_ADD_MEMBERSHIP)\b/.test(scope);
}

/** Words of a function named for finding a port nobody uses (`find_free_port`, `port_is_available`). */
const PROBE_WORDS = new Set(["free", "unused", "available", "probe", "find", "pick", "used", "taken"]);

/** `sock.bind(("", port))` or `listen...(port, f, interface="")` (as the text shows them, then read from the tree). */
const EMPTY_HOST_BOUND =
  /\.bind\(\s*\(\s*(?:""|'')|\b(?:interface|host|bind_?host|bind_?address|listen_?address)\s*=\s*(?:""|'')/g;

/**
 * An empty host where it is bound: the first item of the address tuple given to `bind()`, or a
 * `host=""`/`interface=""` keyword of a call that listens or serves. There `""` is INADDR_ANY, every
 * interface; elsewhere (defaults, options) an empty string usually means "not set".
 */
function* emptyHostsBound(model: ModuleModel, text: string): Generator<{ node: Node; how: string }> {
  // (most files bind nothing: a plain search first)
  if (!mentions(text, "bind(", "interface", "host")) return;
  EMPTY_HOST_BOUND.lastIndex = 0;
  for (let m = EMPTY_HOST_BOUND.exec(text); m; m = EMPTY_HOST_BOUND.exec(text)) {
    const quote = m.index + m[0].length - 2;
    const value = model.root.descendantForIndex(quote, quote + 1)?.parent;
    if (value?.type !== "string" || value.startIndex !== quote || literalText(value) !== "") continue;
    const parent = value.parent;
    if (m[0].startsWith(".bind")) {
      const args = parent?.parent;
      const callee = dottedName(args?.parent?.childForFieldName("function") ?? null);
      if (
        parent?.type === "tuple" &&
        args?.type === "argument_list" &&
        callee?.endsWith(".bind") &&
        !probesFreePort(model, parent)
      )
        yield { node: value, how: `passed to \`${callee}()\`` };
      continue;
    }
    if (parent?.type !== "keyword_argument" || parent.childForFieldName("value")?.id !== value.id) continue;
    const callee = dottedName(parent.parent?.parent?.childForFieldName("function") ?? null);
    const last = callee?.slice(callee.lastIndexOf(".") + 1) ?? "";
    if (callee && /listen|bind|serve/i.test(last) && !isClientCall(callee))
      yield { node: value, how: `passed as \`${parent.childForFieldName("name")?.text}\` to \`${callee}()\`` };
  }
}
