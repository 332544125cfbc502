// What imported names stand for: `import os.path as p` binds `p` → `os.path`, `from oslo_log
// import log as logging` binds `logging` → `oslo_log.log`, `from . import utils` binds `utils` →
// `.utils`. Built once per model from its imports (any scope: a platform `if` or a function), so
// rules can ask what a dotted callee like `utils.execute` or `exit` refers to.
import { isBindingOccurrence, type CallInfo, type ModuleModel } from "./model";

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
  for (let fn = call.context.fn; fn; fn = fn.parentFunction) {
    if (fn.parameters.some((p) => p.name === name)) return true;
    for (const id of model.identifiersNamed(name)) {
      if (id.startIndex < fn.body.startIndex || id.endIndex > fn.body.endIndex) continue;
      const p = id.parent;
      if (!p || p.type === "attribute" || p.type === "keyword_argument" || p.type === "dotted_name" || p.type === "aliased_import") continue;
      if (isBindingOccurrence(id)) return true;
    }
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
