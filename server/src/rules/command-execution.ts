// SEC001: running external commands — through a shell, built at run time, or as root.
import type { Node } from "web-tree-sitter";
import type { CallInfo, FunctionInfo, ModuleModel } from "../analysis/model";
import { isWordCode } from "../analysis/chars";
import { isBindingOccurrence } from "../analysis/syntax";
import { qualify, qualifyCall } from "../analysis/qualify";
import { dottedName, stringParts } from "../analysis/syntax";
import type { Fix, Severity, TextEdit } from "../core/types";
import type { Rule } from "./types";

/**
 * How a runner takes its command:
 * - `args`: one command argument, a string or a list (`subprocess.run(cmd)`), or `args=`;
 * - `shell`: one command string that always goes through a shell (`os.system(cmd)`);
 * - `varargs`: the words as separate positional arguments (`processutils.execute("ip", "link")`),
 *   or a single list;
 * - `execl` / `execv`: os.exec*; `spawnl` / `spawnv`: os.spawn* (a mode comes first);
 * - `generic`: `<imported module>.execute` and configured runners: words as positional arguments
 *   when the first is a string literal, else the first argument is the command;
 * - `remote`: `ssh_execute(ssh, cmd)`, a command string for a remote shell.
 */
type Style = "args" | "shell" | "varargs" | "generic" | "execl" | "execv" | "spawnl" | "spawnv" | "remote";

const SUBPROCESS = ["run", "call", "check_call", "check_output", "Popen"];

const RUNNERS = new Map<string, Style>([
  ...SUBPROCESS.map((f): [string, Style] => [`subprocess.${f}`, "args"]),
  ["subprocess.getoutput", "shell"],
  ["subprocess.getstatusoutput", "shell"],
  ["os.system", "shell"],
  ["os.popen", "shell"],
  ["posix.system", "shell"],
  ...["execl", "execle", "execlp", "execlpe"].map((f): [string, Style] => [`os.${f}`, "execl"]),
  ...["execv", "execve", "execvp", "execvpe"].map((f): [string, Style] => [`os.${f}`, "execv"]),
  ...["spawnl", "spawnle", "spawnlp", "spawnlpe"].map((f): [string, Style] => [`os.${f}`, "spawnl"]),
  ...["spawnv", "spawnve", "spawnvp", "spawnvpe"].map((f): [string, Style] => [`os.${f}`, "spawnv"]),
  ["os.posix_spawn", "execv"],
  ["os.posix_spawnp", "execv"],
  ["asyncio.create_subprocess_exec", "varargs"],
  ["asyncio.create_subprocess_shell", "shell"],
  ["oslo_concurrency.processutils.execute", "varargs"],
  ["oslo_concurrency.processutils.trycmd", "varargs"],
  ["oslo_concurrency.processutils.ssh_execute", "remote"],
]);

/** Modules whose `.execute` is not a command runner (SQL, thread pools, task flows). */
const NOT_RUNNER_PACKAGES = new Set([
  "alembic",
  "eventlet",
  "sqlalchemy",
  "oslo_db",
  "taskflow",
  "concurrent",
  "asyncio",
  "sqlite3",
  "psycopg2",
  "psycopg",
  "pymysql",
  "MySQLdb",
  "mysql",
  "cassandra",
  "celery",
  "mock",
  "unittest",
  "django",
  "peewee",
  "pony",
  "tpool",
  "futurist",
  "cx_Oracle",
  "oracledb",
  "pyodbc",
  "neo4j",
  "redis",
  "pymongo",
  "tensorflow",
  "ovsdbapp",
]);

/** The last names of every runner (a dotted call ending in none of them is not one): a cheap filter before `qualify`. */
const RUNNER_LAST_NAMES = new Set([...[...RUNNERS.keys()].map((q) => q.slice(q.lastIndexOf(".") + 1)), "execute"]);

function runnerLastNames(extra: readonly string[]): Set<string> {
  if (!extra.length) return RUNNER_LAST_NAMES;
  return new Set([...RUNNER_LAST_NAMES, ...extra.map((q) => q.slice(q.lastIndexOf(".") + 1))]);
}

/** The runner a qualified name stands for, or null. */
function runnerStyle(qualified: string, written: string, extra: readonly string[]): Style | null {
  let q = qualified;
  // eventlet's green subprocess and `from oslo_concurrency import processutils` spelled other ways
  if (q.startsWith("eventlet.green.subprocess.")) q = q.slice("eventlet.green.".length);
  const known = RUNNERS.get(q);
  if (known) return known;
  if (extra.includes(q) || extra.includes(written)) return "generic";
  const i = q.lastIndexOf(".");
  if (i > 0 && q.slice(i + 1) === "execute") {
    // `<imported module>.execute`: a module, not a class, and not a known non-command library
    const owner = q.slice(0, i);
    const top = owner.replace(/^\.+/, "").split(".")[0];
    const last = owner.slice(owner.lastIndexOf(".") + 1);
    if (!top || NOT_RUNNER_PACKAGES.has(top) || NOT_RUNNER_PACKAGES.has(last) || !/^[a-z_][a-z0-9_]*$/.test(last))
      return null;
    return "generic";
  }
  return null;
}

type Shape =
  /** every word is a string literal */
  | "literal"
  /** a list of words, some built at run time */
  | "partly-dynamic"
  /** built at run time altogether */
  | "dynamic";

interface Command {
  shape: Shape;
  /** The command is one string (for a shell), not a list of words. */
  isString: boolean;
  /** The node(s) holding it, for the message and the fix. */
  nodes: Node[];
  /** The first word when it is a literal (`sudo`, `ip`). */
  program: string | null;
}

function literalString(node: Node): string | null {
  if (node.type !== "string") return null;
  const parts = stringParts(node);
  if (!parts || parts.interpolated || /[fF]/.test(parts.prefix)) return null;
  return parts.body;
}

function isLiteralWord(node: Node): boolean {
  if (node.type === "string") return literalString(node) !== null;
  if (node.type === "concatenated_string") return node.namedChildren.every((c) => !c || isLiteralWord(c));
  return false;
}

/** The shape of a list of words (`["ip", "link", dev]`, or positional arguments). */
function wordsShape(words: Node[], resolve: Resolve): Command {
  const elements = words.filter((w) => w.type !== "comment");
  if (!elements.length) return { shape: "literal", isString: false, nodes: words, program: null };
  const splat = elements.some((w) => w.type === "list_splat" || w.type === "parenthesized_list_splat");
  const literal = elements.every(isLiteralWord);
  const first = elements[0];
  const program = first.type === "string" ? literalString(first) : null;
  if (splat && elements.length === 1) {
    // `*cmd` where `cmd` is a list assigned once, just above
    const inner = elements[0].namedChild(0);
    const value = inner?.type === "identifier" ? resolve(inner) : null;
    if (value && (value.type === "list" || value.type === "tuple"))
      return { ...commandShape(value, resolve), nodes: words };
    return { shape: "dynamic", isString: false, nodes: words, program: null };
  }
  return {
    shape: literal ? "literal" : "partly-dynamic",
    isString: false,
    nodes: words,
    program: program?.trim() || null,
  };
}

/** One command argument: a literal list/tuple, a string, or anything else (dynamic). */
function commandShape(node: Node, resolve: Resolve): Command {
  if (node.type === "list" || node.type === "tuple")
    return {
      ...wordsShape(
        node.namedChildren.filter((c): c is Node => !!c),
        resolve,
      ),
      nodes: [node],
    };
  if (node.type === "parenthesized_expression" && node.namedChildCount === 1)
    return commandShape(node.namedChild(0) as Node, resolve);
  if (node.type === "identifier") {
    const value = resolve(node);
    if (value) return { ...commandShape(value, noResolve), nodes: [node] };
  }
  if (node.type === "conditional_expression") {
    const a = node.namedChild(0);
    const b = node.namedChild(2);
    if (a && b) {
      const x = commandShape(a, resolve);
      const y = commandShape(b, resolve);
      const shape: Shape = x.shape === y.shape ? x.shape : "partly-dynamic";
      return {
        shape,
        isString: x.isString && y.isString,
        nodes: [node],
        program: x.program === y.program ? x.program : null,
      };
    }
  }
  if (isLiteralWord(node)) {
    const text = node.type === "string" ? literalString(node) : null;
    return { shape: "literal", isString: true, nodes: [node], program: text?.trim().split(/\s+/)[0] || null };
  }
  return {
    shape: "dynamic",
    isString: node.type === "string" || node.type === "binary_operator" || node.type === "concatenated_string",
    nodes: [node],
    program: null,
  };
}

/** The value a name holds where it is used, when that is certain (see `singleAssignment`). */
type Resolve = (identifier: Node) => Node | null;
const noResolve: Resolve = () => null;

const MUTATORS = new Set([
  "append",
  "extend",
  "insert",
  "remove",
  "pop",
  "clear",
  "sort",
  "reverse",
  "__setitem__",
  "__iadd__",
]);

/**
 * The value of `name` at `use`: its only binding in the function holding the use (or at module
 * level, when the function does not bind it), a plain `name = value` before the use, with the
 * list never changed in place (`name.append(...)`, `name[i] = ...`, `name += ...`).
 */
function singleAssignment(model: ModuleModel, fn: FunctionInfo | null, use: Node): Node | null {
  const name = use.text;
  if (fn?.parameters.some((p) => p.name === name)) return null;
  const scan = bindingsOf(model, fn, name);
  if (scan.changed) return null;
  if (scan.assignments.some((a) => a.start > use.startIndex)) return null;
  if (scan.assignments.length === 0 && fn) return singleAssignment(model, null, use);
  return scan.assignments.length === 1 ? scan.assignments[0].value : null;
}

interface BindingScan {
  /** Changed in place, or bound otherwise than by a plain `name = value`. */
  changed: boolean;
  /** The plain `name = value` bindings, in order. */
  assignments: Array<{ start: number; value: Node | null }>;
}

const bindingScans = new WeakMap<ModuleModel, Map<FunctionInfo | null, Map<string, BindingScan>>>();

/** How `name` is bound in `fn` (or at module level), read once per function and name: a file runs many commands. */
function bindingsOf(model: ModuleModel, fn: FunctionInfo | null, name: string): BindingScan {
  let byFn = bindingScans.get(model);
  if (!byFn) bindingScans.set(model, (byFn = new Map()));
  let byName = byFn.get(fn);
  if (!byName) byFn.set(fn, (byName = new Map()));
  let scan = byName.get(name);
  if (scan) return scan;
  scan = { changed: false, assignments: [] };
  byName.set(name, scan);
  // (within the function's own text when there is one)
  const candidates = fn
    ? model.identifiersNamedIn(name, fn.node.startIndex, fn.node.endIndex)
    : model.identifiersNamed(name);
  for (const id of candidates) {
    if (model.innermostFunction(id.startIndex, id.endIndex) !== fn) continue;
    const p = id.parent;
    if (!p) continue;
    if (p.type === "attribute" && p.childForFieldName("object")?.id === id.id) {
      const method = p.childForFieldName("attribute")?.text ?? "";
      if (MUTATORS.has(method)) scan.changed = true;
      continue;
    }
    if (p.type === "subscript" && p.parent?.type === "assignment" && p.parent.childForFieldName("left")?.id === p.id) {
      scan.changed = true;
      continue;
    }
    if (p.type === "attribute" || p.type === "keyword_argument") continue;
    if (!isBindingOccurrence(id) && p.type !== "augmented_assignment") continue;
    if (p.type !== "assignment" || p.childForFieldName("left")?.id !== id.id) scan.changed = true;
    else scan.assignments.push({ start: id.startIndex, value: p.childForFieldName("right") });
  }
  return scan;
}

/** The command of a call, by the runner's style; null when it cannot be found (e.g. only `**kwargs`). */
function commandOf(call: CallInfo, style: Style, resolve: Resolve): Command | null {
  const pos = call.positional;
  switch (style) {
    case "args":
    case "shell": {
      const arg = pos[0] ?? call.keywords.get("args") ?? call.keywords.get("cmd") ?? call.keywords.get("command");
      if (!arg) return call.hasSplat ? { shape: "dynamic", isString: false, nodes: [], program: null } : null;
      return commandShape(arg, resolve);
    }
    case "remote": {
      const arg = pos[1] ?? call.keywords.get("cmd");
      return arg ? commandShape(arg, resolve) : { shape: "dynamic", isString: true, nodes: [], program: null };
    }
    case "varargs":
    case "generic": {
      const args =
        call.argumentsNode?.namedChildren.filter(
          (c): c is Node =>
            !!c && c.type !== "keyword_argument" && c.type !== "dictionary_splat" && c.type !== "comment",
        ) ?? [];
      if (!args.length) return null;
      if (args.length === 1 && args[0].type !== "list_splat") return commandShape(args[0], resolve);
      // `execute(cmd, process_input)`: only a leading string literal makes the arguments words
      if (style === "generic" && args[0].type !== "list_splat" && args[0].type !== "string")
        return commandShape(args[0], resolve);
      return wordsShape(args, resolve);
    }
    case "execl":
    case "spawnl": {
      const args = (
        call.argumentsNode?.namedChildren.filter(
          (c): c is Node => !!c && c.type !== "keyword_argument" && c.type !== "comment",
        ) ?? []
      ).slice(style === "spawnl" ? 1 : 0);
      const name = call.callee ?? "";
      return wordsShape(/e$/.test(name) ? args.slice(0, -1) : args, resolve);
    }
    case "execv":
    case "spawnv": {
      const offset = style === "spawnv" ? 1 : 0;
      const path = pos[offset];
      const argv = pos[offset + 1];
      if (!path || !argv) return { shape: "dynamic", isString: false, nodes: pos, program: null };
      const list = commandShape(argv, resolve);
      const pathLiteral = isLiteralWord(path);
      const shape: Shape =
        list.shape === "literal" && pathLiteral
          ? "literal"
          : list.shape === "dynamic" && !pathLiteral
            ? "dynamic"
            : "partly-dynamic";
      return { shape, isString: false, nodes: [path, argv], program: pathLiteral ? literalString(path) : null };
    }
  }
}

/** `shell=True` (true), `shell=flag` (maybe), absent or False (false). */
function shellFlag(call: CallInfo): "true" | "maybe" | "false" {
  const v = call.keywords.get("shell");
  if (!v) return "false";
  if (v.type === "false" || v.type === "none" || (v.type === "integer" && Number(v.text) === 0)) return "false";
  if (v.type === "true" || v.type === "integer" || v.type === "string") return "true";
  return "maybe";
}

const PRIVSEP = /(?:privsep|privileged|pctxt)\S*\.entrypoint$/;
const ROOT_PROGRAMS = new Set(["sudo", "doas", "pkexec", "su", "neutron-rootwrap", "nova-rootwrap", "rootwrap"]);

/** Why the call runs as root, or null: `run_as_root=True`, a root helper, sudo, a privsep entrypoint. */
function rootReason(call: CallInfo, command: Command | null): string | null {
  const asRoot = call.keywords.get("run_as_root");
  if (asRoot && asRoot.type !== "false" && asRoot.type !== "none") {
    return asRoot.type === "true"
      ? "as root (`run_as_root=True`)"
      : `possibly as root (\`run_as_root=${asRoot.text}\`)`;
  }
  const helper = call.keywords.get("root_helper");
  if (helper && helper.type !== "none" && !(helper.type === "string" && literalString(helper) === ""))
    return "as root (through `root_helper`)";
  if (command?.program && ROOT_PROGRAMS.has(command.program.split("/").pop() ?? ""))
    return `as root (through \`${command.program}\`)`;
  for (let fn: FunctionInfo | null = call.context.fn; fn; fn = fn.parentFunction) {
    const d = fn.decorators.find((x) => x.name && PRIVSEP.test(x.name));
    if (d) return `with root privileges (in the privsep entrypoint \`${fn.name}\`, @${d.name})`;
  }
  return null;
}

/** Shell builtins and keywords: without a shell there is no such program. */
const SHELL_BUILTINS = new Set([
  "cd",
  "export",
  "source",
  ".",
  "exec",
  "eval",
  "set",
  "unset",
  "ulimit",
  "umask",
  "alias",
  "unalias",
  "type",
  "command",
  "builtin",
  "read",
  "wait",
  "trap",
  "exit",
  "return",
  "shift",
  "hash",
  "jobs",
  "fg",
  "bg",
  "times",
  "readonly",
  "declare",
  "local",
  "let",
  "shopt",
  "history",
  "if",
  "then",
  "else",
  "fi",
  "for",
  "while",
  "until",
  "do",
  "done",
  "case",
  "esac",
  "function",
  "select",
  "time",
]);

/**
 * `"ls -l /tmp"` → `["ls", "-l", "/tmp"]` when splitting it is exact: only plain words (no
 * quotes, escapes, variables, globs, redirections, pipes, comments, assignments or builtins).
 */
export function splitPlainCommand(body: string): string[] | null {
  if (!/^[A-Za-z0-9_\-./:,+@%= \t]+$/.test(body)) return null;
  const words = body
    .trim()
    .split(/[ \t]+/)
    .filter(Boolean);
  if (!words.length) return null;
  if (words[0].includes("=") || SHELL_BUILTINS.has(words[0])) return null;
  return words;
}

/** The fix turning `run("ls -l", shell=True)` into `run(["ls", "-l"])`, when exact. */
function shellStringFix(call: CallInfo, command: Command, text: string): Fix | null {
  const node = command.nodes[0];
  if (node?.type !== "string" || command.nodes.length !== 1) return null;
  const parts = stringParts(node);
  if (!parts || parts.interpolated || !/^[uUrR]?$/.test(parts.prefix)) return null;
  const words = splitPlainCommand(parts.body);
  if (!words) return null;
  if (call.keywords.has("executable")) return null;
  const shellArg = call.keywordNodes.find((k) => k.childForFieldName("name")?.text === "shell");
  const args = call.argumentsNode;
  if (!shellArg || !args) return null;
  const siblings = args.namedChildren.filter((c): c is Node => !!c);
  const i = siblings.findIndex((c) => c.id === shellArg.id);
  let removal: TextEdit;
  if (i > 0) {
    const between = text.slice(siblings[i - 1].endIndex, shellArg.startIndex);
    if (!/^\s*,\s*$/.test(between)) return null;
    removal = { start: siblings[i - 1].endIndex, end: shellArg.endIndex, newText: "" };
  } else {
    const next = siblings[i + 1];
    if (!next) return null; // the command is positional, so `shell` is never first and alone
    const between = text.slice(shellArg.endIndex, next.startIndex);
    if (!/^\s*,\s*$/.test(between)) return null;
    removal = { start: shellArg.startIndex, end: next.startIndex, newText: "" };
  }
  const quote = parts.quote.length === 1 ? parts.quote : '"';
  const list = `[${words.map((w) => `${quote}${w}${quote}`).join(", ")}]`;
  return {
    title: `Pass the argument list ${list.length > 60 ? "" : `${list} `}without a shell`,
    // Exact as to the words; but a missing program now raises FileNotFoundError instead of exit status 127.
    safe: false,
    edits: [{ start: node.startIndex, end: node.endIndex, newText: list }, removal],
  };
}

function excerpt(nodes: Node[], text: string): string {
  if (!nodes.length) return "";
  const s = text.slice(nodes[0].startIndex, nodes[nodes.length - 1].endIndex).replace(/\s+/g, " ");
  return s.length > 40 ? `${s.slice(0, 37)}...` : s;
}

/** Module-level `name = <runner>` aliases: name → what it aliases. */
function runnerAliases(
  model: ModuleModel,
  extra: readonly string[],
): Map<string, { written: string; style: Style; node: Node }> {
  const out = new Map<string, { written: string; style: Style; node: Node }>();
  const text = model.text;
  for (const a of model.assignments) {
    if (a.context.fn || a.context.cls) continue;
    // a name or dotted name on the right ends the statement with a name character (cheap to test first)
    const last = text.charCodeAt(a.node.endIndex - 1);
    if (last < 128 && !isWordCode(last)) continue;
    if (!a.isModuleLevel || a.left.type !== "identifier") continue;
    const right = a.right;
    if (!right || (right.type !== "attribute" && right.type !== "identifier")) continue;
    const written = dottedName(right);
    if (!written) continue;
    const q = qualify(model, written);
    const style = q ? runnerStyle(q, written, extra) : extra.includes(written) ? "generic" : null;
    if (style) out.set(a.left.text, { written, style, node: a.node });
  }
  return out;
}

export const commandExecution: Rule = {
  meta: {
    code: "SEC001",
    name: "command-execution",
    category: "security",
    reviewPoint: 6,
    severity: "warning",
    fixable: "sometimes",
    summary: "An external command runs through a shell, is built at run time, or runs as root.",
    rationale:
      "A command string handed to a shell turns any untrusted part into shell code (command injection, CWE-78); a command built at run time " +
      "needs its inputs checked; a command run as root magnifies both. A literal argument list without a shell is the safe form; " +
      "everything else deserves a reviewer's look, and aliases such as `execute = utils.execute` hide the calls from one.",
    example: 'subprocess.run("ip link set %s up" % dev, shell=True)\nexecute = utils.execute',
    useInstead:
      'subprocess.run(["ip", "link", "set", dev, "up"], check=True)\nutils.execute(["ip", "link", "set", dev, "up"], run_as_root=True)',
    bandit: ["B602", "B603", "B604", "B605", "B606", "B607"],
    cwe: 78,
  },
  check({ model, text, settings, report }) {
    const extra = settings.commandRunners ?? [];
    if (!extra.length && !/subprocess|system|popen|exec|spawn|processutils|trycmd/.test(text)) return;
    const aliases = runnerAliases(model, extra);
    for (const [name, alias] of aliases) {
      report({
        start: alias.node.startIndex,
        end: alias.node.endIndex,
        severity: "information",
        message:
          `\`${name}\` is an alias of the command runner \`${alias.written}\`: the commands run through it are harder to find in review ` +
          `(and by tools such as Bandit); call \`${alias.written}\` directly.`,
      });
    }
    const lastNames = runnerLastNames(extra);
    for (const call of model.calls) {
      const callee = call.callee;
      if (!callee) continue;
      let style: Style | null = null;
      const alias = aliases.get(callee);
      if (alias) style = alias.style;
      else {
        // `a.b.f` qualifies to `<import of a>.b.f`: a runner only when `f` is a runner's last name
        const dot = callee.lastIndexOf(".");
        if (dot >= 0 && !lastNames.has(callee.slice(dot + 1))) continue;
        const q = qualify(model, callee);
        if (q) style = runnerStyle(q, callee, extra);
        else if (extra.includes(callee)) style = "generic";
        // (checked last, being the dearest) a local of the same name is not the imported module
        if (style && q && qualifyCall(model, call) === null) style = null;
      }
      if (!style) continue;
      const resolve: Resolve = (id) => singleAssignment(model, call.context.fn, id);
      const command = commandOf(call, style, resolve);
      const flag = style === "shell" || style === "remote" ? "true" : shellFlag(call);
      const root = rootReason(call, command);
      const shown = command ? excerpt(command.nodes, text) : "";
      const what = shown ? ` \`${shown}\`` : "";
      let severity: Severity;
      let message: string;
      let fixes: Fix[] = [];
      const through = style === "remote" ? "a remote shell" : "a shell";
      const via = style === "shell" || style === "remote" ? "" : flag === "true" ? " (`shell=True`)" : "";
      if (flag !== "false" && command && command.shape !== "literal") {
        severity = flag === "true" ? "warning" : "information";
        message =
          flag === "true"
            ? `\`${callee}\` runs a command built at run time${what} through ${through}${via}${root ? `, ${root}` : ""}: ` +
              "any untrusted part of it becomes shell code (command injection). Pass a list of arguments without a shell, or quote each part with `shlex.quote`."
            : `\`${callee}\` runs a command built at run time${what} with \`shell=${call.keywords.get("shell")?.text}\`${root ? `, ${root}` : ""}: ` +
              "when that is true, any untrusted part becomes shell code. Pass a list of arguments without a shell.";
      } else if (flag !== "false") {
        severity = "information";
        const plain =
          command?.isString &&
          command.nodes.length === 1 &&
          splitPlainCommand(literalString(command.nodes[0]) ?? "") !== null;
        message =
          `\`${callee}\` runs a fixed command${what} through ${through}${via}${root ? `, ${root}` : ""}: ` +
          (plain
            ? "the shell adds nothing to plain words but a way in for shell code once the command changes; pass them as a list of arguments."
            : "it is safe only while no part of it comes from input; prefer a list of arguments without a shell.");
        if (flag === "true" && style === "args" && command) {
          const fix = shellStringFix(call, command, text);
          if (fix) fixes = [fix];
        }
      } else if (command && command.shape !== "literal") {
        severity = "information";
        message =
          command.shape === "partly-dynamic"
            ? `\`${callee}\` runs a command with arguments computed at run time${what}${root ? `, ${root}` : ""}: check that they cannot carry options or paths from untrusted input.`
            : `\`${callee}\` runs a command built at run time${what}${root ? `, ${root}` : ""}: check where its parts come from.`;
      } else if (root) {
        severity = "information";
        message = `\`${callee}\` runs${what ? ` the fixed command${what}` : " a command"} ${root}: confirm it needs those privileges, and keep it fixed and narrow.`;
      } else continue;
      report({ start: call.node.startIndex, end: call.node.endIndex, severity, message, fixes });
    }
  },
};
