// EXC001's fixes: replace an exit in a library function by an exception. None is safe: an
// exception changes what callers see (`except Exception` now catches it) and, uncaught, prints
// a traceback where the exit printed at most a message. Offered only where the exit means
// "failed" with status 1 (`sys.exit(1)`, `sys.exit("message")`): an exit with success would
// become a failure, and another status (`sys.exit(3)`, `sys.exit(code)`) may be a protocol
// that an exception cannot carry to the parent process.
import type { Node } from "web-tree-sitter";
import type { Exit } from "../analysis/exits";
import { exitsWithSuccess } from "../analysis/exitIntent";
import { assignmentsInFunction } from "../analysis/localBindings";
import { loggerBindings } from "../analysis/loggers";
import { MESSAGE_TRANSLATORS } from "../analysis/logging";
import type { FunctionInfo, ModuleModel } from "../analysis/model";
import { isStringLiteral, numericLiteral, unparen } from "../analysis/syntax";
import type { Fix, TextEdit } from "../core/types";
import { hasMultiLineString } from "./callLayout";

/** What the exit's status means to the process that ran it. */
export type ExitStatus =
  | { kind: "success" }
  | { kind: "failure"; message: Node | null }
  | { kind: "other"; code: string };

/** A string-valued message expression: a literal, one formatted from a literal, `str(...)`, `repr(...)`, `_(...)`. */
function isMessage(n: Node): boolean {
  if (isStringLiteral(n)) return true;
  if (n.type === "binary_operator") {
    const left = n.childForFieldName("left");
    return !!left && isMessage(unparen(left));
  }
  if (n.type === "call") {
    const fn = n.childForFieldName("function");
    // str(e), repr(x), and a translated message: _("...")
    if (fn?.type === "identifier") return fn.text === "str" || fn.text === "repr" || MESSAGE_TRANSLATORS.has(fn.text);
    const object = fn?.type === "attribute" ? fn.childForFieldName("object") : null;
    return (
      /^(format|join)$/.test(fn?.childForFieldName("attribute")?.text ?? "") &&
      !!object &&
      isStringLiteral(unparen(object))
    );
  }
  return false;
}

/** The name the enclosing `except ... as name` binds, or null. */
function caughtName(handler: Node | null): string | null {
  const value = handler?.childForFieldName("value");
  if (value?.type !== "as_pattern") return null;
  const id = value.childForFieldName("alias")?.namedChild(0);
  return id?.type === "identifier" ? id.text : null;
}

/**
 * `msg % subs` where every assignment of `msg` in the function is a message (`msg = _("...")`):
 * a message formatted from a local one.
 */
function formatsLocalMessage(model: ModuleModel, n: Node, fn: FunctionInfo | null): boolean {
  if (n.type !== "binary_operator" || n.childForFieldName("operator")?.type !== "%") return false;
  const left = n.childForFieldName("left");
  if (left?.type !== "identifier") return false;
  const bound = assignmentsInFunction(model, fn).filter(
    (a) => a.left.type === "identifier" && a.left.text === left.text,
  );
  return bound.length > 0 && bound.every((a) => !!a.right && isMessage(unparen(a.right)));
}

/**
 * Is `name` bound in the function only to messages, at least once (`err = "no terminal"`,
 * `msg = _("...") % subs`, `why = str(exc)`)? Then exiting with it prints it and exits with status 1.
 */
function holdsMessage(model: ModuleModel, name: string, fn: FunctionInfo | null): boolean {
  const bound = assignmentsInFunction(model, fn).filter((a) => a.left.type === "identifier" && a.left.text === name);
  return bound.length > 0 && bound.every((a) => !!a.right && isMessage(unparen(a.right)));
}

export function exitStatus(exit: Exit, model: ModuleModel): ExitStatus {
  if (exitsWithSuccess(exit)) return { kind: "success" };
  const a = exit.args?.length === 1 ? unparen(exit.args[0]) : null;
  if (!a) return { kind: "other", code: exit.args ? "" : "…" };
  if (a.type === "true" || numericLiteral(a) === 1) return { kind: "failure", message: null };
  // a message goes to stderr and the status is 1; so does the exception being handled
  if (isMessage(a) || formatsLocalMessage(model, a, exit.context.fn))
    return { kind: "failure", message: exit.args?.[0] ?? null };
  if (a.type === "identifier" && a.text === caughtName(exit.context.except?.node ?? null))
    return { kind: "failure", message: null };
  if (a.type === "identifier" && holdsMessage(model, a.text, exit.context.fn))
    return { kind: "failure", message: exit.args?.[0] ?? null };
  return { kind: "other", code: a.text };
}

/** A name for the caught exception that the function does not use yet. */
function freshName(model: ModuleModel, fn: FunctionInfo | null): string {
  const start = fn ? fn.node.startIndex : 0;
  const end = fn ? fn.node.endIndex : model.text.length;
  for (const candidate of ["exc", "err", "error", "exc_"]) {
    if (!model.identifiersNamedIn(candidate, start, end).length) return candidate;
  }
  return "caught_exc";
}

/**
 * The exit's argument list as it reads after `raise RuntimeError` replaces what came before it
 * (`sys.exit`, `raise SystemExit`): continuation lines aligned under the first argument move by
 * as much as it did; a list that breaks right after `(` keeps its hanging indent. Null when a
 * string spans lines (its text would change) or the list cannot be found.
 */
function movedArguments(text: string, exit: Exit, stmt: Node, head: string): string | null {
  const call = exit.node.type === "call" ? exit.node : exit.node.namedChild(0);
  const list = call?.type === "call" ? call.childForFieldName("arguments") : null;
  if (list?.type !== "argument_list") return null;
  if (hasMultiLineString(list)) return null;
  const first = list.namedChild(0);
  const own = text.slice(list.startIndex, list.endIndex);
  if (!first || first.startPosition.row !== list.startPosition.row) return own;
  // only lines aligned under the first argument (or deeper) follow it; a hanging indent stays
  const delta = head.length - (list.startIndex - stmt.startIndex);
  const aligned = first.startPosition.column;
  return own.replace(/(\r?\n)( *)(?=\S)/g, (whole, eol: string, spaces: string) =>
    spaces.length >= aligned ? `${eol}${" ".repeat(Math.max(0, spaces.length + delta))}` : whole,
  );
}

const REASON = "unsafe: callers now see an exception, and uncaught it prints a traceback";

/**
 * `ownError`: an exception class of the project's that the function raises elsewhere; then
 * RuntimeError is not offered (callers handle the function's failures through that class), only
 * re-raising what was caught.
 */
/** Log methods whose message says what went wrong (not `info`/`debug`: those describe progress). */
const FAILURE_LOG_METHODS = new Set(["error", "exception", "critical", "fatal", "warning", "warn"]);

/**
 * The message the statement right before the exit logged (`LOG.error("Cannot load %s", name)`),
 * as a string expression for the exception (`"Cannot load %s" % (name,)`, which is how logging
 * formats it), or null: not a one-line %-style failure log call with a plain string message.
 */
function loggedMessage(model: ModuleModel, stmt: Node, fn: FunctionInfo | null): string | null {
  let before = stmt.previousNamedSibling;
  while (before?.type === "comment") before = before.previousNamedSibling;
  const call = before?.type === "expression_statement" ? before.namedChild(0) : null;
  if (call?.type !== "call" || call.startPosition.row !== call.endPosition.row) return null;
  const callee = call.childForFieldName("function");
  if (callee?.type !== "attribute") return null;
  if (!FAILURE_LOG_METHODS.has(callee.childForFieldName("attribute")?.text ?? "")) return null;
  const receiver = callee.childForFieldName("object")?.text.replace(/\s+/g, "") ?? "";
  // a logger of the module, or the logging module itself (`logging.warning(...)`: the root logger)
  const rootLogger =
    receiver === "logging" &&
    model.imports.some((i) => i.kind === "import" && i.names.some((n) => n.name === "logging" && !n.alias));
  if (!rootLogger && loggerBindings(model).get(receiver) !== "percent") return null;
  const args = call.childForFieldName("arguments")?.namedChildren.filter((a): a is Node => !!a) ?? [];
  const positional = args.filter((a) => a.type !== "keyword_argument");
  if (positional.some((a) => /splat|comment/.test(a.type))) return null;
  const [message, ...rest] = positional;
  // a plain literal, or a local bound only to messages (`txt = "..."; logger.error(txt)`)
  const literal = message?.type === "string" && isStringLiteral(message) && !/^[a-z]*[fb]/i.test(message.text);
  const local = message?.type === "identifier" && holdsMessage(model, message.text, fn);
  if (!message || (!literal && !local)) return null;
  if (!rest.length) return message.text;
  // one mapping argument fills `%(name)s` fields, as logging does with it
  if (rest.length === 1 && rest[0].type === "dictionary") return `${message.text} % ${rest[0].text}`;
  return `${message.text} % (${rest.map((a) => a.text).join(", ")},)`;
}

/**
 * `lineLength`: the project's; a message taken from the log call before the exit is used only
 * when the statement still fits.
 */
export function exitFixes(
  model: ModuleModel,
  exit: Exit,
  status: ExitStatus,
  ownError: string | null,
  lineLength: number,
): Fix[] {
  if (!exit.statement || status.kind !== "failure") return [];
  const stmt = exit.statement;
  const logged = status.message ? null : loggedMessage(model, stmt, exit.context.fn);
  const raiseWith = (suffix: string): string | null => {
    const head = "raise RuntimeError";
    if (!status.message) {
      const withLog = logged === null ? null : `${head}(${logged})${suffix}`;
      const column = stmt.startPosition.column;
      return withLog && column + withLog.length <= lineLength ? withLog : `${head}()${suffix}`;
    }
    const list = movedArguments(model.text, exit, stmt, head);
    return list === null ? null : `${head}${list}${suffix}`;
  };
  const handler = exit.context.except?.node ?? null;
  if (!handler && ownError) return [];
  if (!handler) {
    const newText = raiseWith("");
    return newText
      ? [{ title: `Raise RuntimeError instead (${REASON})`, safe: false, edits: [replace(stmt, newText)] }]
      : [];
  }
  const fixes: Fix[] = [
    { title: `Re-raise the original exception (${REASON})`, safe: false, edits: [replace(stmt, "raise")] },
  ];
  if (ownError) return fixes;
  const edits: TextEdit[] = [];
  let name = caughtName(handler);
  if (!name) {
    name = freshName(model, exit.context.fn);
    const value = handler.childForFieldName("value");
    if (value?.type === "as_pattern") return fixes;
    if (value) edits.push({ start: value.endIndex, end: value.endIndex, newText: ` as ${name}` });
    else {
      // a bare `except:` catches BaseException; say so to bind it
      const colon = handler.children.find((c) => c?.type === ":");
      if (!colon) return fixes;
      edits.push({ start: colon.startIndex, end: colon.startIndex, newText: ` BaseException as ${name}` });
    }
  }
  const newText = raiseWith(` from ${name}`);
  if (!newText) return fixes;
  edits.push(replace(stmt, newText));
  const chained: Fix = { title: `Raise RuntimeError from \`${name}\` (${REASON})`, safe: false, edits };
  // When re-raising would drop the exit's message, keeping it comes first.
  if (status.message) fixes.unshift(chained);
  else fixes.push(chained);
  return fixes;
}

function replace(stmt: Node, newText: string): TextEdit {
  return { start: stmt.startIndex, end: stmt.endIndex, newText };
}
