// Where a value comes from, when the enclosing function shows it (SEC002, SEC003): the contents
// of a file it opens (and whether that file is in a shared temp directory), a network
// response or socket, the program's own serialized value (`pickle.dumps`), its configuration,
// or a parameter (the caller's value). Followed through the names the function binds
// (assignments, `with ... as f`, `for x in ...`, `x += ...`) and through the calls that only
// transform a value (`base64.b64decode(x)`, `x.split()`, `x[i]`); each answer is a guess from
// what is visible, so the rules use it to stay silent, never to report.
import type { Node } from "web-tree-sitter";
import { isWordCode } from "./chars";
import type { FunctionInfo, ModuleModel } from "./model";

export type Origin =
  /** the contents of a file, with the expression naming its path when seen */
  | { kind: "file"; path: Node | null; temp: boolean }
  /** a network response, a socket, a request or message body */
  | { kind: "network" }
  /** a value this program serialized itself (`pickle.dumps(x)`) */
  | { kind: "serialized" }
  /** the program's configuration (`self.config.x`, `CONF.x`, `settings["x"]`) */
  | { kind: "config" }
  /** a parameter of the enclosing function, as given */
  | { kind: "parameter"; name: string }
  | { kind: "unknown" };

const UNKNOWN: Origin = { kind: "unknown" };
/** A name met again while following it (`s = s.replace(...)`): says nothing either way. */
const CYCLE: Origin = { kind: "unknown" };

/** Methods that read what an open file or response holds. */
const READERS = new Set(["read", "readline", "readlines", "read_bytes", "read_text", "getvalue", "read1"]);
/** Socket reads. */
const RECEIVERS = new Set(["recv", "recvfrom", "recv_into", "recvmsg", "recv_bytes", "recv_multipart", "recv_pyobj"]);
/** Functions that transform their first argument without changing where it came from. */
const TRANSFORMS = new Set([
  "b64decode",
  "urlsafe_b64decode",
  "decodebytes",
  "decodestring",
  "a2b_base64",
  "unhexlify",
  "fromhex",
  "decompress",
  "bytes",
  "bytearray",
  "str",
  "str_to_bytes",
  "closing",
  "BytesIO",
  "StringIO",
]);
/** Methods that transform their object so. */
const METHOD_TRANSFORMS = new Set(["decode", "encode", "strip", "rstrip", "lstrip", "split", "splitlines", "replace"]);
/** Calls that open a response or connection stream. */
const NETWORK_OPENERS = /^(?:urlopen|getresponse|http_connect|request|get|post|put|accept|create_connection|connect)$/;
/** Names of objects that hold a response, request or message. */
const NETWORK_NAMES = /^(?:resp|response|res|reply|req|request|msg|message|sock|socket|conn|connection)(?:_|$)/i;
/** Attributes that hold a body on such objects. */
const BODIES = new Set(["body", "data", "content", "payload", "text", "raw", "json", "files", "form", "args"]);
/** A configuration object or table: `config`, `conf`, `CONF`, `settings`, `options`, `configsizes`. */
const CONFIG_NAME = /^(?:conf|cfg|settings|options|opts)$|^config/i;
/** A temp directory in a path expression. */
const TEMP_PATH = /gettempdir|mkdtemp|['"](?:\/tmp|\/var\/tmp|\/dev\/shm)(?:\/|['"])/;

function mentionsWord(text: string, word: string): boolean {
  for (let i = text.indexOf(word); i >= 0; i = text.indexOf(word, i + 1)) {
    if (!isWordCode(text.charCodeAt(i - 1)) && !isWordCode(text.charCodeAt(i + word.length))) return true;
  }
  return false;
}

function lastPart(callee: Node | null): string | null {
  if (!callee) return null;
  if (callee.type === "identifier") return callee.text;
  if (callee.type === "attribute") return callee.childForFieldName("attribute")?.text ?? null;
  return null;
}

function firstArgument(call: Node): Node | null {
  const args = call.childForFieldName("arguments");
  return args?.namedChildren.find((c) => c && c.type !== "comment" && c.type !== "keyword_argument") ?? null;
}

/** Is this expression a path in a shared temp directory (through one name in `fn`)? */
function isTempPath(model: ModuleModel, fn: FunctionInfo | null, path: Node | null, seen: Set<string>): boolean {
  if (!path) return false;
  if (TEMP_PATH.test(path.text)) return true;
  if (path.type === "identifier" && !seen.has(path.text)) {
    seen.add(path.text);
    return bindingsOf(model, fn, path.text, path.startIndex).some((b) => isTempPath(model, fn, b, seen));
  }
  return false;
}

/** The values bound to `name` in `fn` before `before`: assignment values, `with` items, loop iterables, `+=` operands. */
export function bindingsOf(model: ModuleModel, fn: FunctionInfo | null, name: string, before: number): Node[] {
  const out: Node[] = [];
  const ids = fn ? model.identifiersNamedIn(name, fn.node.startIndex, fn.node.endIndex) : model.identifiersNamed(name);
  for (const id of ids) {
    if (id.startIndex >= before) break;
    if (model.innermostFunction(id.startIndex, id.endIndex) !== fn) continue;
    let p = id.parent;
    while (p && (p.type === "pattern_list" || p.type === "tuple_pattern" || p.type === "expression_list")) p = p.parent;
    if (!p) continue;
    // (an assignment holding the use: `x = f(x)` binds after it)
    if ((p.type === "assignment" || p.type === "augmented_assignment") && p.startIndex <= before && before < p.endIndex)
      continue;
    const inLeft = (field: string): boolean => {
      const left = p?.childForFieldName(field);
      return !!left && left.startIndex <= id.startIndex && id.endIndex <= left.endIndex;
    };
    if ((p.type === "assignment" || p.type === "augmented_assignment") && inLeft("left")) {
      const right = p.childForFieldName("right");
      if (right) out.push(right);
    } else if (p.type === "for_statement" && inLeft("left")) {
      const right = p.childForFieldName("right");
      if (right) out.push(right);
    } else if (p.type === "as_pattern_target") {
      const item = p.parent?.namedChild(0);
      if (item) out.push(item);
    }
  }
  return out;
}

/** Where the value of `node` (an expression in `fn`) comes from, as far as `fn` shows. */
export function originOf(model: ModuleModel, fn: FunctionInfo | null, node: Node): Origin {
  const o = origin(model, fn, node, new Set(), 0);
  return o === CYCLE ? UNKNOWN : o;
}

function origin(model: ModuleModel, fn: FunctionInfo | null, node: Node, seen: Set<string>, depth: number): Origin {
  if (depth > 8) return UNKNOWN;
  const next = (n: Node | null): Origin => (n ? origin(model, fn, n, seen, depth + 1) : UNKNOWN);
  switch (node.type) {
    case "parenthesized_expression":
    case "await":
      return next(node.namedChild(0));
    case "subscript": {
      const value = node.childForFieldName("value");
      const o = next(value);
      // settings["x"], CONF["x"]
      if (o.kind === "unknown" && value && CONFIG_NAME.test(lastPart(value) ?? "")) return { kind: "config" };
      return o;
    }
    case "attribute": {
      const object = node.childForFieldName("object");
      const attribute = node.childForFieldName("attribute")?.text ?? "";
      if (object && (CONFIG_NAME.test(lastPart(object) ?? "") || CONFIG_NAME.test(attribute)))
        return { kind: "config" };
      if (object && BODIES.has(attribute) && NETWORK_NAMES.test(lastPart(object) ?? "")) return { kind: "network" };
      if (object?.type === "identifier" && object.text === "self") return selfAttributeOrigin(model, fn, attribute);
      return UNKNOWN;
    }
    case "identifier": {
      const name = node.text;
      if (seen.has(name)) return CYCLE;
      seen.add(name);
      const values = bindingsOf(model, fn, name, node.startIndex);
      if (!values.length) return fn?.parameters.some((p) => p.name === name) ? { kind: "parameter", name } : UNKNOWN;
      // every binding must agree (a literal start such as `data = b""` says nothing)
      let agreed: Origin | null = null;
      for (const v of values) {
        if (
          v.type === "string" ||
          v.type === "integer" ||
          v.type === "none" ||
          v.type === "list" ||
          v.type === "dictionary"
        )
          continue;
        // `x = f(x)`: the same value, changed (a decoding, a decryption): says nothing new
        if (mentionsWord(v.text, name)) continue;
        const o = next(v);
        if (o === CYCLE) continue;
        if (o.kind === "unknown") return UNKNOWN;
        if (!agreed) agreed = o;
        else if (agreed.kind !== o.kind) return UNKNOWN;
      }
      return agreed ?? UNKNOWN;
    }
    case "call":
      return callOrigin(model, fn, node, seen, depth);
    default:
      return UNKNOWN;
  }
}

function callOrigin(model: ModuleModel, fn: FunctionInfo | null, call: Node, seen: Set<string>, depth: number): Origin {
  const callee = call.childForFieldName("function");
  const name = lastPart(callee);
  if (!name) return UNKNOWN;
  const object = callee?.type === "attribute" ? callee.childForFieldName("object") : null;
  const next = (n: Node | null): Origin => (n ? origin(model, fn, n, seen, depth + 1) : UNKNOWN);
  if (name === "dumps") return { kind: "serialized" };
  if (name === "open" || name === "fdopen") {
    const path = firstArgument(call);
    return { kind: "file", path, temp: isTempPath(model, fn, path, new Set()) };
  }
  if (name === "getxattr") return { kind: "file", path: null, temp: false };
  if (RECEIVERS.has(name)) return { kind: "network" };
  if (NETWORK_OPENERS.test(name) && object && NETWORK_NAMES.test(lastPart(object) ?? "")) return { kind: "network" };
  if (name === "urlopen" || name === "getresponse") return { kind: "network" };
  if (READERS.has(name) && object) {
    const o = next(object);
    if (o.kind !== "unknown") return o;
    // `resp.read()` on a response whose making is out of sight
    return NETWORK_NAMES.test(lastPart(object) ?? "") ? { kind: "network" } : UNKNOWN;
  }
  if (TRANSFORMS.has(name)) return next(firstArgument(call));
  if (METHOD_TRANSFORMS.has(name) && object) return next(object);
  // a reader made from a file name: `RingReader(filename)`, `GzipFile(path)`
  const first = firstArgument(call);
  if (first && /(?:^|_)(?:file|filename|fname|path|filepath)$/i.test(lastPart(first) ?? ""))
    return { kind: "file", path: first, temp: isTempPath(model, fn, first, new Set()) };
  return UNKNOWN;
}

/** The file at `path` (an expression in `fn`), in a shared temp directory or not. */
export function fileOrigin(model: ModuleModel, fn: FunctionInfo | null, path: Node): Origin {
  return { kind: "file", path, temp: isTempPath(model, fn, path, new Set()) };
}

/** `self.x` when every assignment to it in the file's class bodies is the program's own serialization (`self._meta = marshal.dumps(meta)`). */
function selfAttributeOrigin(model: ModuleModel, fn: FunctionInfo | null, attribute: string): Origin {
  const cls = fn?.parentClass;
  if (!cls) return UNKNOWN;
  let found = false;
  for (const a of model.assignments) {
    const left = a.left;
    if (left.type !== "attribute" || left.childForFieldName("attribute")?.text !== attribute) continue;
    if (left.childForFieldName("object")?.text !== "self" || a.context.fn?.parentClass !== cls) continue;
    if (!isOwnSerialization(a.right)) return UNKNOWN;
    found = true;
  }
  return found ? { kind: "serialized" } : UNKNOWN;
}

/** `x.dumps(...)`, or `None if c else x.dumps(...)`. */
function isOwnSerialization(value: Node | null): boolean {
  if (!value) return false;
  if (value.type === "none") return true;
  if (value.type === "conditional_expression")
    return value.namedChildren.every((c, i) => !c || i === 1 || isOwnSerialization(c));
  if (value.type !== "call") return false;
  return lastPart(value.childForFieldName("function")) === "dumps";
}

/**
 * Is `fn` a consumer handed to the same call as a producer of the same file whose result is
 * its own serialization (`tasks.add_task(read_process, chunk, merge)`, where `read_process`
 * returns `pickle.dumps(...)`)? Its parameters then hold what the program's own worker sent back.
 */
export function consumesOwnProducer(model: ModuleModel, fn: FunctionInfo): boolean {
  const name = fn.name;
  for (const id of model.identifiersNamed(name)) {
    const args = id.parent;
    if (args?.type !== "argument_list") continue;
    for (const other of args.namedChildren) {
      if (other?.type !== "identifier" || other.text === name) continue;
      const producer = model.functions.find((f) => f.name === other.text);
      if (
        producer?.returns.some((r) => {
          const value = r.node.namedChild(0);
          return value?.type === "call" && lastPart(value.childForFieldName("function")) === "dumps";
        })
      )
        return true;
    }
  }
  return false;
}
