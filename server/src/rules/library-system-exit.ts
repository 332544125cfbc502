// EXC001: a library function that ends the process (SystemExit, sys.exit, exit, quit, os._exit).
import type { Node } from "web-tree-sitter";
import { entryPointsOf } from "../analysis/entryPoints";
import type { Context, FunctionInfo, ModuleModel } from "../analysis/model";
import { isBindingOccurrence } from "../analysis/syntax";
import { importBindings, qualify } from "../analysis/qualify";
import { indexOfFast } from "../analysis/textSearch";
import type { Fix, TextEdit } from "../core/types";
import type { Rule } from "./types";

/** What a call resolves to when it exits: qualified names after import resolution. */
const EXIT_FUNCTIONS = new Set(["sys.exit", "os._exit", "posix._exit"]);
const BUILTIN_EXITS = new Set(["exit", "quit"]);
const FORKS = new Set(["os.fork", "os.forkpty", "pty.fork", "posix.fork"]);

interface Exit {
  /** The node reported: the raise statement or the call. */
  node: Node;
  /** How it exits, for the message: `raise SystemExit`, `sys.exit()`. */
  what: string;
  /** Is it `os._exit` (no cleanup, no exception)? */
  hard: boolean;
  context: Context;
  /** The statement to replace in a fix (null when the exit is part of a larger expression). */
  statement: Node | null;
  /** The exit's arguments (null: they cannot be carried over, e.g. several or `*args`). */
  args: Node[] | null;
}

/** The innermost function whose definition holds `offset`, or null at module (or class) level. */
function functionAt(model: ModuleModel, offset: number): FunctionInfo | null {
  return model.innermostFunction(offset, offset + 1);
}

/**
 * The places that bind `name` other than an import (a def, an assignment, a parameter), each
 * as the function it binds in (null: module level, visible everywhere).
 */
function localBindings(model: ModuleModel, name: string): Array<FunctionInfo | null> {
  const out: Array<FunctionInfo | null> = [];
  for (const id of model.identifiersNamed(name)) {
    const p = id.parent;
    if (
      !p ||
      p.type === "attribute" ||
      p.type === "keyword_argument" ||
      p.type === "dotted_name" ||
      p.type === "aliased_import"
    )
      continue;
    if (isBindingOccurrence(id)) out.push(functionAt(model, id.startIndex));
  }
  return out;
}

/** Is the builtin `name` shadowed where `fn` runs (bound at module level or in `fn` or a function around it)? */
function shadowedIn(bindings: Array<FunctionInfo | null>, fn: FunctionInfo | null): boolean {
  for (const scope of bindings) {
    if (scope === null) return true;
    for (let f: FunctionInfo | null = fn; f; f = f.parentFunction ?? f.parentClass?.parentFunction ?? null)
      if (f === scope) return true;
  }
  return false;
}

/** `sys.exit`, `exit` (the builtin, or imported from sys), `os._exit` → a canonical name. */
function exitFunction(
  model: ModuleModel,
  callee: string,
  fn: FunctionInfo | null,
  bindings: Map<string, Array<FunctionInfo | null>>,
): string | null {
  const q = qualify(model, callee);
  if (q !== null) return EXIT_FUNCTIONS.has(q) ? q : null;
  if (!BUILTIN_EXITS.has(callee)) return null;
  let b = bindings.get(callee);
  if (b === undefined) {
    b = localBindings(model, callee);
    bindings.set(callee, b);
  }
  return shadowedIn(b, fn) ? null : callee;
}

function callArgs(node: Node | null): Node[] | null {
  if (!node) return [];
  if (node.type !== "argument_list") return null;
  const args = node.namedChildren.filter((c): c is Node => !!c && c.type !== "comment");
  if (args.length > 1 || args.some((a) => /^(keyword_argument|list_splat|dictionary_splat)$/.test(a.type))) return null;
  return args;
}

/** Does the function (directly) fork? Its child must leave with `os._exit`. */
function forks(model: ModuleModel, fn: FunctionInfo | null): boolean {
  if (!fn) return false;
  return model.calls.some((c) => c.context.fn === fn && c.callee !== null && FORKS.has(qualify(model, c.callee) ?? ""));
}

const SPACES_THEN_PAREN = /\s*\(/y;

/** Does the text hold `exit(` or `quit(` (spaces allowed before the `(`)? (indexOf: a regex would try every offset of the file) */
function mentionsExitCall(text: string): boolean {
  for (const word of ["exit", "quit"]) {
    for (let i = indexOfFast(text, word); i >= 0; i = indexOfFast(text, word, i + 1)) {
      SPACES_THEN_PAREN.lastIndex = i + word.length;
      if (SPACES_THEN_PAREN.test(text)) return true;
    }
  }
  return false;
}

function isWordChar(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95;
}

/** Is there a line matching /\bimport\b[^\n]*\b_?exit as\b/ (`from sys import exit as leave`)? */
function importsExitAs(text: string): boolean {
  for (let k = indexOfFast(text, "exit as"); k >= 0; k = indexOfFast(text, "exit as", k + 1)) {
    if (isWordChar(text, k + 7)) continue;
    // where `\b_?exit` starts
    let p: number;
    if (!isWordChar(text, k - 1)) p = k;
    else if (text.charCodeAt(k - 1) === 95 && !isWordChar(text, k - 2)) p = k - 1;
    else continue;
    const lineStart = text.lastIndexOf("\n", p - 1) + 1;
    for (let q = indexOfFast(text, "import", lineStart); q >= 0 && q + 6 <= p; q = indexOfFast(text, "import", q + 1)) {
      if (!isWordChar(text, q - 1) && !isWordChar(text, q + 6)) return true;
    }
  }
  return false;
}

function collectExits(model: ModuleModel): Exit[] {
  const exits: Exit[] = [];
  if (indexOfFast(model.text, "SystemExit") >= 0) {
    for (const r of model.raises) {
      const e = r.exception;
      if (!e) continue;
      const head = e.type === "call" ? e.childForFieldName("function") : e;
      if (!head || (head.text !== "SystemExit" && head.text !== "builtins.SystemExit")) continue;
      exits.push({
        node: r.node,
        what: "raise SystemExit",
        hard: false,
        context: r.context,
        statement: r.node,
        args: e.type === "call" ? callArgs(e.childForFieldName("arguments")) : [],
      });
    }
  }
  const text = model.text;
  if (mentionsExitCall(text) || importsExitAs(text)) {
    const bindings = new Map<string, Array<FunctionInfo | null>>();
    // `from sys import exit as leave` (only an import that spells `exit` can bind one)
    const aliases = new Set<string>();
    if (model.imports.some((i) => text.slice(i.node.startIndex, i.node.endIndex).includes("exit"))) {
      for (const [name, target] of importBindings(model)) if (EXIT_FUNCTIONS.has(target)) aliases.add(name);
    }
    // the calls ending in `exit` or `quit`, or calling an alias (found by text: other callees are never read)
    const lists = [model.callsWithCalleeEnding("exit"), model.callsWithCalleeEnding("quit")];
    for (const alias of aliases) lists.push(model.callsWithCalleeEnding(alias).filter((c) => c.callee === alias));
    const candidates = lists.filter((l) => l.length);
    const calls =
      candidates.length > 1
        ? [...new Set(candidates.flat())].sort((a, b) => a.node.startIndex - b.node.startIndex)
        : (candidates[0] ?? []);
    for (const call of calls) {
      const callee = call.callee;
      if (!callee || (!callee.endsWith("exit") && !callee.endsWith("quit") && !aliases.has(callee))) continue;
      const fn = exitFunction(model, callee, call.context.fn, bindings);
      if (!fn) continue;
      const parent = call.node.parent;
      exits.push({
        node: call.node,
        what: `${callee}()`,
        hard: fn.endsWith("_exit"),
        context: call.context,
        statement: parent?.type === "expression_statement" && parent.namedChildCount === 1 ? parent : null,
        args: callArgs(call.argumentsNode),
      });
    }
  }
  return exits;
}

/** An argument worth keeping as an exception message (not an exit status such as `1` or `None`). */
function messageOf(args: Node[] | null): string {
  if (!args?.length) return "";
  const a = args[0];
  if (/^(integer|none|true|false)$/.test(a.type)) return "";
  if (a.type === "unary_operator" && a.namedChild(0)?.type === "integer") return "";
  return a.text;
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

function fixesFor(model: ModuleModel, exit: Exit): Fix[] {
  if (!exit.statement) return [];
  const stmt = exit.statement;
  const fixes: Fix[] = [];
  const handler = exit.context.except;
  const message = messageOf(exit.args);
  if (handler) {
    fixes.push({
      title: "Re-raise the original exception",
      // Dropping a message the exit would have printed loses information: not automatic then.
      safe: !message && !exit.hard,
      edits: [{ start: stmt.startIndex, end: stmt.endIndex, newText: "raise" }],
    });
    if (exit.args) {
      const value = handler.childForFieldName("value");
      const edits: TextEdit[] = [];
      let name: string;
      if (value?.type === "as_pattern") {
        const alias = value.childForFieldName("alias");
        const id = alias?.namedChild(0);
        if (id?.type !== "identifier") return fixes;
        name = id.text;
      } else {
        name = freshName(model, exit.context.fn);
        if (value) edits.push({ start: value.endIndex, end: value.endIndex, newText: ` as ${name}` });
        else {
          // a bare `except:` catches BaseException; say so to bind it
          const colon = handler.children.find((c) => c?.type === ":");
          if (!colon) return fixes;
          edits.push({ start: colon.startIndex, end: colon.startIndex, newText: ` BaseException as ${name}` });
        }
      }
      edits.push({
        start: stmt.startIndex,
        end: stmt.endIndex,
        newText: `raise RuntimeError(${message}) from ${name}`,
      });
      const chained: Fix = { title: `Raise RuntimeError from \`${name}\``, safe: false, edits };
      // When re-raising would drop the exit's message, keeping it comes first.
      if (fixes[0].safe) fixes.push(chained);
      else fixes.unshift(chained);
    }
  } else if (exit.args) {
    fixes.push({
      title: "Raise RuntimeError instead",
      safe: false,
      edits: [{ start: stmt.startIndex, end: stmt.endIndex, newText: `raise RuntimeError(${message})` }],
    });
  }
  return fixes;
}

export const librarySystemExit: Rule = {
  meta: {
    code: "EXC001",
    name: "library-system-exit",
    category: "errors",
    reviewPoint: 4,
    severity: "warning",
    fixable: "sometimes",
    skipsTestFiles: true,
    summary: "A library function ends the process (raise SystemExit, sys.exit(), exit(), quit(), os._exit()).",
    rationale:
      "Exiting is the program's decision, not a library's: a function that raises SystemExit takes the choice away from every caller, " +
      "slips past `except Exception`, and kills test runners and long-lived services. " +
      "Raise an exception that says what went wrong and let the entry point (`main`, a CLI command) turn it into an exit status.",
    example:
      'def load_driver(conf):\n    try:\n        return importutils.import_object(conf.driver)\n    except ImportError:\n        LOG.error("Cannot load %s", conf.driver)\n        raise SystemExit(1)',
    useInstead:
      'def load_driver(conf):\n    try:\n        return importutils.import_object(conf.driver)\n    except ImportError:\n        LOG.error("Cannot load %s", conf.driver)\n        raise',
  },
  check({ model, path, root, settings, report }) {
    const exits = collectExits(model);
    if (!exits.length) return;
    const entry = entryPointsOf(model, path, root, settings);
    // A program's own modules may exit (tests, skipped by the engine, exit on purpose too).
    if (entry.programFile) return;
    for (const exit of exits) {
      const fn = exit.context.fn;
      if (!fn || entry.covers(exit.context)) continue;
      // After os.fork() the child must leave with os._exit (no cleanup of the parent's state).
      if (exit.hard && forks(model, fn)) continue;
      const where = fn.parentClass ? `${fn.parentClass.name}.${fn.name}` : fn.name;
      const how = exit.hard
        ? `\`${exit.what}\` in \`${where}\` ends the process at once, without cleanup or \`finally\` blocks`
        : `\`${exit.what}\` in \`${where}\` ends the process`;
      const advice = exit.context.except
        ? "re-raise (or raise a specific exception) and let the entry point decide to exit"
        : "raise an exception that says what went wrong and let the entry point decide to exit";
      report({
        start: exit.node.startIndex,
        end: exit.node.endIndex,
        message: `${how}: \`${where}\` is not an entry point, so its callers cannot handle the failure; ${advice}.`,
        fixes: fixesFor(model, exit),
      });
    }
  },
};
