// Where code ends the process: `raise SystemExit`, `sys.exit()`, the builtins `exit()` and
// `quit()`, `os._exit()` (also imported under another name: `from sys import exit as leave`).
// Found from the text first: most files never exit. Why an exit may still be the program's:
// exitIntent.ts.
import type { Node } from "web-tree-sitter";
import { builtinShadowed, importTargets, qualify, type Reading } from "./bindings";
import { isWordCode } from "./chars";
import type { Context, FunctionInfo, ModuleModel } from "./model";
import { indexOfFast, mentions, occursFollowedBy, wordOccurrences } from "./textSearch";

/** What a call resolves to when it exits: qualified names after import resolution. */
const EXIT_FUNCTIONS = new Set(["sys.exit", "os._exit", "posix._exit"]);
const BUILTIN_EXITS = new Set(["exit", "quit"]);

export interface Exit {
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

/**
 * `sys.exit`, `exit` (the builtin, or imported from sys), `os._exit` → a canonical name. The
 * builtins count unless bound by the file where the call runs (`scope`).
 */
function exitFunction(model: ModuleModel, callee: string, fn: FunctionInfo | null, r: Reading): string | null {
  const q = qualify(model, callee, r);
  if (q !== null) return EXIT_FUNCTIONS.has(q) ? q : null;
  if (!BUILTIN_EXITS.has(callee)) return null;
  return builtinShadowed(model, callee, "scope", r, fn) ? null : callee;
}

function callArgs(node: Node | null): Node[] | null {
  if (!node) return [];
  if (node.type !== "argument_list") return null;
  const args = node.namedChildren.filter((c): c is Node => !!c && c.type !== "comment");
  if (args.length > 1 || args.some((a) => /^(keyword_argument|list_splat|dictionary_splat)$/.test(a.type))) return null;
  return args;
}

const SPACES_THEN_PAREN = /\s*\(/y;

/** Does the text hold `exit(` or `quit(` (spaces allowed before the `(`)? */
function mentionsExitCall(text: string): boolean {
  return occursFollowedBy(text, "exit", SPACES_THEN_PAREN) || occursFollowedBy(text, "quit", SPACES_THEN_PAREN);
}

/** Is there a line matching /\bimport\b[^\n]*\b_?exit as\b/ (`from sys import exit as leave`)? */
function importsExitAs(text: string): boolean {
  for (let k = indexOfFast(text, "exit as"); k >= 0; k = indexOfFast(text, "exit as", k + 1)) {
    if (isWordCode(text.charCodeAt(k + 7))) continue;
    // where `\b_?exit` starts
    let p: number;
    if (!isWordCode(text.charCodeAt(k - 1))) p = k;
    else if (text.charCodeAt(k - 1) === 95 && !isWordCode(text.charCodeAt(k - 2))) p = k - 1;
    else continue;
    const lineStart = text.lastIndexOf("\n", p - 1) + 1;
    for (const _ of wordOccurrences(text, "import", lineStart, p)) return true;
  }
  return false;
}

/** Every exit in the file, in order: `raise SystemExit` statements first, then exiting calls. */
export function exitsOf(model: ModuleModel, r: Reading): Exit[] {
  const exits: Exit[] = [];
  if (mentions(model.text, "SystemExit")) {
    for (const raise of model.raises) {
      const e = raise.exception;
      if (!e) continue;
      const head = e.type === "call" ? e.childForFieldName("function") : e;
      if (!head || (head.text !== "SystemExit" && head.text !== "builtins.SystemExit")) continue;
      exits.push({
        node: raise.node,
        what: "raise SystemExit",
        hard: false,
        context: raise.context,
        statement: raise.node,
        args: e.type === "call" ? callArgs(e.childForFieldName("arguments")) : [],
      });
    }
  }
  const text = model.text;
  if (mentionsExitCall(text) || importsExitAs(text)) {
    // `from sys import exit as leave` (only an import that spells `exit` can bind one)
    const aliases = new Set<string>();
    if (model.imports.some((i) => text.slice(i.node.startIndex, i.node.endIndex).includes("exit"))) {
      for (const [name, targets] of importTargets(model, r))
        if (targets.some((t) => EXIT_FUNCTIONS.has(t))) aliases.add(name);
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
      const fn = exitFunction(model, callee, call.context.fn, r);
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
