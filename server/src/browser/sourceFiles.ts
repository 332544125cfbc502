// The Python files of a workspace folder in the browser (Review Workspace), walked through the
// editor's file system one depth at a time: each round lists every folder of that depth and reads
// their .gitignore files in one request. Honours `exclude`, .gitignore and the folders a walk never
// enters, as the CLI's walk on disk does (node/files.ts).
import { GitIgnoreRules } from "../config/gitignore";
import { matchesAny } from "../config/globs";
import {
  type GitIgnoreLayer,
  ignoredByGit,
  isPythonName,
  isSkippedFolder,
  MAX_GITIGNORE_BYTES,
} from "../config/walkRules";
import { files } from "../core/host";
import { join } from "../core/posixPath";
import { settled } from "../core/settle";

const utf8 = new TextDecoder();

export async function walkSourceFiles(root: string, exclude: readonly string[]): Promise<string[]> {
  const found: string[] = [];
  let level: Array<{ dir: string; layers: GitIgnoreLayer[] }> = [{ dir: root, layers: [] }];
  while (level.length) {
    const dirs = level;
    await settled(() => {
      for (const { dir } of dirs) {
        files().listDirectory(dir);
        files().stat(join(dir, ".gitignore"));
      }
    });
    const next: typeof level = [];
    for (const { dir, layers } of dirs) {
      const listing = files().listDirectory(dir);
      if (!listing) continue;
      const here = [...layers];
      if (listing.get(".gitignore") === "file") {
        const read = files().readBounded(join(dir, ".gitignore"), MAX_GITIGNORE_BYTES);
        if (read.ok) here.push({ dir, rules: new GitIgnoreRules(utf8.decode(read.bytes)) });
      }
      for (const [name, kind] of listing) {
        const full = join(dir, name);
        if (kind === "dir") {
          if (isSkippedFolder(name) || matchesAny(full, exclude, root) || ignoredByGit(here, full, true)) continue;
          next.push({ dir: full, layers: here });
        } else if (isPythonName(name) && !matchesAny(full, exclude, root) && !ignoredByGit(here, full, false)) {
          found.push(full);
        }
      }
    }
    level = next;
  }
  return found.sort();
}
