// Collecting the Python files to check: walks folders honouring `exclude` and .gitignore.
import * as fs from "node:fs";
import * as path from "node:path";
import ignore, { type Ignore } from "ignore";
import { matchesAny } from "./globs";

const ALWAYS_SKIPPED = new Set([
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

interface GitIgnoreLayer {
  dir: string;
  rules: Ignore;
}

function loadGitIgnore(dir: string): GitIgnoreLayer | null {
  const file = path.join(dir, ".gitignore");
  try {
    return { dir, rules: ignore().add(fs.readFileSync(file, "utf8")) };
  } catch {
    return null;
  }
}

function ignoredByGit(layers: readonly GitIgnoreLayer[], file: string, isDir: boolean): boolean {
  for (const layer of layers) {
    const rel = path.relative(layer.dir, file).split(path.sep).join("/");
    if (!rel || rel.startsWith("..")) continue;
    if (layer.rules.ignores(isDir ? `${rel}/` : rel)) return true;
  }
  return false;
}

/** Parent .gitignore files from the folder up to the repository root (the folder holding .git). */
function ancestorGitIgnores(dir: string): GitIgnoreLayer[] {
  const layers: GitIgnoreLayer[] = [];
  let d = path.dirname(dir);
  for (;;) {
    const layer = loadGitIgnore(d);
    if (layer) layers.unshift(layer);
    if (fs.existsSync(path.join(d, ".git"))) break;
    const parent = path.dirname(d);
    if (parent === d) break;
    d = parent;
  }
  return layers;
}

export interface Collected {
  files: string[];
  missing: string[];
}

/**
 * Files named explicitly are always taken (as ruff does); folders are walked for `*.py`, `*.pyi`
 * and Jupyter notebooks (`*.ipynb`), skipping what `exclude` (relative to `root`) or a .gitignore excludes.
 */
export function collectFiles(paths: readonly string[], exclude: readonly string[], root: string | null): Collected {
  const files: string[] = [];
  const missing: string[] = [];
  const walk = (dir: string, layers: GitIgnoreLayer[]): void => {
    const own = loadGitIgnore(dir);
    const here = own ? [...layers, own] : layers;
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (ALWAYS_SKIPPED.has(e.name) || e.name.endsWith(".egg-info")) continue;
        if (matchesAny(full, exclude, root) || ignoredByGit(here, full, true)) continue;
        walk(full, here);
      } else if (e.isFile() && /\.(?:py|pyi|ipynb)$/.test(e.name)) {
        if (matchesAny(full, exclude, root) || ignoredByGit(here, full, false)) continue;
        files.push(full);
      }
    }
  };
  for (const p of paths) {
    const abs = path.resolve(p);
    let stat: fs.Stats;
    try {
      stat = fs.statSync(abs);
    } catch {
      missing.push(p);
      continue;
    }
    if (stat.isDirectory()) walk(abs, ancestorGitIgnores(abs));
    else files.push(abs);
  }
  return { files: [...new Set(files)], missing };
}
