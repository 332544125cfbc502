// Where a file binds a name itself, other than by importing it: the scans behind bindings.ts's
// answers to "does a binding of the file's own hide this import or builtin here?", and the
// value a name holds where it is used. Each answer is memoised per function (or model) and name.
import type { Node } from "web-tree-sitter";
import type { AssignmentInfo, FunctionInfo, ModuleModel } from "./model";
import { isBindingOccurrence } from "./syntax";
import { wordOccurrences } from "./textSearch";

/** Is this identifier a binding of its name other than an import (a def, class, parameter, target, `global`)? */
function bindsOtherThanImport(id: Node): boolean {
  const p = id.parent;
  return (
    !!p &&
    p.type !== "attribute" &&
    p.type !== "keyword_argument" &&
    p.type !== "dotted_name" &&
    p.type !== "aliased_import" &&
    isBindingOccurrence(id)
  );
}

/** Answers memoised per function (or model) and name: a file makes many calls from few functions. */
type Memo<K extends object> = WeakMap<K, Map<string, boolean>>;

function memoOf<K extends object>(cache: Memo<K>, key: K): Map<string, boolean> {
  let memo = cache.get(key);
  if (!memo) cache.set(key, (memo = new Map()));
  return memo;
}

const bindsInCache: Memo<FunctionInfo> = new WeakMap();

/**
 * Is `name` a parameter of `fn` or bound (other than by import) in its body? Read from the
 * body's text: `x.name` and `name.x` (a dot next to it on the same line: an attribute, or text
 * in a string or comment) are passed over on sight, as most mentions of a module are `module.f`.
 */
export function bindsInFunction(model: ModuleModel, fn: FunctionInfo, name: string): boolean {
  const memo = memoOf(bindsInCache, fn);
  let binds = memo.get(name);
  if (binds === undefined)
    memo.set(name, (binds = fn.parameters.some((p) => p.name === name) || bodyBinds(model, fn, name)));
  return binds;
}

function bodyBinds(model: ModuleModel, fn: FunctionInfo, name: string): boolean {
  const text = model.text;
  const end = fn.body.endIndex;
  for (const i of wordOccurrences(text, name, fn.body.startIndex, end)) {
    let before = i - 1;
    while (before >= 0 && (text.charCodeAt(before) === 32 || text.charCodeAt(before) === 9)) before--;
    let after = i + name.length;
    while (text.charCodeAt(after) === 32 || text.charCodeAt(after) === 9) after++;
    if (text.charCodeAt(before) === 46 || text.charCodeAt(after) === 46) continue;
    const id = model.root.descendantForIndex(i, i + name.length);
    if (id && id.type === "identifier" && id.startIndex === i && id.endIndex <= end && bindsOtherThanImport(id))
      return true;
  }
  return false;
}

const assignedCache: Memo<FunctionInfo> = new WeakMap();

/** Is `name` a parameter of `fn` or an assignment, loop or `as` target in it? */
export function assignedInFunction(model: ModuleModel, fn: FunctionInfo | null, name: string): boolean {
  if (!fn) return false;
  const memo = memoOf(assignedCache, fn);
  let assigned = memo.get(name);
  if (assigned === undefined) memo.set(name, (assigned = assignsIn(model, fn, name)));
  return assigned;
}

function assignsIn(model: ModuleModel, fn: FunctionInfo, name: string): boolean {
  if (fn.parameters.some((p) => p.name === name)) return true;
  const ids = model.identifiersNamed(name);
  if (!ids.length) return false;
  // (nodes nest: an identifier starting inside the function lies inside it)
  const start = fn.node.startIndex;
  const end = fn.node.endIndex;
  for (const id of ids) if (id.startIndex >= start && id.startIndex < end && isAssignedHere(id)) return true;
  return false;
}

/** Is this identifier the target of an assignment (`x = ...`, `x += ...`, `for x in`, `with ... as x`)? */
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

function inFunctionOrLambda(node: Node): boolean {
  for (let p = node.parent; p; p = p.parent) {
    if (p.type === "function_definition" || p.type === "lambda") return true;
    if (p.type === "module") return false;
  }
  return false;
}

const moduleRebinds: Memo<ModuleModel> = new WeakMap();

/** Is `name` assigned outside functions (`random = random.SystemRandom()`), or a module-level def or class? */
export function reboundAtModuleLevel(model: ModuleModel, name: string): boolean {
  const memo = memoOf(moduleRebinds, model);
  let r = memo.get(name);
  if (r === undefined) {
    r =
      model.identifiersNamed(name).some((id) => isAssignedHere(id) && !inFunctionOrLambda(id)) ||
      model.functions.some((f) => !f.parentClass && !f.parentFunction && f.name === name) ||
      model.classes.some((c) => !c.parentClass && !c.parentFunction && c.name === name);
    memo.set(name, r);
  }
  return r;
}

/**
 * Is `name` bound anywhere in the file by a def not in a class, a class, an assignment, loop or
 * `as` target, or a parameter (imports aside)?
 */
export function definedOrAssignedAnywhere(model: ModuleModel, name: string): boolean {
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

const anyBindingCache: Memo<ModuleModel> = new WeakMap();

/** Is `name` bound anywhere in the file: any binding (a def or method, a class, a target, a parameter, `global`) or a `from` import naming it? */
export function boundAnywhere(model: ModuleModel, name: string): boolean {
  const memo = memoOf(anyBindingCache, model);
  let binds = memo.get(name);
  if (binds === undefined) memo.set(name, (binds = anyBinding(model, name)));
  return binds;
}

function anyBinding(model: ModuleModel, name: string): boolean {
  for (const id of model.identifiersNamed(name)) {
    const p = id.parent;
    if (!p || p.type === "attribute" || p.type === "keyword_argument") continue;
    if (p.type === "dotted_name" || p.type === "aliased_import") {
      // `from x import print` rebinds it (`from __future__ import print_function` names another word)
      if (p.parent?.type === "import_from_statement" || p.parent?.type === "aliased_import") return true;
      continue;
    }
    if (isBindingOccurrence(id)) return true;
  }
  return false;
}

const bindingScopes = new WeakMap<ModuleModel, Map<string, Array<FunctionInfo | null>>>();

/**
 * Is `name` bound, other than by import, where code in `fn` runs: at module or class level
 * (visible everywhere), or in `fn` or a function around it?
 */
export function boundInScope(model: ModuleModel, name: string, fn: FunctionInfo | null): boolean {
  let scopes = bindingScopes.get(model);
  if (!scopes) bindingScopes.set(model, (scopes = new Map()));
  let bound = scopes.get(name);
  if (!bound) {
    bound = [];
    for (const id of model.identifiersNamed(name))
      if (bindsOtherThanImport(id)) bound.push(model.innermostFunction(id.startIndex, id.startIndex + 1));
    scopes.set(name, bound);
  }
  for (const scope of bound) {
    if (scope === null) return true;
    for (let f: FunctionInfo | null = fn; f; f = f.parentFunction ?? f.parentClass?.parentFunction ?? null)
      if (f === scope) return true;
  }
  return false;
}

// ---- values ----

/** Methods that change a list (or other container) in place. */
const MUTATORS = new Set([
  "append",
  "extend",
  "insert",
  "remove",
  "pop",
  "clear",
  "sort",
  "reverse",
  "__setitem__",
  "__iadd__",
]);

/**
 * The value `use` (an identifier) holds where it is used, when that is certain: its only
 * binding in `fn` (or at module level, when `fn` does not bind it) is a plain `name = value`
 * before the use, and the value is never changed in place (`name.append(...)`, `name[i] = ...`,
 * `name += ...`). Null otherwise (a parameter, several bindings, a loop target).
 */
export function assignedValue(model: ModuleModel, fn: FunctionInfo | null, use: Node): Node | null {
  const name = use.text;
  if (fn?.parameters.some((p) => p.name === name)) return null;
  const scan = assignmentsOf(model, fn, name);
  if (scan.changed) return null;
  if (scan.assignments.some((a) => a.start > use.startIndex)) return null;
  if (scan.assignments.length === 0 && fn) return assignedValue(model, null, use);
  return scan.assignments.length === 1 ? scan.assignments[0].value : null;
}

interface AssignmentScan {
  /** Changed in place, or bound otherwise than by a plain `name = value`. */
  changed: boolean;
  /** The plain `name = value` bindings, in order. */
  assignments: Array<{ start: number; value: Node | null }>;
}

const assignmentScans = new WeakMap<ModuleModel, Map<FunctionInfo | null, Map<string, AssignmentScan>>>();

/** How `name` is bound in `fn` (or at module level), read once per function and name. */
function assignmentsOf(model: ModuleModel, fn: FunctionInfo | null, name: string): AssignmentScan {
  let byFn = assignmentScans.get(model);
  if (!byFn) assignmentScans.set(model, (byFn = new Map()));
  let byName = byFn.get(fn);
  if (!byName) byFn.set(fn, (byName = new Map()));
  let scan = byName.get(name);
  if (scan) return scan;
  scan = { changed: false, assignments: [] };
  byName.set(name, scan);
  // (within the function's own text when there is one)
  const candidates = fn
    ? model.identifiersNamedIn(name, fn.node.startIndex, fn.node.endIndex)
    : model.identifiersNamed(name);
  for (const id of candidates) {
    if (model.innermostFunction(id.startIndex, id.endIndex) !== fn) continue;
    const p = id.parent;
    if (!p) continue;
    if (p.type === "attribute" && p.childForFieldName("object")?.id === id.id) {
      const method = p.childForFieldName("attribute")?.text ?? "";
      if (MUTATORS.has(method)) scan.changed = true;
      continue;
    }
    if (p.type === "subscript" && p.parent?.type === "assignment" && p.parent.childForFieldName("left")?.id === p.id) {
      scan.changed = true;
      continue;
    }
    if (p.type === "attribute" || p.type === "keyword_argument") continue;
    if (!isBindingOccurrence(id) && p.type !== "augmented_assignment") continue;
    if (p.type !== "assignment" || p.childForFieldName("left")?.id !== id.id) scan.changed = true;
    else scan.assignments.push({ start: id.startIndex, value: p.childForFieldName("right") });
  }
  return scan;
}

const assignmentIndex = new WeakMap<ModuleModel, Map<FunctionInfo | null, AssignmentInfo[]>>();

/** The assignment statements made directly in `fn` (or at module level for null), in order; indexed once per model. */
export function assignmentsInFunction(model: ModuleModel, fn: FunctionInfo | null): readonly AssignmentInfo[] {
  let index = assignmentIndex.get(model);
  if (!index) {
    index = new Map();
    for (const a of model.assignments) {
      const owner = a.context.fn;
      const list = index.get(owner);
      if (list) list.push(a);
      else index.set(owner, [a]);
    }
    assignmentIndex.set(model, index);
  }
  return index.get(fn) ?? [];
}
