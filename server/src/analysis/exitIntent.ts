// Why an exit in a function that is not an entry point still belongs to the program (EXC001):
// it ends a forked child or a daemonizing parent, follows an `os.exec*` that should not have
// returned, is the caller's opt-in (`if exit_on_error:`), is what the function is documented to
// do ("Print the version and exit."), rejects command-line arguments after printing the usage,
// speaks to another process (exitProtocol.ts: a restart status), ends only a thread (`sys.exit()` in
// a thread's `run`), ends a supervisor of forked children, turns Ctrl-C into a quiet exit, or the module uses SystemExit as
// its own error signal and catches it in its runner. Each question is asked only about an exit
// already found.
import type { Node } from "web-tree-sitter";
import { LAST_IMPORT, qualify } from "./bindings";
import type { Exit } from "./exits";
import { statusIsProtocol } from "./exitProtocol";
import type { FunctionInfo, ModuleModel } from "./model";
import { dottedName, numericLiteral, unparen } from "./syntax";
import { BUILTIN_EXCEPTIONS } from "./stdlib";
import { nameWords } from "./sensitive";
import { mentions, wordOccurrences } from "./textSearch";
import type { CallInfo } from "./model";

const FORKS = new Set(["os.fork", "os.forkpty", "pty.fork", "posix.fork"]);
const EXECS = /^(?:os|posix)\.exec(?:l|le|lp|lpe|v|ve|vp|vpe)$/;

const forkCallsCache = new WeakMap<ModuleModel, { forks: CallInfo[]; setsids: CallInfo[] }>();

/** The file's calls of `os.fork()` (and the like) and of `os.setsid()`, found by text first. */
function processCalls(model: ModuleModel): { forks: CallInfo[]; setsids: CallInfo[] } {
  let hit = forkCallsCache.get(model);
  if (hit) return hit;
  const resolving = (suffix: string, wanted: (q: string) => boolean): CallInfo[] =>
    model.callsWithCalleeEnding(suffix).filter((c) => wanted(qualify(model, c.callee, LAST_IMPORT) ?? ""));
  hit = {
    forks: mentions(model.text, "fork")
      ? [...resolving("fork", (q) => FORKS.has(q)), ...resolving("forkpty", (q) => FORKS.has(q))]
      : [],
    setsids: mentions(model.text, "setsid") ? resolving("setsid", (q) => q === "os.setsid") : [],
  };
  forkCallsCache.set(model, hit);
  return hit;
}

/** Names bound to the result of a fork in `fn` (`pid = os.fork()`, `pid, fd = pty.fork()`). */
function forkResults(model: ModuleModel, fn: FunctionInfo): Set<string> {
  const names = new Set<string>();
  for (const { node: call } of processCalls(model).forks.filter((c) => c.context.fn === fn)) {
    const parent = call.parent;
    if (parent?.type !== "assignment") continue;
    let left = parent.childForFieldName("left");
    if (left?.type === "pattern_list" || left?.type === "tuple_pattern") left = left.namedChild(0);
    if (left?.type === "identifier") names.add(left.text);
  }
  return names;
}

/** The `if` statements (with the branch taken) between `node` and the body of `fn`, innermost first. */
function enclosingIfs(node: Node, fn: FunctionInfo): Array<{ statement: Node; branch: Node }> {
  const out: Array<{ statement: Node; branch: Node }> = [];
  const stop = fn.body.id;
  for (let n: Node | null = node.parent; n && n.id !== stop; n = n.parent) {
    if (n.type === "if_statement") {
      const branch = n.childForFieldName("consequence");
      if (branch && branch.startIndex <= node.startIndex && node.endIndex <= branch.endIndex)
        out.push({ statement: n, branch: n });
    } else if ((n.type === "elif_clause" || n.type === "else_clause") && n.parent?.type === "if_statement") {
      out.push({ statement: n.parent, branch: n });
    }
  }
  return out;
}

/** The condition of the `if` itself (for its consequence) or of the `elif` taken. */
function conditionOf(statement: Node, branch: Node): Node | null {
  if (branch.type === "elif_clause") return branch.childForFieldName("condition");
  if (branch.type === "else_clause") return null;
  return statement.childForFieldName("condition");
}

function readsName(node: Node | null, names: ReadonlySet<string>): boolean {
  if (!node) return false;
  for (const name of names) for (const _ of wordOccurrences(node.text, name)) return true;
  return false;
}

/**
 * Does the exit end one side of a fork: inside an `if` on the fork's result (`if pid == 0:`,
 * `if pid:` ... `else:`)? The child must not return into the parent's code, and a daemonizing
 * parent leaves on purpose.
 */
export function endsForkBranch(model: ModuleModel, exit: Exit, fn: FunctionInfo): boolean {
  const pids = forkResults(model, fn);
  if (!pids.size) return false;
  return enclosingIfs(exit.node, fn).some(({ statement }) => {
    const conditions = [statement.childForFieldName("condition")];
    for (const c of statement.namedChildren)
      if (c?.type === "elif_clause") conditions.push(c.childForFieldName("condition"));
    return conditions.some((c) => readsName(c, pids));
  });
}

/** The statement holding `node` that sits directly in a block (a function's or a compound statement's body). */
function blockStatementOf(node: Node): Node | null {
  let stmt: Node | null = node;
  while (stmt?.parent && stmt.parent.type !== "block") stmt = stmt.parent;
  return stmt?.parent ? stmt : null;
}

/**
 * Is `fn` part of a daemonizer: it, or a method of its class, forks and another calls
 * `os.setsid()` (the Stevens double fork)? Such code decides the process's fate on purpose.
 */
export function daemonizes(model: ModuleModel, fn: FunctionInfo): boolean {
  const { forks, setsids } = processCalls(model);
  if (!forks.length || !setsids.length) return false;
  const scope = fn.parentClass ?? fn;
  const inScope = (c: CallInfo): boolean => !!c.context.fn && (c.context.fn.parentClass ?? c.context.fn) === scope;
  return forks.some(inScope) && setsids.some(inScope);
}

/**
 * Does an `os.exec*` call come before the exit in the same block (the exit handles "exec
 * returned"), or in the `try` whose handler holds the exit (exec failed)?
 */
export function followsExec(model: ModuleModel, exit: Exit): boolean {
  if (!mentions(model.text, "execv", "execl")) return false;
  const isExec = (stmt: Node | null): boolean => {
    const call = stmt?.type === "expression_statement" ? stmt.namedChild(0) : null;
    if (call?.type !== "call") return false;
    return EXECS.test(qualify(model, dottedName(call.childForFieldName("function")), LAST_IMPORT) ?? "");
  };
  for (let s = blockStatementOf(exit.node)?.previousNamedSibling ?? null; s; s = s.previousNamedSibling)
    if (isExec(s)) return true;
  const handler = exit.context.except?.node ?? null;
  const body = handler?.parent?.type === "try_statement" ? handler.parent.childForFieldName("body") : null;
  return !!body && body.namedChildren.some((s) => isExec(s));
}

/**
 * Is the exit inside an `if` that reads a parameter of `fn` whose name says exit or quit
 * (`if enable_exit_status and ...:`, `if force_quit_timeout:`)?
 */
export function exitIsOptedIn(exit: Exit, fn: FunctionInfo): boolean {
  const names = new Set(fn.parameters.map((p) => p.name).filter((n) => /exit|quit/i.test(n)));
  return enclosingIfs(exit.node, fn).some(({ statement, branch }) => {
    const condition = conditionOf(statement, branch);
    return (names.size > 0 && readsName(condition, names)) || readsExitOption(condition);
  });
}

/**
 * Does the condition read an attribute named for exiting, quitting or aborting (`if self.exit:`,
 * unittest.TestProgram's flag; `if conf.abort_on_empty:`, the user's option)? Not an exit code or
 * status (`if proc.exitcode:`), which is a child's answer rather than a choice.
 */
function readsExitOption(condition: Node | null): boolean {
  if (!condition) return false;
  for (const m of condition.text.matchAll(/\.\s*([A-Za-z_]\w*)/g)) {
    const words = nameWords(m[1]);
    if (
      words.some((w) => EXIT_OPTION_WORDS.has(w)) &&
      !words.some((w) => w === "code" || w === "status" || w === "exitcode")
    )
      return true;
  }
  return false;
}

const EXIT_OPTION_WORDS = new Set(["exit", "quit", "abort"]);

const EXIT_WORDS = /\b(?:exit|exits|exiting|terminate|terminates|terminating|quit|quits|SystemExit)\b/i;

/**
 * Does the function's docstring say, in its summary (the first paragraph), that it exits
 * (`Print the version and exit.`, "an exit handler", "raising SystemExit in the case of
 * failure")? A `:raises SystemExit:` entry further
 * down is not enough: it documents a library function's exit without making it the function's
 * purpose (the original review's `load_interface_driver`).
 */
export function documentedToExit(fn: FunctionInfo): boolean {
  const doc = fn.docstring;
  if (!doc) return false;
  const summary = doc.text.split(/\r?\n[ \t]*\r?\n/, 1)[0];
  return EXIT_WORDS.test(summary) || ENDS_PROGRAM.test(summary) || PROGRAM_EXITS.test(doc.text);
}

/** A summary saying the function ends the program it runs in: "return from the module, with an error message". */
const ENDS_PROGRAM = /\b(?:return|returns|exit|exits) from the (?:module|program|script|process)\b/i;
/** Anywhere in the docstring: "the program exits with an error message", "the process will exit". */
const PROGRAM_EXITS =
  /\bthe\s+(?:program|process|application|script)\s+(?:will\s+)?(?:exit|exits|terminate|terminates|quit|quits)\b/i;

/**
 * A private module-level helper (`_create_lock`) whose every use is in a function documented to
 * exit (`create_lock`: "If the lock is held the program exits"), or nested in one: the helper is
 * where that documented exit happens.
 */
export function helperOfExitingFunctions(model: ModuleModel, fn: FunctionInfo): boolean {
  const name = fn.name;
  if (!name.startsWith("_") || name.startsWith("__") || fn.parentClass || fn.parentFunction) return false;
  let users = 0;
  for (const id of model.identifiersNamed(name)) {
    if (id.id === fn.nameNode.id) continue;
    let user = model.innermostFunction(id.startIndex, id.endIndex);
    if (!user || user === fn) return false;
    while (user && !documentedToExit(user)) user = user.parentFunction;
    if (!user) return false;
    users++;
  }
  return users > 0;
}

const USAGE_PRINTERS = /(?:^|\.)(?:print_usage|print_help|usage|show_usage|print_usage_and_exit)$/;

/**
 * Does the exit follow printing the usage in the same block (`parser.print_usage()`)? That is
 * a command-line parser rejecting its arguments, as argparse's own `error()` does.
 */
export function followsUsage(exit: Exit): boolean {
  for (let s = blockStatementOf(exit.node)?.previousNamedSibling ?? null; s; s = s.previousNamedSibling) {
    const call = s.type === "expression_statement" ? s.namedChild(0) : null;
    if (call?.type === "call" && USAGE_PRINTERS.test(dottedName(call.childForFieldName("function")) ?? "")) return true;
  }
  return false;
}

/** Is the exit's status success (no argument, `None`, `0`, `False`)? */
export function exitsWithSuccess(exit: Exit): boolean {
  if (!exit.args) return false;
  if (!exit.args.length) return true;
  const a = unparen(exit.args[0]);
  return a.type === "none" || a.type === "false" || numericLiteral(a) === 0;
}

/** The comment on the exit's line and the comment lines right above it (with any code before the comment). */
function commentsAt(model: ModuleModel, exit: Exit): string[] {
  const text = model.text;
  const at = exit.node.startIndex;
  let lineEnd = text.indexOf("\n", at);
  if (lineEnd < 0) lineEnd = text.length;
  let start = text.lastIndexOf("\n", at - 1) + 1;
  const lines = [text.slice(at, lineEnd)];
  // the comment lines right above
  while (start > 0) {
    const prev = text.lastIndexOf("\n", start - 2) + 1;
    const line = text.slice(prev, start - 1);
    if (!/^\s*#/.test(line)) break;
    lines.push(line);
    start = prev;
  }
  return lines;
}

/**
 * Does a comment on the exit's line, or the comment lines right above it, say what the exit
 * status means ("results in an exit code of 1")? The author designed the process's exit there.
 */
export function exitStatusCommented(model: ModuleModel, exit: Exit): boolean {
  return commentsAt(model, exit).some((l) => /#.*\bexit (?:code|status)\b/i.test(l));
}

/**
 * `sys.exit()` in the `run` method of a thread class (`class Ticker(threading.Thread)`):
 * SystemExit ends only that thread (threading swallows it), never the process, so "ends the
 * process" would be wrong (what the thread's caller sees is a thread that stopped, as after `return`).
 */
export function exitEndsThread(fn: FunctionInfo): boolean {
  return fn.name === "run" && !!fn.parentClass?.bases.some((b) => /(?:^|\.)\w*Thread$/.test(b));
}

const WAITS = new Set(["os.wait", "os.waitpid", "os.wait3", "os.wait4", "posix.wait", "posix.waitpid"]);

/**
 * Does `fn` supervise processes it forked: it forks (itself or in a function nested in it) and
 * reaps its children (`os.wait()`)? Then it is a process manager, and ending the parent once its
 * children are done is its documented job (returning would resume the caller's code as if it were
 * a child).
 */
export function supervisesChildren(model: ModuleModel, fn: FunctionInfo): boolean {
  const { forks } = processCalls(model);
  if (!forks.length) return false;
  const within = (f: FunctionInfo | null): boolean => {
    for (let g = f; g; g = g.parentFunction) if (g === fn) return true;
    return false;
  };
  if (!forks.some((c) => within(c.context.fn))) return false;
  for (const suffix of ["wait", "waitpid", "wait3", "wait4"])
    for (const c of model.callsWithCalleeEnding(suffix))
      if (c.context.fn === fn && WAITS.has(qualify(model, c.callee, LAST_IMPORT) ?? "")) return true;
  return false;
}

/**
 * Does the exit turn Ctrl-C into a quiet exit (`except KeyboardInterrupt: raise SystemExit`),
 * with any status (`sys.exit(1)`, as Python itself does, or 130)? KeyboardInterrupt already
 * escapes `except Exception`, so a caller loses nothing it could handle whatever the status, and
 * the user who pressed Ctrl-C asked for the program to end.
 */
export function quietInterrupt(exit: Exit): boolean {
  const handler = exit.context.except?.node;
  if (!handler || exit.hard) return false;
  const caught = handler.childForFieldName("value") ?? handler.namedChildren.find((c) => c?.type !== "block");
  const type = caught?.type === "as_pattern" ? caught.namedChild(0) : caught;
  return type?.text === "KeyboardInterrupt";
}

/**
 * Could the handler `clause` catch an exit in `fn`? In the handler's own function only an exit
 * inside its `try` body; any other function of the module may be called from that body (one
 * file cannot tell which are).
 */
export function mayCatch(model: ModuleModel, clause: Node, exit: Exit, fn: FunctionInfo): boolean {
  if (model.innermostFunction(clause.startIndex, clause.endIndex) !== fn) return true;
  const body = clause.parent?.type === "try_statement" ? clause.parent.childForFieldName("body") : null;
  return !!body && body.startIndex <= exit.node.startIndex && exit.node.endIndex <= body.endIndex;
}

/**
 * The `except SystemExit` handlers of the module that do not re-raise: the module uses
 * SystemExit as its own error signal and catches it in its runner. In document order.
 */
export function systemExitCatchers(model: ModuleModel): Node[] {
  const out: Node[] = [];
  const text = model.text;
  for (const at of wordOccurrences(text, "SystemExit")) {
    let n: Node | null = model.root.descendantForIndex(at, at + 10);
    // SystemExit, (A, SystemExit), SystemExit as e
    while (n && /^(identifier|tuple|parenthesized_expression|as_pattern|expression_list)$/.test(n.type)) n = n.parent;
    if (n?.type !== "except_clause" || out.some((c) => c.id === n?.id)) continue;
    const clause = n;
    if (model.raises.some((r) => r.context.except?.start === clause.startIndex && r.exception?.type !== "call"))
      continue;
    out.push(clause);
  }
  return out;
}

/**
 * Is this exit the program's by what surrounds it (see the header)? (EXC001 asks only of exits
 * that report a failure: `os._exit`, exits with success and computed statuses it leaves alone.)
 */
export function exitBelongsToProgram(model: ModuleModel, exit: Exit, fn: FunctionInfo): boolean {
  return (
    documentedToExit(fn) ||
    helperOfExitingFunctions(model, fn) ||
    exitEndsThread(fn) ||
    quietInterrupt(exit) ||
    supervisesChildren(model, fn) ||
    followsUsage(exit) ||
    exitStatusCommented(model, exit) ||
    statusIsProtocol(model, exit) ||
    exitIsOptedIn(exit, fn) ||
    endsForkBranch(model, exit, fn) ||
    followsExec(model, exit) ||
    daemonizes(model, fn)
  );
}

/**
 * Does the exit pass on a status that one of the module's SystemExit handlers saved
 * (`except SystemExit as e: self.exitcode = e.code` ... `sys.exit(self.exitcode)`)? That is the
 * module's runner ending the program with its own protocol's status.
 */
export function passesOnCaughtStatus(model: ModuleModel, exit: Exit, catchers: readonly Node[]): boolean {
  const arg = exit.args?.length === 1 ? exit.args[0].text.replace(/\s+/g, "") : null;
  if (!arg) return false;
  for (const clause of catchers) {
    const alias = clause.childForFieldName("value");
    const name = alias?.type === "as_pattern" ? alias.childForFieldName("alias")?.text : null;
    if (!name) continue;
    for (const a of model.assignments) {
      if (a.node.startIndex < clause.startIndex || a.node.endIndex > clause.endIndex) continue;
      if (a.right?.text.replace(/\s+/g, "") === `${name}.code` && a.left.text.replace(/\s+/g, "") === arg) return true;
    }
  }
  return false;
}

/**
 * An exception class of the project's own that `fn` raises elsewhere (`raise DistutilsArgError(...)`),
 * or null: the function's own way to report failure, which a fix to RuntimeError would bypass
 * (its callers' handlers catch that class).
 */
export function ownErrorClass(fn: FunctionInfo): string | null {
  for (const r of fn.raises) {
    const e = r.exception;
    const head = e?.type === "call" ? e.childForFieldName("function") : e;
    const name = dottedName(head);
    if (!name) continue;
    const last = name.slice(name.lastIndexOf(".") + 1);
    if (/^[A-Z]/.test(last) && !BUILTIN_EXCEPTIONS.has(last)) return name;
  }
  return null;
}
