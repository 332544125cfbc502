// The modules beside a file in its package: what DOC001 reads of them to recognise a framework's
// hook functions (`register_opts`, `list_opts`, `setup`), defined the same way in module after
// module; whether the package writes module docstrings at all; a facade module above that
// documents the functions a backend module implements; and what LOG002 reads to see a logger they
// import from the file.
import { namesImportedFrom } from "../analysis/importedNamesText";
import {
  documentedPublicFunctions,
  hasModuleDocstring,
  undocumentedPublicClasses,
  undocumentedPublicFunctions,
} from "../analysis/topLevelFunctions";
import type { FunctionInfo } from "../analysis/model";
import { HOOK_SIBLINGS, hookMatcher } from "../analysis/undocumentedByDesign";
import { files as fileSystem, path } from "../core/host";
import type { ExportIndex } from "./exportIndex";

/** Beyond this many modules in a folder its siblings are not read (each check would stat them all). */
export const MAX_SIBLINGS = 300;

/**
 * A module of the package: its stem is an identifier (not `setup-old.py`, `x.orig.py`), or one
 * that starts with digits (`074_placeholder.py`: a migration framework's version script, which
 * the framework loads by path, beside others defining the same hooks).
 */
const IMPORTABLE_MODULE = /^[A-Za-z0-9_][A-Za-z0-9_]*\.py$/;

interface Listing {
  mtime: number;
  files: string[];
}

export class SiblingModules {
  private readonly listings = new Map<string, Listing>();

  constructor(private readonly index: ExportIndex) {}

  /** The importable `.py` modules of a folder (not packages' `__init__.py`), re-read when the folder changes. */
  private modulesIn(folder: string): string[] {
    // with a watcher, created and deleted files are reported (invalidate): no stat per use
    const known = this.listings.get(folder);
    if (known && this.index.watched) return known.files;
    const stat = fileSystem().stat(folder);
    if (!stat) return [];
    const mtime = stat.mtimeMs;
    const hit = this.listings.get(folder);
    if (hit && hit.mtime === mtime) return hit.files;
    const listing = fileSystem().listDirectory(folder);
    const files: string[] = [];
    if (listing)
      for (const [name, kind] of listing)
        if (kind === "file" && IMPORTABLE_MODULE.test(name) && name !== "__init__.py")
          files.push(path.join(folder, name));
    if (this.listings.size >= 1000) this.listings.delete(this.listings.keys().next().value as string);
    this.listings.set(folder, { mtime, files });
    return files;
  }

  /** The modules of `folder` other than `self`; none when the folder holds more than MAX_SIBLINGS. */
  private othersIn(folder: string, self: string): string[] {
    const siblings = this.modulesIn(folder);
    return siblings.length > MAX_SIBLINGS ? [] : siblings.filter((f) => f !== self);
  }

  /**
   * For each of `names`: how many other modules of the file's package define a public top-level
   * function (with `classes`, a class) so named without a docstring. (For a package's `__init__.py`, the modules beside
   * the package.) Empty when the folder cannot be listed or holds more than MAX_SIBLINGS modules.
   */
  undocumentedFunctionCounts(file: string, names: readonly string[], classes = false): Map<string, number> {
    const self = path.resolve(file);
    let folder = path.dirname(self);
    if (path.basename(self) === "__init__.py") folder = path.dirname(folder);
    const counts = new Map<string, number>();
    if (!names.length) return counts;
    for (const sibling of this.othersIn(folder, self)) {
      const defined = classes
        ? this.index.factOf(sibling, "undocumented-classes", undocumentedPublicClasses)
        : this.index.factOf(sibling, "undocumented-functions", undocumentedPublicFunctions);
      if (defined) for (const n of names) if (defined.has(n)) counts.set(n, (counts.get(n) ?? 0) + 1);
    }
    return counts;
  }

  /**
   * Which of `names` another module of the file's package imports from it (`from ._log import
   * log`, `from pkg.log import LOG`; the package's `__init__.py` too; for a package's
   * `__init__.py`, `from . import LOG` in its modules). Read from the modules' text; empty when the
   * folder holds more than MAX_SIBLINGS.
   */
  namesImportedFromFile(file: string, names: readonly string[]): Set<string> {
    const self = path.resolve(file);
    const folder = path.dirname(self);
    const init = path.basename(self) === "__init__.py";
    // (an absolute import names the module with its package: `pkg.log`; a relative one, or Python 2's
    // implicit relative one, by its last part)
    const stem = path.basename(self).replace(/\.py$/, "");
    const stems = init
      ? [path.basename(folder), "", `${path.basename(path.dirname(folder))}.${path.basename(folder)}`]
      : [stem, `${path.basename(folder)}.${stem}`];
    const found = new Set<string>();
    if (!names.length) return found;
    const others = this.othersIn(folder, self);
    const packageInit = path.join(folder, "__init__.py");
    if (!init && others.length && fileSystem().stat(packageInit)) others.push(packageInit);
    for (const sibling of others) {
      const imported = this.index.factOf(sibling, "names-imported-from", namesImportedFrom);
      if (!imported) continue;
      for (const n of names) if (stems.some((s) => imported.has(`${s}:${n}`))) found.add(n);
      if (found.size === names.length) break;
    }
    return found;
  }

  /**
   * How many of the modules beside the file open with a module docstring, of how many. For a
   * package's `__init__.py`: the `__init__.py` files of the packages beside its package (a
   * project may document its modules but not its package files). Null when the folder cannot be
   * listed or is too large.
   */
  moduleDocstringShare(file: string): { documented: number; total: number } | null {
    const self = path.resolve(file);
    let others: string[];
    if (path.basename(self) === "__init__.py") {
      const parent = path.dirname(path.dirname(self));
      const listing = fileSystem().listDirectory(parent);
      if (!listing || listing.size > MAX_SIBLINGS) return null;
      others = [];
      for (const [name, kind] of listing) {
        if (kind !== "dir" || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) continue;
        const init = path.join(parent, name, "__init__.py");
        if (init !== self && fileSystem().stat(init)) others.push(init);
      }
    } else {
      others = this.modulesIn(path.dirname(self)).filter((f) => f !== self);
      if (others.length > MAX_SIBLINGS) return null;
    }
    let documented = 0;
    let total = 0;
    for (const other of others) {
      const has = this.index.factOf(other, "module-docstring", hasModuleDocstring);
      if (has === null) continue;
      total++;
      if (has) documented++;
    }
    return { documented, total };
  }

  /**
   * Of `names`, those that the module of the same file name one package up documents as
   * top-level functions (`db/sqlalchemy/api.py` behind `db/api.py`, which dispatches each call to
   * its backend): a backend's functions are documented at the facade.
   */
  documentedByFacade(file: string, names: readonly string[]): Set<string> {
    const out = new Set<string>();
    const self = path.resolve(file);
    const base = path.basename(self);
    if (!names.length || base === "__init__.py") return out;
    const facade = path.join(path.dirname(path.dirname(self)), base);
    if (facade === self) return out;
    const documented = this.index.factOf(facade, "documented-functions", documentedPublicFunctions);
    if (documented) for (const n of names) if (documented.has(n)) out.add(n);
    return out;
  }

  invalidate(): void {
    this.listings.clear();
  }
}

/** Do fewer than half of the modules beside the file (for `__init__.py`: the packages beside its own) have a module docstring? */
export function undocumentedPackage(file: string | null, siblings: SiblingModules): boolean {
  const share = file ? siblings.moduleDocstringShare(file) : null;
  return !!share && share.total > 0 && share.documented * 2 < share.total;
}

/**
 * The undocumented top-level functions that are a framework's hooks: named in the docstring-hooks
 * setting, or defined without a docstring in HOOK_SIBLINGS or more other modules of the package.
 */
export function hookFunctions(
  candidates: readonly FunctionInfo[],
  file: string | null,
  setting: readonly string[],
  siblings: SiblingModules,
): Set<FunctionInfo> {
  const out = new Set<FunctionInfo>();
  if (!candidates.length) return out;
  const named = hookMatcher(setting);
  for (const fn of candidates) if (named(fn)) out.add(fn);
  const rest = candidates.filter((fn) => !out.has(fn));
  if (!file || !rest.length) return out;
  const counts = siblings.undocumentedFunctionCounts(file, [...new Set(rest.map((fn) => fn.name))]);
  for (const fn of rest) if ((counts.get(fn.name) ?? 0) >= HOOK_SIBLINGS) out.add(fn);
  return out;
}

/**
 * The undocumented top-level classes that are a framework's plugin classes: a class of that name
 * is defined without a docstring in HOOK_SIBLINGS or more other modules of the package (the name
 * is the framework's, as `ActionModule` in each action plugin; the plugin is documented as a whole).
 */
export function hookClasses(names: readonly string[], file: string | null, siblings: SiblingModules): Set<string> {
  const out = new Set<string>();
  if (!file || !names.length) return out;
  const counts = siblings.undocumentedFunctionCounts(file, [...new Set(names)], true);
  for (const [name, n] of counts) if (n >= HOOK_SIBLINGS) out.add(name);
  return out;
}
