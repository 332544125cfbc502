// Code a project marks as not a public API, or documents elsewhere, by convention rather than
// by a leading underscore on the name itself (DOC001, DOC002): a private package in the path, a
// module docstring that says it is private, a function registered as a wrapper of another, a
// plugin's hook implementation, code that is deprecated and warns so.
import type { Node } from "web-tree-sitter";
import { path } from "../core/host";
import type { ClassInfo, FunctionInfo, ModuleModel } from "./model";
import { lastName } from "./syntax";

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** `_pkg` is private; `__pycache__`-style dunder names are not a privacy mark. */
const PRIVATE_COMPONENT = /^_(?!_.*__$)[A-Za-z0-9_]*$/;
/** A package named `internal` (`lib/internal/x.py`, as `_internal`): the project's own, not its API. */
const INTERNAL_PACKAGE = "internal";

/**
 * Is the file's own name or one of its packages private (`_pkg/mod.py`, `pkg/_impl/x.py`,
 * `pkg/internal/x.py`)? The
 * packages are the folders below `root` (the project or source root); without one, the run of
 * folders named like identifiers just above the file (`dist-packages`, `src-x` end it).
 */
export function inPrivatePackage(file: string | null, root: string | null): boolean {
  if (!file) return false;
  const base = path.basename(file).replace(/\.pyi?$/, "");
  if (base !== "__init__" && PRIVATE_COMPONENT.test(base)) return true;
  const dir = path.resolve(path.dirname(file));
  let folders: string[];
  const rel = root ? path.relative(path.resolve(root), dir) : null;
  if (rel !== null && rel !== "" && !rel.startsWith("..") && !path.isAbsolute(rel)) folders = rel.split(/[\\/]/);
  else if (rel === "") folders = [];
  else {
    folders = [];
    for (const part of dir.split(/[\\/]/).reverse()) {
      if (!IDENTIFIER.test(part)) break;
      folders.unshift(part);
    }
  }
  return folders.some((f) => PRIVATE_COMPONENT.test(f) || f === INTERNAL_PACKAGE);
}

/** A module docstring whose opening paragraph calls the module private or internal. */
const PRIVATE_DECLARATION =
  /\b(?:private|internal)\s+(?:helper\s+|implementation\s+|utility\s+)?(?:module|package|api|use|implementation)\b|\bfor\s+internal\s+use\b|\bnot\s+(?:a\s+)?public\s+api\b/i;

/**
 * Anywhere in it: "**API will be made private in the future**", "This module is private", "This
 * module is used internally by Tornado".
 */
const PRIVATE_INTENT =
  /\b(?:api|module|package)\s+(?:is|will\s+be(?:\s+made)?)\s+private\b|\b(?:module|package)\s+is\s+(?:only\s+)?(?:used|meant|intended)\s+(?:only\s+)?(?:internally|for\s+internal\s+use)\b/i;

export function declaresItselfPrivate(model: ModuleModel): boolean {
  const doc = model.docstring;
  if (!doc) return false;
  const opening = doc.text.split(/\n\s*\n/).find((p) => /\w/.test(p.replace(/^[rRuU]?("""|'''|"|')/, ""))) ?? "";
  return PRIVATE_DECLARATION.test(opening) || PRIVATE_INTENT.test(doc.text);
}

/**
 * A function registered as a wrapper of another by its decorator (`@eh.wrapfunction(mod, 'name')`,
 * `@extensions.wrapcommand(table, 'cmd')`, `@functools.wraps(f)`): it stands in for a function
 * documented where it is defined, and is called through the registration, not by its name.
 */
export function registeredAsWrapper(fn: FunctionInfo): boolean {
  return fn.decorators.some((d) => {
    if (d.name === null || d.node.namedChild(0)?.type !== "call") return false;
    return /^wrap(?:s|per|function|command|method|class|_\w+)?$/i.test(lastName(d.name));
  });
}

/**
 * A function handed to a registry by its decorator (`@register(Tags.caches)`: a framework's check;
 * `@atexit.register`; `@handle.register(int)`: an implementation of a documented generic
 * function): the registry calls it, not users, and documents what such callbacks do.
 */
export function registeredCallback(fn: FunctionInfo): boolean {
  return fn.decorators.some((d) => d.name !== null && lastName(d.name) === "register");
}

/**
 * The registry a call hands its arguments to: the object whose method it calls (`fsm` of
 * `fsm.add_transition` and `fsm.add_transition_any`), or the function itself (`register`, and
 * `self.register`: `self` holds many unrelated methods).
 */
function registryOf(callee: string): string {
  const dot = callee.lastIndexOf(".");
  const owner = dot < 0 ? "" : callee.slice(0, dot);
  return !owner || owner === "self" || owner === "cls" ? callee : owner;
}

/**
 * How many distinct functions of the module one registry must be handed for them to be a family
 * of callbacks (a dispatch table: a state machine's ~30 actions) rather than a few registered
 * functions that each do something of their own (a handful of roles, each worth its docstring).
 */
const REGISTRY_FAMILY = 10;

/**
 * Of `names` (top-level functions of the module), those handed by name to a registration call
 * (`fsm.add_transition('J', 'NUMBER_1', DoErase, 'INIT')`, `registry.register(name, func)`) whose
 * registry is handed REGISTRY_FAMILY or more of the module's functions: the registry calls them, as
 * it calls a callback registered by its decorator. A function merely called, or handed to a call
 * among fewer siblings, is not one.
 */
export function callRegisteredFunctions(model: ModuleModel, names: ReadonlySet<string>): Set<string> {
  const out = new Set<string>();
  // cheap text test first: a name that occurs only where it is defined or called is handed nowhere
  const handed = [...names].filter((n) => new RegExp(`(?<![\\w.'"])${n}\\s*[,)]`).test(model.text));
  if (!handed.length) return out;
  const functions = new Set(model.functions.filter((f) => !f.parentClass && !f.parentFunction).map((f) => f.name));
  const byCallee = new Map<string, Set<string>>();
  for (const call of model.calls) {
    const callee = call.callee;
    if (!callee || !call.argumentsNode) continue;
    for (const arg of [...call.positional, ...call.keywords.values()]) {
      if (arg.type !== "identifier" || !functions.has(arg.text)) continue;
      const key = registryOf(callee);
      let family = byCallee.get(key);
      if (!family) byCallee.set(key, (family = new Set()));
      family.add(arg.text);
    }
  }
  for (const family of byCallee.values())
    if (family.size >= REGISTRY_FAMILY) for (const n of family) if (names.has(n)) out.add(n);
  return out;
}

/**
 * A plugin's hook implementation: a pluggy/pytest hook (`pytest_configure`, `@hookimpl`), whose
 * contract the framework documents under the same name.
 */
export function isPluginHookImpl(fn: FunctionInfo): boolean {
  if (/^pytest_[a-z0-9_]+$/.test(fn.name)) return true;
  return fn.decorators.some((d) => d.name !== null && /(?:^|\.)hookimpl$/.test(d.name));
}

const DEPRECATION_WARNING = /\bwarn\w*\s*\([\s\S]*?\b(?:Pending)?Deprecat\w*/;
const DEPRECATED_DECORATOR = /(?:^|\.)deprecated\w*$/i;

function warnsDeprecatedFirst(body: Node): boolean {
  for (const st of body.namedChildren) {
    if (!st || st.type === "comment") continue;
    if (st.type === "expression_statement" && st.namedChild(0)?.type === "string") continue; // its docstring
    if (st.type === "import_statement" || st.type === "import_from_statement") continue; // `import warnings`
    return st.type === "expression_statement" && DEPRECATION_WARNING.test(st.text);
  }
  return false;
}

/**
 * Deprecated code that says so when used: decorated `@deprecated`, or warning with a
 * DeprecationWarning as its (constructor's) first act. Asking to document it is asking to
 * document what is being removed.
 */
export function deprecatedOnUse(def: ClassInfo | FunctionInfo): boolean {
  if (def.decorators.some((d) => d.name !== null && DEPRECATED_DECORATOR.test(d.name))) return true;
  if (!("methods" in def)) return warnsDeprecatedFirst(def.body);
  return def.methods.some((m) => (m.name === "__init__" || m.name === "__new__") && warnsDeprecatedFirst(m.body));
}

/** Is the function's docstring replaced at import by a module-level `name.__doc__ = ...`? */
export function docstringAssigned(model: ModuleModel, name: string): boolean {
  if (model.text.indexOf(`${name}.__doc__`) < 0) return false;
  return model.assignments.some(
    (a) => a.isModuleLevel && a.left.type === "attribute" && a.left.text.replace(/\s+/g, "") === `${name}.__doc__`,
  );
}
