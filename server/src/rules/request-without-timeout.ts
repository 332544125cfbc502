// SEC010: HTTP requests (requests, and httpx with timeout=None) that can wait forever.
import type { ClassInfo, FunctionInfo, ModuleModel } from "../analysis/model";
import { mentions } from "../analysis/textSearch";
import { calleeNames, canResolveTo, EVERY_CANDIDATE, importedCalls, qualifiedNames } from "../analysis/bindings";
import type { Segment } from "../analysis/model/segments";
import { inScope } from "./reportScope";
import type { Rule } from "./types";

const VERBS = new Set(["get", "post", "put", "patch", "delete", "head", "options", "request", "stream"]);
const REQUESTS_API = /^requests\.(?:api\.)?(?:get|post|put|patch|delete|head|options|request)$/;
const HTTPX_API = /^httpx\.(?:get|post|put|patch|delete|head|options|request|stream)$/;
const SESSION_CLASSES = new Set(["requests.Session", "requests.session", "requests.sessions.Session"]);
const HTTPX_CLIENTS = new Set(["httpx.Client", "httpx.AsyncClient"]);
/** Every qualified name the above stand for. */
const HTTP_NAMES = [
  ...["get", "post", "put", "patch", "delete", "head", "options", "request"].flatMap((v) => [
    `requests.${v}`,
    `requests.api.${v}`,
  ]),
  ...["get", "post", "put", "patch", "delete", "head", "options", "request", "stream"].map((v) => `httpx.${v}`),
  ...SESSION_CLASSES,
  ...HTTPX_CLIENTS,
];

interface SessionVariable {
  fn: FunctionInfo | null;
  name: string;
  kind: "requests" | "httpx";
  /** Where the binding starts and where it stops being in force (a `with` block's end). */
  start: number;
  end: number;
}

/** Sessions kept on an object: `self.session = requests.Session()` in a class, by class and attribute. */
type SessionAttributes = Map<ClassInfo, Map<string, "requests" | "httpx">>;

/** Session variables (`s = requests.Session()`, `with requests.Session() as s:`) and attributes, found from the constructor calls. */
function sessionVariables(model: ModuleModel, attributes: SessionAttributes): SessionVariable[] {
  const out: SessionVariable[] = [];
  for (const call of importedCalls(model, EVERY_CANDIDATE)) {
    const kind = calleeNames(model, call, EVERY_CANDIDATE, (n) => SESSION_CLASSES.has(n) || HTTPX_CLIENTS.has(n))[0];
    if (!kind) continue;
    const lib = SESSION_CLASSES.has(kind) ? "requests" : "httpx";
    const parent = call.node.parent;
    if (parent?.type === "assignment" && parent.childForFieldName("right")?.id === call.node.id) {
      const left = parent.childForFieldName("left");
      const cls = call.context.fn?.parentClass;
      if (left?.type === "identifier")
        out.push({ fn: call.context.fn, name: left.text, kind: lib, start: parent.startIndex, end: Infinity });
      else if (left?.type === "attribute" && left.childForFieldName("object")?.text === "self" && cls) {
        let byName = attributes.get(cls);
        if (!byName) attributes.set(cls, (byName = new Map()));
        byName.set(left.childForFieldName("attribute")?.text ?? "", lib);
      }
    } else if (parent?.type === "as_pattern") {
      const target = parent.childForFieldName("alias");
      let statement = parent.parent;
      while (statement && statement.type !== "with_statement") statement = statement.parent;
      if (target && statement)
        out.push({
          fn: call.context.fn,
          name: target.text,
          kind: lib,
          start: parent.startIndex,
          end: statement.endIndex,
        });
    }
  }
  return out;
}

/**
 * The session kept in `self.<attribute>` by the class or by a base class defined in the same file
 * (`self._session = requests.Session()` in the base's `_build_session`, used by a subclass).
 */
function inheritedSession(
  model: ModuleModel,
  attributes: SessionAttributes,
  cls: ClassInfo,
  attribute: string,
  depth = 0,
): "requests" | "httpx" | null {
  const own = attributes.get(cls)?.get(attribute);
  if (own || depth > 8) return own ?? null;
  for (const base of cls.bases) {
    const parent = model.classes.find((c) => c.name === base && !c.parentClass && !c.parentFunction);
    const found = parent && parent !== cls ? inheritedSession(model, attributes, parent, attribute, depth + 1) : null;
    if (found) return found;
  }
  return null;
}

/**
 * What a call's verdict reads of other segments (for findings reuse in the editor): sessions kept
 * on objects, `self.x = <call>` in another method or a base class. Every attribute assigned a
 * call's value, with the callee as written: more than sessions, never less.
 */
function attributeCallReads(segment: Segment): string {
  const out: string[] = [];
  for (const a of segment.facts.assignments) {
    const left = a.left;
    const right = left.type === "attribute" ? a.right : null;
    if (right?.type === "call") out.push(`${left.text}=${right.childForFieldName("function")?.text ?? ""}`);
  }
  return out.join(";");
}

/** Parameters annotated as a session (`session: requests.Session`): their type is evident. */
function annotatedSessions(model: ModuleModel): SessionVariable[] {
  const out: SessionVariable[] = [];
  for (const fn of model.functions) {
    for (const p of fn.parameters) {
      const annotation = p.annotation?.type === "type" ? p.annotation.namedChild(0) : p.annotation;
      if (!annotation || (annotation.type !== "identifier" && annotation.type !== "attribute")) continue;
      const q = qualifiedNames(model, annotation.text, EVERY_CANDIDATE);
      const kind = q.some((n) => SESSION_CLASSES.has(n))
        ? "requests"
        : q.some((n) => HTTPX_CLIENTS.has(n))
          ? "httpx"
          : null;
      if (kind) out.push({ fn, name: p.name, kind, start: fn.node.startIndex, end: fn.node.endIndex });
    }
  }
  return out;
}

export const requestWithoutTimeout: Rule = {
  meta: {
    code: "SEC010",
    commentBlind: true,
    name: "request-without-timeout",
    category: "security",
    reviewPoint: null,
    preview: false,
    severity: "warning",
    fixable: "never",
    skipsTestFiles: true,
    summary: "An HTTP request is made with no timeout (requests), or with `timeout=None`.",
    rationale:
      "requests waits for ever by default: a server that accepts the connection and never answers hangs the caller, and enough such calls exhaust its workers (CWE-400). " +
      "Pass `timeout=` (seconds, or a (connect, read) pair). httpx has a 5-second default and is reported only for `timeout=None`. " +
      "Sessions are followed when their type is evident: a local or module-level `requests.Session()`, `self.session = requests.Session()` in the class or a base class in the same file, a parameter annotated `requests.Session`. " +
      "Not reported: calls passing `**kwargs` (they may carry a timeout), sessions of unknown type, test files.",
    example: "resp = requests.get(url)",
    useInstead: "resp = requests.get(url, timeout=(3.05, 30))",
    bandit: ["B113"],
    cwe: 400,
    // (a call is judged in its function; module-level sessions and signatures are outline; sessions
    // kept on `self` elsewhere are read by attributeCallReads)
    scope: "segment",
  },
  readsOfSegment: attributeCallReads,
  check({ model, text, only, report }) {
    // no import can lead to a request or a session (cheap: no text is read), or neither library is named
    if (!canResolveTo(model, HTTP_NAMES, EVERY_CANDIDATE) || !mentions(text, "requests", "httpx")) return;
    // Session constructors are imported calls: with none in the file, only calls through an
    // import (`requests.get`) can be requests, and the others need not be looked at.
    const attributes: SessionAttributes = new Map();
    const sessions = sessionVariables(model, attributes);
    const annotated = mentions(text, "Session", "Client") ? annotatedSessions(model) : [];
    const anySession = sessions.length || attributes.size || annotated.length;
    for (const call of inScope(only, anySession ? model.calls : importedCalls(model, EVERY_CANDIDATE))) {
      const callee = call.callee;
      if (!callee) continue;
      const dot = callee.lastIndexOf(".");
      let library: "requests" | "httpx" | null = null;
      const names = calleeNames(model, call, EVERY_CANDIDATE, (n) => REQUESTS_API.test(n) || HTTPX_API.test(n));
      if (names.some((n) => REQUESTS_API.test(n))) library = "requests";
      else if (names.some((n) => HTTPX_API.test(n))) library = "httpx";
      else if (dot > 0 && VERBS.has(callee.slice(dot + 1)) && !callee.slice(0, dot).includes(".")) {
        const receiver = callee.slice(0, dot);
        const at = call.node.startIndex;
        // the last binding of that name in the same function before the call
        const fn = call.context.fn;
        const local = sessions.filter((v) => v.fn === fn && v.name === receiver && v.start < at && at < v.end).pop();
        // a module-level session (`_SESSION = requests.Session()`) used in a function that does not rebind the name
        const global =
          fn && !local && !fn.parameters.some((p) => p.name === receiver)
            ? sessions.find((v) => v.fn === null && v.name === receiver)
            : undefined;
        const bound = local ?? global ?? annotated.find((v) => v.fn === fn && v.name === receiver);
        library = bound?.kind ?? null;
      } else if (dot > 0 && VERBS.has(callee.slice(dot + 1)) && callee.startsWith("self.")) {
        // `self.session.get(...)`, the class having made `self.session = requests.Session()`
        const attribute = callee.slice(5, dot);
        const cls = call.context.fn?.parentClass;
        library = (!attribute.includes(".") && cls && inheritedSession(model, attributes, cls, attribute)) || null;
      }
      if (!library) continue;
      const timeout = call.keywords.get("timeout");
      if (timeout && timeout.type !== "none") continue;
      if (!timeout && (call.hasSplat || library === "httpx")) continue; // **kwargs may carry it; httpx defaults to 5 s
      report({
        start: call.node.startIndex,
        end: call.node.endIndex,
        message: timeout
          ? `\`${callee}(..., timeout=None)\` can wait for ever on a server that never answers (CWE-400): pass a timeout in seconds.`
          : `\`${callee}()\` has no timeout, so it waits for ever on a server that never answers (CWE-400): pass \`timeout=\` in seconds.`,
      });
    }
  },
};
