// Debug output: code that writes to the terminal because a developer or operator switched it
// on (`if self.debug:`, `if options.verbose:`, `if Symbol.debug_lookup:`), or a helper that
// exists for debugging (`def dump_tree`, a "# for debugging" comment). Its prints are
// deliberate terminal output, not library chatter (LOG004).
import type { Node } from "web-tree-sitter";
import type { FunctionInfo, ModuleModel } from "./model";

/** Word parts that name a debugging switch or helper. */
const DEBUG_WORDS = new Set(["debug", "debugging", "verbose", "verbosity", "trace", "tracing", "dbg"]);
/** Word parts that name a debugging helper function (besides DEBUG_WORDS). */
const HELPER_WORDS = new Set(["dump"]);

/** The lower-case word parts of an identifier: `debug_show_tree` → debug, show, tree; `debugLookup` → debug, lookup. */
function wordParts(identifier: string): string[] {
  return identifier
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .toLowerCase()
    .split("_")
    .filter(Boolean);
}

function namesDebug(text: string, words: ReadonlySet<string>): boolean {
  for (const m of text.matchAll(/[A-Za-z_][A-Za-z0-9_]*/g)) {
    if (wordParts(m[0]).some((p) => words.has(p) || DEBUG_WORDS.has(p))) return true;
  }
  return false;
}

/**
 * Is `node` inside the body of an `if` (or `elif`) whose condition reads a name saying debug,
 * verbose or trace, within `fn`?
 */
export function behindDebugSwitch(node: Node, fn: FunctionInfo): boolean {
  const stop = fn.body.id;
  for (let n: Node | null = node.parent; n && n.id !== stop; n = n.parent) {
    if (n.type !== "block") continue;
    const owner = n.parent;
    if (owner?.type !== "if_statement" && owner?.type !== "elif_clause") continue;
    if (owner.childForFieldName("consequence")?.id !== n.id) continue;
    const condition = owner.childForFieldName("condition");
    if (condition && namesDebug(condition.text, DEBUG_WORDS)) return true;
  }
  return false;
}

/**
 * Does `fn` exist for debugging: named for it (`debug_print`, `dump_state`), a method of a class
 * named for it (`class DebugMiddleware`), its docstring says so, or a comment before `at` in it
 * does ("# for debugging")?
 */
export function isDebugHelper(model: ModuleModel, fn: FunctionInfo, at: number): boolean {
  if (namesDebug(fn.name, HELPER_WORDS)) return true;
  // a method of a class that exists for debugging (`class Debug(Middleware)`: its `__call__` prints)
  for (let cls = fn.parentClass; cls; cls = cls.parentClass) if (namesDebug(cls.name, HELPER_WORDS)) return true;
  const doc = fn.docstring;
  if (doc && /\bdebug/i.test(doc.text)) return true;
  if (!/#[^\n]*debug/i.test(model.text.slice(fn.node.startIndex, at))) return false;
  return model.comments.some(
    (c) => c.node.startIndex >= fn.node.startIndex && c.node.startIndex < at && /\bdebug/i.test(c.text),
  );
}
