// DOC001: a public module, class or function (methods: opt-in) without a docstring.
import { docstringStyleFor, misplacedClassDocstring, misplacedModuleDocstring } from "../analysis/docstrings";
import type { ClassInfo, FunctionInfo, ModuleModel } from "../analysis/model";
import { literalAll } from "../analysis/publicNames";
import {
  documentedByConstant,
  isAlembicRevision,
  isBareEntryPoint,
  isDeclarativeSubclass,
  isDjangoMigration,
  isTrivialExceptionClass,
  opensWithMessage,
  forwardsToSameName,
  readsOwnDoc,
  standsInForImported,
} from "../analysis/undocumentedByDesign";
import { inTestSupportPackage } from "../analysis/testSupport";
import {
  callRegisteredFunctions,
  declaresItselfPrivate,
  deprecatedOnUse,
  inPrivatePackage,
  isPluginHookImpl,
  registeredAsWrapper,
  registeredCallback,
} from "../analysis/undocumentedByConvention";
import { sharedImportResolver } from "../resolve/importResolver";
import { hookClasses, hookFunctions, undocumentedPackage } from "../resolve/siblingModules";
import {
  docstringLines,
  googleParamsHeader,
  indentUnit,
  insertDocstringEdit,
  insertModuleDocstringEdit,
  moveToTopEdits,
  specFor,
  SUMMARY_PLACEHOLDER,
} from "../fixes/docstrings";
import { firstStatement } from "../analysis/syntax";
import type { Fix, TextEdit } from "../core/types";
import type { Rule } from "./types";

const OVERLOAD = new Set(["overload", "typing.overload", "typing_extensions.overload", "t.overload"]);
const OVERRIDE = new Set(["override", "typing.override", "typing_extensions.override"]);

function isOverload(fn: FunctionInfo): boolean {
  return fn.decorators.some((d) => d.name !== null && OVERLOAD.has(d.name));
}

/** A method that needs no docstring of its own: dunder, private, property setter/deleter, override, overload. */
function exemptMethod(fn: FunctionInfo): boolean {
  if (fn.name.startsWith("_")) return true;
  return fn.decorators.some(
    (d) =>
      d.name !== null && (OVERLOAD.has(d.name) || OVERRIDE.has(d.name) || /\.(?:setter|deleter|getter)$/.test(d.name)),
  );
}

/** Does the module define a public top-level function (the module docstring may be about it)? */
function hasPublicFunction(model: ModuleModel, isPublic: (name: string) => boolean): boolean {
  return model.functions.some((f) => !f.parentClass && !f.parentFunction && isPublic(f.name));
}

/** A class with no base but `object`, and no metaclass (which makes it a framework's base). */
function standsAlone(cls: ClassInfo): boolean {
  const header = cls.node.childForFieldName("superclasses")?.text ?? "";
  return cls.bases.every((b) => b === "object") && !header.includes("=");
}

function isTopLevelClass(cls: ClassInfo | null): cls is ClassInfo {
  return !!cls && !cls.parentClass && !cls.parentFunction;
}

/**
 * A module description moved to the top: no placeholder, only `__doc__` changes; safe unless the
 * module reads `__doc__` itself (`ArgumentParser(description=__doc__)` would print it).
 */
function moveFix(edits: TextEdit[] | null, readsDoc: boolean, what: "module" | "class" = "module"): Fix[] {
  if (!edits) return [];
  const title = `Move the ${what}'s description to the top, as its docstring`;
  return [
    {
      title: readsDoc ? `${title} (the module reads \`__doc__\`, which changes)` : title,
      safe: !readsDoc,
      edits,
    },
  ];
}

/** The first line of the file (two when the first is a `#!` line, which cannot carry a `# noqa`): where module findings sit. */
function moduleRange(text: string): { start: number; end: number } {
  const lineEnd = (from: number): number => {
    const m = /\r\n|\r|\n/.exec(text.slice(from));
    return m ? from + m.index : text.length;
  };
  const first = lineEnd(0);
  if (!text.startsWith("#!") || first >= text.length) return { start: 0, end: Math.max(1, first) };
  // to the start of the third line: the second line's break is the range's last character
  const second = lineEnd(first + (text.startsWith("\r\n", first) ? 2 : 1));
  return { start: 0, end: second + (text.startsWith("\r\n", second) ? 2 : second < text.length ? 1 : 0) };
}

function listNames(names: readonly string[]): string {
  const shown = names
    .slice(0, 3)
    .map((n) => `\`${n}\``)
    .join(", ");
  return names.length > 3 ? `${shown} and ${names.length - 3} more` : shown;
}

/**
 * `# pylint: disable=missing-docstring` (C0111, every kind) on a line of its own at the module's
 * top level: the authors turned pylint's docstring check off for the rest of the file, on purpose.
 * (The per-kind codes, C0114–C0116, leave the other kinds expected: not read yet.)
 */
const PYLINT_DOCSTRINGS_OFF = /^#\s*pylint:\s*disable\s*=[^\n]*\b(?:missing-docstring|C0111)\b/m;

export const missingDocstring: Rule = {
  meta: {
    code: "DOC001",
    usesInterpreter: true,
    name: "missing-docstring",
    category: "documentation",
    reviewPoint: 7,
    preview: true,
    severity: "information",
    fixable: "always",
    skipsTestFiles: true,
    summary:
      "A public module, class or top-level function has no docstring (public methods too, when docstring-methods is on).",
    rationale:
      "A docstring is what `help()`, IDE hovers and generated API docs show; without one a reader must reverse-engineer intent, units and failure modes from the body. " +
      "The fix inserts a stub built from the signature (parameters, return value, raised exceptions) in the file's docstring style (reST, Google, NumPy or epytext; else the docstring-style setting). " +
      "Because the stub holds TODO placeholders for you to fill in, that fix is unsafe (offered in the lightbulb, never applied by `--fix` or fix-all); a module description left below the imports (or a class's, below its first statement such as `__test__ = False`) is moved to the top by a safe fix (unsafe when the module reads its own `__doc__`, as `ArgumentParser(description=__doc__)` does: its output changes).",
    notReported:
      "private names and modules (`_x`, `_mod.py`, any module inside a private package `_pkg/` or a package named `internal/`, names a literal `__all__` leaves out, a module whose docstring calls it private or internal, says it is used internally, or says its API will be made private), stubs, test files, methods (unless docstring-methods is on; then not private, dunder, `@override` methods or property setters), `@overload` stubs. " +
      "A module without a docstring whose public classes and functions all have their own, when the modules beside it mostly have none (the project's convention; for a package's `__init__.py`, the `__init__.py` files of the packages beside it), or when it defines a single public name (that name's docstring describes the module). Conversely, a module's docstring describes the single public class the module holds, when that class has no base but `object` (nor a metaclass) and the module no public function (a subclass is still asked: its docstring says how it differs, and tools list it by that); so too, in a module of at most three public classes, a standalone class without public methods (`ZlibCompressor` with only `__init__`/`__call__`, under 'Compression implementations'). A module holding a single public name without a docstring is not asked for one either: that name is reported on its own line, and once written its docstring describes the module. Functions defined under `if __name__ == \"__main__\":` (the script's own code, which nothing imports). " +
      "A file whose authors turned pylint's docstring check off (`# pylint: disable=missing-docstring` or `C0111` on a line of its own). A library's test support (a module in a `testing/` package). A compatibility fallback defined in the `except ImportError:`/`except AttributeError:` branch of a `try` that imports or binds the same name (`try: from ssl import SSLContext` / `except ImportError: class SSLContext: ...`): it stands in for the documented original. A one-statement forwarder to a callee of its own name (`def get_flow(a): return FLOWS.get_flow(a)`): documented at the callee. " +
      "A function registered as a wrapper of another by its decorator (`@eh.wrapfunction(mod, 'name')`, `@functools.wraps(f)`), a callback handed to a registry by its decorator (`@register(Tags.caches)`, `@atexit.register`, a generic function's `@render.register(int)`: the registry calls it), or by a call, as one of a family of ten or more functions of the module handed by name to the same registry (`fsm.add_transition('J', 'NUMBER_1', DoErase, 'INIT')` for each of a state machine's actions; a function merely called, or one of a few handed to a registry, is still reported), a plugin's hook implementation (`pytest_*` functions, `@hookimpl`), deprecated code that warns so on use (`@deprecated`, a `DeprecationWarning` as its constructor's first act), a backend module's function that the module of the same name one package up documents (`db/sqlalchemy/api.py` behind the facade `db/api.py`). " +
      "A framework's hook functions: named in docstring-hooks (default `list_opts`, `register_opts`, `list_rules` and Sphinx's `setup(app)`), or defined without a docstring in two or more other modules of the same package (version scripts named `074_add_index.py` count: a migration framework loads them by path); a plugin class whose name the framework requires, defined without a docstring in two or more other modules of the package (`class ActionModule(ActionBase)` in each action plugin); nor a module whose public definitions are all hooks. " +
      "A program's entry point (entry-points: `main`, `*_main`, `cli`) that takes no parameters but `argv`/`args`: the program's description belongs to its module. " +
      'Typed records (a `TypedDict` or `NamedTuple` subclass of only annotated fields: the fields are its documentation); a framework\'s declaration made of class attributes with its display name among them (a Horizon panel: `name = _("Zones")`, `slug`, `permissions`); tests kept in a library module (`def test_unpacking():` without parameters, as pytest collects them). ' +
      "Exception classes whose name states the condition: a body of only `pass`, `...`, class attributes, an `__init__` that hands its own parameters to the base, or message making (an `__init__` that stores values and calls the base, a `__str__` that returns, a `@classmethod` that returns the exception built from its arguments); classes that open with their message or description (`msg_fmt = ...`, a distutils command's `description = '...'`, a Django command's `help = '...'`, also after its other class attributes: `args = ''`, doit's `doc_purpose`). " +
      "A subclass whose whole body is one class attribute or `pass` (a declaration: `AUTO_TYPE = Enum(...)`, `class emphasis(Inline, TextElement): pass`). " +
      "Generated or framework-documented files: Alembic revisions' `upgrade`/`downgrade`, Django migrations (`class Migration(migrations.Migration)` in `migrations/`), modules documented by a `DOCUMENTATION` constant (Ansible). " +
      "A function defined in several branches of an `if` is reported once. " +
      "The module finding sits at 1:1, as ruff's and pylint's do: put `# noqa: DOC001` on line 1 (on line 2 after a `#!` line, which cannot carry a comment).",
    example:
      "def is_agent_down(heart_beat_time):\n    return timeutils.is_older_than(heart_beat_time, cfg.CONF.agent_down_time)",
    useInstead:
      'def is_agent_down(heart_beat_time):\n    """Tell whether an agent missed its heartbeat.\n\n    :param heart_beat_time: UTC datetime of the last heartbeat\n    :returns: True if older than agent_down_time seconds\n    """\n    return timeutils.is_older_than(heart_beat_time, cfg.CONF.agent_down_time)',
  },
  check({ model, text, path: file, root, settings, resolver, report }) {
    if (file?.endsWith(".pyi")) return;
    // private by its path (`_pkg/mod.py`) or by its own word ("Private module for ...")
    if (inPrivatePackage(file, root) || declaresItselfPrivate(model)) return;
    // a library's test support (`testing/`): its helpers serve the project's own tests (not a
    // module that imports one: `try: from pkg.testing.path import path` serves production code too)
    if (inTestSupportPackage(file, root)) return;
    // generated, or documented elsewhere by its framework's convention
    if (isDjangoMigration(model, file) || documentedByConstant(model)) return;
    // the authors turned pylint's missing-docstring check off for the whole file
    if (PYLINT_DOCSTRINGS_OFF.test(text)) return;
    const exported = literalAll(model);
    const isPublic = (name: string): boolean => (exported ? exported.has(name) : !name.startsWith("_"));
    type Conventions = { style: ReturnType<typeof docstringStyleFor>; unit: string; header: string };
    let cached: Conventions | null = null;
    const conventions = (): Conventions =>
      (cached ??= {
        style: docstringStyleFor(model, settings.docstringStyle),
        unit: indentUnit(text),
        header: googleParamsHeader(text),
      });
    const stubFix = (title: string, edit: ReturnType<typeof insertDocstringEdit>): Fix[] =>
      edit ? [{ title, safe: false, edits: [edit] }] : [];
    const publicNames: Array<{ name: string; at: number }> = [];
    const publicSeen = new Set<string>();
    const alembic = isAlembicRevision(model);
    let reportedDefinitions = 0;

    const undocumentedClasses: ClassInfo[] = [];
    for (const cls of model.classes) {
      if (!isTopLevelClass(cls) || !isPublic(cls.name)) continue;
      publicNames.push({ name: cls.name, at: cls.start });
      publicSeen.add(cls.name);
      if (cls.docstring || opensWithMessage(cls)) continue;
      if (isTrivialExceptionClass(model, cls) || isDeclarativeSubclass(cls) || deprecatedOnUse(cls)) continue;
      if (standsInForImported(cls)) continue; // a fallback for the documented original
      undocumentedClasses.push(cls);
    }
    const imports = resolver ?? sharedImportResolver(model.tree.language);
    // a plugin class whose name the framework requires, undocumented in module after module
    const pluginClasses = hookClasses(
      undocumentedClasses.map((c) => c.name),
      file,
      imports.siblings,
    );
    // the module's docstring describes the one public class it exists for, when the class
    // stands alone (a subclass's own docstring says how it differs, and tools list it by that)
    // (or its few standalone classes with no public method: `ZlibCompressor` and `ZlibDecompressor`
    // under "Compression implementations", whose names and the module say all there is)
    const moduleOnly = !!model.docstring && publicNames.length <= 3 && !hasPublicFunction(model, isPublic);
    const described = (cls: ClassInfo): boolean =>
      moduleOnly && standsAlone(cls) && (publicNames.length === 1 || cls.methods.every((m) => m.name.startsWith("_")));
    for (const cls of undocumentedClasses) {
      if (pluginClasses.has(cls.name) || described(cls)) continue;
      reportedDefinitions++;
      const misplaced = misplacedClassDocstring(cls);
      const first = firstStatement(cls.body);
      if (misplaced && first) {
        report({
          start: cls.nameNode.startIndex,
          end: cls.nameNode.endIndex,
          message: `Public class \`${cls.name}\` has no docstring: the string at line ${misplaced.startPosition.row + 1} describes it, but only a string that is the first statement becomes its \`__doc__\`. Move it to the top of the class body.`,
          fixes: moveFix(moveToTopEdits(text, misplaced, first), readsOwnDoc(model), "class"),
        });
        continue;
      }
      report({
        start: cls.nameNode.startIndex,
        end: cls.nameNode.endIndex,
        message: `Public class \`${cls.name}\` has no docstring: say what it represents and how it is meant to be used.`,
        fixes: stubFix(
          `Insert a docstring stub for \`${cls.name}\` (TODO placeholders)`,
          insertDocstringEdit(model, cls.node, [SUMMARY_PLACEHOLDER]),
        ),
      });
    }

    const undocumented: Array<{ fn: FunctionInfo; label: string }> = [];
    const judged = new Set<string>(); // a function defined in each branch of an `if` is judged once
    for (const fn of model.functions) {
      if (fn.parentFunction) continue;
      let label: string;
      if (fn.parentClass) {
        if (
          !settings.docstringMethods ||
          !isTopLevelClass(fn.parentClass) ||
          !isPublic(fn.parentClass.name) ||
          exemptMethod(fn)
        )
          continue;
        label = `Public method \`${fn.parentClass.name}.${fn.name}\``;
      } else {
        // (a function of the script's main block is not the module's: nothing imports it)
        if (!isPublic(fn.name) || fn.inMainGuard) continue;
        if (!publicSeen.has(fn.name)) {
          publicSeen.add(fn.name);
          publicNames.push({ name: fn.name, at: fn.start });
        }
        if (isOverload(fn)) continue; // the implementation carries the docstring
        if (alembic && (fn.name === "upgrade" || fn.name === "downgrade")) continue;
        if (isBareEntryPoint(fn, settings.entryPoints)) continue;
        // a test kept in the library module (`def test_unpacking():`, collected by pytest)
        if (fn.name.startsWith("test_") && fn.parameters.length === 0) continue;
        // documented where it is registered or defined by its framework, deprecated, or self-explanatory
        if (registeredAsWrapper(fn) || registeredCallback(fn) || isPluginHookImpl(fn) || deprecatedOnUse(fn)) continue;
        // a fallback for an imported original, or a forwarder to a callee of its name: documented there
        if (standsInForImported(fn) || forwardsToSameName(fn)) continue;
        if (judged.has(fn.name)) continue;
        judged.add(fn.name);
        label = `Public function \`${fn.name}\``;
      }
      if (!fn.docstring) undocumented.push({ fn, label });
    }
    const topLevel = undocumented.filter((u) => !u.fn.parentClass).map((u) => u.fn);
    const hooks = hookFunctions(topLevel, file, settings.docstringHooks, imports.siblings);
    // a backend's functions, documented by the facade one package up that dispatches to them
    const atFacade = file
      ? imports.siblings.documentedByFacade(
          file,
          topLevel.map((fn) => fn.name),
        )
      : new Set();
    // callbacks handed by name to a registry's call, among siblings of their family
    const registered = topLevel.length
      ? callRegisteredFunctions(model, new Set(topLevel.map((fn) => fn.name)))
      : new Set<string>();
    for (const { fn, label } of undocumented) {
      if (hooks.has(fn) || (!fn.parentClass && (atFacade.has(fn.name) || registered.has(fn.name)))) continue;
      if (!fn.parentClass) reportedDefinitions++;
      const { style, unit, header } = conventions();
      const lines = docstringLines(specFor(fn, settings.timeParameters), style, unit, header);
      report({
        start: fn.nameNode.startIndex,
        end: fn.nameNode.endIndex,
        message: `${label} has no docstring: say what it does, what its parameters mean and what it returns or raises.`,
        fixes: stubFix(
          `Insert a docstring stub for \`${fn.name}\` (TODO placeholders)`,
          insertDocstringEdit(model, fn.node, lines),
        ),
      });
    }

    // a module whose public definitions are all its framework's hooks (`list_rules` in every
    // module of a policies package): the package's convention says what it is
    const hookNames = new Set([...[...hooks].map((fn) => fn.name), ...pluginClasses]);
    const onlyHooks = publicNames.length > 0 && publicNames.every((n) => hookNames.has(n.name));
    // The project's convention: a module whose public names all carry their own docstrings, in
    // a package whose modules mostly have none, is not asked for one. Anywhere, a single public
    // name describes its module (without a docstring it is reported on its own line: once
    // written, that docstring describes the module).
    const single = publicNames.length === 1;
    const convention = (): boolean => undocumentedPackage(file, imports.siblings);
    const documentedInside = single || (reportedDefinitions === 0 && convention());
    if (publicNames.length && !model.docstring && !alembic && !onlyHooks) {
      const first = model.statements[0];
      if (!first) return;
      // (about the module, wherever its first statement is: a line added above keeps its identity)
      const range = { ...moduleRange(text), subject: "module" };
      const misplaced = misplacedModuleDocstring(model);
      if (!misplaced && documentedInside) return;
      if (misplaced) {
        const line = misplaced.startPosition.row + 1;
        report({
          ...range,
          message: `Module has no docstring: the string at line ${line} describes it, but only a string that is the first statement becomes the module's \`__doc__\`. Move it to the top.`,
          fixes: moveFix(moveToTopEdits(text, misplaced, first), readsOwnDoc(model)),
        });
        return;
      }
      report({
        ...range,
        message: `Module has no docstring, but it defines public names (${listNames(publicNames.sort((a, b) => a.at - b.at).map((n) => n.name))}): say what the module is for.`,
        fixes: stubFix(
          "Insert a module docstring stub (TODO placeholder)",
          insertModuleDocstringEdit(model, [SUMMARY_PLACEHOLDER]),
        ),
      });
    }
  },
};
