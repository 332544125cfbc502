// Which folders are Python packages: a folder with an `__init__.py`, and the top-level package
// that holds it, found once per folder. What an installed package's metadata is read beside
// (installedMetadata.ts), and where a file without a pyproject.toml takes its relative globs from
// (cli/checkFile.ts).
import { files, path } from "../core/host";

/** Per folder: the top-level package holding it (itself a package), or null when it is no package. */
const topPackages = new Map<string, string | null>();

/** The outermost package folder of the chain of packages `dir` is in (`dir` itself among them), or null. */
export function topPackageOf(dir: string): string | null {
  let top = topPackages.get(dir);
  if (top !== undefined) return top;
  if (!files().stat(path.join(dir, "__init__.py"))) top = null;
  else {
    const parent = path.dirname(dir);
    top = (parent !== dir && topPackageOf(parent)) || dir;
  }
  if (topPackages.size >= 10_000) topPackages.clear();
  topPackages.set(dir, top);
  return top;
}

/** Forget the folders' packages (a workspace's files changed). */
export function forgetPackageFolders(): void {
  topPackages.clear();
}
