// Resolving names through the file's imports: `import hashlib as h` makes `h.md5` mean
// `hashlib.md5`; `from yaml import load` makes `load` mean `yaml.load`. Security rules match
// qualified names, so an unrelated `load()` or a local `random` variable is never mistaken for
// the library call. Computed lazily, once per model (a WeakMap keyed by the model).
import type { Node } from "web-tree-sitter";
import type { CallInfo, FunctionInfo, ModuleModel } from "./model";
import { isWordCode } from "./chars";

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

const cache = new WeakMap<ModuleModel, Map<string, string[]>>();

/** Local name → the qualified names the file's imports bind it to (anywhere in the file). */
export function importBindings(model: ModuleModel): Map<string, string[]> {
  let map = cache.get(model);
  if (map) return map;
  map = new Map();
  const add = (local: string, qualified: string): void => {
    const list = map!.get(local);
    const q = unshim(qualified);
    if (!list) map!.set(local, [q]);
    else if (!list.includes(q)) list.push(q);
  };
  for (const info of model.imports) {
    if (info.kind === "import") {
      for (const n of info.names) {
        if (n.alias) add(n.alias, n.name);
        else add(n.name.split(".")[0], n.name.split(".")[0]);
      }
    } else if (!info.star && info.level === 0 && info.module !== "__future__") {
      for (const n of info.names) add(n.alias ?? n.name, `${info.module}.${n.name}`);
    }
  }
  cache.set(model, map);
  return map;
}

/**
 * The qualified names a dotted expression can stand for, through the file's imports
 * (`h.md5` → [`hashlib.md5`]); empty when its first part is not imported.
 */
export function qualifiedNames(model: ModuleModel, dotted: string | null): string[] {
  if (!dotted) return [];
  let memo = qualifiedCache.get(model);
  if (!memo) qualifiedCache.set(model, (memo = new Map()));
  let names = memo.get(dotted);
  if (names) return names;
  const dot = dotted.indexOf(".");
  const head = dot < 0 ? dotted : dotted.slice(0, dot);
  const targets = importBindings(model).get(head);
  if (!targets) names = NONE;
  else {
    const rest = dot < 0 ? "" : dotted.slice(dot);
    names = targets.map((t) => unshim(t + rest));
  }
  memo.set(dotted, names);
  return names;
}

/**
 * Can a dotted name in this file stand for one of `wanted` (qualified names) through its
 * imports? False when none of the file's import bindings is `w` or a dotted prefix of one (and
 * none touches a shim, which would be asked no further): a cheap early exit, exact for
 * `qualifiedNames`, that reads no text.
 */
export function canResolveTo(model: ModuleModel, wanted: readonly string[]): boolean {
  for (const targets of importBindings(model).values()) {
    for (const t of targets) {
      for (const key of SHIM_KEYS) if (key.startsWith(t) || t.startsWith(key)) return true;
      for (const w of wanted)
        if (w.startsWith(t) && (w.length === t.length || w.charCodeAt(t.length) === 46)) return true;
    }
  }
  return false;
}

const SHIM_KEYS = Object.keys(SHIMS).filter((k) => !k.endsWith("."));

/** (Shared, never modified by callers.) */
const NONE: string[] = [];
/** qualifiedNames' answers, per model and dotted name (the arrays are shared: callers only read them). */
const qualifiedCache = new WeakMap<ModuleModel, Map<string, string[]>>();
const importedCallsCache = new WeakMap<ModuleModel, CallInfo[]>();

/**
 * The calls whose callee's first part is bound by an import, in document order: the only calls
 * `qualifiedCallee` can resolve, so rules matching library calls need look at no others.
 * Found from the word at each call's start (where its dotted callee starts), so the callee of
 * no other call is read. Computed once per model.
 */
export function importedCalls(model: ModuleModel): CallInfo[] {
  let out = importedCallsCache.get(model);
  if (out) return out;
  out = [];
  const bindings = importBindings(model);
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
  importedCallsCache.set(model, out);
  return out;
}

const shadowCache = new WeakMap<FunctionInfo, Map<string, boolean>>();

/** Is `name` bound in the function holding `call` (as a parameter or by assignment there)? Memoised per function. */
function shadowedLocally(model: ModuleModel, call: CallInfo, name: string): boolean {
  const fn = call.context.fn;
  if (!fn) return false;
  let memo = shadowCache.get(fn);
  if (!memo) shadowCache.set(fn, (memo = new Map()));
  let r = memo.get(name);
  if (r === undefined) memo.set(name, (r = bindsInFunction(model, fn, name)));
  return r;
}

function bindsInFunction(model: ModuleModel, fn: FunctionInfo, name: string): boolean {
  if (fn.parameters.some((p) => p.name === name)) return true;
  const ids = model.identifiersNamed(name);
  if (!ids.length) return false;
  // (nodes nest: an identifier starting inside the function lies inside it)
  const start = fn.node.startIndex;
  const end = fn.node.endIndex;
  for (const id of ids) {
    if (id.startIndex < start || id.startIndex >= end) continue;
    if (isAssignedHere(id)) return true;
  }
  return false;
}

/** Is this identifier the target of an assignment (`x = ...`, `for x in`, `with ... as x`)? */
function isAssignedHere(id: Node): boolean {
  let p = id.parent;
  while (p && (p.type === "pattern_list" || p.type === "tuple_pattern" || p.type === "list_pattern")) p = p.parent;
  if (!p) return false;
  if (
    p.type === "assignment" ||
    p.type === "augmented_assignment" ||
    p.type === "for_statement" ||
    p.type === "for_in_clause"
  ) {
    const left = p.childForFieldName("left");
    return !!left && left.startIndex <= id.startIndex && id.endIndex <= left.endIndex;
  }
  return p.type === "as_pattern_target";
}

/** Is `name` rebound by a module-level assignment (e.g. `random = random.SystemRandom()`)? */
function reboundAtModuleLevel(model: ModuleModel, name: string): boolean {
  return model.identifiersNamed(name).some((id) => isAssignedHere(id) && !enclosingFunction(id));
}

/** Is `name` also a module-level def or class (which rebinds an imported name)? */
function definedAtModuleLevel(model: ModuleModel, name: string): boolean {
  return (
    model.functions.some((f) => !f.parentClass && !f.parentFunction && f.name === name) ||
    model.classes.some((c) => !c.parentClass && !c.parentFunction && c.name === name)
  );
}

function enclosingFunction(node: Node): boolean {
  for (let p = node.parent; p; p = p.parent) {
    if (p.type === "function_definition" || p.type === "lambda") return true;
    if (p.type === "module") return false;
  }
  return false;
}

const moduleRebinds = new WeakMap<ModuleModel, Map<string, boolean>>();

/** Is `name` rebound at module level (assignment, def or class) after being imported? Memoised. */
function rebound(model: ModuleModel, name: string): boolean {
  let map = moduleRebinds.get(model);
  if (!map) moduleRebinds.set(model, (map = new Map()));
  let r = map.get(name);
  if (r === undefined) map.set(name, (r = reboundAtModuleLevel(model, name) || definedAtModuleLevel(model, name)));
  return r;
}

/**
 * The qualified names a call's callee stands for, through imports, when `wanted` accepts every
 * one of them (a cheap filter applied first: `try: from secrets import randbits / except
 * ImportError: from random import getrandbits as randbits` is not `random`); nothing when the
 * first part is rebound locally or at module level (then we cannot tell what it holds).
 */
export function qualifiedCallee(model: ModuleModel, call: CallInfo, wanted?: (qualified: string) => boolean): string[] {
  const callee = call.callee;
  if (!callee) return [];
  const names = qualifiedNames(model, callee);
  // Bound to several things (try/except imports): only when every one of them is wanted.
  if (!names.length || (wanted && !names.every(wanted))) return [];
  const head = callee.split(".")[0];
  if (rebound(model, head) || shadowedLocally(model, call, head)) return [];
  return names;
}

const bindsCache = new WeakMap<ModuleModel, Map<string, boolean>>();

/** Does the file bind `name` itself (def, class, import or assignment), hiding a builtin? Memoised per model. */
export function bindsName(model: ModuleModel, name: string): boolean {
  let memo = bindsCache.get(model);
  if (!memo) bindsCache.set(model, (memo = new Map()));
  let r = memo.get(name);
  if (r === undefined) memo.set(name, (r = computeBindsName(model, name)));
  return r;
}

function computeBindsName(model: ModuleModel, name: string): boolean {
  if (importBindings(model).has(name)) return true;
  if (model.functions.some((f) => f.parentClass === null && f.name === name)) return true;
  if (model.classes.some((c) => c.name === name)) return true;
  return model
    .identifiersNamed(name)
    .some(
      (id) =>
        isAssignedHere(id) ||
        id.parent?.type === "parameters" ||
        id.parent?.type === "default_parameter" ||
        id.parent?.type === "typed_parameter" ||
        id.parent?.type === "typed_default_parameter",
    );
}

/** Qualified callee for a builtin (`eval`, `builtins.eval`): the builtin's name, or null. */
export function builtinCallee(model: ModuleModel, call: CallInfo): string | null {
  const callee = call.callee;
  if (!callee) return null;
  if (!callee.includes(".")) return bindsName(model, callee) ? null : callee;
  for (const q of qualifiedCallee(model, call)) if (q.startsWith("builtins.")) return q.slice("builtins.".length);
  return null;
}
