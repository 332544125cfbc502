// Which names a module uses from its global scope without binding them itself: what a
// `from m import *` can be supplying. Python's scoping, done statically: a use inside a function
// looks in the function (and enclosing functions), skips class bodies, then the module; `global`
// and `nonlocal` redirect bindings. Expensive (every identifier of the file), so computed only on
// request (IMP001 asks only for files with a star import) and memoised per model.
import { Query, type Language, type Node } from "web-tree-sitter";
import type { ModuleModel } from "./model";

/** How the file uses a global name. */
export interface GlobalUse {
  /** The first identifier that reads the name from the module scope (or builtins). */
  first: Node;
  count: number;
}

export interface ModuleNames {
  /** Names read from the module scope that the module itself does not bind (strongly). */
  unbound: Map<string, GlobalUse>;
  /** Names the module binds at module level (or from functions via `global`), with the offset of the first binding. */
  bound: Map<string, number>;
  /** Names read from the module scope that the module also binds, with the offset of the last read. */
  boundAndUsed: Map<string, number>;
  /**
   * Names the module binds but reads first, as the module runs (at module level or in a class
   * body, before the first binding): a star import supplies them until then.
   */
  readBeforeBinding: Map<string, number>;
}

// Identifiers that bind a name in the scope they sit in. Captures may overlap; `bind` wins over `skip`.
const QUERY = `
(function_definition name: (identifier) @bind)
(class_definition name: (identifier) @bind)
(parameters (identifier) @param)
(parameters (default_parameter name: (identifier) @param))
(parameters (typed_parameter (identifier) @param))
(parameters (typed_default_parameter name: (identifier) @param))
(parameters (list_splat_pattern (identifier) @param))
(parameters (dictionary_splat_pattern (identifier) @param))
(parameters (typed_parameter (list_splat_pattern (identifier) @param)))
(parameters (typed_parameter (dictionary_splat_pattern (identifier) @param)))
(lambda_parameters (identifier) @param)
(lambda_parameters (default_parameter name: (identifier) @param))
(lambda_parameters (list_splat_pattern (identifier) @param))
(lambda_parameters (dictionary_splat_pattern (identifier) @param))
(assignment left: (identifier) @bind)
(for_statement left: (identifier) @bind)
(for_in_clause left: (identifier) @bind)
(pattern_list (identifier) @bind)
(tuple_pattern (identifier) @bind)
(list_pattern (identifier) @bind)
(list_splat_pattern (identifier) @bind)
(as_pattern_target (identifier) @bind)
(as_pattern_target (tuple (identifier) @bind))
(as_pattern_target (list (identifier) @bind))
(as_pattern_target (parenthesized_expression (identifier) @bind))
(named_expression name: (identifier) @bind)
(type_alias_statement left: (type (identifier) @bind))
(import_statement name: (dotted_name . (identifier) @bind))
(aliased_import alias: (identifier) @bind)
(import_from_statement name: (dotted_name . (identifier) @bind))
(future_import_statement name: (dotted_name . (identifier) @bind))
(case_pattern (dotted_name . (identifier) @bind .))
(keyword_pattern (dotted_name . (identifier) @bind .))
(splat_pattern (identifier) @bind)
(as_pattern (case_pattern) (identifier) @bind)
(augmented_assignment left: (identifier) @aug)
(global_statement (identifier) @global)
(nonlocal_statement (identifier) @nonlocal)
(attribute attribute: (identifier) @skip)
(keyword_argument name: (identifier) @skip)
(dotted_name (identifier) (identifier) @skip)
(import_statement (dotted_name (identifier) @skip))
(aliased_import name: (dotted_name (identifier) @skip))
(import_from_statement module_name: (dotted_name (identifier) @skip))
(relative_import (dotted_name (identifier) @skip))
(keyword_pattern . (identifier) @skip)
`;

const SCOPE_TYPES = [
  "function_definition",
  "class_definition",
  "lambda",
  "list_comprehension",
  "set_comprehension",
  "dictionary_comprehension",
  "generator_expression",
];

/** Names every module has without binding them. */
export const MODULE_DUNDERS = new Set([
  "__name__",
  "__file__",
  "__doc__",
  "__spec__",
  "__loader__",
  "__package__",
  "__builtins__",
  "__path__",
  "__cached__",
  "__annotations__",
  "__dict__",
  "__debug__",
]);

interface Scope {
  kind: "function" | "class" | "comprehension";
  /** Offsets of the region whose names belong to this scope. */
  start: number;
  end: number;
  parent: Scope | null;
  /** Comprehensions: the first iterable, evaluated in the enclosing scope. */
  iterStart: number;
  iterEnd: number;
  /** Functions and lambdas: their parameter list (its names are theirs; defaults and annotations are the enclosing scope's). */
  paramsStart: number;
  paramsEnd: number;
  bound: Set<string>;
  globals: Set<string> | null;
  nonlocals: Set<string> | null;
}

const queries = new WeakMap<Language, Query>();
const memo = new WeakMap<ModuleModel, ModuleNames>();

function queryFor(language: Language): Query {
  let q = queries.get(language);
  if (!q) {
    q = new Query(language, QUERY);
    queries.set(language, q);
  }
  return q;
}

function scopesOf(model: ModuleModel): Scope[] {
  const out: Scope[] = [];
  for (const node of model.root.descendantsOfType(SCOPE_TYPES)) {
    if (!node?.isNamed) continue; // `lambda` keyword tokens share the node's type name
    let kind: Scope["kind"] = "comprehension";
    let start = node.startIndex;
    let iterStart = -1;
    let iterEnd = -1;
    let paramsStart = -1;
    let paramsEnd = -1;
    if (node.type === "function_definition" || node.type === "lambda") {
      kind = "function";
      const params = node.childForFieldName("parameters");
      if (params) {
        paramsStart = params.startIndex;
        paramsEnd = params.endIndex;
      }
      // defaults, annotations and the return annotation are evaluated where the def is
      start = node.childForFieldName("body")?.startIndex ?? paramsEnd;
      if (start < 0) start = node.startIndex;
    } else if (node.type === "class_definition") {
      kind = "class";
      const body = node.childForFieldName("body");
      if (!body) continue;
      start = body.startIndex;
    } else {
      const iterable = node.namedChildren.find((c) => c?.type === "for_in_clause")?.childForFieldName("right");
      if (iterable) {
        iterStart = iterable.startIndex;
        iterEnd = iterable.endIndex;
      }
    }
    out.push({
      kind,
      start,
      end: node.endIndex,
      parent: null,
      iterStart,
      iterEnd,
      paramsStart,
      paramsEnd,
      bound: new Set(),
      globals: null,
      nonlocals: null,
    });
  }
  out.sort((a, b) => a.start - b.start || b.end - a.end);
  const stack: Scope[] = [];
  for (const s of out) {
    while (stack.length && stack[stack.length - 1].end <= s.start) stack.pop();
    s.parent = stack.length ? stack[stack.length - 1] : null;
    stack.push(s);
  }
  return out;
}

/** The innermost scope holding each offset, for offsets given in ascending order. */
function scopeLocator(scopes: Scope[]): (offset: number) => Scope | null {
  let next = 0;
  const stack: Scope[] = [];
  return (offset: number): Scope | null => {
    while (next < scopes.length && scopes[next].start <= offset) {
      const s = scopes[next++];
      while (stack.length && stack[stack.length - 1].end <= s.start) stack.pop();
      stack.push(s);
    }
    while (stack.length && stack[stack.length - 1].end <= offset) stack.pop();
    let s = stack.length ? stack[stack.length - 1] : null;
    while (s && s.kind === "comprehension" && offset >= s.iterStart && offset < s.iterEnd) s = s.parent;
    return s;
  };
}

/** Code in this scope runs when the module is imported (module level, class bodies, comprehensions there). */
function runsAtImport(scope: Scope | null): boolean {
  for (let s = scope; s; s = s.parent) if (s.kind === "function") return false;
  return true;
}

/** What the module reads from its global scope and what it binds there (memoised per model). */
export function moduleNames(model: ModuleModel): ModuleNames {
  const hit = memo.get(model);
  if (hit) return hit;
  type Kind = "bind" | "param" | "aug" | "global" | "nonlocal" | "skip";
  const kinds = new Map<number, Kind>();
  const rank = { skip: 0, aug: 1, bind: 2, param: 3, global: 4, nonlocal: 4 } as const;
  for (const { name, node } of queryFor(model.tree.language).captures(model.root)) {
    const kind = name as Kind;
    const prev = kinds.get(node.startIndex);
    if (!prev || rank[kind] > rank[prev]) kinds.set(node.startIndex, kind);
  }
  const scopes = scopesOf(model);
  const located: Array<{ name: string; node: Node; offset: number; scope: Scope | null }> = [];
  for (const [name, nodes] of model.identifiers) {
    for (const node of nodes) located.push({ name, node, offset: node.startIndex, scope: null });
  }
  located.sort((a, b) => a.offset - b.offset);
  const locate = scopeLocator(scopes);
  const functions = scopes.filter((s) => s.paramsStart >= 0);
  for (const o of located) {
    o.scope = locate(o.offset);
    if (kinds.get(o.offset) === "param") {
      // a parameter belongs to its function, whose body region starts after it: the innermost parameter list holding it
      let owner: Scope | null = null;
      for (const f of functions)
        if (f.paramsStart <= o.offset && o.offset < f.paramsEnd && (!owner || f.paramsStart >= owner.paramsStart))
          owner = f;
      if (owner) o.scope = owner;
    }
  }

  // 1. declarations, 2. bindings, 3. uses
  for (const o of located) {
    const kind = kinds.get(o.offset);
    if (!o.scope || (kind !== "global" && kind !== "nonlocal")) continue;
    if (kind === "global") (o.scope.globals ??= new Set()).add(o.name);
    else (o.scope.nonlocals ??= new Set()).add(o.name);
  }
  const bound = new Map<string, number>();
  const bindModule = (name: string, offset: number): void => {
    if (!bound.has(name)) bound.set(name, offset);
  };
  for (const o of located) {
    const kind = kinds.get(o.offset);
    if (kind !== "bind" && kind !== "aug" && kind !== "param") continue;
    const s = o.scope;
    if (!s) {
      if (kind !== "aug") bindModule(o.name, o.offset);
    } else if (s.globals?.has(o.name) && kind !== "param") {
      if (kind === "bind") bindModule(o.name, o.offset);
    } else if (!s.nonlocals?.has(o.name)) {
      s.bound.add(o.name);
    }
  }
  const unbound = new Map<string, GlobalUse>();
  const boundAndUsed = new Map<string, number>();
  const readBeforeBinding = new Map<string, number>();
  for (const o of located) {
    const kind = kinds.get(o.offset);
    if (kind !== undefined && kind !== "aug") continue;
    // find the scope that binds the name; class bodies count only for their own direct uses
    let s = o.scope;
    let local = false;
    let first = true;
    while (s) {
      if (s.globals?.has(o.name)) break;
      if ((s.kind !== "class" || first) && (s.bound.has(o.name) || s.nonlocals?.has(o.name))) {
        local = true;
        break;
      }
      first = false;
      s = s.parent;
    }
    if (local) continue;
    const boundAt = bound.get(o.name);
    if (boundAt !== undefined) {
      boundAndUsed.set(o.name, o.offset);
      if (o.offset < boundAt && !readBeforeBinding.has(o.name) && runsAtImport(o.scope))
        readBeforeBinding.set(o.name, o.offset);
      continue;
    }
    const use = unbound.get(o.name);
    if (use) use.count++;
    else unbound.set(o.name, { first: o.node, count: 1 });
  }
  const result: ModuleNames = { unbound, bound, boundAndUsed, readBeforeBinding };
  memo.set(model, result);
  return result;
}

/**
 * Names read inside string annotations (`def f(x: "Model") -> "list[Row]"`): type checkers and
 * `typing.get_type_hints` resolve them in the module's scope.
 */
export function annotationStringNames(model: ModuleModel): Set<string> {
  const out = new Set<string>();
  if (!/:\s*["']|->\s*["']|\[\s*["']/.test(model.text)) return out;
  for (const node of model.root.descendantsOfType("type")) {
    if (!node) continue;
    const t = node.text;
    if (!t.includes('"') && !t.includes("'")) continue;
    for (const m of t.matchAll(/(["'])((?:\\.|(?!\1)[^\\\n])*)\1/g)) {
      for (const id of m[2].matchAll(/(?<![.\w])([A-Za-z_]\w*)/g)) out.add(id[1]);
    }
  }
  return out;
}
