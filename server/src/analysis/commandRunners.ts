// The command-runner vocabulary (SEC001): which calls run an external command and how each
// takes it (subprocess, os.system/popen/exec*/spawn*, asyncio, oslo processutils,
// `<imported module>.execute`, configured runners), and module-level aliases of runners
// (`execute = utils.execute`), which hide the commands from review.
import type { Node } from "web-tree-sitter";
import { importHidden, qualify, type Reading } from "./bindings";
import { isWordCode } from "./chars";
import type { CallInfo, ModuleModel } from "./model";
import { dottedName } from "./syntax";

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
export type Style = "args" | "shell" | "varargs" | "generic" | "execl" | "execv" | "spawnl" | "spawnv" | "remote";

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
const RUNNER_LAST_NAMES = new Set([
  ...[...RUNNERS.keys()].map((q) => q.slice(q.lastIndexOf(".") + 1)),
  "execute",
  "popen2",
  "popen3",
  "popen4",
]);

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
    // Only the utility modules that wrap processutils (neutron, nova, ironic `utils`): another
    // library's `execute` (graphql, a task runner) runs no command; a call that passes
    // `run_as_root` says it does (see runnerCalls).
    return RUNNER_MODULE.test(last) ? "generic" : null;
  }
  // `<imported module>.system(cmd)`, `.popen(cmd)`: named after os.system and os.popen, which run a shell
  if (i > 0 && SHELL_NAMED.test(q.slice(i + 1))) {
    const top = q.replace(/^\.+/, "").split(".")[0];
    if (top && !NOT_RUNNER_PACKAGES.has(top) && /^[a-z_][a-z0-9_.]*$/.test(q.slice(0, i))) return "shell";
  }
  return null;
}

/** Functions named after the stdlib's shell runners (`os.system`, `os.popen`, the old `popen2`…`popen4`). */
const SHELL_NAMED = /^(?:system|popen[234]?)$/;

/** Is the call's runner one whose shell is inferred from its name only (not a known runner)? */
export function namedLikeShell(q: string | null): boolean {
  return !!q && !RUNNERS.has(q) && SHELL_NAMED.test(q.slice(q.lastIndexOf(".") + 1));
}

/** The last names of modules whose `execute` runs a command: `utils`, `linux_utils`, `processutils`. */
const RUNNER_MODULE = /(?:^|_)(?:process)?utils$/;

/** `run_as_root=<not False/None>` or a root helper: the call says it runs a command. */
function passesRoot(call: CallInfo): boolean {
  for (const key of ["run_as_root", "root_helper"]) {
    const v = call.keywords.get(key);
    if (v && v.type !== "false" && v.type !== "none") return true;
  }
  return false;
}

/** Method names of wrapper objects that run a command when told to run it as root (`ns.netns.execute(cmd, run_as_root=True)`). */
const EXECUTE_METHOD = /^_?execute$/;

/** Callee last names that read as running a command (`run_command`, `execute`, `check_call`). */
export const RUNS_COMMAND = /(?:^|_)(?:run|exec|execute|call|command|cmd|spawn|popen|system|check_output)(?:_|$)/i;

/**
 * A keyword whose name ends in the word `shell` (`shell`, `use_shell`, `use_unsafe_shell`,
 * `run_in_shell`), the first such; not `shell_futures` or `shell_escape`, which switch something else.
 */
export function shellKeyword(call: CallInfo): { name: string; value: Node } | null {
  for (const [name, value] of call.keywords) if (/(?:^|_)shell$/i.test(name)) return { name, value };
  return null;
}

/** Any wrapper told to use a shell by a literal keyword (`module.run_command(cmd, use_unsafe_shell=True)`). */
function shellSwitched(call: CallInfo): boolean {
  const v = shellKeyword(call)?.value;
  return !!v && (v.type === "true" || (v.type === "integer" && Number(v.text) !== 0));
}

/** A module-level `name = <runner>`: what it aliases, as written. */
export interface RunnerAlias {
  written: string;
  style: Style;
  node: Node;
}

/** Module-level `name = <runner>` aliases: name → what it aliases. */
export function runnerAliases(model: ModuleModel, extra: readonly string[], r: Reading): Map<string, RunnerAlias> {
  const out = new Map<string, RunnerAlias>();
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
    const q = qualify(model, written, r);
    // (a project's own `system` re-exported is not a hidden stdlib runner)
    const style = q
      ? namedLikeShell(q)
        ? null
        : runnerStyle(q, written, extra)
      : extra.includes(written)
        ? "generic"
        : null;
    if (style) out.set(a.left.text, { written, style, node: a.node });
  }
  return out;
}

/** A call that runs a command, and how its runner takes the command. */
export interface RunnerCall {
  call: CallInfo;
  callee: string;
  style: Style;
  /** Taken for a shell runner by its name alone (`procutil.popen`, after `os.popen`). */
  named: boolean;
}

/**
 * The calls that run a command, in order: those of a module alias of a runner, and (through the
 * file's imports) of a known runner, `<imported module>.execute` or a configured one, unless
 * the file binds the imported name itself where the call runs (`r.shadowing`).
 */
export function runnerCalls(
  model: ModuleModel,
  aliases: ReadonlyMap<string, RunnerAlias>,
  extra: readonly string[],
  r: Reading,
): RunnerCall[] {
  const out: RunnerCall[] = [];
  const lastNames = runnerLastNames(extra);
  for (const call of model.calls) {
    const callee = call.callee;
    if (!callee) continue;
    let style: Style | null = null;
    let named = false;
    const alias = aliases.get(callee);
    if (alias) style = alias.style;
    else {
      // `a.b.f` qualifies to `<import of a>.b.f`: a runner only when `f` is a runner's last name
      const dot = callee.lastIndexOf(".");
      if (dot < 0 || lastNames.has(callee.slice(dot + 1))) {
        const q = qualify(model, callee, r);
        if (q) {
          style = runnerStyle(q, callee, extra);
          // named like os.system/os.popen: only with a command to judge (`platform.system()` takes none)
          named = !!style && namedLikeShell(q) && !extra.includes(q) && !extra.includes(callee);
          if (named && !call.positional.length) style = null;
          // `<imported module>.execute` of another module runs a command when it says it runs as root
          if (!style && q.endsWith(".execute") && passesRoot(call)) style = "generic";
        } else if (extra.includes(callee)) style = "generic";
        // (checked last, being the dearest) a local of the same name is not the imported module
        if (style && q && importHidden(model, call, r)) style = null;
      }
    }
    if (!style) {
      // wrappers that say what they do: `ip.netns.execute(cmd, run_as_root=True)`, `run_command(cmd, use_unsafe_shell=True)`
      // (the name first: most calls are ruled out without reading their arguments)
      const last = callee.slice(callee.lastIndexOf(".") + 1);
      const execute = EXECUTE_METHOD.test(last);
      if ((execute || RUNS_COMMAND.test(last)) && call.keywordNodes.length) {
        if ((execute && passesRoot(call)) || shellSwitched(call)) style = "generic";
      }
    }
    if (style) out.push({ call, callee, style, named });
  }
  return out;
}
