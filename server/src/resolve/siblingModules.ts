// The modules beside a file in its package: what DOC001 reads of them to recognise a framework's
// hook functions (`register_opts`, `list_opts`, `setup`), defined the same way in module after module.
import * as fs from "node:fs";
import * as path from "node:path";
import { undocumentedPublicFunctions } from "../analysis/topLevelFunctions";
import type { ExportIndex } from "./exportIndex";

/** Beyond this many modules in a folder its siblings are not read (each check would stat them all). */
export const MAX_SIBLINGS = 300;

interface Listing {
  mtime: number;
  files: string[];
}

export class SiblingModules {
  private readonly listings = new Map<string, Listing>();

  constructor(private readonly index: ExportIndex) {}

  /** The `.py` modules of a folder (not packages' `__init__.py`), re-read when the folder changes. */
  private modulesIn(folder: string): string[] {
    // with a watcher, created and deleted files are reported (invalidate): no stat per use
    const known = this.listings.get(folder);
    if (known && this.index.watched) return known.files;
    let mtime: number;
    try {
      mtime = fs.statSync(folder).mtimeMs;
    } catch {
      return [];
    }
    const hit = this.listings.get(folder);
    if (hit && hit.mtime === mtime) return hit.files;
    let files: string[] = [];
    try {
      files = fs
        .readdirSync(folder)
        .filter((n) => n.endsWith(".py") && n !== "__init__.py")
        .map((n) => path.join(folder, n));
    } catch {
      files = [];
    }
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
