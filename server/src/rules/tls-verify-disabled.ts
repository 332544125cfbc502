// SEC007: TLS certificate verification turned off (verify=False, unverified contexts, CERT_NONE).
import { nameWords } from "../analysis/sensitive";
import type { Node } from "web-tree-sitter";
import type { CallInfo, FunctionInfo, ModuleModel } from "../analysis/model";
import { isWordCode } from "../analysis/chars";
import { calleeNames, canResolveTo, EVERY_CANDIDATE, importedCalls, qualifiedNames } from "../analysis/bindings";
import { dottedName } from "../analysis/syntax";
import type { Rule } from "./types";
import { indexOfFast, occursFollowedBy, wordEnd, wordStart } from "../analysis/textSearch";

/** Calls that make or configure HTTP(S) connections, by the last part of their name. */
const HTTP_METHODS = new Set([
  "get",
  "post",
  "put",
  "patch",
  "delete",
  "head",
  "options",
  "request",
  "stream",
  "send",
  "urlopen",
  "Session",
  "Client",
  "AsyncClient",
]);
const HTTP_MODULES = /^(?:requests|httpx|urllib3|aiohttp|keystoneauth1|niquests)(?:\.|$)/;
/** Class-like callees that take a `verify` flag for TLS (`ZVMConnector(verify=False)`, `HTTPClient`, Twisted's `CertificateOptions`). */
const CONNECTION_LIKE =
  /(?:Session|Client|Connector|Connection|Adapter|Transport|Pool(?:Manager)?|CertificateOptions)$/;
/**
 * Receivers whose `get`/`post`/`request` is an HTTP call (`requests`, `self.session`, `client`,
 * `self._http`): a `verify` keyword of another object's `get` (a store's look-up) is not TLS.
 */
const HTTP_RECEIVER =
  /(?:^|[._])(?:requests|sess(?:ion)?|\w*client|https?\w*|conn(?:ection)?|api|rest|web|agent|opener|transport|adapter|pool|browser)$/i;
const UNVERIFIED_CONTEXT = new Set(["ssl._create_unverified_context", "ssl._create_stdlib_context"]);

function isFalse(node: Node | undefined): boolean {
  return node?.type === "false";
}

function isTlsCall(model: ModuleModel, call: CallInfo): boolean {
  const callee = call.callee;
  if (!callee) return false;
  const last = callee.slice(callee.lastIndexOf(".") + 1);
  if (calleeNames(model, call, EVERY_CANDIDATE, (n) => HTTP_MODULES.test(n)).length) return true;
  if (CONNECTION_LIKE.test(last)) return true;
  if (!HTTP_METHODS.has(last)) return false;
  const dot = callee.lastIndexOf(".");
  // a bare `get(...)` not from an HTTP module: a local helper named like a verb
  if (dot <= 0) return false;
  const receiver = callee.slice(0, dot);
  return HTTP_RECEIVER.test(receiver) || madeByConnectionClass(model, receiver);
}

/** `s = requests.Session()`, `self.c = HTTPClient(...)`: the receiver is assigned a connection object in this file. */
function madeByConnectionClass(model: ModuleModel, receiver: string): boolean {
  return model.assignments.some((a) => {
    if (a.left.text !== receiver || a.right?.type !== "call") return false;
    const fn = dottedName(a.right.childForFieldName("function"));
    if (!fn) return false;
    return (
      CONNECTION_LIKE.test(fn.slice(fn.lastIndexOf(".") + 1)) ||
      qualifiedNames(model, fn, EVERY_CANDIDATE).some((n) => HTTP_MODULES.test(n))
    );
  });
}

/** What makes a context a server's: its protocol, or the purpose of the default context. */
const SERVER_CONTEXT = /\bPROTOCOL_TLS_SERVER\b|\bPurpose\.CLIENT_AUTH\b|\bserver_side\s*=\s*True\b/;

/**
 * `ctx.verify_mode = CERT_NONE` where the same function made `ctx` a server's context
 * (`ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)`, `create_default_context(Purpose.CLIENT_AUTH)`):
 * a server that does not ask its clients for certificates, which is the usual server.
 */
function setsServerContext(assignment: Node): boolean {
  const target = assignment.childForFieldName("left");
  if (target?.type !== "attribute" || target.childForFieldName("attribute")?.text !== "verify_mode") return false;
  const context = target.childForFieldName("object")?.text;
  if (!context) return false;
  let scope: Node | null = assignment.parent;
  while (scope && scope.type !== "function_definition" && scope.type !== "module") scope = scope.parent;
  if (!scope) return false;
  const made = new RegExp(`(?:^|\\n)\\s*${context.replace(/[.[\]]/g, "\\$&")}\\s*=\\s*([^\\n]*)`, "g");
  for (let m = made.exec(scope.text); m; m = made.exec(scope.text)) if (SERVER_CONTEXT.test(m[1])) return true;
  return false;
}

/** `server_side=True` in the same call or dict literal: CERT_NONE there only means no client certificates are asked for. */
function serverSide(container: Node | null): boolean {
  if (!container) return false;
  for (const child of container.namedChildren) {
    if (!child) continue;
    if (
      child.type === "keyword_argument" &&
      child.childForFieldName("name")?.text === "server_side" &&
      child.childForFieldName("value")?.type === "true"
    )
      return true;
    if (
      child.type === "pair" &&
      /^['"]server_side['"]$/.test(child.childForFieldName("key")?.text ?? "") &&
      child.childForFieldName("value")?.type === "true"
    )
      return true;
  }
  return false;
}

/** `/\bverify(?:_ssl|_certs?)?\s*=\s*False/.test(text) || /ssl_verify\s*=\s*False/.test(text)`, from each "verify". */
function mentionsVerifyFalse(text: string): boolean {
  for (let i = indexOfFast(text, "verify"); i >= 0; i = indexOfFast(text, "verify", i + 1)) {
    if (!(i > 0 && isWordCode(text.charCodeAt(i - 1)))) {
      VERIFY_FALSE_AT.lastIndex = i;
      if (VERIFY_FALSE_AT.test(text)) return true;
    }
    if (i >= 4 && text.startsWith("ssl_", i - 4)) {
      SSL_VERIFY_FALSE_AT.lastIndex = i;
      if (SSL_VERIFY_FALSE_AT.test(text)) return true;
    }
  }
  return false;
}
const VERIFY_FALSE_AT = /verify(?:_ssl|_certs?)?\s*=\s*False/y;
const SSL_VERIFY_FALSE_AT = /verify\s*=\s*False/y;

/** `/_create_(?:unverified|stdlib)_context/.test(text)`, from each "_create_". */
function mentionsUnverifiedContext(text: string): boolean {
  return occursFollowedBy(text, "_create_", UNVERIFIED_CONTEXT_REST);
}
const UNVERIFIED_CONTEXT_REST = /(?:unverified|stdlib)_context/y;

const VERIFY_KEYWORDS = ["verify", "verify_ssl", "ssl_verify", "verify_cert", "verify_certs"];
const VERIFY_KEYWORD_SET = new Set(VERIFY_KEYWORDS);

/**
 * The calls that can be reported, in document order: with a `verify`-like keyword argument
 * (found from the text: each such word that is a keyword argument's name), and calls through
 * an import whose callee holds `_create_`.
 */
function candidateCalls(model: ModuleModel, hasVerify: boolean, hasContext: boolean): CallInfo[] {
  if (!hasVerify && !hasContext) return [];
  if (model.callStarts.length !== model.calls.length) return model.calls;
  const found = new Set<CallInfo>();
  if (hasVerify) {
    const text = model.text;
    for (let i = text.indexOf("verify"); i >= 0; i = text.indexOf("verify", i + 6)) {
      const s = wordStart(text, i);
      const e = wordEnd(text, i + 6);
      if (!VERIFY_KEYWORD_SET.has(text.slice(s, e))) continue;
      const name = model.root.descendantForIndex(s, e);
      if (name?.type !== "identifier" || name.startIndex !== s) continue;
      const keyword = name.parent;
      if (keyword?.type !== "keyword_argument") continue;
      const call = keyword.parent?.parent;
      if (call?.type !== "call") continue;
      const info = model.callOf(call);
      if (info) found.add(info);
    }
  }
  if (hasContext)
    for (const call of importedCalls(model, EVERY_CANDIDATE)) if (call.callee?.includes("_create_")) found.add(call);
  return [...found].sort((a, b) => a.node.startIndex - b.node.startIndex);
}

/** A test of the user's own opt-out: `if not validate_certs:`, `if insecure:`, the `else` of `if verify:`. */
const OPT_OUT = /verif|validat|insecure|no_?check|(?:skip|ignore|check)_?(?:cert|tls|ssl|host)|cert_?reqs|unverified/i;

/**
 * Tests under which CERT_NONE does not leave the peer unauthenticated: certificate-fingerprint
 * pinning (checked after the handshake), or a server deciding whether to ask for client certificates.
 */
const NOT_UNAUTHENTICATED = /fingerprint|pinn(?:ed|ing)|client_?cert|peer_?cert/i;

/** Inside the branch that implements an opt-out the user (a parameter, an option) chooses? */
function inUserOptOut(node: Node): boolean {
  for (let child = node, p = node.parent; p; child = p, p = p.parent) {
    if (p.type === "function_definition" || p.type === "class_definition") return false;
    let condition: Node | null = null;
    if (p.type === "if_statement" || p.type === "elif_clause") {
      if (p.childForFieldName("condition")?.id === child.id) continue;
      condition = p.childForFieldName("condition");
    } else if (p.type === "else_clause") condition = p.parent?.childForFieldName("condition") ?? null;
    else if (p.type === "conditional_expression" && p.namedChild(1)?.id !== child.id) condition = p.namedChild(1);
    if (condition && (OPT_OUT.test(condition.text) || NOT_UNAUTHENTICATED.test(condition.text))) return true;
  }
  return false;
}

/**
 * A value in a table translating the user's option strings to `ssl.CERT_*` constants
 * (`{"none": ssl.CERT_NONE, "required": ssl.CERT_REQUIRED}`): the user's choice, looked up.
 */
function inTranslationTable(pair: Node): boolean {
  const dict = pair.parent;
  if (dict?.type !== "dictionary" || pair.childForFieldName("key")?.type !== "string") return false;
  return dict.namedChildren.some(
    (p) => p?.type === "pair" && /\bCERT_(?:REQUIRED|OPTIONAL)$/.test(p.childForFieldName("value")?.text ?? ""),
  );
}

/**
 * A function that connects only to fetch the peer's certificate (`getpeercert()`) and sends
 * nothing: inspecting a certificate that may not verify is its purpose (a diagnostic command).
 */
function fetchesCertificateOnly(model: ModuleModel, node: Node): boolean {
  const fn = model.innermostFunction(node.startIndex, node.endIndex);
  if (!fn) return false;
  const body = model.text.slice(fn.node.startIndex, fn.node.endIndex);
  return body.includes(".getpeercert(") && !/\.(?:send|sendall|write|request|putrequest|recv|read)\(/.test(body);
}

/** Parameter names that hold the TLS verification switch itself. */
const VERIFY_PARAMETERS = new Set(["verify_ssl", "ssl_verify", "verify_cert", "verify_certs", "verify_tls"]);

/** Parameters that give a TLS endpoint its own identity: a private key and a certificate (what a server needs). */
const OWN_KEY = /^(?:private_?key|priv_?key|key_?file|ssl_?key(?:_?file)?|pkey)$/i;
const OWN_CERT = /^(?:certificate|cert|cert_?file|ssl_?cert(?:_?file)?|certfile)$/i;
/** Names of a side that only connects: its `verify` is about the server it talks to. */
const CLIENT_SIDE = /client|session|connect|request|fetch|download|agent|browser|http/i;

/**
 * TLS options shared by servers and clients (`CertificateOptions(privateKey, certificate,
 * verify=False)`): for a server, `verify` asks clients for certificates, which is off by
 * default everywhere; a client-only class (`HTTPClient(cert_file, key_file, verify=False)`) is not one.
 */
function bothSidesOptions(fn: FunctionInfo): boolean {
  const names = fn.parameters.map((p) => p.name);
  if (!names.some((n) => OWN_KEY.test(n)) || !names.some((n) => OWN_CERT.test(n))) return false;
  const owner = fn.name === "__init__" && fn.parentClass ? fn.parentClass.name : fn.name;
  return !CLIENT_SIDE.test(owner);
}

/** Words of callees that make a connection (`httpclientservice.HTTPClientService.getService(..., verify=self.verify)`). */
const CONNECTING_WORDS = new Set([
  "http",
  "https",
  "httpclient",
  "httpclientservice",
  "client",
  "session",
  "connect",
  "connection",
  "ssl",
  "tls",
  "url",
  "urlopen",
  "transport",
]);

function connectingCallee(callee: string | null): boolean {
  return !!callee && callee.split(".").some((part) => nameWords(part).some((w) => CONNECTING_WORDS.has(w)));
}

/** Words of a file about TLS (not `http`: a licence's URL names it). */
const TLS_WORDS =
  /\b(?:ssl|tls|x509|cert\w*|ca_?file|ca_?certs|ca_?bundle|private_key|key_?file|requests|httpx|urllib3|aiohttp|session)\b/i;

/**
 * `def __init__(self, verify=False)`: a default that turns verification off for every caller who
 * does not say. Plain `verify` counts when the file hands it on to a TLS call (`requests.get(url, verify=verify)`, `verify=self.verify`).
 */
function* verifyOffDefaults(model: ModuleModel): Generator<{ node: Node; name: string }> {
  const text = model.text;
  // (in a file about TLS, or to a TLS call: yapf's `FormatCode(verify=verify)` checks the code it formats)
  const handsOn =
    /\bverify\s*=\s*(?:self\.)?verify\b/.test(text) &&
    (TLS_WORDS.test(text) ||
      candidateCalls(model, true, false).some(
        (c) =>
          /^(?:self\._?)?verify$/.test(c.keywords.get("verify")?.text ?? "") &&
          (isTlsCall(model, c) || connectingCallee(c.callee)),
      ));
  for (const fn of model.functions) {
    if (fn.parametersNode.text.indexOf("False") < 0 || bothSidesOptions(fn)) continue;
    for (const p of fn.parameters) {
      if (p.defaultValue?.type !== "false") continue;
      if (VERIFY_PARAMETERS.has(p.name) || (p.name === "verify" && handsOn)) yield { node: p.node, name: p.name };
    }
  }
}

const QUOTE_AFTER = /(?:_ssl|_certs?)?['"]/y;

/** `options.get("verify", False)`, `options.get("verify") or False`: an option that falls back to no verification. */
function* verifyOffFallbacks(model: ModuleModel): Generator<Node> {
  const text = model.text;
  for (const m of text.matchAll(/(['"])(verify|verify_ssl|ssl_verify|verify_certs?)\1/g)) {
    const key = model.root.descendantForIndex(m.index ?? 0, (m.index ?? 0) + 1)?.parent;
    const args = key?.parent;
    if (key?.type !== "string" || args?.type !== "argument_list") continue;
    const call = args.parent;
    const callee = call?.childForFieldName("function");
    if (!call || callee?.type !== "attribute" || callee.childForFieldName("attribute")?.text !== "get") continue;
    const positional = args.namedChildren.filter((c) => c && c.type !== "comment" && c.type !== "keyword_argument");
    if (positional[0]?.id !== key.id) continue;
    const fallback = positional[1];
    if (fallback?.type === "false") yield fallback;
    else {
      const or = call.parent;
      const right = or?.type === "boolean_operator" ? or.childForFieldName("right") : null;
      if (or?.childForFieldName("operator")?.type === "or" && right?.type === "false") yield right;
    }
  }
}

export const tlsVerifyDisabled: Rule = {
  meta: {
    code: "SEC007",
    name: "tls-verify-disabled",
    category: "security",
    reviewPoint: null,
    preview: true,
    severity: "warning",
    fixable: "never",
    skipsTestFiles: true,
    summary: "TLS certificate verification is turned off (`verify=False`, an unverified SSL context, `CERT_NONE`).",
    rationale:
      "Without certificate verification anyone on the network path can impersonate the server and read or change the traffic (CWE-295). " +
      "Point `verify` at the CA bundle that signed the server's certificate instead of turning verification off. " +
      "Also reported: `verify=False` (or `verify_ssl=False`) as a parameter's default (a plain `verify` only when the file hands it on to a TLS call, `requests.get(url, verify=verify)`: yapf's `FormatCode(verify=False)` checks the code it formats), and an option that falls back to `False` (`options.get(\"verify\", False)`, `... or False`), which turn verification off for everyone who does not say. " +
      "Not reported: the branch that implements the user's own opt-out (`if not validate_certs:`, `if insecure:`, the `else` of `if verify:`), a table translating the user's option strings to `ssl.CERT_*` constants, certificate-fingerprint pinning (`if fingerprints:`), a server not asking clients for certificates (`server_side=True`, a context the function made for a server, `ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)` or `create_default_context(Purpose.CLIENT_AUTH)`, the `else` of `if require_client_cert:`, a `verify=False` default of TLS options that also take the endpoint's own private key and certificate, which servers share: `CertificateOptions(private_key, certificate, verify=False)`, unless named for a client), " +
      "a function that connects only to fetch the peer's certificate (`getpeercert()`, nothing sent), `verify=` on a `get`/`post` of an object not named like an HTTP client (a store's look-up), test files.",
    example: "requests.get(url, verify=False)\nctx = ssl._create_unverified_context()",
    useInstead:
      'requests.get(url, verify="/etc/pki/tls/certs/internal-ca.pem")\nctx = ssl.create_default_context(cafile=CA_FILE)',
    bandit: ["B501", "B323"],
    cwe: 295,
  },
  check({ model, text, report }) {
    const hasVerify = mentionsVerifyFalse(text);
    const hasContext = canResolveTo(model, [...UNVERIFIED_CONTEXT], EVERY_CANDIDATE) && mentionsUnverifiedContext(text);
    const hasCertNone = canResolveTo(model, ["ssl.CERT_NONE"], EVERY_CANDIDATE) && indexOfFast(text, "CERT_NONE") >= 0;
    // (an option's fallback: a quoted `verify` key in a file that says False somewhere)
    const mayFallBack = occursFollowedBy(text, "verify", QUOTE_AFTER) && indexOfFast(text, "False") >= 0;
    if (!hasVerify && !hasContext && !hasCertNone && !mayFallBack) return;
    for (const call of candidateCalls(model, hasVerify, hasContext)) {
      if (hasVerify && call.keywordNodes.length) {
        for (const name of VERIFY_KEYWORDS) {
          const value = call.keywords.get(name);
          if (!isFalse(value) || !isTlsCall(model, call) || inUserOptOut(call.node)) continue;
          report({
            start: value!.parent!.startIndex,
            end: value!.parent!.endIndex,
            message: `\`${call.callee}(..., ${name}=False)\` turns off TLS certificate verification: anyone on the path can impersonate the server (CWE-295). Pass the CA bundle path instead.`,
          });
        }
      }
      if (hasContext && call.callee?.includes("_create_")) {
        const q = calleeNames(model, call, EVERY_CANDIDATE, (n) => UNVERIFIED_CONTEXT.has(n))[0];
        if (q && !inUserOptOut(call.node)) {
          report({
            start: call.node.startIndex,
            end: call.node.endIndex,
            message: `\`${call.callee}()\` makes an SSL context that does not verify certificates or host names (CWE-295): use \`ssl.create_default_context()\`.`,
          });
        }
      }
    }
    if (mayFallBack) {
      for (const node of verifyOffFallbacks(model)) {
        report({
          start: node.startIndex,
          end: node.endIndex,
          message:
            "TLS verification falls back to off (`False`) when the option is not set (CWE-295): fall back to verifying, and let users pass a CA bundle path.",
        });
      }
    }
    if (hasVerify) {
      for (const d of verifyOffDefaults(model)) {
        report({
          start: d.node.startIndex,
          end: d.node.endIndex,
          message: `\`${d.name}=False\` as a default turns off TLS certificate verification for every caller that does not say otherwise (CWE-295): default to verifying, and let callers pass a CA bundle path.`,
        });
      }
    }
    if (hasCertNone) {
      for (const id of model.identifiersNamed("CERT_NONE")) {
        const ref =
          id.parent?.type === "attribute" && id.parent.childForFieldName("attribute")?.id === id.id ? id.parent : id;
        if (!qualifiedNames(model, dottedName(ref), EVERY_CANDIDATE).includes("ssl.CERT_NONE")) continue;
        // Setting it (assignment, argument, dict value), not comparing with it.
        const p = ref.parent;
        let setter: Node | null = null;
        if (p?.type === "keyword_argument" && p.childForFieldName("value")?.id === ref.id) setter = p.parent;
        else if (p?.type === "pair" && p.childForFieldName("value")?.id === ref.id)
          setter = inTranslationTable(p) ? null : p.parent;
        else if (p?.type === "assignment" && p.childForFieldName("right")?.id === ref.id) {
          // `self.verify_mode = CERT_NONE` in a class is that class's default, set before it is configured
          const target = p.childForFieldName("left");
          if (target?.type === "attribute" && target.childForFieldName("object")?.text === "self") continue;
          setter = p;
        }
        if (!setter || serverSide(setter) || inUserOptOut(ref) || fetchesCertificateOnly(model, ref)) continue;
        if (setter.type === "assignment" && setsServerContext(setter)) continue;
        report({
          start: ref.startIndex,
          end: ref.endIndex,
          message:
            "`ssl.CERT_NONE` turns off certificate verification of the peer: anyone on the path can impersonate it (CWE-295). Use `ssl.CERT_REQUIRED` with a CA file.",
        });
      }
    }
  },
};
