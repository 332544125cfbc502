// Definitions that need no docstring of their own, because something else says what they are
// (DOC001): a framework's hook functions, an exception whose name states the condition, a
// one-line declaration, a generated migration or revision, a plugin module documented by a
// constant, an exception class that opens with its message.
import type { Node } from "web-tree-sitter";
import type { ClassInfo, FunctionInfo, ModuleModel } from "./model";
import { namePattern } from "./entryPoints";
import { firstStatement, lastName, unparen } from "./syntax";
import { indexOfFast } from "./textSearch";

// ---------------------------------------------------------------------------------------------
// Whole files

/** An Alembic revision script (generated from a template): `upgrade`/`downgrade` are its hooks. */
export function isAlembicRevision(model: ModuleModel): boolean {
  if (indexOfFast(model.text, "down_revision") < 0) return false;
  return model.assignments.some(
    (a) => a.isModuleLevel && a.left.type === "identifier" && a.left.text === "down_revision",
  );
}

/** A Django migration: `class Migration(migrations.Migration)` in a `migrations/` package (generated). */
export function isDjangoMigration(model: ModuleModel, file: string | null): boolean {
  if (!file?.split(/[\\/]/).includes("migrations") || indexOfFast(model.text, "Migration") < 0) return false;
  return model.classes.some(
    (c) => !c.parentClass && !c.parentFunction && c.name === "Migration" && c.bases.some((b) => /Migration$/.test(b)),
  );
}

/**
 * A plugin module documented by a module-level constant, as Ansible modules are
 * (`DOCUMENTATION = r'''...'''`, read by `ansible-doc`): its docs live there, not in docstrings.
 */
export function documentedByConstant(model: ModuleModel): boolean {
  if (indexOfFast(model.text, "DOCUMENTATION") < 0) return false;
  return model.assignments.some(
    (a) =>
      a.isModuleLevel &&
      a.left.type === "identifier" &&
      a.left.text === "DOCUMENTATION" &&
      (a.right?.type === "string" || a.right?.type === "concatenated_string"),
  );
}

/** Does the module read its own `__doc__` (`ArgumentParser(description=__doc__)`)? */
export function readsOwnDoc(model: ModuleModel): boolean {
  return indexOfFast(model.text, "__doc__") >= 0 && model.identifiersNamed("__doc__").length > 0;
}

// ---------------------------------------------------------------------------------------------
// Framework hooks

/**
 * The docstring-hooks setting read: `name`, or `name(param)` when the hook's first parameter must
 * be so named (`setup(app)`: Sphinx's extension hook, not any `setup()`).
 */
export function hookMatcher(hooks: readonly string[]): (fn: FunctionInfo) => boolean {
  const byName = new Map<string, string | null>();
  for (const h of hooks) {
    const m = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*(?:\(\s*([A-Za-z_][A-Za-z0-9_]*)?\s*\))?\s*$/.exec(h);
    if (m) byName.set(m[1], m[2] ?? null);
  }
  return (fn) => {
    if (!byName.has(fn.name)) return false;
    const param = byName.get(fn.name);
    return !param || fn.parameters[0]?.name === param;
  };
}

/**
 * A program's entry point with nothing to document of its own: `main()` (settings.entryPoints)
 * without parameters, or taking only `argv`/`args`. The program's description belongs to its
 * module docstring or its argument parser.
 */
export function isBareEntryPoint(fn: FunctionInfo, entryPoints: readonly string[]): boolean {
  if (fn.parentClass || fn.parentFunction || !entryPoints.some((g) => namePattern(g).test(fn.name))) return false;
  return fn.parameters.every((p) => /^(?:argv|args)$/.test(p.name));
}

/**
 * A hook name is recognised in this many other modules of the package, defined without a
 * docstring: three modules defining the same undocumented name is a convention, not chance.
 */
export const HOOK_SIBLINGS = 2;

// ---------------------------------------------------------------------------------------------
// Classes

const MESSAGE_ATTRIBUTE =
  /^(?:message|msg|msg_fmt|_msg_fmt|message_format|error_message|_message|description|help|doc_purpose|doc_description)$/;

/** The attributes a command class describes itself with (Django's `help`, distutils' `description`, doit's). */
const COMMAND_DESCRIPTION = /^(?:description|help|doc_purpose|doc_description)$/;

/**
 * An exception-style class that opens with its message (`msg_fmt = _("Invalid volume %(id)s")`,
 * as nova's and neutron's exceptions do): the message, where the docstring would be, says what it means.
 */
export function opensWithMessage(cls: ClassInfo): boolean {
  // (among the class attributes it opens with: a Django command's `args = ''` may come first)
  const first = firstStatement(cls.body);
  for (let stmt = first; stmt; stmt = stmt.nextNamedSibling) {
    if (stmt.type === "comment") continue;
    if (stmt.type !== "expression_statement") return false;
    const assignment = stmt.namedChild(0);
    if (assignment?.type !== "assignment") return false;
    const left = assignment.childForFieldName("left");
    let right = assignment.childForFieldName("right");
    if (left?.type !== "identifier" || !right) return false;
    // an exception's message must come first (where a docstring goes); a command's description
    // may follow its other attributes (`args = ''` then `help = '...'`)
    if (!MESSAGE_ATTRIBUTE.test(left.text)) continue;
    if (stmt.id !== first?.id && !COMMAND_DESCRIPTION.test(left.text)) return false;
    if (right.type === "call" && right.childForFieldName("arguments")?.namedChildCount === 1)
      right = right.childForFieldName("arguments")?.namedChild(0) ?? null;
    return right?.type === "string" || right?.type === "concatenated_string";
  }
  return false;
}

const EXCEPTION_NAME = /(?:Error|Exception|Warning)$/;
/** Base classes named so are exceptions too (`eventlet.Timeout`, `SystemExit`-like). */
const EXCEPTION_BASE = /(?:Error|Exception|Warning|Timeout|Exit)$/;
const BUILTIN_EXCEPTIONS = new Set([
  "BaseException",
  "GeneratorExit",
  "KeyboardInterrupt",
  "StopAsyncIteration",
  "StopIteration",
  "SystemExit",
]);

/** A class deriving from an exception: by a base's name, or a base in the same file that is one. */
function isExceptionClass(model: ModuleModel, cls: ClassInfo, depth = 0): boolean {
  for (const base of cls.bases) {
    const name = lastName(base);
    if (EXCEPTION_BASE.test(name) || BUILTIN_EXCEPTIONS.has(name)) return true;
    if (depth < 5 && !base.includes(".")) {
      const local = model.classes.find((c) => c.name === name && c !== cls && !c.parentFunction);
      if (local && isExceptionClass(model, local, depth + 1)) return true;
    }
  }
  return cls.bases.length > 0 && EXCEPTION_NAME.test(cls.name);
}

/** The statements of a class body, comments left out. */
function bodyStatements(cls: ClassInfo): Node[] {
  return cls.body.namedChildren.filter((n): n is Node => !!n && n.type !== "comment");
}

/** Bases of typed records: `TypedDict`, `NamedTuple` (also dotted: `typing.TypedDict`). */
const RECORD_BASES = /(?:^|\.)(?:TypedDict|NamedTuple)$/;

/** `name = _("Zones")`, `verbose_name = "Zone"`: a class attribute giving a display name as text. */
function isDisplayName(stmt: Node): boolean {
  const e = stmt.type === "expression_statement" ? stmt.namedChild(0) : null;
  if (e?.type !== "assignment") return false;
  if (!/^(?:name|verbose_name|title|label|display_name)$/.test(e.childForFieldName("left")?.text ?? "")) return false;
  const right = e.childForFieldName("right");
  if (right?.type === "string") return true;
  // a translated name: `_("Zones")`, `gettext_lazy("Zones")`
  return right?.type === "call" && right.childForFieldName("arguments")?.namedChild(0)?.type === "string";
}

function isClassAttribute(stmt: Node): boolean {
  const e = stmt.type === "expression_statement" ? stmt.namedChild(0) : null;
  return e?.type === "assignment" && e.childForFieldName("left")?.type === "identifier";
}

/** Methods of an exception class that only make its message (their bodies are not read). */
const MESSAGE_METHODS = new Set(["__init__", "__str__", "__repr__", "__unicode__", "__reduce__"]);

/**
 * `__init__` that only stores values and calls the base's `__init__`, `__str__` that only
 * returns: an exception's message plumbing, which its name already explains.
 */
function messageMethod(model: ModuleModel, stmt: Node): boolean {
  // `@classmethod def for_name(cls, name): return cls("no %s" % name)`: a constructor of the message
  if (stmt.type === "decorated_definition") {
    const inner = stmt.childForFieldName("definition");
    const factory = inner?.type === "function_definition" ? model.functions.find((f) => f.node.id === inner.id) : null;
    if (!factory?.decorators.some((d) => d.name === "classmethod" || d.name === "staticmethod")) return false;
    const statements = factory.body.namedChildren.filter((n): n is Node => !!n && n.type !== "comment");
    const rest = factory.docstring ? statements.slice(1) : statements;
    return rest.length === 1 && rest[0].type === "return_statement";
  }
  const def = stmt.type === "function_definition" ? stmt : null;
  if (!def) return false;
  const fn = model.functions.find((f) => f.node.id === def.id);
  if (!fn || !MESSAGE_METHODS.has(fn.name)) return false;
  const statements = fn.body.namedChildren.filter((n): n is Node => !!n && n.type !== "comment");
  if (fn.name !== "__init__") return statements.length === 1 && statements[0].type === "return_statement";
  return statements.every((st, i) => {
    if (st.type !== "expression_statement") return false;
    const e = st.namedChild(0);
    if (i === 0 && e?.type === "string") return true; // its own docstring
    if (e?.type === "assignment") return true;
    const callee = e?.type === "call" ? e.childForFieldName("function") : null;
    return callee?.type === "attribute" && callee.childForFieldName("attribute")?.text === "__init__";
  });
}

/** `__init__(self, message=None): super().__init__(message)`: hands its own parameters to the base, nothing more. */
function passThroughInit(model: ModuleModel, stmt: Node): boolean {
  const def = stmt.type === "function_definition" ? stmt : null;
  if (!def) return false;
  const fn = model.functions.find((f) => f.node.id === def.id);
  if (fn?.name !== "__init__" || fn.decorators.length) return false;
  const statements = fn.body.namedChildren.filter((n): n is Node => !!n && n.type !== "comment");
  const calls = fn.docstring ? statements.slice(1) : statements;
  if (calls.length !== 1 || calls[0].type !== "expression_statement") return false;
  const call = unparen(calls[0].namedChild(0) as Node);
  if (call.type !== "call") return false;
  const callee = call.childForFieldName("function");
  if (callee?.type !== "attribute" || callee.childForFieldName("attribute")?.text !== "__init__") return false;
  const own = new Set(fn.parameters.map((p) => p.name));
  for (const arg of call.childForFieldName("arguments")?.namedChildren ?? []) {
    if (!arg || arg.type === "comment") continue;
    const value =
      arg.type === "keyword_argument"
        ? arg.childForFieldName("value")
        : arg.type === "list_splat" || arg.type === "dictionary_splat"
          ? arg.namedChild(0)
          : arg;
    if (value?.type !== "identifier" || !own.has(value.text)) return false;
  }
  return true;
}

/**
 * An exception class whose body says nothing a docstring would (its name states the condition):
 * `pass`, `...`, class attributes, an `__init__` that only hands its parameters to the base, or
 * only makes the message (an `__init__` storing values, a `__str__` returning it).
 */
export function isTrivialExceptionClass(model: ModuleModel, cls: ClassInfo): boolean {
  if (!isExceptionClass(model, cls)) return false;
  return bodyStatements(cls).every((stmt) => {
    if (stmt.type === "pass_statement") return true;
    const e = stmt.type === "expression_statement" ? stmt.namedChild(0) : null;
    if (e?.type === "ellipsis" || e?.type === "string") return true; // `...`, its docstring
    return isClassAttribute(stmt) || passThroughInit(model, stmt) || messageMethod(model, stmt);
  });
}

/**
 * A parameter of an exception's `__init__` that only makes its message (stores values, calls the
 * base's `__init__`) kept as `self.x = x` and shown by its `__str__`/`__repr__`: the message says
 * what it is, whatever else `__str__` does to build it.
 */
export function keptForExceptionMessage(model: ModuleModel, fn: FunctionInfo, param: string): boolean {
  const cls = fn.parentClass;
  if (fn.name !== "__init__" || !cls || !messageMethod(model, fn.node) || !isExceptionClass(model, cls)) return false;
  const kept: string[] = [];
  for (const st of fn.body.namedChildren) {
    const e = st?.type === "expression_statement" ? st.namedChild(0) : null;
    if (e?.type !== "assignment" || e.childForFieldName("right")?.text !== param) continue;
    const left = e.childForFieldName("left");
    if (left?.type === "attribute" && left.childForFieldName("object")?.text === "self")
      kept.push(left.childForFieldName("attribute")?.text ?? "");
  }
  if (!kept.length) return false;
  const shows = model.functions.filter(
    (f) => f.parentClass === cls && f.name !== "__init__" && MESSAGE_METHODS.has(f.name),
  );
  return kept.every((attr) => shows.some((f) => new RegExp(`\\bself\\.${attr}\\b`).test(f.body.text)));
}

/**
 * A subclass whose whole body is one class attribute (`AUTO_TYPE = Enum(...)`) or `pass`
 * (`class emphasis(Inline, TextElement): pass`): a declaration that configures or tags its
 * bases, which its name describes. (Bodies of several attributes are often real abstractions:
 * they are still reported.)
 */
export function isDeclarativeSubclass(cls: ClassInfo): boolean {
  if (!cls.bases.some((b) => b !== "object")) return false;
  const statements = bodyStatements(cls);
  // a typed record (`class VersionDict(TypedDict): major: str ...`): its fields are its documentation
  if (cls.bases.some((b) => RECORD_BASES.test(b)) && statements.length && statements.every(isClassAttribute))
    return true;
  // a framework's declaration made of class attributes, its display name among them (a Horizon
  // panel: `name = _("Zones")`, `slug = "zones"`, `permissions = (...)`): that name says what it is
  if (statements.length > 1 && statements.every(isClassAttribute) && statements.some(isDisplayName)) return true;
  if (statements.length !== 1) return false;
  const only = statements[0];
  if (only.type === "pass_statement") return true;
  if (only.type === "expression_statement" && only.namedChild(0)?.type === "ellipsis") return true;
  return isClassAttribute(only);
}

// ---------------------------------------------------------------------------------------------
// Stand-ins for documented code

/** Errors a `try` around an import or attribute lookup catches when the name is missing. */
const MISSING_NAME = /\b(?:ImportError|ModuleNotFoundError|AttributeError|NameError)\b/;

/**
 * A compatibility fallback: defined in the `except ImportError:` (or `AttributeError`) branch of a
 * `try` whose body binds the same name (`from ssl import SSLContext`, `f = importlib.util.f`). It
 * stands in for the documented original, and is dead code where that exists.
 */
export function standsInForImported(def: FunctionInfo | ClassInfo): boolean {
  const handler = def.outer.parent?.parent;
  if (handler?.type !== "except_clause") return false;
  const header = handler.text.slice(0, handler.text.indexOf(":"));
  const attempt = handler.parent?.type === "try_statement" ? handler.parent.childForFieldName("body") : null;
  if (!attempt || !MISSING_NAME.test(header)) return false;
  const name = def.name;
  return attempt.namedChildren.some((s) => {
    if (!s) return false;
    if (s.type === "import_from_statement" || s.type === "import_statement")
      return new RegExp(`(?:\\bimport\\s+|[\\s,(]|\\bas\\s+)${name}\\b`).test(s.text.replace(/^from\s+\S+/, ""));
    if (s.type !== "expression_statement") return false;
    const a = s.namedChild(0);
    return a?.type === "assignment" && a.childForFieldName("left")?.text === name;
  });
}

/**
 * A one-statement forwarder to a callable of the same name (`def get_flow(a): return FLOWS.get_flow(a)`):
 * the callee documents what it does and what its parameters mean.
 */
export function forwardsToSameName(fn: FunctionInfo): boolean {
  const body = fn.body.namedChildren.filter((s) => s !== null && s.type !== "comment");
  const only = body.length === 1 ? body[0] : null;
  if (only?.type !== "return_statement") return false;
  const call = only.namedChild(0);
  if (call?.type !== "call") return false;
  const callee = call.childForFieldName("function");
  return callee?.type === "attribute" && callee.childForFieldName("attribute")?.text === fn.name;
}
