// Entry points: where a program, not a library, is in charge, so exiting the process (EXC001) or
// printing to the terminal (LOG004) is its business. They are: functions named like entry points
// (settings.entryPoints: `main`, `*_main`, `cli`; `*` is a wildcard), click and typer commands,
// signal handlers installed in the same file (`signal.signal`, or a wrapper given a signal's name),
// methods of command classes (distutils/setuptools/cliff/Django commands) and option methods of
// an options class (`opt_*` of `usage.Options`), console scripts the package's metadata declares
// (config/consoleScripts.ts), functions that read the command line (`sys.argv`: runners and
// argument parsers), anything nested in those, code under `if __name__ == "__main__":`, module (and class body)
// level, and every function of a program module: `__main__.py`, a module of a console-script
// package (settings.cliModules: a file stem or one of its three nearest folders, e.g. `cmd`), or a
// standalone script (a `__main__` guard, and `sys.argv[...]` read at import, or a `#!` line naming
// Python), and module-level functions named for ending the program (`_exit`, `die`). In a module with a
// `__main__` guard whose docstring says it is a program, functions that only entry points use
// (subcommand handlers) are part of them, as private helpers of entry points are anywhere.
import type { Node } from "web-tree-sitter";
import { consoleScriptsOf } from "../config/consoleScripts";
import type { Settings } from "../config/settings";
import type { CallInfo, ClassInfo, Context, FunctionInfo, ModuleModel } from "./model";
import { importTargets, LAST_IMPORT, qualify } from "./bindings";
import { dottedName, lastName } from "./syntax";
import { isWordCode } from "./chars";
import { indexOfFast } from "./textSearch";

/** Packages whose `@x.command()` / `@x.group()` decorators make a command-line command. */
const CLI_FRAMEWORKS = new Set(["click", "typer", "asyncclick", "rich_click", "cloup"]);
/** Last names of decorators that register a command in those frameworks. */
const COMMAND_DECORATORS = new Set(["command", "group", "callback", "result_callback"]);

/** Base classes of command-line commands (their methods are the command's code). */
const COMMAND_BASES =
  /^(?:distutils|setuptools|cliff)\.(?:\w+\.)*\w*Command$|^(?:cliff\.(?:lister\.Lister|show\.ShowOne))$|^django\.core\.management\.(?:\w+\.)*\w*Command$/;

/**
 * A module-level function whose name says it ends the program (`_exit`, `die`, `fatal_error`):
 * its purpose (a method so named, `Agent.die`, is a library object's and still reported).
 */
const NAMED_FOR_EXITING = /^_*(?:exit|die|abort|fatal|bail|quit)(?:_|$)/;

/** A subcommand's handler, as shells dispatch them by name (`do_list`, `do_keypair_add`). */
const DISPATCHED_COMMAND = /^do_[a-z0-9]\w*$/;

/** The last names of cliff's command classes, as wrappers of it keep them (`command.Lister`). */
const CLIFF_LIKE_BASE = /(?:^|\.)(?:\w*Command|Lister|ShowOne)$/;

const patternCache = new Map<string, RegExp>();

/** `*_main` → /^[A-Za-z0-9_]*_main$/ (a `*` matches any run of name characters). */
export function namePattern(glob: string): RegExp {
  let re = patternCache.get(glob);
  if (!re) {
    const body = glob
      .split("*")
      .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
      .join("[A-Za-z0-9_.]*");
    re = new RegExp(`^${body}$`);
    patternCache.set(glob, re);
  }
  return re;
}

function matchesName(name: string, globs: readonly string[]): boolean {
  for (const g of globs) if (namePattern(g).test(name)) return true;
  return false;
}

/**
 * The stem of a path and its folders, nearest first (`/a/nova/cmd/manage.py` → `manage`,
 * [`cmd`, `nova`, `a`]); only the folders below `root` when the file lies inside it.
 */
function pathParts(path: string, root: string | null): { stem: string; folders: string[] } {
  let rel = path;
  if (root) {
    const r = root.replace(/[\\/]+$/, "");
    if (path.startsWith(r + "/") || path.startsWith(r + "\\")) rel = path.slice(r.length + 1);
  }
  const parts = rel.split(/[\\/]+/).filter(Boolean);
  const file = parts.pop() ?? "";
  return { stem: file.replace(/\.pyi?$/, ""), folders: parts.reverse() };
}

/** Is the whole file a program's: `__main__.py`, a client's `shell.py`, or a module of a console-script package? */
export function isProgramFile(path: string | null, root: string | null, settings: Settings): boolean {
  if (!path) return false;
  const { stem, folders } = pathParts(path, root);
  if (stem === "__main__") return true;
  // an OpenStack client's command line (`nova = novaclient.shell:main`): `<name>client/shell.py`
  if (stem === "shell" && /client$/i.test(folders[0] ?? "")) return true;
  const globs = settings.cliModules ?? [];
  if (matchesName(stem, globs)) return true;
  for (const folder of folders.slice(0, 3)) if (matchesName(folder, globs)) return true;
  return false;
}

export interface EntryPoints {
  /** The whole file is a program's (every function counts as an entry point). */
  readonly programFile: boolean;
  /** Is this function (or one it is nested in) an entry point? */
  isEntryFunction(fn: FunctionInfo): boolean;
  /**
   * Does code in this context run as part of an entry point (or at import time)? `at`: the
   * code's offset, to tell a lambda installed as a signal handler.
   */
  covers(context: Context, at?: number): boolean;
  /** The entry point that covers a context, in words, for messages (null when not covered). */
  describe(context: Context): string | null;
}

const cache = new WeakMap<
  ModuleModel,
  { path: string | null; root: string | null; settings: Settings; value: EntryPoints }
>();

/** `f`, or `C.f` for a method. */
function qualifiedName(fn: FunctionInfo): string {
  return fn.parentClass ? `${fn.parentClass.name}.${fn.name}` : fn.name;
}

function usesCliFramework(model: ModuleModel): boolean {
  for (const targets of importTargets(model, LAST_IMPORT).values())
    for (const target of targets) if (CLI_FRAMEWORKS.has(target.split(".")[0])) return true;
  return false;
}

/** Calls that install a signal handler, and the position of the handler among their arguments. */
const HANDLER_INSTALLERS: ReadonlyArray<{ suffix: string; qualified: RegExp | null; index: number }> = [
  { suffix: "signal", qualified: /^signal\.signal$/, index: 1 },
  // asyncio: `loop.add_signal_handler(sig, callback, *args)` (the loop is any object)
  { suffix: "add_signal_handler", qualified: null, index: 1 },
];

interface SignalHandlers {
  /** Names of handler functions (`handler`, `self.handle_sigterm` → `handle_sigterm`). */
  names: Set<string>;
  /** Lambdas given as handlers: [start, end) offsets. */
  lambdas: Array<[number, number]>;
}

/**
 * Handlers installed with `signal.signal(SIG, handler)` (or `loop.add_signal_handler`) in this
 * file, as a name, a lambda or `functools.partial(f, ...)`: a signal is delivered to the
 * process, so a handler that exits speaks for the program.
 */
function signalHandlers(model: ModuleModel): SignalHandlers {
  const out: SignalHandlers = { names: new Set(), lambdas: [] };
  if (!model.text.includes("signal")) return out;
  for (const { suffix, qualified, index } of HANDLER_INSTALLERS) {
    for (const call of model.callsWithCalleeEnding(suffix)) {
      const callee = call.callee;
      if (!callee?.endsWith(suffix)) continue;
      if (qualified ? !qualified.test(qualify(model, callee, LAST_IMPORT) ?? "") : !callee.endsWith(`.${suffix}`))
        continue;
      addHandler(out, call.positional[index] ?? call.keywords.get("handler") ?? null);
    }
  }
  addWrappedHandlers(model, out);
  return out;
}

/**
 * Functions given as the target of a child process (`multiprocessing.Process(target=f)`,
 * `ctx.Process(None, f)`, billiard's): the child runs only them, so their exit status is the
 * child's `exitcode`, which the parent reads.
 */
function processTargets(model: ModuleModel): Set<string> {
  const out = new Set<string>();
  if (!model.text.includes("Process(")) return out;
  for (const call of model.callsWithCalleeEnding("Process")) {
    const callee = call.callee;
    if (!callee || !/(?:^|\.)Process$/.test(callee)) continue;
    const target = call.keywords.get("target") ?? call.positional[1] ?? null;
    const name = target ? dottedName(target) : null;
    if (name) out.add(lastName(name));
  }
  return out;
}

/**
 * Functions the interpreter calls as its hooks (`sys.excepthook = handler`, `threading.excepthook`,
 * `sys.unraisablehook`): the process is ending or no caller is there to handle anything.
 */
function interpreterHooks(model: ModuleModel): Set<string> {
  const out = new Set<string>();
  if (!model.text.includes("hook")) return out;
  for (const a of model.assignments) {
    const left = a.left.text.replace(/\s+/g, "");
    if (!/^(?:sys\.(?:excepthook|unraisablehook)|threading\.excepthook)$/.test(left)) continue;
    const name = a.right ? dottedName(a.right) : null;
    if (name) out.add(lastName(name));
  }
  return out;
}

/** A parameter named for a command line (`def main(argv)`, `def run(args)`). */
const COMMAND_LINE_PARAMETER = /^(?:argv|args|arguments|arglist|cmdline|command_line|cli_args)$/;

/**
 * Does the function parse a command line in its own body: without being given one (`args =
 * parser.parse_args()`, `parse_known_args()`: argparse and optparse then read `sys.argv`), or the
 * one its caller hands it to a parser of its own (`def run(argv): opts = parser.parse_args(argv)`: a
 * subcommand's own argv; not `def parse_given(parser, argv)`, a helper parsing for its caller)?
 */
function parsesCommandLine(model: ModuleModel, fn: FunctionInfo): boolean {
  if (!model.text.includes("parse_")) return false;
  const commandLine = (call: CallInfo): boolean => {
    if (call.keywordNodes.length || call.hasSplat || call.positional.length > 1) return false;
    const given = call.positional[0];
    if (!given) return true;
    // (with a parser of its own: `def parse_given(parser, argv)` parses for its caller, a helper)
    const receiver = call.callee?.slice(0, call.callee.lastIndexOf("."));
    return (
      given.type === "identifier" &&
      COMMAND_LINE_PARAMETER.test(given.text) &&
      fn.parameters.some((p) => p.name === given.text) &&
      !fn.parameters.some((p) => p.name === receiver)
    );
  };
  for (const suffix of ["parse_args", "parse_known_args"])
    for (const call of model.callsWithCalleeEnding(suffix))
      if (
        call.context.fn === fn &&
        /\.parse_(?:known_)?args$/.test(call.callee ?? "") &&
        commandLine(call) &&
        inFunctionBody(call.node, fn)
      )
        return true;
  return false;
}

/** An argument parser's class (`class Parser(optparse.OptionParser)`): its exits are its users' `--help` and usage errors. */
const ARGUMENT_PARSER_BASE = /(?:^|\.)(?:Option|Argument)Parser$/;

/**
 * Is the call in a statement of the function's own body, not under an `if` or a loop? (A library
 * function's fallback, `if flags is None: flags = parser.parse_args()`, is not a runner.)
 */
function inFunctionBody(node: Node, fn: FunctionInfo): boolean {
  let statement: Node | null = node;
  while (statement?.parent && statement.parent.type !== "block") statement = statement.parent;
  return statement?.parent?.id === fn.body.id;
}

/** A signal named in code: `"SIGTERM"`, `signal.SIGHUP`, `SIGINT`. */
const SIGNAL_NAME = /^(?:[rRuU]?["']SIG[A-Z0-9]+["']|(?:\w+\.)*SIG[A-Z0-9]+)$/;

/** A handler as written: a function's name (last part), or a lambda's span. */
function addHandler(out: SignalHandlers, handler: Node | null): void {
  if (handler?.type === "call" && /(^|\.)partial$/.test(dottedName(handler.childForFieldName("function")) ?? ""))
    handler = handler.childForFieldName("arguments")?.namedChild(0) ?? null;
  if (handler?.type === "lambda") {
    out.lambdas.push([handler.startIndex, handler.endIndex]);
    return;
  }
  const name = handler ? dottedName(handler) : null;
  if (name) out.names.add(lastName(name));
}

/**
 * Handlers installed through a project's own wrapper of `signal.signal`: a call that names a
 * signal and then gives a function (`handlers.add_handler("SIGTERM", self._terminate)`), a
 * keyword named for a signal (`signals.update(SIGTERM=f)`), or an item set under a signal's name
 * (`signals["SIGUSR1"] = f`). Whatever the wrapper, the function runs when the signal arrives.
 */
function addWrappedHandlers(model: ModuleModel, out: SignalHandlers): void {
  const text = model.text;
  const seen = new Set<number>();
  // (found with indexOf: a regular expression over the whole text costs more than the rest)
  for (let at = text.indexOf("SIG"); at >= 0; at = text.indexOf("SIG", at + 3)) {
    if (isWordCode(text.charCodeAt(at - 1))) continue;
    let end = at + 3;
    while (/[A-Z0-9]/.test(text[end] ?? "")) end++;
    if (end === at + 3 || isWordCode(text.charCodeAt(end))) continue;
    let n: Node | null = model.root.descendantForIndex(at, end);
    // (the string holding the name, or the attribute `signal.SIGTERM`)
    while (n?.parent && (n.parent.type === "string" || n.parent.type === "attribute")) n = n.parent;
    const parent = n?.parent;
    if (!n || !parent || seen.has(parent.id)) continue;
    if (parent.type === "keyword_argument" && parent.childForFieldName("name")?.id === n.id) {
      addHandler(out, parent.childForFieldName("value"));
    } else if (parent.type === "argument_list" && SIGNAL_NAME.test(n.text)) {
      seen.add(parent.id);
      const args = parent.namedChildren.filter((c): c is Node => !!c && c.type !== "comment");
      const next = args[args.findIndex((a) => a.id === n?.id) + 1];
      if (next && /^(?:identifier|attribute|lambda|call)$/.test(next.type)) addHandler(out, next);
    } else if (parent.type === "subscript" && SIGNAL_NAME.test(n.text)) {
      const assignment = parent.parent;
      if (assignment?.type === "assignment" && assignment.childForFieldName("left")?.id === parent.id)
        addHandler(out, assignment.childForFieldName("right"));
    }
  }
}

/** A module's copy of the command line: `sys.argv`, or a compatibility module's `pycompat.sysargv`. */
const ARGV_COPY = /^(?:sys_?)?argv$/i;

/**
 * Does the function read the process's command line (`sys.argv`, or a module's copy of it such
 * as `compat.sysargv`)? Then it acts for the program: a command-line runner handing the status
 * to the command it dispatched to (`sys.exit(dispatch(sys.argv[1:]))`), or a parser rejecting
 * bad arguments.
 */
function readsArgv(model: ModuleModel, fn: FunctionInfo): boolean {
  const { startIndex, endIndex } = fn.node;
  const text = model.text;
  // (bounded: a file without `argv` after the function is not searched to its end per function)
  for (let i = indexOfFast(text.slice(startIndex, endIndex), "argv"); i >= 0; ) {
    const at = startIndex + i;
    const id = model.root.descendantForIndex(at, at + 4);
    if (id?.type === "identifier" && ARGV_COPY.test(id.text)) {
      const p = id.parent;
      if (p?.type === "attribute" && p.childForFieldName("attribute")?.id === id.id) {
        const q = qualify(model, p.text.replace(/\s+/g, ""), LAST_IMPORT);
        // `sys.argv`, or an attribute of an imported module (`pycompat.sysargv`)
        if (q === "sys.argv" || (q !== null && p.childForFieldName("object")?.type !== "call")) return true;
      } else if (qualify(model, id.text, LAST_IMPORT) === "sys.argv") return true;
    }
    const next = indexOfFast(text.slice(at + 4, endIndex), "argv");
    i = next < 0 ? -1 : at + 4 + next - startIndex;
  }
  return false;
}

/**
 * Does the function's docstring summary say it works on the command line: "run the command in
 * sys.argv", "Parse the command-line options"? A runner or an argument parser, by its own word.
 */
function documentedCommandLine(fn: FunctionInfo): boolean {
  const doc = fn.docstring?.text;
  if (!doc) return false;
  const summary = doc.split(/\r?\n[ \t]*\r?\n/, 1)[0];
  return /\bsys\.argv\b/.test(summary) || /\bpars(?:e|es|ing)\b[^.]*\bcommand[- ]line\b/i.test(summary);
}

/**
 * Functions given as a command-line option's callback (`add_option("--list", action="callback",
 * callback=list_targets)`, `click.option("--dbs", callback=f)`): they run while the command line
 * is parsed, and printing a listing then exiting is their job, as `--help`'s is.
 */
const KEYWORD_END = /\s*=(?!=)/y;

function optionCallbacks(model: ModuleModel): Set<string> {
  const names = new Set<string>();
  const text = model.text;
  // `callback=` / `zeroarg_callback =` (found by text: most files pass none)
  for (let at = indexOfFast(text, "callback"); at >= 0; at = indexOfFast(text, "callback", at + 8)) {
    KEYWORD_END.lastIndex = at + 8;
    if (!KEYWORD_END.test(text)) continue;
    const keyword = model.root.descendantForIndex(at, at + 8)?.parent;
    if (keyword?.type !== "keyword_argument" || keyword.parent?.type !== "argument_list") continue;
    const args = keyword.parent;
    // an option's flags: a string literal starting with `-`
    const flags = args.namedChildren.some((a) => a?.type === "string" && /^[rRuUbB]?['"]-/.test(a.text));
    const name = flags ? dottedName(keyword.childForFieldName("value")) : null;
    if (name) names.add(lastName(name));
  }
  return names;
}

/** The module's `if __name__ == "__main__":` statement, or null. */
function mainGuardOf(model: ModuleModel): Node | null {
  if (!model.text.includes("__main__")) return null;
  for (const statement of model.root.namedChildren) {
    if (statement?.type !== "if_statement") continue;
    const condition = statement.childForFieldName("condition")?.text.replace(/\s+/g, "") ?? "";
    if (/^__name__==(["'])__main__\1$|^(["'])__main__\2==__name__$/.test(condition)) return statement;
  }
  return null;
}

/**
 * The `__main__` guard of a module that says it is a program (its docstring's summary: "Implementation
 * module for the `keygen` command"), or null. Its public functions are the program's parts.
 */
function programGuard(model: ModuleModel): Node | null {
  const doc = model.docstring?.text;
  if (!doc || !/\b(?:command|program|script|tool|utility)\b/i.test(doc.split(/\r?\n[ \t]*\r?\n/, 1)[0])) return null;
  return mainGuardOf(model);
}

/** An executable script: a `#!` line naming Python, and a `__main__` guard. */
function isExecutableScript(model: ModuleModel): boolean {
  const text = model.text;
  if (!text.startsWith("#!")) return false;
  const eol = text.indexOf("\n");
  return /python/i.test(eol < 0 ? text : text.slice(0, eol)) && mainGuardOf(model) !== null;
}

/**
 * A standalone script: it runs under a `__main__` guard and reads its arguments at import time
 * (`JOB = sys.argv[1]`, outside any function). Imported as a library it would read its
 * importer's arguments, so it is only ever a program.
 */
function isScript(model: ModuleModel): boolean {
  const text = model.text;
  if (!text.includes("argv") || !mainGuardOf(model)) return false;
  for (let at = text.indexOf("argv"); at >= 0; at = text.indexOf("argv", at + 4)) {
    const id = model.root.descendantForIndex(at, at + 4);
    if (id?.type !== "identifier" || id.text !== "argv" || model.innermostFunction(at, at + 4)) continue;
    const p = id.parent;
    // (its arguments themselves, `sys.argv[1]`: a test such as `if not sys.argv:` reads none)
    if (p?.type !== "attribute" || p.parent?.type !== "subscript" || p.parent.childForFieldName("value")?.id !== p.id)
      continue;
    if (qualify(model, p.text.replace(/\s+/g, ""), LAST_IMPORT) === "sys.argv") {
      // (not under the guard itself: that is the script's entry, which any runnable module has)
      const guard = mainGuardOf(model);
      if (!guard || at < guard.startIndex || at >= guard.endIndex) return true;
    }
  }
  return false;
}

export function entryPointsOf(
  model: ModuleModel,
  path: string | null,
  root: string | null,
  settings: Settings,
): EntryPoints {
  const hit = cache.get(model);
  if (hit && hit.path === path && hit.root === root && hit.settings === settings) return hit.value;
  const programFile = isProgramFile(path, root, settings) || isScript(model) || isExecutableScript(model);
  let cliFramework: boolean | null = null;
  let handlers: SignalHandlers | null = null;
  let targets: Set<string> | null = null;
  let hooks: Set<string> | null = null;
  let callbacks: Set<string> | null = null;
  let scripts: Set<string> | null = null;
  const own = new Map<FunctionInfo, string | null>();
  let guard: Node | null | undefined;

  /**
   * Functions (or methods of one class) named `do_*`, three or more, are a command table: a shell
   * dispatches a subcommand to `do_<name>` (the standard library's `cmd.Cmd`, OpenStack clients'
   * shells); a lone `do_work` is just a name.
   */
  const tables = new Map<ClassInfo | null, boolean>();
  const commandTable = (fn: FunctionInfo): boolean => {
    if (fn.parentFunction) return false;
    const owner = fn.parentClass;
    let is = tables.get(owner);
    if (is === undefined) {
      const siblings = owner ? owner.methods : model.functions.filter((f) => !f.parentClass && !f.parentFunction);
      is = siblings.filter((f) => DISPATCHED_COMMAND.test(f.name)).length >= 3;
      tables.set(owner, is);
    }
    return is;
  };

  /** Why this function itself is an entry point, or null. */
  const ownReason = (fn: FunctionInfo): string | null => {
    let reason = own.get(fn);
    if (reason !== undefined) return reason;
    reason = null;
    if (matchesName(fn.name, settings.entryPoints)) reason = `the entry point \`${fn.name}\``;
    else if ((handlers ??= signalHandlers(model)).names.has(fn.name)) reason = `the signal handler \`${fn.name}\``;
    else if ((targets ??= processTargets(model)).has(fn.name))
      reason = `\`${fn.name}\`, the entry point of a child process (\`Process(target=...)\`)`;
    else if ((hooks ??= interpreterHooks(model)).has(fn.name))
      reason = `\`${fn.name}\`, a hook the interpreter calls (\`sys.excepthook\`)`;
    else if (isConsoleScript(fn)) reason = `the console script \`${qualifiedName(fn)}\``;
    else if ((callbacks ??= optionCallbacks(model)).has(fn.name))
      reason = `\`${fn.name}\`, a command-line option's callback`;
    else if (readsArgv(model, fn) || documentedCommandLine(fn) || parsesCommandLine(model, fn))
      reason = `\`${fn.name}\`, which reads the command line (\`sys.argv\`)`;
    else if (fn.parentClass && commandClass(fn.parentClass)) reason = `the command class \`${fn.parentClass.name}\``;
    else if (fn.parentClass?.bases.some((b) => ARGUMENT_PARSER_BASE.test(b)))
      reason = `the argument parser \`${fn.parentClass.name}\``;
    else if (!fn.parentClass && !fn.parentFunction && NAMED_FOR_EXITING.test(fn.name))
      reason = `\`${fn.name}\`, named for ending the program`;
    else if (DISPATCHED_COMMAND.test(fn.name) && commandTable(fn))
      reason = `\`${fn.name}\`, a command dispatched by its \`do_\` name`;
    else if (fn.parentClass && /^opt_\w/.test(fn.name) && fn.parentClass.bases.some((b) => /Options$/.test(b)))
      reason = `\`${fn.name}\`, a command-line option's method`;
    else if (fn.decorators.length) {
      for (const d of fn.decorators) {
        if (!d.name) continue;
        const last = lastName(d.name);
        if (!COMMAND_DECORATORS.has(last)) continue;
        cliFramework ??= usesCliFramework(model);
        if (cliFramework) {
          reason = `the command \`${fn.name}\` (@${d.name})`;
          break;
        }
      }
    }
    own.set(fn, reason);
    if (!reason) {
      reason = helperOfEntryPoints(fn);
      own.set(fn, reason);
    }
    return reason;
  };

  /**
   * A private module-level function (`_run_print_help`) that only entry points use: it is part
   * of them, as if its body were written in theirs. (A cycle of helpers stays unresolved.)
   */
  const helperOfEntryPoints = (fn: FunctionInfo): string | null => {
    const name = fn.name;
    if (name.startsWith("__") || fn.parentClass || fn.parentFunction) return null;
    // (a public function may be imported by others, unless the module says it is a program)
    if (!name.startsWith("_")) {
      if (guard === undefined) guard = programGuard(model);
      if (!guard) return null;
    }
    if (model.text.includes(`"${name}"`) || model.text.includes(`'${name}'`)) return null; // reached by name
    const nameNode = fn.nameNode;
    let users = 0;
    for (const id of model.identifiersNamed(name)) {
      if (id.id === nameNode.id) continue;
      const user = model.innermostFunction(id.startIndex, id.endIndex);
      if (!user && guard && guard.startIndex <= id.startIndex && id.endIndex <= guard.endIndex) {
        users++;
        continue;
      }
      if (!user || user === fn || !entryReason(user)) return null;
      users++;
    }
    return users ? `\`${name}\`, a helper only entry points use` : null;
  };

  /** Declared as a console script in the package's metadata (entry_points.txt, pyproject, setup.cfg)? */
  const isConsoleScript = (fn: FunctionInfo): boolean => {
    if (!path || fn.parentFunction || fn.parentClass?.parentClass || fn.parentClass?.parentFunction) return false;
    scripts ??= consoleScriptsOf(path);
    return scripts.size > 0 && scripts.has(qualifiedName(fn));
  };

  const commandClasses = new Map<ClassInfo, boolean>();
  /**
   * A command of a command-line framework: a subclass of distutils/setuptools/cliff/Django
   * commands, or of a wrapper of cliff's (osc-lib's `command.Command`, a project's own `Lister`):
   * a base named like cliff's and the cliff protocol's `take_action` method.
   */
  const commandClass = (cls: ClassInfo): boolean => {
    let is = commandClasses.get(cls);
    if (is === undefined) {
      const cliffProtocol = cls.methods.some((m) => m.name === "take_action");
      is = cls.bases.some((b) => {
        const written = b.replace(/\s+/g, "");
        if (cliffProtocol && CLIFF_LIKE_BASE.test(written)) return true;
        const q = qualify(model, written, LAST_IMPORT);
        return !!q && COMMAND_BASES.test(q);
      });
      commandClasses.set(cls, is);
    }
    return is;
  };

  const entryReason = (fn: FunctionInfo): string | null => {
    for (let f: FunctionInfo | null = fn; f; f = f.parentFunction ?? f.parentClass?.parentFunction ?? null) {
      const r = ownReason(f);
      if (r) return r;
    }
    return null;
  };

  const inHandlerLambda = (at: number): boolean => {
    handlers ??= signalHandlers(model);
    return handlers.lambdas.some(([start, end]) => start <= at && at < end);
  };

  const describe = (context: Context): string | null => {
    if (context.mainGuard) return 'code under `if __name__ == "__main__":`';
    if (programFile) return "a program module";
    if (!context.fn) return "module-level code";
    return entryReason(context.fn);
  };

  const value: EntryPoints = {
    programFile,
    isEntryFunction: (fn) => programFile || entryReason(fn) !== null,
    covers: (context, at) =>
      describe(context) !== null || (at !== undefined && context.inLambda && inHandlerLambda(at)),
    describe,
  };
  cache.set(model, { path, root, settings, value });
  return value;
}
