// Why an exit in a function that is not an entry point still belongs to the program (EXC001):
// it ends a forked child or a daemonizing parent, follows an `os.exec*` that should not have
// returned, is the caller's opt-in (`if exit_on_error:`), is what the function is documented to
// do ("Print the version and exit."), rejects command-line arguments after printing the usage,
// or the module uses SystemExit as its own error signal and catches it in its runner. Each question is asked only about an exit already found.
import type { Node } from "web-tree-sitter";
import { LAST_IMPORT, qualify } from "./bindings";
import type { Exit } from "./exits";
import type { FunctionInfo, ModuleModel } from "./model";
import { dottedName, numericLiteral, unparen } from "./syntax";
import { wordOccurrences } from "./textSearch";

const FORKS = new Set(["os.fork", "os.forkpty", "pty.fork", "posix.fork"]);
const EXECS = /^(?:os|posix)\.exec(?:l|le|lp|lpe|v|ve|vp|vpe)$/;

/** Calls made directly in `fn` (not in nested functions) that resolve to one of `wanted`. */
function callsTo(model: ModuleModel, fn: FunctionInfo, wanted: (q: string) => boolean): Node[] {
  const out: Node[] = [];
  for (const c of model.calls) {
    if (c.context.fn !== fn || c.callee === null) continue;
    const q = qualify(model, c.callee, LAST_IMPORT);
    if (q && wanted(q)) out.push(c.node);
  }
  return out;
}

/** Names bound to the result of a fork in `fn` (`pid = os.fork()`, `pid, fd = pty.fork()`). */
function forkResults(model: ModuleModel, fn: FunctionInfo): Set<string> {
  const names = new Set<string>();
  for (const call of callsTo(model, fn, (q) => FORKS.has(q))) {
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
  if (!model.text.includes("fork")) return false;
  const pids = forkResults(model, fn);
  if (!pids.size) return false;
  return enclosingIfs(exit.node, fn).some(({ statement }) => {
    const conditions = [statement.childForFieldName("condition")];
    for (const c of statement.namedChildren)
      if (c?.type === "elif_clause") conditions.push(c.childForFieldName("condition"));
    return conditions.some((c) => readsName(c, pids));
  });
}

const daemonizers = new WeakMap<ModuleModel, Set<FunctionInfo | object>>();

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
  if (!model.text.includes("setsid")) return false;
  let found = daemonizers.get(model);
  if (!found) {
    found = new Set();
    const scopes = new Map<FunctionInfo | object, { fork: boolean; setsid: boolean }>();
    for (const c of model.calls) {
      const f = c.context.fn;
      if (!f || c.callee === null || !/(?:fork|setsid)$/.test(c.callee)) continue;
      const q = qualify(model, c.callee, LAST_IMPORT) ?? "";
      const fork = FORKS.has(q);
      const setsid = q === "os.setsid";
      if (!fork && !setsid) continue;
      const scope = f.parentClass ?? f;
      const s = scopes.get(scope) ?? { fork: false, setsid: false };
      scopes.set(scope, { fork: s.fork || fork, setsid: s.setsid || setsid });
    }
    for (const [scope, s] of scopes) if (s.fork && s.setsid) found.add(scope);
    daemonizers.set(model, found);
  }
  return found.has(fn.parentClass ?? fn);
}

/**
 * Does an `os.exec*` call come before the exit in the same block (the exit handles "exec
 * returned"), or in the `try` whose handler holds the exit (exec failed)?
 */
export function followsExec(model: ModuleModel, exit: Exit): boolean {
  if (!model.text.includes("exec")) return false;
  const isExec = (stmt: Node | null): boolean => {
    const call = stmt?.type === "expression_statement" ? stmt.namedChild(0) : null;
    if (call?.type !== "call") return false;
    return EXECS.test(qualify(model, dottedName(call.childForFieldName("function")), LAST_IMPORT) ?? "");
  };
  for (let s = blockStatementOf(exit.node)?.previousNamedSibling ?? null; s; s = s.previousNamedSibling)
    if (isExec(s)) return true;
  const handler = exit.context.except;
  const body = handler?.parent?.type === "try_statement" ? handler.parent.childForFieldName("body") : null;
  return !!body && body.namedChildren.some((s) => isExec(s));
}

/** Is the exit inside an `if` that reads a parameter of `fn` whose name says exit (`if enable_exit_status and ...:`)? */
export function exitIsOptedIn(exit: Exit, fn: FunctionInfo): boolean {
  const names = new Set(fn.parameters.map((p) => p.name).filter((n) => /exit/i.test(n)));
  if (!names.size) return false;
  return enclosingIfs(exit.node, fn).some(({ statement, branch }) => readsName(conditionOf(statement, branch), names));
}

const EXIT_WORDS = /\b(?:exit|exits|exiting|terminate|terminates|terminating|quit|quits)\b/i;

/**
 * Does the function's docstring say, in its summary (the first paragraph), that it exits
 * (`Print the version and exit.`, "an exit handler")? A `:raises SystemExit:` entry further
 * down is not enough: it documents a library function's exit without making it the function's
 * purpose (the original review's `load_interface_driver`).
 */
export function documentedToExit(fn: FunctionInfo): boolean {
  const doc = fn.docstring;
  if (!doc) return false;
  const summary = doc.text.split(/\r?\n[ \t]*\r?\n/, 1)[0];
  return EXIT_WORDS.test(summary);
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

/** A `--help`/`--version` printer: named for it, and it exits with success. */
export function isHelpPrinter(exit: Exit, fn: FunctionInfo): boolean {
  return /help|usage|version|options/i.test(fn.name) && exitsWithSuccess(exit);
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
    if (model.raises.some((r) => r.context.except?.id === clause.id && r.exception?.type !== "call")) continue;
    out.push(clause);
  }
  return out;
}

/**
 * Is this exit the program's by what surrounds it (see the header)? `os._exit` anywhere in a
 * forking function counts too: after fork the child must leave without the parent's cleanup.
 */
export function exitBelongsToProgram(model: ModuleModel, exit: Exit, fn: FunctionInfo): boolean {
  if (exit.hard && forks(model, fn)) return true;
  return (
    documentedToExit(fn) ||
    isHelpPrinter(exit, fn) ||
    followsUsage(exit) ||
    exitIsOptedIn(exit, fn) ||
    endsForkBranch(model, exit, fn) ||
    followsExec(model, exit) ||
    daemonizes(model, fn)
  );
}

/** Does the function (directly) fork? */
export function forks(model: ModuleModel, fn: FunctionInfo): boolean {
  if (!model.text.includes("fork")) return false;
  return callsTo(model, fn, (q) => FORKS.has(q)).length > 0;
}
