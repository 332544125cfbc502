// What a walk for Python files takes and skips, on disk (node/files.ts) or through the editor
// (browser/sourceFiles.ts): the folders never entered, the file names taken, and .gitignore.
import { path } from "../core/host";
import type { GitIgnoreRules } from "./gitignore";

export const ALWAYS_SKIPPED = new Set([
  ".git",
  ".hg",
  ".svn",
  ".tox",
  ".nox",
  ".venv",
  "venv",
  "__pycache__",
  "node_modules",
  ".mypy_cache",
  ".ruff_cache",
  ".pytest_cache",
  "build",
  "dist",
  ".eggs",
]);

/**
 * Folders of vendored third-party code (pip's `_vendor`, `vendor/`, `third_party/`): copies of
 * other projects that their maintainers do not edit, so a walk does not review them. A file in
 * one named on the command line is still checked.
 */
export const VENDORED = new Set(["_vendor", "vendor", "_vendored", "vendored", "third_party", "thirdparty"]);

/** A .gitignore larger than this is not read (it would be a file of some other kind). */
export const MAX_GITIGNORE_BYTES = 1024 * 1024;

export interface GitIgnoreLayer {
  dir: string;
  rules: GitIgnoreRules;
}

export const isPythonName = (name: string): boolean =>
  name.endsWith(".py") || name.endsWith(".pyi") || name.endsWith(".ipynb");

/** A folder a walk does not enter whatever the settings say: tools' and environments' folders, vendored copies. */
export const isSkippedFolder = (name: string): boolean =>
  ALWAYS_SKIPPED.has(name) || VENDORED.has(name) || name.endsWith(".egg-info");

/**
 * The decision of the deepest .gitignore with a rule for the path itself (a deeper file can
 * re-include with `!`). The folders above the path were looked at on the way down.
 */
export function ignoredByGit(layers: readonly GitIgnoreLayer[], file: string, isDir: boolean): boolean {
  for (let i = layers.length - 1; i >= 0; i--) {
    const layer = layers[i];
    const rel = path.relative(layer.dir, file).split(path.sep).join("/");
    if (!rel || rel.startsWith("..")) continue;
    const decision = layer.rules.decide(rel, isDir);
    if (decision !== undefined) return decision;
  }
  return false;
}
