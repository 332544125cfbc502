// What a name in a file refers to. Through its imports: `import os.path as p` binds `p` →
// `os.path`, `from oslo_log import log as logging` binds `logging` → `oslo_log.log`, `from .
// import utils` binds `utils` → `.utils` (imports in any scope: a platform `if`, a function).
// And whether a binding of the file's own hides an import or a builtin where the name is used.
// Rules choose how imports are read and what hides them by option (a `Reading`); every answer
// is computed once per model (WeakMaps keyed by the model), as rules ask about many calls.
import type { CallInfo, FunctionInfo, ModuleModel } from "./model";
import { isWordCode } from "./chars";
import {
  assignedInFunction,
  bindsInFunction,
  boundAnywhere,
  boundInScope,
  definedOrAssignedAnywhere,
  reboundAtModuleLevel,
} from "./localBindings";

// What the module reads from its global scope (IMP001): Python's scoping, in its own module.
export { annotationStringNames, type GlobalUse, MODULE_DUNDERS, moduleNames, type ModuleNames } from "./scopes";
// The value a local name holds where it is used, when certain.
export { assignedValue } from "./localBindings";

/** How a rule reads names: which imports count, and which bindings of the file's own hide them. */
export interface Reading {
  /**
   * `last`: a name stands for what the last import of it (in the text) binds, as straight-line
   * code leaves it. `every`: for each thing some import binds it to, in the order first seen
   * (`try: from secrets import randbits` / `except ImportError: from random import
   * getrandbits as randbits`): a rule then accepts a name only when every candidate is wanted.
   */
  readonly candidates: "last" | "every";
  /** Relative imports count (`from . import utils` → `.utils`); else a name only they bind is not imported. */
  readonly relative: boolean;
  /** Shims read as the module they stand for: `six.moves.cPickle`, `cPickle`, `_pickle` → `pickle`; `__builtin__`, `six.moves.builtins` → `builtins`. */
  readonly shims: boolean;
  /**
   * Which bindings of a callee's first name hide its import (`calleeNames`, `importHidden`):
   * `enclosing-functions`: any binding but an import (a parameter, an assignment, a loop or `as`
   * target, a def or class, `global`) in the function holding the call or a function around it;
   * `function-or-module`: a parameter or an assignment, loop or `as` target in the function
   * holding the call, or an assignment, def or class at module level.
   */
  readonly shadowing: "enclosing-functions" | "function-or-module";
}

// The two readings the rules were tuned with (their precision was measured so): merging them
// would change findings, so each rule names the one it uses.

/** The last import wins, relative imports count, names as written; enclosing functions may rebind (what runs: command runners, exits, entry points). */
export const LAST_IMPORT: Reading = Object.freeze({
  candidates: "last",
  relative: true,
  shims: false,
  shadowing: "enclosing-functions",
});

/** Every candidate, absolute imports only, shims read through; the function or the module may rebind (library calls matched by qualified name). */
export const EVERY_CANDIDATE: Reading = Object.freeze({
  candidates: "every",
  relative: false,
  shims: true,
  shadowing: "function-or-module",
});

// ---- imports ----

/** Modules reached through compatibility shims, by the name they stand for. */
const SHIMS: Record<string, string> = {
  "six.moves.cPickle": "pickle",
  "six.moves.cPickle.": "pickle.",
  "six.moves.builtins": "builtins",
  "six.moves.builtins.": "builtins.",
  cPickle: "pickle",
  "cPickle.": "pickle.",
  _pickle: "pickle",
  "_pickle.": "pickle.",
  __builtin__: "builtins",
  "__builtin__.": "builtins.",
};
const SHIM_KEYS = Object.keys(SHIMS).filter((k) => !k.endsWith("."));

function unshim(qualified: string): string {
  // every shim starts with "s", "c" or "_"
  const c = qualified.charCodeAt(0);
  if (c !== 115 && c !== 99 && c !== 95) return qualified;
  for (const [from, to] of Object.entries(SHIMS)) {
    if (from.endsWith(".") ? qualified.startsWith(from) : qualified === from) {
      return from.endsWith(".") ? to + qualified.slice(from.length) : to;
    }
  }
  return qualified;
}

/** One model read one way (the import-reading fields of a Reading). */
interface ReadState {
  /** Under `last`: local name → its one target (strings, no arrays: `qualify` reads it for every call). */
  last: Map<string, string> | null;
  /** Local name → what its imports bind it to (under `last`, made from `last` when first asked). */
  table: Map<string, string[]> | null;
  /** qualifiedNames' answers by dotted name (the arrays are shared: callers only read them). */
  qualified: Map<string, readonly string[]>;
  importedCalls: CallInfo[] | null;
  /** builtinShadowed(…, "file") by name. */
  fileBinds: Map<string, boolean>;
}

const states = new WeakMap<ModuleModel, Array<ReadState | undefined>>();

function stateOf(model: ModuleModel, r: Reading): ReadState {
  let byKey = states.get(model);
  if (!byKey) states.set(model, (byKey = []));
  const key = (r.candidates === "every" ? 4 : 0) | (r.relative ? 2 : 0) | (r.shims ? 1 : 0);
  let state = byKey[key];
  if (!state) {
    const last = r.candidates === "last" ? new Map<string, string>() : null;
    const table = last ? null : new Map<string, string[]>();
    forEachImport(model, r, (local, target) => {
      if (last) last.set(local, target);
      else {
        const list = (table as Map<string, string[]>).get(local);
        if (!list) (table as Map<string, string[]>).set(local, [target]);
        else if (!list.includes(target)) list.push(target);
      }
    });
    byKey[key] = state = { last, table, qualified: new Map(), importedCalls: null, fileBinds: new Map() };
  }
  return state;
}

/** Each name the imports bind (any scope, in order) with what it binds it to, as `r` reads them. */
function forEachImport(model: ModuleModel, r: Reading, visit: (local: string, target: string) => void): void {
  const add = r.shims ? (local: string, target: string) => visit(local, unshim(target)) : visit;
  for (const info of model.imports) {
    if (info.star) continue;
    if (info.kind === "import") {
      for (const n of info.names) {
        if (n.alias) add(n.alias, n.name);
        else {
          const head = n.name.split(".")[0];
          add(head, head); // `import os.path` binds `os`
        }
      }
    } else if (r.relative || info.level === 0) {
      const base = info.module.endsWith(".") ? info.module : `${info.module}.`;
      for (const n of info.names) add(n.alias ?? n.name, `${base}${n.name}`);
    }
  }
}

function tableOf(state: ReadState): Map<string, string[]> {
  if (!state.table) {
    state.table = new Map();
    for (const [local, target] of state.last as Map<string, string>) state.table.set(local, [target]);
  }
  return state.table;
}

/** The names the imports bind (a map's keys: only `has` and iteration are asked of it). */
function boundNames(state: ReadState): ReadonlyMap<string, unknown> {
  return state.last ?? tableOf(state);
}

/** Local name → what the file's imports (anywhere in it) bind it to: one name under `last`, every candidate under `every`. */
export function importTargets(model: ModuleModel, r: Reading): ReadonlyMap<string, readonly string[]> {
  return tableOf(stateOf(model, r));
}

/** (Shared, never modified by callers.) */
const NONE: readonly string[] = [];

/**
 * The qualified names a dotted expression stands for through the file's imports (`h.md5` →
 * [`hashlib.md5`] after `import hashlib as h`; `exit` → [`sys.exit`] after `from sys import
 * exit`); empty when its first name is not imported. Whatever binds it in the code is not asked.
 */
export function qualifiedNames(model: ModuleModel, dotted: string | null, r: Reading): readonly string[] {
  if (!dotted) return NONE;
  const state = stateOf(model, r);
  let names = state.qualified.get(dotted);
  if (names) return names;
  const dot = dotted.indexOf(".");
  const targets = tableOf(state).get(dot < 0 ? dotted : dotted.slice(0, dot));
  if (!targets) names = NONE;
  else {
    const rest = dot < 0 ? "" : dotted.slice(dot);
    names = r.shims ? targets.map((t) => unshim(t + rest)) : targets.map((t) => t + rest);
  }
  state.qualified.set(dotted, names);
  return names;
}

/**
 * `qualifiedNames`' first answer (under `last`, the only one), or null when not imported.
 * (Not memoised: rules ask it of every call, and a look-up in the table costs less.)
 */
export function qualify(model: ModuleModel, dotted: string | null, r: Reading): string | null {
  if (!dotted) return null;
  const dot = dotted.indexOf(".");
  const head = dot < 0 ? dotted : dotted.slice(0, dot);
  const state = stateOf(model, r);
  const target = state.last ? state.last.get(head) : tableOf(state).get(head)?.[0];
  if (target === undefined) return null;
  const q = dot < 0 ? target : target + dotted.slice(dot);
  return r.shims ? unshim(q) : q;
}

/**
 * Can a dotted name in this file stand for one of `wanted` (qualified names) through its
 * imports? False when none of its import targets is `w` or a dotted prefix of one (and, when
 * shims are read through, none touches a shim): a cheap early exit, exact for `qualifiedNames`,
 * that reads no text.
 */
export function canResolveTo(model: ModuleModel, wanted: readonly string[], r: Reading): boolean {
  for (const targets of tableOf(stateOf(model, r)).values()) {
    for (const t of targets) {
      if (r.shims) for (const key of SHIM_KEYS) if (key.startsWith(t) || t.startsWith(key)) return true;
      for (const w of wanted)
        if (w.startsWith(t) && (w.length === t.length || w.charCodeAt(t.length) === 46)) return true;
    }
  }
  return false;
}

/**
 * The calls whose callee's first name is bound by an import, in document order: the only calls
 * `calleeNames` can resolve, so rules matching library calls need look at no others. Found from
 * the word at each call's start (where its dotted callee starts), so the callee of no other
 * call is read.
 */
export function importedCalls(model: ModuleModel, r: Reading): CallInfo[] {
  const state = stateOf(model, r);
  if (state.importedCalls) return state.importedCalls;
  const out: CallInfo[] = [];
  const bindings = boundNames(state);
  if (bindings.size) {
    const calls = model.calls;
    const starts = model.callStarts;
    const text = model.text;
    const byText = !model.hasSyntaxErrors && starts.length === calls.length;
    // the lengths (bits, up to 31) of the bound names by their first character: most words are
    // ruled out without slicing them from the text
    const lengths = new Int32Array(128);
    for (const name of bindings.keys()) {
      const c = name.charCodeAt(0);
      if (c < 128) lengths[c] |= name.length < 31 ? 1 << name.length : 1 << 31;
    }
    for (let k = 0; k < calls.length; k++) {
      if (byText) {
        const s = starts[k];
        const c = text.charCodeAt(s);
        if (!(c < 128) || lengths[c] === 0) continue;
        let e = s + 1;
        while (isWordCode(text.charCodeAt(e))) e++;
        const n = e - s;
        if (!(lengths[c] & (n < 31 ? 1 << n : 1 << 31)) || !bindings.has(text.slice(s, e))) continue;
      }
      const callee = calls[k].callee;
      if (!callee) continue;
      const dot = callee.indexOf(".");
      if (bindings.has(dot < 0 ? callee : callee.slice(0, dot))) out.push(calls[k]);
    }
  }
  return (state.importedCalls = out);
}

/**
 * The qualified names a call's callee stands for through imports, when `wanted` (a cheap filter
 * applied first) accepts every one of them; nothing when a binding of the file's own hides the
 * import of its first name (`r.shadowing`): then we cannot tell what it holds.
 */
export function calleeNames(
  model: ModuleModel,
  call: CallInfo,
  r: Reading,
  wanted?: (qualified: string) => boolean,
): readonly string[] {
  const callee = call.callee;
  if (!callee) return NONE;
  const names = qualifiedNames(model, callee, r);
  if (!names.length || (wanted && !names.every(wanted))) return NONE;
  return importHidden(model, call, r) ? NONE : names;
}

/** Does a binding of the file's own (`r.shadowing`) hide the import of the first name of the call's callee? */
export function importHidden(model: ModuleModel, call: CallInfo, r: Reading): boolean {
  const callee = call.callee ?? "";
  const dot = callee.indexOf(".");
  const head = dot < 0 ? callee : callee.slice(0, dot);
  if (r.shadowing === "enclosing-functions") {
    for (let fn = call.context.fn; fn; fn = fn.parentFunction) if (bindsInFunction(model, fn, head)) return true;
    return false;
  }
  return reboundAtModuleLevel(model, head) || assignedInFunction(model, call.context.fn, head);
}

// ---- builtins ----

/**
 * Which bindings of the file's own hide a builtin (`builtinShadowed`):
 * `file`: one anywhere in the file: an import (as the Reading reads them), a def not in a class,
 * a class, an assignment, loop or `as` target, or a parameter;
 * `file-any-binding`: one anywhere in the file: any binding (a def or method, a class, a
 * target, a parameter, `global`) or a `from` import naming it;
 * `scope`: one other than an import where the code runs: at module or class level, or in its
 * function or a function around it.
 */
export type BuiltinShadowing = "file" | "file-any-binding" | "scope";

/** Is the builtin `name` hidden by a binding of the file's own (see `BuiltinShadowing`) where code in `fn` runs? */
export function builtinShadowed(
  model: ModuleModel,
  name: string,
  how: BuiltinShadowing,
  r: Reading,
  fn: FunctionInfo | null = null,
): boolean {
  if (how === "file-any-binding") return boundAnywhere(model, name);
  if (how === "scope") return boundInScope(model, name, fn);
  const state = stateOf(model, r);
  let binds = state.fileBinds.get(name);
  if (binds === undefined)
    state.fileBinds.set(name, (binds = boundNames(state).has(name) || definedOrAssignedAnywhere(model, name)));
  return binds;
}

/**
 * The builtin a call's callee names (`eval`; `builtins.eval` through an import), or null: a
 * bare name the file binds itself anywhere (`file`) is not the builtin.
 */
export function builtinCallee(model: ModuleModel, call: CallInfo, r: Reading): string | null {
  const callee = call.callee;
  if (!callee) return null;
  if (!callee.includes(".")) return builtinShadowed(model, callee, "file", r) ? null : callee;
  for (const q of calleeNames(model, call, r)) if (q.startsWith("builtins.")) return q.slice("builtins.".length);
  return null;
}
