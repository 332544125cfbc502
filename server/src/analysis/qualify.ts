// What imported names stand for: `import os.path as p` binds `p` → `os.path`, `from oslo_log
// import log as logging` binds `logging` → `oslo_log.log`, `from . import utils` binds `utils` →
// `.utils`. Built once per model from its imports (any scope: a platform `if` or a function), so
// rules can ask what a dotted callee like `utils.execute` or `exit` refers to.
import type { Node } from "web-tree-sitter";
import type { CallInfo, FunctionInfo, ModuleModel } from "./model";
import { isWordCode } from "./chars";
import { isBindingOccurrence } from "./syntax";
import { TextFinder } from "./textSearch";

const cache = new WeakMap<ModuleModel, Map<string, string>>();

/** Bound name → the dotted module or object it was imported as. The last import of a name wins. */
export function importBindings(model: ModuleModel): Map<string, string> {
  let map = cache.get(model);
  if (map) return map;
  map = new Map();
  for (const info of model.imports) {
    if (info.star) continue;
    for (const n of info.names) {
      if (info.kind === "import") {
        if (n.alias) map.set(n.alias, n.name);
        else {
          const head = n.name.split(".")[0];
          map.set(head, head); // `import os.path` binds `os`
        }
      } else {
        const base = info.module.endsWith(".") ? info.module : `${info.module}.`;
        map.set(n.alias ?? n.name, `${base}${n.name}`);
      }
    }
  }
  cache.set(model, map);
  return map;
}

/**
 * A dotted name as imported: `sp.run` → `subprocess.run` after `import subprocess as sp`;
 * `exit` → `sys.exit` after `from sys import exit`. Null when its first name is not imported.
 */
export function qualify(model: ModuleModel, dotted: string): string | null {
  const dot = dotted.indexOf(".");
  const head = dot < 0 ? dotted : dotted.slice(0, dot);
  const target = importBindings(model).get(head);
  if (target === undefined) return null;
  return dot < 0 ? target : target + dotted.slice(dot);
}

/** Is `name` bound in the function holding `call` (a parameter, an assignment, a loop or `as` target)? */
function rebindsLocally(model: ModuleModel, call: CallInfo, name: string): boolean {
  for (let fn = call.context.fn; fn; fn = fn.parentFunction) if (bindsIn(fn, model, name)) return true;
  return false;
}

const bindsInCache = new WeakMap<FunctionInfo, Map<string, boolean>>();

/** Is `name` a parameter of `fn` or bound in its body? Memoised per function and name (a file makes many calls). */
function bindsIn(fn: FunctionInfo, model: ModuleModel, name: string): boolean {
  let memo = bindsInCache.get(fn);
  if (!memo) bindsInCache.set(fn, (memo = new Map()));
  let binds = memo.get(name);
  if (binds !== undefined) return binds;
  binds = fn.parameters.some((p) => p.name === name) || bodyBinds(model, fn.body, name);
  memo.set(name, binds);
  return binds;
}

/**
 * Does `name` occur bound in `body`? As `identifiersNamedIn(name, body)` then a look at each
 * node, but `x.name` and `name.x` (a dot next to it on the same line: an attribute, or text in a
 * string or comment) are passed over on sight: most mentions of a module are `module.f`.
 */
function bodyBinds(model: ModuleModel, body: Node, name: string): boolean {
  const text = model.text;
  const n = name.length;
  const start = body.startIndex;
  const end = body.endIndex;
  if (!n) return false;
  const finder = new TextFinder(name);
  for (let i = finder.next(text, start); i >= 0 && i + n <= end; ) {
    if ((i > 0 && isWordCode(text.charCodeAt(i - 1))) || isWordCode(text.charCodeAt(i + n))) {
      i = finder.next(text, i + 1);
      continue;
    }
    let before = i - 1;
    while (before >= 0 && (text.charCodeAt(before) === 32 || text.charCodeAt(before) === 9)) before--;
    let after = i + n;
    while (text.charCodeAt(after) === 32 || text.charCodeAt(after) === 9) after++;
    if (text.charCodeAt(before) !== 46 && text.charCodeAt(after) !== 46) {
      const id = model.root.descendantForIndex(i, i + n);
      if (id && id.type === "identifier" && id.startIndex === i && id.endIndex <= end) {
        const p = id.parent;
        if (
          p &&
          p.type !== "attribute" &&
          p.type !== "keyword_argument" &&
          p.type !== "dotted_name" &&
          p.type !== "aliased_import" &&
          isBindingOccurrence(id)
        )
          return true;
      }
    }
    i = finder.next(text, i + n);
  }
  return false;
}

/** A call's callee as imported (see `qualify`), or null when not imported or rebound in its function. */
export function qualifyCall(model: ModuleModel, call: CallInfo): string | null {
  const callee = call.callee;
  if (!callee) return null;
  const q = qualify(model, callee);
  if (q === null) return null;
  const dot = callee.indexOf(".");
  return rebindsLocally(model, call, dot < 0 ? callee : callee.slice(0, dot)) ? null : q;
}
