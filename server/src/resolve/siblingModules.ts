// The modules beside a file in its package: what DOC001 reads of them to recognise a framework's
// hook functions (`register_opts`, `list_opts`, `setup`), defined the same way in module after module.
import { undocumentedPublicFunctions } from "../analysis/topLevelFunctions";
import { files as fileSystem, path } from "../core/host";
import type { ExportIndex } from "./exportIndex";

/** Beyond this many modules in a folder its siblings are not read (each check would stat them all). */
export const MAX_SIBLINGS = 300;

/** A file Python can import as a module: its stem is an identifier (not `setup-old.py`, `x.orig.py`). */
const IMPORTABLE_MODULE = /^[A-Za-z_][A-Za-z0-9_]*\.py$/;

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

  /**
   * For each of `names`: how many other modules of the file's package define a public top-level
   * function so named without a docstring. (For a package's `__init__.py`, the modules beside
   * the package.) Empty when the folder cannot be listed or holds more than MAX_SIBLINGS modules.
   */
  undocumentedFunctionCounts(file: string, names: readonly string[]): Map<string, number> {
    const self = path.resolve(file);
    let folder = path.dirname(self);
    if (path.basename(self) === "__init__.py") folder = path.dirname(folder);
    const counts = new Map<string, number>();
    if (!names.length) return counts;
    const siblings = this.modulesIn(folder);
    if (siblings.length > MAX_SIBLINGS) return counts;
    for (const sibling of siblings) {
      if (sibling === self) continue;
      const defined = this.index.factOf(sibling, "undocumented-functions", undocumentedPublicFunctions);
      if (defined) for (const n of names) if (defined.has(n)) counts.set(n, (counts.get(n) ?? 0) + 1);
    }
    return counts;
  }

  invalidate(): void {
    this.listings.clear();
  }
}
