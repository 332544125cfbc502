// SEC006: `tempfile.mktemp` and files written at predictable paths in shared temp directories.
import type { Node } from "web-tree-sitter";
import type { CallInfo, FunctionInfo, ModuleModel } from "../analysis/model";
import {
  builtinCallee,
  calleeNames,
  canResolveTo,
  EVERY_CANDIDATE,
  importedCalls,
  qualifiedNames,
} from "../analysis/bindings";
import { dottedName, stringParts } from "../analysis/syntax";
import { bindingsOf } from "../analysis/dataOrigin";
import { leadingText, TEMP_DIR, tempConstants, tempPathDefaults } from "../analysis/tempPaths";
import type { Rule } from "./types";
import { mentions } from "../analysis/textSearch";

const MKTEMP = new Set(["tempfile.mktemp", "os.tempnam", "os.tmpnam"]);
const OPENERS = new Set(["io.open", "codecs.open", "os.open", "builtins.open"]);
const PATH_CLASSES = new Set(["pathlib.Path", "pathlib.PosixPath"]);
const PATH_WRITERS = new Set(["write_text", "write_bytes", "touch", "open"]);

export const insecureTempfile: Rule = {
  meta: {
    code: "SEC006",
    name: "insecure-tempfile",
    category: "security",
    reviewPoint: null,
    preview: false,
    severity: "warning",
    commentBlind: true,
    fixable: "never",
    summary: "`tempfile.mktemp()` is used, or a file is written at a fixed path under /tmp, /var/tmp or /dev/shm.",
    rationale:
      "A predictable name in a world-writable directory can be created first by another local user, or be a symlink to a file the program then overwrites (CWE-377). " +
      "`tempfile.mkstemp()`, `NamedTemporaryFile()` and `TemporaryDirectory()` create the file or directory atomically with a random name and private permissions. " +
      "Also reported: a fixed path in a temp directory given as a default (an option's, a look-up's fallback, a parameter's) for files written later. " +
      "Test files are checked too: a race in the shared temp directory is as real on a CI host.",
    notReported:
      "`mktemp()` whose name only labels an in-memory stream (`tarfile.open(name=mktemp(), fileobj=buf)`: no file is made there), " +
      "`mktemp()` whose name nothing creates (every use only looks it up or removes what is there, `os.path.exists(name)`, `delete_if_exists(name)`, or makes it a dangling link's target, `os.symlink(name, link)`), " +
      'a Windows named pipe\'s name (`mktemp(prefix=r"\\\\.\\pipe\\app-", dir="")`), ' +
      "whose name (a local or an attribute of `self`) is first used by a create that fails if the name exists (`os.symlink`, `os.mkdir`, `os.mkfifo`, `os.link`, or binding a UNIX socket there: `sock.bind(name)`, `listenUNIX(name)`, `create_unix_server(path=name)`: a race fails instead of hijacking), " +
      "whose `dir` is a directory the same function or class made with `tempfile.mkdtemp()` (mode 0700: no other user can enter it to take the name; a directory the caller passes in is still reported), " +
      "and the `except ImportError` fallback of `from tempfile import mkstemp`, which every Python 3 has.",
    example: 'path = tempfile.mktemp()\nwith open("/tmp/agent.state", "w") as f:\n    f.write(state)',
    useInstead: 'fd, path = tempfile.mkstemp()\nwith os.fdopen(fd, "w") as f:\n    f.write(state)',
    bandit: ["B306", "B108"],
    cwe: 377,
  },
  check({ model, text, report }) {
    const hasTempDir = mentionsTempDir(text);
    // (mktemp() and the like are called through an import: checked first, as no text is read)
    if (
      !hasTempDir &&
      (!canResolveTo(model, [...MKTEMP], EVERY_CANDIDATE) || !mentions(text, "mktemp", "tmpnam", "tempnam"))
    )
      return;
    const constants = hasTempDir ? tempConstants(model) : new Map<string, string>();
    /** The temp path an expression evaluates to, when it is one we can see. */
    const tempPath = (node: Node | null | undefined, call: CallInfo): string | null => {
      if (!node) return null;
      if (node.type === "identifier") {
        const local = localTempPath(model, node, call);
        if (local !== undefined) return local;
        return constants.get(node.text) ?? null;
      }
      if (node.type === "call") {
        // os.path.join("/tmp", name)
        const fn = dottedName(node.childForFieldName("function"));
        if (fn && qualifiedNames(model, fn, EVERY_CANDIDATE).includes("os.path.join")) {
          const first = node.childForFieldName("arguments")?.namedChildren.find((c) => c && c.type !== "comment");
          return first ? tempPath(first, call) : null;
        }
      }
      const lead = leadingText(node);
      return lead !== null && TEMP_DIR.test(lead) ? lead : null;
    };

    // Without a temp directory in the text only `mktemp()`-like calls, made through an import, can be reported.
    for (const call of hasTempDir ? model.calls : importedCalls(model, EVERY_CANDIDATE)) {
      const callee = call.callee;
      if (!callee) {
        // pathlib.Path("/tmp/x").write_text(...)
        if (hasTempDir) checkPathWriter(call);
        continue;
      }
      const last = callee.slice(callee.lastIndexOf(".") + 1);
      if (calleeNames(model, call, EVERY_CANDIDATE, (n) => MKTEMP.has(n)).length) {
        if (
          onlyLabelsAStream(call.node) ||
          namesWindowsPipe(call) ||
          fallbackForMissingMkstemp(call.node) ||
          createdExclusively(model, call) ||
          neverCreated(model, call) ||
          inOwnPrivateDirectory(model, call)
        )
          continue;
        report({
          start: call.node.startIndex,
          end: call.node.endIndex,
          message: `\`${callee}()\` returns a name that another process can take before this one creates the file (CWE-377): use \`tempfile.mkstemp()\`, \`NamedTemporaryFile()\` or \`TemporaryDirectory()\`.`,
        });
        continue;
      }
      if (!hasTempDir) continue;
      if (last === "open") {
        const isOpen =
          callee === "open"
            ? builtinCallee(model, call, EVERY_CANDIDATE) === "open"
            : calleeNames(model, call, EVERY_CANDIDATE, (n) => OPENERS.has(n)).length > 0;
        if (!isOpen) continue;
        const target =
          call.positional[0] ?? call.keywords.get("file") ?? call.keywords.get("path") ?? call.keywords.get("filename");
        const path = tempPath(target, call);
        if (!path) continue;
        const os = callee !== "open" && calleeNames(model, call, EVERY_CANDIDATE, (n) => n === "os.open").length > 0;
        if (os ? !writesWithFlags(call) : !writesWithMode(call.positional[1] ?? call.keywords.get("mode"))) continue;
        reportPath(call, path);
      }
    }

    for (const d of hasTempDir ? tempPathDefaults(model, constants) : []) {
      const shown = d.path.length > 40 ? `${d.path.slice(0, 40)}…` : d.path;
      report({
        start: d.node.startIndex,
        end: d.node.endIndex,
        message:
          `A fixed path in a shared temp directory (\`${shown}\`) is ${d.how}: whatever is written there, another local user can create it first or plant a symlink (CWE-377); ` +
          "default to a private directory (the user's runtime or state directory, or one made by `tempfile.mkdtemp()`).",
      });
    }

    function checkPathWriter(call: CallInfo): void {
      const fn = call.calleeNode;
      if (fn.type !== "attribute") return;
      const method = fn.childForFieldName("attribute")?.text;
      if (!method || !PATH_WRITERS.has(method)) return;
      const object = fn.childForFieldName("object");
      if (object?.type !== "call") return;
      const cls = dottedName(object.childForFieldName("function"));
      if (!cls || !qualifiedNames(model, cls, EVERY_CANDIDATE).some((n) => PATH_CLASSES.has(n))) return;
      const arg = object.childForFieldName("arguments")?.namedChildren.find((c) => c && c.type !== "comment");
      const path = tempPath(arg, call);
      if (!path) return;
      if (method === "open" && !writesWithMode(call.positional[0] ?? call.keywords.get("mode"))) return;
      reportPath(call, path);
    }

    function reportPath(call: CallInfo, path: string): void {
      const shown = path.length > 40 ? `${path.slice(0, 40)}…` : path;
      report({
        start: call.node.startIndex,
        end: call.node.endIndex,
        message:
          `Writes a file at a predictable path in a shared temp directory (\`${shown}\`): another local user can create it first or plant a symlink there (CWE-377); ` +
          "use `tempfile.mkstemp()`, `NamedTemporaryFile()` or a private directory from `TemporaryDirectory()`.",
      });
    }
  },
};

/** `tarfile.open(name=mktemp(), fileobj=archive)`: the name only labels a stream; no file is made at that path. */
function onlyLabelsAStream(node: Node): boolean {
  const keyword = node.parent;
  if (
    keyword?.type !== "keyword_argument" ||
    !/^(?:name|filename)$/.test(keyword.childForFieldName("name")?.text ?? "")
  )
    return false;
  return !!keyword.parent?.namedChildren.some(
    (k) => k?.type === "keyword_argument" && k.childForFieldName("name")?.text === "fileobj",
  );
}

/** The safe functions whose absence the fallback would be for. */
const SAFE_TEMPFILE =
  /\bfrom\s+tempfile\s+import\b[^\n]*\b(?:mkstemp|mkdtemp|NamedTemporaryFile|TemporaryFile|TemporaryDirectory)\b/;

/** In the `except ImportError` of `try: from tempfile import mkstemp`: a fallback for a Python that has no mkstemp, which none does. */
function fallbackForMissingMkstemp(node: Node): boolean {
  for (let p = node.parent; p; p = p.parent) {
    if (p.type === "function_definition" || p.type === "class_definition") return false;
    if (p.type !== "except_clause" || !/^except\s*\(?\s*(?:ImportError|ModuleNotFoundError)\b/.test(p.text)) continue;
    const body = p.parent?.type === "try_statement" ? p.parent.childForFieldName("body") : null;
    return !!body && SAFE_TEMPFILE.test(body.text);
  }
  return false;
}

/** Creates that fail when the name exists, by the argument that names what they create. */
const EXCLUSIVE_CREATES = new Map([
  ["os.symlink", 1],
  ["os.link", 1],
  ["os.mkdir", 0],
  ["os.mkfifo", 0],
  ["os.mknod", 0],
]);
/**
 * Calls that bind a UNIX socket at the name they are given (`sock.bind(path)`,
 * `reactor.listenUNIX(path, f)`, `loop.create_unix_server(cb, path)`, `UnixStreamServer(path, h)`):
 * bind() fails if anything exists at the path, so it is an exclusive create too.
 */
const UNIX_SOCKET_BINDERS =
  /(?:^|\.)(?:bind|\w*unix\w*(?:listen|serve|server|endpoint)\w*|\w*(?:listen|serve|server)\w*unix\w*)$/i;
/** Calls that only give the name in another form (`pycompat.fsencode(name)`). */
const NAME_FORMS = /(?:^|\.)(?:fsencode|fsdecode|fspath|str|bytes|normpath|abspath|encode|decode)$/;

/**
 * `name = mktemp(dir=d)` whose first use (past conversions) is a create that fails if the name
 * exists (`os.symlink(target, name)`, `os.mkdir(name)`): someone taking the name first makes the
 * create fail; nothing is written through a planted file or link.
 */
function createdExclusively(model: ModuleModel, call: CallInfo): boolean {
  const variable = variableInFunction(call);
  if (!variable) return false;
  for (const id of usesAfter(model, call, variable)) {
    // `create_unix_server(cb, path=name)`: a keyword argument names it as well
    const keyword = id.parent?.type === "keyword_argument" && id.parent.childForFieldName("value")?.id === id.id;
    const args = keyword ? id.parent?.parent : id.parent;
    if (args?.type !== "argument_list") continue;
    const callee = dottedName(args.parent?.childForFieldName("function") ?? null);
    if (!callee) return false;
    // (a client connecting to the name would talk to whoever made it first: not a create)
    if (UNIX_SOCKET_BINDERS.test(callee) && !/client|connect/i.test(callee)) return true;
    if (keyword) return false;
    if (NAME_FORMS.test(callee)) continue;
    const position = EXCLUSIVE_CREATES.get(
      qualifiedNames(model, callee, EVERY_CANDIDATE).find((n) => EXCLUSIVE_CREATES.has(n)) ?? "",
    );
    return position !== undefined && positionalArguments(args)[position]?.id === id.id;
  }
  return false;
}

/**
 * `mktemp(prefix=r"\\.\pipe\app-", dir="")`: a Windows named pipe's name (created with
 * CreateNamedPipe, which fails when the name is taken), not a file in a temp directory.
 */
function namesWindowsPipe(call: CallInfo): boolean {
  const prefix = call.keywords.get("prefix") ?? call.positional[1];
  return !!prefix && /\\{1,2}\.\\{1,2}pipe\\/i.test(prefix.text);
}

/** `name = mktemp(...)` or `self.name = mktemp(...)` inside a function: the target's text and the function, else null. */
function variableInFunction(call: CallInfo): { name: string; fn: FunctionInfo; attribute: boolean } | null {
  const assignment = call.node.parent;
  const target = assignment?.type === "assignment" ? assignment.childForFieldName("left") : null;
  const fn = call.context.fn;
  if (!fn || !target) return null;
  if (target.type === "identifier") return { name: target.text, fn, attribute: false };
  // (`self._path`: the same attribute of the same object read later in the function)
  const object = target.type === "attribute" ? target.childForFieldName("object") : null;
  if (object?.type === "identifier" && /^(?:self|cls)$/.test(object.text))
    return { name: target.text.replace(/\s+/g, ""), fn, attribute: true };
  return null;
}

/**
 * The uses of the variable after the call, in the function, in order: its identifiers, or for
 * `self.name` the attribute expressions spelled so (found by text).
 */
function usesAfter(
  model: ModuleModel,
  call: CallInfo,
  variable: { name: string; fn: FunctionInfo; attribute: boolean },
): Node[] {
  const { name, fn } = variable;
  if (!variable.attribute) return model.identifiersNamedIn(name, call.node.endIndex, fn.node.endIndex);
  const out: Node[] = [];
  const text = model.text;
  const end = fn.node.endIndex;
  for (let i = text.indexOf(name, call.node.endIndex); i >= 0 && i < end; i = text.indexOf(name, i + name.length)) {
    const node = model.root.descendantForIndex(i, i + name.length);
    if (node?.type === "attribute" && node.startIndex === i && node.endIndex === i + name.length) out.push(node);
  }
  return out;
}

/** The arguments of an argument list that are not keywords (splats kept in their places), in order. */
function positionalArguments(args: Node): Node[] {
  return args.namedChildren.filter((c): c is Node => !!c && c.type !== "comment" && c.type !== "keyword_argument");
}

/** Calls that only look a path up or remove what is there: nothing is created at it. */
const LOOKS_UP_OR_REMOVES =
  /^(?:os\.path\.(?:exists|lexists|isfile|isdir|islink)|os\.(?:unlink|remove|stat|lstat)|(?:\w+\.)*delete_if_exists)$/;

/**
 * `name = mktemp()` that nothing creates: every use of the name only looks it up or removes what
 * is there (`delete_if_exists(name)`, `os.path.exists(name)`), or is the target of a link made
 * elsewhere (`os.symlink(name, link)`: a dangling link, on purpose). A file planted there first
 * is never written through. Any other use (an argument to anything else, a return) keeps the finding.
 */
function neverCreated(model: ModuleModel, call: CallInfo): boolean {
  const variable = variableInFunction(call);
  if (!variable) return false;
  let uses = 0;
  for (const id of usesAfter(model, call, variable)) {
    const parent = id.parent;
    // (`os.path`'s `path` is an attribute's name, not a use of the variable; nor is `f(path=...)`'s keyword)
    if (parent?.type === "attribute" && parent.childForFieldName("attribute")?.id === id.id) continue;
    if (parent?.type === "keyword_argument" && parent.childForFieldName("name")?.id === id.id) continue;
    uses++;
    const args = parent;
    if (args?.type !== "argument_list") return false;
    const callee = dottedName(args.parent?.childForFieldName("function") ?? null);
    if (!callee) return false;
    const names = qualifiedNames(model, callee, EVERY_CANDIDATE);
    if (names.some((n) => n === "os.symlink") && positionalArguments(args)[0]?.id === id.id) continue;
    if (!names.some((n) => LOOKS_UP_OR_REMOVES.test(n)) && !LOOKS_UP_OR_REMOVES.test(callee)) return false;
  }
  return uses > 0;
}

/** `tempfile.mkdtemp(...)`: a directory only this user can enter (mode 0700). */
function isMkdtemp(model: ModuleModel, value: Node): boolean {
  const made = value.type === "call" ? model.callOf(value) : null;
  return !!made && calleeNames(model, made, EVERY_CANDIDATE, (n) => n === "tempfile.mkdtemp").length > 0;
}

/**
 * `tempfile.mktemp(dir=d)` (or its third positional argument) where `d` is a directory this code
 * made with `tempfile.mkdtemp()`: a local name every binding of which is one, or an attribute of
 * `self` every assignment of which in the class is one (or None, the directory removed). No other
 * user can enter that directory, so none can take the name; a directory the caller chooses can be shared.
 */
function inOwnPrivateDirectory(model: ModuleModel, call: CallInfo): boolean {
  if (!calleeNames(model, call, EVERY_CANDIDATE, (n) => n === "tempfile.mktemp").length) return false;
  const dir = call.keywords.get("dir") ?? call.positional[2];
  const fn = call.context.fn;
  if (!dir || !fn) return false;
  if (dir.type === "identifier") {
    if (fn.parameters.some((p) => p.name === dir.text)) return false;
    const values = bindingsOf(model, fn, dir.text, call.node.startIndex);
    return values.length > 0 && values.every((v) => isMkdtemp(model, v));
  }
  const cls = fn.parentClass;
  const self = fn.parameters[0]?.name;
  if (dir.type !== "attribute" || !cls || !self || dir.childForFieldName("object")?.text !== self) return false;
  const values = model.assignments
    .filter((a) => a.context.fn?.parentClass === cls && a.left.type === "attribute" && a.left.text === dir.text)
    .map((a) => a.right);
  return (
    values.some((v) => !!v && isMkdtemp(model, v)) &&
    values.every((v) => !!v && (v.type === "none" || isMkdtemp(model, v)))
  );
}

/** `/\/tmp|\/var\/tmp|\/dev\/shm/.test(text)`, from each "/" (far fewer than the letters a search starts from). */
function mentionsTempDir(text: string): boolean {
  for (let i = text.indexOf("/"); i >= 0; i = text.indexOf("/", i + 1)) {
    if (text.startsWith("tmp", i + 1) || text.startsWith("dev/shm", i + 1)) return true; // ("/var/tmp" holds "/tmp")
  }
  return false;
}

/** Does an `open()` mode literal write (w, a, x or +)? Modes that are not literals are not assumed. */
function writesWithMode(mode: Node | null | undefined): boolean {
  if (!mode) return false;
  const parts = stringParts(mode);
  return !!parts && !parts.interpolated && /[wax+]/.test(parts.body);
}

/** `os.open(path, os.O_WRONLY | os.O_CREAT)` without O_EXCL. */
function writesWithFlags(call: CallInfo): boolean {
  const flags = call.positional[1] ?? call.keywords.get("flags");
  if (!flags) return false;
  const t = flags.text;
  return /O_(?:WRONLY|RDWR|CREAT|APPEND|TRUNC)/.test(t) && !/O_EXCL/.test(t);
}

/**
 * A name assigned in the function holding the call: the temp path of its single assignment
 * there, null if assigned something else, undefined if not assigned in that function.
 */
function localTempPath(model: ModuleModel, id: Node, call: CallInfo): string | null | undefined {
  const fn = call.context.fn;
  if (!fn) return undefined;
  let found: string | null | undefined;
  for (const a of model.assignments) {
    if (a.context.fn !== fn || a.node.startIndex > call.node.startIndex) continue;
    const left = a.left;
    if (left.type !== "identifier" || left.text !== id.text) continue;
    const right = a.right;
    const lead = right ? leadingText(right) : null;
    found = lead !== null && TEMP_DIR.test(lead) ? lead : null;
  }
  if (found === undefined && fn.parameters.some((p) => p.name === id.text)) return null;
  return found;
}
