// IMP001: `from m import *` hides where names come from; replace it with the names the file uses.
import { path } from "../core/host";
import { MODULE_DUNDERS, moduleNames } from "../analysis/bindings";
import type { ImportInfo, ModuleModel } from "../analysis/model";
import {
  type AttributedStar,
  attributeNames,
  branchesOf,
  explainedAsReexport,
  isCompatibilityImport,
  mentionsStarImport,
  onlyImports,
  reboundNames,
  redefinesSome,
  spelledNames,
  wantedNames,
} from "../analysis/starImports";
import { sortImportedNames } from "../fixes/fromImport";
import { explicitImportEdit, starDeletionEdits } from "../fixes/starImport";
import { type ImportResolver, sharedImportResolver, type StarSource } from "../resolve/importResolver";
import { summarize } from "../resolve/moduleSummary";
import { ownAllNames } from "../resolve/ownAll";
import type { Fix } from "../core/types";
import type { Rule } from "./types";

const SHOWN_NAMES = 20;

function listNames(names: readonly string[]): string {
  if (names.length <= SHOWN_NAMES) return names.join(", ");
  return `${names.slice(0, SHOWN_NAMES).join(", ")} and ${names.length - SHOWN_NAMES} more`;
}

interface Star extends AttributedStar<Star> {
  source: StarSource;
}

/**
 * Does the module read its own namespace by lookup: `vars()` or `globals()` (every class with
 * some attribute, a name taken from a string), a function given another's compiled code
 * (`f.__code__ = other.__code__`: that code reads this module's globals by name), or an embedded
 * IPython shell (it opens on the caller's namespace)? Then the names a star import brings in are
 * used in ways no list of names can capture.
 */
function readsOwnNamespace(model: ModuleModel, text: string): boolean {
  for (const name of ["vars", "globals"])
    for (const call of model.callsWithCalleeEnding(name))
      if (call.callee === name && call.node.childForFieldName("arguments")?.namedChildCount === 0) return true;
  if (text.includes("__code__")) {
    for (const a of model.assignments)
      if (a.left.type === "attribute" && a.left.text.endsWith(".__code__")) return true;
  }
  if (/\bIPython\b/.test(text))
    for (const call of model.calls)
      if (call.callee && /(?:^|\.)(?:InteractiveShellEmbed|embed)$/.test(call.callee)) return true;
  return false;
}

/**
 * Does the file's `__all__` take its names from the star-imported module itself (`dir(token)`,
 * `token.__all__`, `vars(token)`), `token` being that module bound by an import? Then the star
 * import re-exports the module whole, on purpose.
 */
function allComputedFrom(model: ModuleModel, star: ImportInfo): boolean {
  const module = star.module.slice(star.level);
  const last = module.slice(module.lastIndexOf(".") + 1);
  const bound = new Set<string>();
  for (const info of model.imports) {
    if (info.star) continue;
    for (const n of info.names) {
      // `import a.b.token as t`, `from a.b import token`, `from . import token`
      const full = info.kind === "import" ? n.name : `${info.module.slice(info.level)}.${n.name}`.replace(/^\./, "");
      if (full === module || full.endsWith(`.${module}`) || (info.level > 0 && n.name === last))
        bound.add(n.alias ?? n.name);
    }
  }
  if (!bound.size) return false;
  for (const a of model.assignments) {
    if (!a.isModuleLevel || a.left.text !== "__all__") continue;
    const right = a.right?.text ?? "";
    for (const name of bound) {
      const n = name.replace(/[.]/g, "\\.");
      if (new RegExp(`\\b(?:dir|vars)\\(\\s*${n}\\s*\\)|(?<![\\w.])${n}\\.__all__\\b`).test(right)) return true;
    }
  }
  return false;
}

/** The names modules of the file's package import from it that only this star import binds there. */
function importedByPackage(
  resolver: ImportResolver,
  file: string | null,
  star: Star,
  bound: ReadonlyMap<string, number>,
): string[] {
  if (!file || star.source.origin === "none") return [];
  const onlyThroughStar = [...star.source.names].filter((n) => !bound.has(n) && !star.names.has(n));
  return [...resolver.siblings.namesImportedFromFile(file, onlyThroughStar)];
}

function moduleText(info: ImportInfo): string {
  return info.module;
}

function lineOf(info: ImportInfo): number {
  return info.node.startPosition.row + 1;
}

/** The names each star import supplies only on some of its module's paths, for messages. */
function conditionalNames(stars: readonly Star[]): string[] {
  return stars.flatMap((s) =>
    [...s.names].filter((n) => s.source.conditional.has(n)).map((n) => `\`${n}\` (\`${s.source.label}\`)`),
  );
}

/** What the safety of the fix depends on. */
interface Situation {
  stars: readonly Star[];
  unresolved: readonly Star[];
  rebound: readonly string[];
  hasSyntaxErrors: boolean;
  ownAll: { exact: boolean; line: number };
  isInit: boolean;
  facade: boolean;
  noAll: boolean;
}

/** Why replacing the star imports may change what the file (or its importers) see. */
function unsafeReasons(x: Situation): string[] {
  const why: string[] = [];
  if (x.unresolved.length)
    why.push(
      `${x.unresolved.map((s) => `\`${s.source.label}\``).join(", ")} could not be read, and may supply or shadow names`,
    );
  for (const s of x.stars) {
    if (s.source.origin === "dynamic")
      why.push(`the names of \`${s.source.label}\` were listed by importing it, not read from source`);
    else if (s.source.origin !== "none" && !s.source.exact)
      why.push(`the names of \`${s.source.label}\` are not fully static: ${s.source.notes.join("; ")}`);
  }
  if (x.rebound.length)
    why.push(
      `${listNames(x.rebound)} ${x.rebound.length === 1 ? "is" : "are"} defined in this file and rebound by a later star import`,
    );
  if (x.hasSyntaxErrors) why.push("this file has syntax errors");
  if (!x.ownAll.exact)
    why.push(
      `this file's \`__all__\` is computed (line ${x.ownAll.line}), so which names it re-exports cannot all be checked`,
    );
  for (const s of x.stars)
    if (s.conditionalBuiltins.length)
      why.push(
        `\`${s.source.label}\` defines ${listNames(s.conditionalBuiltins)} only on some paths (an \`if\` or \`try\`): the builtin is left in place of the star import's, which differs where the module defines it`,
      );
  const sometimes = conditionalNames(x.stars);
  if (sometimes.length)
    why.push(
      `${sometimes.slice(0, 5).join(", ")}${sometimes.length > 5 ? ", …" : ""} ${sometimes.length === 1 ? "is" : "are"} defined only on some paths (an \`if\` or \`try\`), and an explicit import fails where it is not`,
    );
  if (x.isInit)
    why.push("in a package's `__init__.py` a star import usually re-exports the module's names as the package's");
  else if (x.noAll)
    why.push(
      "this file has no `__all__`, so the names the star import brings in are among its public names (importable from it), and the fix drops those it does not use",
    );
  return why;
}

/** The message for a star import whose module was read: the names it supplies, conflicts, names left undefined. */
function starMessage(
  s: Star,
  used: readonly string[],
  undefinedNames: readonly string[],
  unresolved: readonly Star[],
): string {
  const label = `\`${s.source.label}\``;
  let message = used.length
    ? `Wildcard import from ${label}: this file uses ${used.length} of its names: ${listNames(used)}.`
    : `Wildcard import from ${label}: this file uses none of its names; the import can be deleted.`;
  const won = [...s.wonFrom].map(
    ([n, from]) =>
      `\`${n}\` is also exported by ${from.map((f) => `\`${f.source.label}\` (line ${lineOf(f.info)})`).join(", ")}; this later import wins`,
  );
  const lost = [...s.lostTo].map(
    ([n, to]) =>
      `\`${n}\` is also exported by \`${to.source.label}\` (line ${lineOf(to.info)}), which is imported later and wins`,
  );
  if (s.guessed.length) {
    const g = sortImportedNames(s.guessed);
    message += ` ${listNames(g)} ${g.length === 1 ? "is" : "are"} not among the names read from it, but no other module supplies ${g.length === 1 ? "it" : "them"}.`;
  }
  if (won.length || lost.length)
    message += ` ${[...won, ...lost].slice(0, 5).join("; ")}${won.length + lost.length > 5 ? "; …" : ""}.`;
  if (undefinedNames.length) {
    message += unresolved.length
      ? ` ${listNames(undefinedNames)} ${undefinedNames.length === 1 ? "is" : "are"} exported by no module that could be read (perhaps by ${unresolved.map((u) => `\`${u.source.label}\``).join(", ")}).`
      : ` Used but exported by no star-imported module (left undefined): ${listNames(undefinedNames)}.`;
  }
  return message;
}

/**
 * A pylint directive naming the wildcard-import check (W0401); not `unused-wildcard-import`
 * (W0614), which only quiets the names the star import brings unused.
 */
const PYLINT_WILDCARD = /#\s*pylint:\s*disable\s*=[^\n]*(?<![\w-])(?:wildcard-import|W0401)\b/;
const PYLINT_WILDCARD_ON = /#\s*pylint:\s*enable\s*=[^\n]*(?<![\w-])(?:wildcard-import|W0401)\b/;
/** `# pylint: skip-file` on a line of its own: the file opts out of linting (an embedded upstream copy). */
const PYLINT_SKIP_FILE = /^#\s*pylint:\s*skip-file\b/m;

/**
 * Is pylint's wildcard-import check off at the import: a disable on its own line, or a disable on
 * a line of its own (at the module's level: a column-0 comment) above it, not enabled again since,
 * or the whole file skipped (`# pylint: skip-file`)?
 */
function pylintAllowsWildcard(text: string, at: number): boolean {
  if (!text.includes("pylint")) return false;
  if (PYLINT_SKIP_FILE.test(text)) return true;
  const lineStart = text.lastIndexOf("\n", at - 1) + 1;
  const lineEnd = text.indexOf("\n", at);
  if (PYLINT_WILDCARD.test(text.slice(lineStart, lineEnd < 0 ? text.length : lineEnd))) return true;
  let off = false;
  for (const line of text.slice(0, lineStart).split("\n")) {
    if (!line.startsWith("#")) continue;
    if (PYLINT_WILDCARD.test(line)) off = true;
    else if (PYLINT_WILDCARD_ON.test(line)) off = false;
  }
  return off;
}

export const wildcardImport: Rule = {
  meta: {
    code: "IMP001",
    usesInterpreter: true,
    name: "wildcard-import",
    category: "imports",
    reviewPoint: 1,
    preview: true,
    severity: "warning",
    fixable: "sometimes",
    noqaAliases: ["F401", "F403", "F405"],
    summary: "`from m import *` hides where the file's names come from; import the names the file uses.",
    rationale:
      "A star import binds every public name of another module, so a reader (and a linter) cannot tell where a name comes from, " +
      "a later change to that module can silently shadow the file's names, and unused names are never flagged. " +
      "Listing the names the file actually uses makes the dependency explicit. " +
      "That fix (and deleting an unused star import) is safe only when the file's public names cannot change (it defines a literal `__all__`, or is a program: `__main__.py`, a notebook) and the imported module's names are read from source; deleting also needs importing the module to do nothing else (a standard-library module, or one whose top level only defines names).",
    notReported:
      "`__init__.py` (unless imports.in-init is on), stubs, a module that does nothing but import (a facade: its star imports are its API; a module left at its old place that warns \"moved to x\" and star-imports x is one), a module that reads its own namespace by lookup (`vars()`, `globals()`, a function given another's `__code__`, an embedded IPython shell: the star import fills what it reads), a star import the file's `__all__` is made from (`__all__ = [n for n in dir(token) ...]`, `token.__all__`: the module re-exported whole), a star import through which a module of the same package (or the package's `__init__.py`) imports names from the file (`from ._run import add_instrument`, where only the star import binds `add_instrument` in `_run.py`), and compatibility imports: a star import in a `try` whose handler catches `ImportError` (or in that handler), or in a branch of an `if`/`else`. " +
      "A star import whose comment (on its line, or the comment block just above) says it is kept for importers: `# re-export`, `# backwards compat`, `# moved to x; keeps old code working`. " +
      'An alternative implementation of the module it star-imports (a C or cffi drop-in for a pure-Python module, a cooperative "green" copy of a blocking library): a file without `__all__` that redefines some of the module\'s names and uses none of the others, or is named as that module (`green/socket.py` star-importing `socket`); the star import supplies the rest of the API its importers read. ' +
      "A name no module is known to export is taken to come from a module with a computed `__all__` only when that module spells it somewhere (else it is reported as undefined, never imported from there); a computed `__all__` is taken to export the names its module defines, not those it imports. " +
      "`# noqa: F401`/`F403`/`F405` suppress it as they do flake8's, and `# pylint: disable=wildcard-import` (W0401) as it does pylint's (on the import's line, or on a line of its own above it), as does `# pylint: skip-file`.",
    example: "from neutron.agent.linux.utils import *\n\nexecute(['ip', 'link'])",
    useInstead: "from neutron.agent.linux.utils import execute\n\nexecute(['ip', 'link'])",
  },
  check(ctx) {
    const { model, text } = ctx;
    if (model.hasSyntaxErrors ? !text.includes("*") : !mentionsStarImport(text)) return;
    const infos = model.imports.filter((i) => i.star && i.kind === "from");
    if (!infos.length) return;
    const base = ctx.path ? path.basename(ctx.path) : "";
    if (base.endsWith(".pyi")) return;
    const isInit = base === "__init__.py";
    /** The module's own name (its folder's for a package's `__init__.py`). */
    const stem = isInit ? path.basename(path.dirname(ctx.path ?? "")) : base.replace(/\.pyi?$/, "");
    if (isInit && !ctx.settings.importsInInit) return;
    // A module that does nothing but import exists to re-export what it imports: its star
    // imports are its API (in `__init__.py`, reported only when asked, with an unsafe fix).
    if (!isInit && onlyImports(model.statements)) return;
    // A module that reads its own namespace by lookup uses star-imported names no reader can list.
    if (readsOwnNamespace(model, text)) return;

    const resolver = ctx.resolver ?? sharedImportResolver(model.tree.language);
    const stars: Star[] = infos.map((info) => ({
      info,
      source: resolver.starSource(
        { module: info.module.slice(info.level), level: info.level },
        ctx.path,
        ctx.root,
        ctx.settings,
      ),
      branches: branchesOf(info.node),
      names: new Set(),
      lostTo: new Map(),
      wonFrom: new Map(),
      guessed: [],
      conditionalBuiltins: [],
    }));
    const names = moduleNames(model);
    const builtins = resolver.builtins(ctx.settings);
    const own = summarize(model.tree, text, false, isInit);
    const ownAll = ownAllNames(resolver, own, ctx.path, ctx.root, ctx.settings);
    const wanted = wantedNames(model, names, stars, ownAll.names, own.conditional);
    // a name no module is known to export is guessed to come from one whose `__all__` is computed
    // only if that module spells it somewhere (it never gets `urlopen` it does not mention)
    const mayDefine = (s: Star, name: string): boolean => {
      const r = s.source.resolution;
      if (r.kind !== "source") return true;
      const spelled = resolver.index.factOf(r.runtime ?? r.file, "spelled-names", spelledNames);
      return !spelled || spelled.starImports || spelled.words.has(name.toLowerCase());
    };
    const undefinedNames = attributeNames(stars, wanted, (n) => builtins.has(n) || MODULE_DUNDERS.has(n), mayDefine);

    const rebound = reboundNames(names, stars);
    const unresolved = stars.filter((s) => s.source.origin === "none");
    const allFromSource = stars.every(
      (s) => (s.source.origin === "source" || s.source.origin === "stub") && s.source.exact,
    );
    const facade = isInit;
    const hasSyntaxErrors = model.hasSyntaxErrors;
    // The file's public names stay the same only when its `__all__` lists them, or it is a
    // program nothing imports (`__main__.py`, a notebook): else every name a star import brings in is one.
    const noAll = own.all === null && base !== "__main__.py" && !base.endsWith(".ipynb");
    const safe =
      allFromSource &&
      !rebound.length &&
      !hasSyntaxErrors &&
      !facade &&
      ownAll.exact &&
      !noAll &&
      !conditionalNames(stars).length &&
      !stars.some((s) => s.conditionalBuiltins.length);
    const unsafeWhy = safe
      ? []
      : unsafeReasons({ stars, unresolved, rebound, hasSyntaxErrors, ownAll, isInit, facade, noAll });

    // Names a module beside it (or the package's `__init__.py`) imports from this file, bound here
    // only by a star import (`from ._run import add_instrument`): the star import re-exports them.
    // (only the last star import of a module binds its names: an earlier duplicate supplies none)
    const lastOf = new Map(stars.map((s) => [s.info.module, s]));
    const forPackage = new Map(
      stars.map((s) => [
        s,
        lastOf.get(s.info.module) === s ? importedByPackage(resolver, ctx.path, s, own.bindings) : [],
      ]),
    );
    // (one fix deletes every unused star import it can read)
    const deleted = stars
      .filter((s) => s.names.size === 0 && s.source.origin !== "none" && !forPackage.get(s)?.length)
      .map((s) => s.info.node);
    for (const s of stars) {
      const { startIndex: start, endIndex: end } = s.info.node;
      // an optional or version-dependent import re-exports whichever names exist: not reported
      if (isCompatibilityImport(s.info.node)) continue;
      // kept on purpose for those who import its names from here, as its comment says
      if (explainedAsReexport(text, s.info.node)) continue;
      // the authors switched pylint's check off for it (`# pylint: disable=wildcard-import` on its
      // line, or on a line of its own above it at the module's level): a choice made and marked
      if (pylintAllowsWildcard(text, s.info.node.startIndex)) continue;
      // re-exported whole: the file's `__all__` is made of that module's names (`dir(token)`);
      // (an earlier star import of the same module is a duplicate all the same)
      if (lastOf.get(s.info.module) === s && allComputedFrom(model, s.info)) continue;
      if (s.source.origin === "none") {
        ctx.unchecked(`\`from ${s.source.label} import *\` (line ${lineOf(s.info)}): ${s.source.problem}`);
        const undef = undefinedNames.length
          ? ` The file uses ${listNames(undefinedNames)}, which no other star-imported module exports.`
          : "";
        ctx.report({ start, end, message: `Wildcard import from \`${s.source.label}\`: ${s.source.problem}.${undef}` });
        continue;
      }
      const used = sortImportedNames(s.names);
      // An alternative implementation of the module it star-imports (a C/cffi drop-in for the
      // pure-Python one; a "green" copy of a blocking library, named as it is): it redefines some
      // of that module's names, and with no `__all__` the star import supplies the rest of the
      // API its importers read from it.
      const namedAsIt = stem !== "" && stem === s.info.module.slice(s.info.module.lastIndexOf(".") + 1);
      if ((!used.length || namedAsIt) && noAll && redefinesSome(s.source.names, model)) continue;
      // Kept for the package, whose modules import names through it and nothing here uses: not
      // reported. When the file uses some, the explicit import would drop the package's names
      // (`--fix` keeps the star import of a module whose importers are in the run: fixPlan.ts).
      const reexported = forPackage.get(s) ?? [];
      if (reexported.length && !used.length) continue;
      // Deleting the import also skips importing the module: safe only if that does nothing else.
      const sideEffect =
        used.length || !safe
          ? null
          : resolver.importSideEffect(
              { module: s.info.module.slice(s.info.level), level: s.info.level },
              ctx.path,
              ctx.root,
              ctx.settings,
            );
      const why = sideEffect ? [`deleting it skips the import, and ${sideEffect}`] : [...unsafeWhy];
      if (reexported.length)
        why.push(`modules of its package import ${listNames(reexported)} from this file, which the fix drops`);
      let message = starMessage(s, used, undefinedNames, unresolved);
      if (why.length) message += ` The fix is unsafe: ${why.join("; ")}.`;
      const module = moduleText(s.info);
      const edits = used.length
        ? [explicitImportEdit(text, s.info.node, module, used, ctx.settings.lineLength)]
        : starDeletionEdits(text, s.info.node, deleted);
      const title = used.length
        ? used.length <= 3
          ? `Replace with \`from ${module} import ${used.join(", ")}\``
          : `Import the ${used.length} names used from \`${module}\` explicitly`
        : `Delete the unused \`from ${module} import *\``;
      const fix: Fix = { title, safe: safe && !sideEffect && !reexported.length, edits };
      ctx.report({ start, end, message, fixes: [fix] });
    }
  },
};
