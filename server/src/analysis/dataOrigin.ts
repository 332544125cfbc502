// Where a value comes from, when the enclosing function shows it (SEC002, SEC003): the contents
// of a file it opens (and whether that file is in a shared temp directory), a network
// response or socket, the program's own serialized value (`pickle.dumps`), its configuration,
// its command line, the output of a program it runs, a program found on the PATH, or a parameter
// (the caller's value). The user's own programs (login shell, `$EDITOR`) count as configuration.
// Followed through the names the function binds (assignments, `with ... as f`, `for x in ...`,
// `x += ...`), through `self.x` set elsewhere in the class, and through the calls that only
// transform a value (`base64.b64decode(x)`, `x.split()`, `x[i]`) or read an open file
// (`compile_template(f)`); each answer is a guess from what is visible, so the rules use it to
// stay silent, never to report.
import type { Node } from "web-tree-sitter";
import { isWordCode } from "./chars";
import type { FunctionInfo, ModuleModel } from "./model";
import { callerArguments, containerWrites, isPrivate, type Placed } from "./ownStore";

export type Origin =
  /** the contents of a file, with the expression naming its path when seen */
  | { kind: "file"; path: Node | null; temp: boolean }
  /** a network response, a socket, a request or message body */
  | { kind: "network" }
  /** a value this program serialized itself (`pickle.dumps(x)`) */
  | { kind: "serialized" }
  /** the program's configuration (`self.config.x`, `CONF.x`, `settings["x"]`, `ui.config("section", "x")`) */
  | { kind: "config" }
  /** the output of a program this one runs itself (`popen(cmd).read()`, `Popen(...).stdout`) */
  | { kind: "process" }
  /** the command line the program was started with (`sys.argv`, `parser.parse_args()`) */
  | { kind: "argv" }
  /** a program found on the PATH (`shutil.which("less")`, `module.get_bin_path("crontab")`) */
  | { kind: "program" }
  /** a parameter of the enclosing function, as given */
  | { kind: "parameter"; name: string }
  | { kind: "unknown" };

const UNKNOWN: Origin = { kind: "unknown" };
/** A name met again while following it (`s = s.replace(...)`): says nothing either way. */
const CYCLE: Origin = { kind: "unknown" };

/** Methods that read what an open file or response holds. */
const READERS = new Set(["read", "readline", "readlines", "getvalue", "read1", "communicate"]);
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
/** Calls that open a file (`open`, `gzip.open`, `self._open`, `open_`, `os.fdopen`). */
const FILE_OPENERS = /^_*(?:open|fdopen)_*$/;
/** Calls that start a program and hand back its output or its pipes. */
const PROCESS_OUTPUT = /^(?:check_output|getoutput|popen[234]?|Popen)$/;
/** Calls that find a program on the PATH and return its path. */
const PROGRAM_LOCATORS = /^(?:which|get_bin_path|find_executable|find_program|find_binary)$/;
/** The user's own programs, as their account or environment names them: a login shell, an editor, a pager. */
const USER_PROGRAM_VARIABLES = /^['"](?:SHELL|EDITOR|VISUAL|PAGER)['"]$/;
/** Calls that return the command line's parsed arguments. */
const ARGV_PARSERS = /^parse(?:_known)?_args$/;
/** pathlib's whole-file reads: the file is named by the object. */
const PATH_READERS = new Set(["read_bytes", "read_text"]);
/** A temp directory in a path expression. */
const TEMP_PATH = /gettempdir|mkdtemp|['"](?:\/tmp|\/var\/tmp|\/dev\/shm)(?:\/|['"])/;

/** One-line string literals (`"x"`, `b'x'`): a word in one names no variable (`ui.config(b"ui", b"cmd")`). */
const STRING_LITERAL = /(["'])(?:\\.|(?!\1)[^\\\n])*\1/g;

function mentionsWord(code: string, word: string): boolean {
  if (code.indexOf(word) < 0) return false;
  const text = code.includes('"') || code.includes("'") ? code.replace(STRING_LITERAL, '""') : code;
  for (let i = text.indexOf(word); i >= 0; i = text.indexOf(word, i + 1)) {
    // (`self.db` does not mention `db`: an attribute is another value)
    const before = text.charCodeAt(i - 1);
    if (!isWordCode(before) && before !== 46 && !isWordCode(text.charCodeAt(i + word.length))) return true;
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
    case "assignment":
      // `f, path = info = find_module(...)`: the chained value
      return next(node.childForFieldName("right"));
    case "subscript": {
      const value = node.childForFieldName("value");
      if (isUserProgramVariable(value, node.childForFieldName("subscript"))) return { kind: "config" };
      // `pwd.getpwnam(user)[6]`: the login shell field of the account database
      if (value?.type === "call" && /(?:^|\.)getpw(?:nam|uid)$/.test(value.childForFieldName("function")?.text ?? ""))
        return node.childForFieldName("subscript")?.text === "6" ? { kind: "config" } : UNKNOWN;
      const o = next(value);
      // settings["x"], CONF["x"]
      if (o.kind === "unknown" && value && CONFIG_NAME.test(lastPart(value) ?? "")) return { kind: "config" };
      // `self._cache[key]`, a container the class fills only with its own values
      if (o.kind === "unknown" && value?.type === "attribute" && value.childForFieldName("object")?.text === "self")
        return containerOrigin(model, fn, value.childForFieldName("attribute")?.text ?? "", depth);
      return o;
    }
    case "attribute": {
      const object = node.childForFieldName("object");
      const attribute = node.childForFieldName("attribute")?.text ?? "";
      if (object && (CONFIG_NAME.test(lastPart(object) ?? "") || CONFIG_NAME.test(attribute)))
        return { kind: "config" };
      if (object && BODIES.has(attribute) && NETWORK_NAMES.test(lastPart(object) ?? "")) return { kind: "network" };
      if (node.text === "sys.argv") return { kind: "argv" };
      // the user's login shell from the account database (`pwd.getpwnam(user).pw_shell`): their own choice
      if (attribute === "pw_shell") return { kind: "config" };
      // `proc.stdout` of a process started here
      if (object && (attribute === "stdout" || attribute === "stderr")) {
        const o = next(object);
        if (o.kind === "process") return o;
      }
      if (object?.type === "identifier" && object.text === "self")
        return selfAttributeOrigin(model, fn, attribute, depth);
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
      let transformed = false;
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
        if (mentionsWord(v.text, name)) {
          transformed = true;
          continue;
        }
        const o = next(v);
        if (o === CYCLE) continue;
        if (o.kind === "unknown") return UNKNOWN;
        if (!agreed) agreed = o;
        else if (agreed.kind !== o.kind) return UNKNOWN;
      }
      // `s = base64.decodebytes(s)` on a parameter: still the caller's value
      if (!agreed && transformed && fn?.parameters.some((p) => p.name === name)) return { kind: "parameter", name };
      return agreed ?? UNKNOWN;
    }
    case "call":
      return callOrigin(model, fn, node, seen, depth);
    case "boolean_operator": {
      // `x or "/bin/sh"`: a literal fallback says nothing of where `x` comes from
      const right = node.childForFieldName("right");
      return right?.type === "string" ? next(node.childForFieldName("left")) : UNKNOWN;
    }
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
  if (FILE_OPENERS.test(name)) {
    const path = firstArgument(call);
    return { kind: "file", path, temp: isTempPath(model, fn, path, new Set()) };
  }
  // a module's compiled file found on the import path: the same trust as importing it
  if (name === "getxattr" || name === "find_module") return { kind: "file", path: null, temp: false };
  if (PATH_READERS.has(name) && object)
    return { kind: "file", path: object, temp: isTempPath(model, fn, object, new Set()) };
  if (PROCESS_OUTPUT.test(name)) return { kind: "process" };
  if (PROGRAM_LOCATORS.test(name)) return { kind: "program" };
  // `os.environ.get("EDITOR", "vi")`, `os.getenv("SHELL")`: the program the user chose for themselves
  if ((name === "get" && object && isEnviron(object)) || name === "getenv") {
    const first = firstArgument(call);
    if (first && USER_PROGRAM_VARIABLES.test(first.text)) return { kind: "config" };
  }
  if (ARGV_PARSERS.test(name)) return { kind: "argv" };
  // `ui.config("section", "name")`, `conf.get("x")`: a configured value
  if (object && (CONFIG_NAME.test(name) || (name === "get" && CONFIG_NAME.test(lastPart(object) ?? ""))))
    return { kind: "config" };
  if (RECEIVERS.has(name)) return { kind: "network" };
  if (NETWORK_OPENERS.test(name) && object && NETWORK_NAMES.test(lastPart(object) ?? "")) return { kind: "network" };
  if (name === "urlopen" || name === "getresponse") return { kind: "network" };
  // `self.envelope_file(name)`: the file's own helper that returns a file it opens
  const helper = helperFileOrigin(model, name, depth);
  if (helper) return helper;
  if (READERS.has(name) && object) {
    // `vfs.read("state")`: a file named by a string is read whole (a stream's `read` takes a size)
    const first = firstArgument(call);
    if (name === "read" && first && (first.type === "string" || first.type === "concatenated_string"))
      return { kind: "file", path: first, temp: isTempPath(model, fn, first, new Set()) };
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
  // what a reader makes of a file this function opened (`compile_template(f, path)`, `Reader(f)`)
  if (first?.type === "identifier") {
    const o = next(first);
    if (o.kind === "file") return o;
  }
  return UNKNOWN;
}

function isEnviron(node: Node | null): boolean {
  return !!node && (node.text === "os.environ" || node.text === "environ");
}

/** `os.environ["EDITOR"]`. */
function isUserProgramVariable(value: Node | null, key: Node | null): boolean {
  return isEnviron(value) && !!key && USER_PROGRAM_VARIABLES.test(key.text);
}

/** The file at `path` (an expression in `fn`), in a shared temp directory or not. */
export function fileOrigin(model: ModuleModel, fn: FunctionInfo | null, path: Node): Origin {
  return { kind: "file", path, temp: isTempPath(model, fn, path, new Set()) };
}

/**
 * `self.x` when every assignment to it in the file's class bodies agrees: the program's own
 * serialization (`self._meta = marshal.dumps(meta)`), a file it opens (`self.db = dbm.open(path)`),
 * or a program it runs.
 */
function selfAttributeOrigin(model: ModuleModel, fn: FunctionInfo | null, attribute: string, depth: number): Origin {
  const cls = fn?.parentClass;
  if (!cls || depth > 4) return UNKNOWN;
  let agreed: Origin | null = null;
  for (const a of model.assignments) {
    const left = a.left;
    if (left.type !== "attribute" || left.childForFieldName("attribute")?.text !== attribute) continue;
    if (left.childForFieldName("object")?.text !== "self" || a.context.fn?.parentClass !== cls) continue;
    if (a.right?.type === "none") continue;
    const o: Origin = isOwnSerialization(a.right)
      ? { kind: "serialized" }
      : a.right
        ? (constructorOrigin(model, a.context.fn, a.right, depth) ??
          origin(model, a.context.fn, a.right, new Set(), depth + 4))
        : UNKNOWN;
    if (o.kind !== "serialized" && o.kind !== "file" && o.kind !== "process" && o.kind !== "program") return UNKNOWN;
    if (!agreed || agreed.kind === "serialized") agreed = o;
    else if (o.kind === "file" && agreed.kind === "file") agreed = agreed.temp ? agreed : o;
    else if (o.kind !== agreed.kind && o.kind !== "serialized") return UNKNOWN;
  }
  return agreed ?? UNKNOWN;
}

/**
 * `self._stdout = stdout` in `__init__`: where the file's own constructions of the class take
 * that argument from (`logstream(proc.stdout)`), when they all agree; null when it is not such a parameter.
 */
function constructorOrigin(model: ModuleModel, init: FunctionInfo | null, value: Node, depth: number): Origin | null {
  const cls = init?.parentClass;
  if (!cls || init?.name !== "__init__" || value.type !== "identifier") return null;
  const index = init.parameters.findIndex((p) => p.name === value.text) - 1;
  if (index < 0) return null;
  let agreed: Origin | null = null;
  for (const call of model.callsWithCalleeEnding(cls.name)) {
    if (call.callee !== cls.name) continue;
    const arg = call.positional[index] ?? call.keywords.get(value.text);
    if (!arg) return UNKNOWN;
    const o = origin(model, call.context.fn, arg, new Set(), depth + 4);
    if (o.kind === "unknown" || (agreed && agreed.kind !== o.kind)) return UNKNOWN;
    agreed = o;
  }
  return agreed ?? UNKNOWN;
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

/** Does `fn` (or a function holding it) fork or make a pipe and also `dump` to it: the program's own children writing what it reads? */
export function readsOwnChildren(fn: FunctionInfo | null): boolean {
  for (let f = fn; f; f = f.parentFunction) {
    const body = f.node.text;
    if (/\b(?:fork|pipe|Pipe)\(/.test(body) && /\.dumps?\(/.test(body)) return true;
  }
  return false;
}

/** Do the placed values all come from one trusted kind (own serialization, a file, config, a program it runs)? */
function agreedOrigin(model: ModuleModel, values: Placed[], depth: number): Origin {
  let agreed: Origin | null = null;
  for (const v of values) {
    let o = isOwnSerialization(v.node) ? SERIALIZED : origin(model, v.fn, v.node, new Set(), depth + 2);
    // `self._store(key, pickled)` → `def _store(self, key, value)`: what the class's own calls pass
    if (o.kind === "parameter" && v.fn && isPrivate(v.fn) && depth < 6)
      o = callersOrigin(model, v.fn, o.name, depth + 2);
    if (o === CYCLE) continue;
    if (o.kind === "unknown" || o.kind === "parameter" || o.kind === "network" || o.kind === "argv") return UNKNOWN;
    if (o.kind === "file" && o.temp) return o;
    if (agreed && agreed.kind !== o.kind) return UNKNOWN;
    agreed ??= o;
  }
  return agreed ?? UNKNOWN;
}

const SERIALIZED: Origin = { kind: "serialized" };

/**
 * Parameter `name` of a private helper (`def _is_expired(self, f)`), from what every call of it
 * in the file passes, when they agree (`with open(path, "rb") as f: self._is_expired(f)`).
 */
export function callersOrigin(model: ModuleModel, fn: FunctionInfo, name: string, depth = 0): Origin {
  if (!isPrivate(fn) || depth > 8) return UNKNOWN;
  const args = callerArguments(model, fn, name);
  return args ? agreedOrigin(model, args, depth) : UNKNOWN;
}

/** `self._cache[key]`: what the class writes into a container it starts empty, when every write agrees. */
function containerOrigin(model: ModuleModel, fn: FunctionInfo | null, attribute: string, depth: number): Origin {
  const cls = fn?.parentClass;
  if (!cls || depth > 4) return UNKNOWN;
  // `value = loads(self._cache[k]) + 1; self._cache[k] = dumps(value)`: a read met while following a write says nothing
  const key = `${cls.start}:${attribute}`;
  if (openContainers.has(key)) return CYCLE;
  const writes = containerWrites(model, cls, attribute);
  if (!writes?.length) return UNKNOWN;
  openContainers.add(key);
  try {
    return agreedOrigin(model, writes, depth);
  } finally {
    openContainers.delete(key);
  }
}

/** The containers whose writes are being followed (one question at a time: origins are computed synchronously). */
const openContainers = new Set<string>();

/** A call of a function of this file (`self.envelope_file(m)`, `queue.envelope_file(m)`) whose every return opens a file. */
function helperFileOrigin(model: ModuleModel, name: string, depth: number): Origin | null {
  if (depth > 4) return null;
  let found: Origin | null = null;
  for (const f of model.functions) {
    if (f.name !== name) continue;
    if (!f.returns.length || f.yields.length) return null;
    for (const r of f.returns) {
      const value = r.node.namedChild(0);
      const o = value?.type === "call" ? callOrigin(model, f, value, new Set(), depth + 4) : UNKNOWN;
      if (o.kind !== "file") return null;
      if (!found || o.temp) found = o;
    }
  }
  return found;
}
