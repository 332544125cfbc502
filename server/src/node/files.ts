// Collecting the Python files to check: walks folders honouring `exclude` and .gitignore, and says
// what was asked for and cannot be checked (a name that is not UTF-8, a folder that cannot be
// listed) and which paths named yield no file at all.
import * as fs from "node:fs";
import * as path from "node:path";
import { describeIoError, fileKind, readRegularFile } from "./fileRead";
import { GitIgnoreRules } from "../config/gitignore";
import { matchesAny } from "../config/globs";
import {
  type GitIgnoreLayer,
  ignoredByGit,
  isPythonName,
  isSkippedFolder,
  MAX_GITIGNORE_BYTES,
} from "../config/walkRules";

const utf8 = new TextDecoder("utf-8", { fatal: true });

export interface Unreadable {
  path: string;
  reason: string;
}

export interface Collected {
  files: string[];
  missing: string[];
  /** Asked for (a Python file or a folder in a walk) and impossible to check, with the reason. */
  unreadable: Unreadable[];
  /** Paths named that yield no file to check, with the reason. */
  empty: Unreadable[];
  /** Files of configuration that could not be read (.gitignore), one line each. */
  problems: string[];
}

/**
 * Files named explicitly are always taken (as ruff does); folders are walked for `*.py`, `*.pyi` and
 * Jupyter notebooks (`*.ipynb`), skipping what `exclude` (relative to `root`) or a .gitignore excludes. Links inside a
 * folder are not followed: a walk never leaves the folder it was given.
 */
export function collectFiles(paths: readonly string[], exclude: readonly string[], root: string | null): Collected {
  const out: Collected = { files: [], missing: [], unreadable: [], empty: [], problems: [] };
  const loadGitIgnore = (dir: string): GitIgnoreLayer | null => {
    const file = path.join(dir, ".gitignore");
    let stat: fs.Stats;
    try {
      stat = fs.lstatSync(file);
    } catch {
      return null;
    }
    // (a link is followed: a repository may share one .gitignore; the bounded read refuses devices)
    const read = stat.isSymbolicLink() || stat.isFile() ? readRegularFile(file, MAX_GITIGNORE_BYTES) : null;
    if (!read?.ok) {
      const reason = read ? read.reason : `not a regular file (${fileKind(stat)})`;
      out.problems.push(`${file}: ${reason}; its rules are not applied`);
      return null;
    }
    return { dir, rules: new GitIgnoreRules(read.bytes.toString("utf8")) };
  };

  let excluded = 0;
  const walk = (dir: string, layers: GitIgnoreLayer[]): void => {
    const own = loadGitIgnore(dir);
    const here = own ? [...layers, own] : layers;
    let entries: fs.Dirent<Buffer>[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true, encoding: "buffer" });
    } catch (error) {
      out.unreadable.push({ path: dir, reason: `cannot list the folder: ${describeIoError(error)}` });
      return;
    }
    const named = entries.map((e) => ({ entry: e, name: decodeName(e.name) }));
    named.sort((a, b) => (a.name.text < b.name.text ? -1 : a.name.text > b.name.text ? 1 : 0));
    for (const { entry: e, name } of named) {
      const full = path.join(dir, name.text);
      if (e.isDirectory()) {
        if (isSkippedFolder(name.text)) continue;
        if (matchesAny(full, exclude, root) || ignoredByGit(here, full, true)) {
          excluded++;
          continue;
        }
        if (!name.valid) out.unreadable.push({ path: full, reason: "the folder name is not valid UTF-8" });
        else walk(full, here);
      } else if (e.isFile() && isPythonName(name.text)) {
        if (matchesAny(full, exclude, root) || ignoredByGit(here, full, false)) {
          excluded++;
          continue;
        }
        if (!name.valid) out.unreadable.push({ path: full, reason: "the file name is not valid UTF-8" });
        else out.files.push(full);
      }
    }
  };

  for (const p of paths) {
    const abs = path.resolve(p);
    let stat: fs.Stats;
    try {
      stat = fs.statSync(abs);
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (code === "ENOENT" || code === "ENOTDIR") out.missing.push(p);
      else out.unreadable.push({ path: abs, reason: describeIoError(error) });
      continue;
    }
    if (!stat.isDirectory()) {
      out.files.push(abs);
      continue;
    }
    const before = out.files.length + out.unreadable.length;
    excluded = 0;
    const layers = ancestorGitIgnores(abs, loadGitIgnore);
    if (excludedByAncestors(abs, layers)) {
      out.empty.push({ path: p, reason: "the folder is excluded by a .gitignore above it" });
      continue;
    }
    walk(abs, layers);
    if (out.files.length + out.unreadable.length === before) {
      const reason = excluded ? "everything in it is excluded (`exclude` or .gitignore)" : "no Python file in it";
      out.empty.push({ path: p, reason });
    }
  }
  out.files = [...new Set(out.files)];
  return out;
}

function decodeName(name: Buffer): { text: string; valid: boolean } {
  try {
    return { text: utf8.decode(name), valid: true };
  } catch {
    // shown with U+FFFD in place of the bad bytes; such a name cannot be opened as a string path
    return { text: name.toString("utf8"), valid: false };
  }
}

/** Is `dir` or a folder between it and the topmost .gitignore above it ignored? */
function excludedByAncestors(dir: string, layers: readonly GitIgnoreLayer[]): boolean {
  if (!layers.length) return false;
  let current = layers[0].dir;
  const rel = path.relative(current, dir);
  if (!rel) return false;
  for (const name of rel.split(path.sep)) {
    current = path.join(current, name);
    // (layers at or below `current` do not apply to it: ignoredByGit passes them over)
    if (ignoredByGit(layers, current, true)) return true;
  }
  return false;
}

/** Parent .gitignore files from the folder up to the repository root (the folder holding .git). */
function ancestorGitIgnores(dir: string, load: (dir: string) => GitIgnoreLayer | null): GitIgnoreLayer[] {
  const layers: GitIgnoreLayer[] = [];
  let d = path.dirname(dir);
  if (d === dir) return layers;
  for (;;) {
    const layer = load(d);
    if (layer) layers.unshift(layer);
    if (fs.existsSync(path.join(d, ".git"))) break;
    const parent = path.dirname(d);
    if (parent === d) break;
    d = parent;
  }
  return layers;
}
