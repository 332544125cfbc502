// Paths as CI systems want them: relative to the repository's root (GitHub's and GitLab's
// checkout), whichever subfolder pyreview runs from. The root is the nearest folder at or above the
// working folder that holds .git (a folder, or a worktree's file); without one, the working folder.
import * as fs from "node:fs";
import * as path from "node:path";

let cached: { cwd: string; root: string } | null = null;

export function repositoryRoot(): string {
  const cwd = process.cwd();
  if (cached?.cwd === cwd) return cached.root;
  let root = cwd;
  for (let d = cwd; ; ) {
    if (fs.existsSync(path.join(d, ".git"))) {
      root = d;
      break;
    }
    const parent = path.dirname(d);
    if (parent === d) break;
    d = parent;
  }
  cached = { cwd, root };
  return root;
}

/** `file` relative to the repository's root, '/'-separated, or null when it lies outside. */
export function repoRelative(file: string): string | null {
  const rel = path.relative(repositoryRoot(), file);
  if (!rel || rel === ".." || rel.startsWith(`..${path.sep}`) || path.isAbsolute(rel)) return null;
  return rel.split(path.sep).join("/");
}

/** The path a CI system is given: from the repository's root, or absolute when outside it. */
export function ciPath(file: string): string {
  return repoRelative(file) ?? file;
}
