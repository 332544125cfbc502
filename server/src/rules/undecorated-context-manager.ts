// CTX001: a generator used in `with` that lacks @contextmanager fails at runtime.
import type { FunctionInfo, ModuleModel, WithItemInfo } from "../analysis/model";
import { indentationAt, lastName, lineStartOf } from "../analysis/syntax";
import { stdlibName } from "../fixes/stdlibName";
import { lineBreakOf } from "../parsing/lineIndex";
import type { Fix } from "../core/types";
import type { Rule } from "./types";

/** How `with` items call a function: `f()` for module-level ones, `self.f()` / `cls.f()` for methods. */
function callsFunction(use: WithItemInfo, fn: FunctionInfo): boolean {
  const callee = use.call?.callee;
  if (!callee) return false;
  if (!fn.parentClass) return callee === fn.name;
  const [receiver, method, ...rest] = callee.split(".");
  if (rest.length || method !== fn.name || (receiver !== "self" && receiver !== "cls")) return false;
  // the `with` must be inside a method of the same class
  let enclosing = use.call?.context.fn ?? null;
  while (enclosing && !enclosing.parentClass) enclosing = enclosing.parentFunction;
  return !!enclosing && enclosing.parentClass === fn.parentClass;
}

/**
 * The `with` items whose value is a call of `name(...)` or `x.name(...)` (or `... as y`), in
 * document order: the calls are found by name first (cheap), so other `with` statements are
 * never read. The same items as `model.withItems` gives.
 */
function withItemsCalling(model: ModuleModel, name: string): WithItemInfo[] {
  const out: WithItemInfo[] = [];
  for (const call of model.callsWithCalleeEnding(name)) {
    if (lastName(call.callee as string) !== name) continue;
    let value = call.node;
    let item = value.parent;
    if (item?.type === "as_pattern") {
      if (item.namedChild(0)?.id !== value.id) continue;
      value = item;
      item = item.parent;
    }
    if (item?.type !== "with_item" || item.childForFieldName("value")?.id !== value.id) continue;
    const clause = item.parent;
    const statement = clause?.type === "with_clause" ? clause.parent : null;
    if (statement?.type !== "with_statement") continue;
    out.push({ statement, isAsync: model.text.startsWith("async", statement.startIndex), item, call });
  }
  return out;
}

/** Above this many candidate generators, the `with` items are read once rather than searched per name. */
const MAX_NAME_SEARCHES = 16;

export const undecoratedContextManager: Rule = {
  meta: {
    code: "CTX001",
    commentBlind: true,
    name: "undecorated-context-manager",
    category: "context-managers",
    reviewPoint: 3,
    preview: false,
    severity: "warning",
    fixable: "always",
    summary: "A generator function is used in `with` but is not decorated with @contextmanager.",
    rationale:
      "Calling a generator function returns a generator, which has no `__enter__`/`__exit__`: the `with` statement fails at run time. " +
      "`contextlib.contextmanager` (or `asynccontextmanager` for `async with`) turns the single-yield generator into a context manager. " +
      "The fix adds the decorator; it is unsafe because it changes behaviour: the `with` stops failing, and any other caller that iterates the generator breaks.",
    notReported:
      "a generator with a decorator (any decorator may make it a context manager), with no or several `yield`s, or used in no `with` (`with f()`, `async with f()`, `with self.f()` inside the same class) of the same file.",
    example:
      "def locked(self):\n    self.lock.acquire()\n    yield\n    self.lock.release()\n\nwith self.locked():\n    ...",
    useInstead: "@contextlib.contextmanager\ndef locked(self):\n    ...",
  },
  check({ model, text, report }) {
    if (!model.withStatements.length) return;
    // (a decorated one is left alone: filtered before the `with` items are read)
    const candidates = model.functions.filter((fn) => fn.yields.length === 1 && fn.decorators.length === 0);
    if (!candidates.length) return;
    // `with` items by the last name they call, so each candidate looks at its own uses only. For a
    // few candidates each name is searched in the text; for many, one pass over every `with` item
    // (a text search per name would make a file of many generators quadratic).
    const byName = new Map<string, WithItemInfo[]>();
    if (candidates.length > MAX_NAME_SEARCHES) {
      for (const w of model.withItems) {
        const callee = w.call?.callee;
        if (!callee) continue;
        const name = lastName(callee);
        const list = byName.get(name);
        if (list) list.push(w);
        else byName.set(name, [w]);
      }
    }
    for (const fn of candidates) {
      let named = byName.get(fn.name);
      if (!named)
        byName.set(fn.name, (named = candidates.length > MAX_NAME_SEARCHES ? [] : withItemsCalling(model, fn.name)));
      if (!named.length) continue;
      const uses = named.filter((w) => w.isAsync === fn.isAsync && callsFunction(w, fn));
      if (!uses.length) continue;
      const kind = fn.isAsync ? "asynccontextmanager" : "contextmanager";
      const first = uses[0];
      const line = first.item.startPosition.row + 1;
      const { name: decorator, importEdits } = stdlibName(model, "contextlib", kind);
      const at = lineStartOf(text, fn.node.startIndex);
      // Unsafe: the `with` stops failing, and a caller that iterates the generator breaks.
      const fix: Fix = {
        title: `Add @${decorator} to \`${fn.name}\``,
        safe: false,
        edits: [
          ...importEdits,
          {
            start: at,
            end: at,
            newText: `${indentationAt(text, fn.node.startIndex)}@${decorator}${lineBreakOf(text)}`,
          },
        ],
      };
      const use = `${fn.isAsync ? "async with" : "with"} ${first.call?.callee ?? lastName(fn.name)}()`;
      report({
        start: fn.nameNode.startIndex,
        end: fn.nameNode.endIndex,
        message:
          `\`${fn.name}\` is a generator used as a context manager (\`${use}\`, line ${line}) but is not decorated with ` +
          `@${kind}: the \`${fn.isAsync ? "async with" : "with"}\` fails at run time because a generator has no ${fn.isAsync ? "`__aenter__`" : "`__enter__`"}.`,
        fixes: [fix],
      });
    }
  },
};
