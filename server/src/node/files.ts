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
const GITIGNORE = Buffer.from(".gitignore");

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
export interface CollectOptions {
  /**
   * Apply `exclude` to the paths named too (ruff's --force-exclude): pre-commit names every file
   * it checks, and the project's excludes should still hold.
   */
  forceExclude?: boolean;
}

export function collectFiles(
  paths: readonly string[],
  exclude: readonly string[],
  root: string | null,
  options: CollectOptions = {},
): Collected {
  const out: Collected = { files: [], missing: [], unreadable: [], empty: [], problems: [] };
  /** The rules of an ignore file applying from `dir` down, or null (none, or unreadable: a problem). */
  const loadIgnoreFile = (file: string, dir: string): GitIgnoreLayer | null => {
    let stat: fs.Stats | undefined;
    try {
      // (no exception for the usual absent file: a walk asks in every folder above the one given)
      stat = fs.lstatSync(file, { throwIfNoEntry: false });
    } catch {
      return null;
    }
    if (!stat) return null;
    // (a link is followed: a repository may share one .gitignore; the bounded read refuses devices)
    const read = stat.isSymbolicLink() || stat.isFile() ? readRegularFile(file, MAX_GITIGNORE_BYTES) : null;
    if (!read?.ok) {
      const reason = read ? read.reason : `not a regular file (${fileKind(stat)})`;
      out.problems.push(`${file}: ${reason}; its rules are not applied`);
      return null;
    }
    return { dir, rules: new GitIgnoreRules(read.bytes.toString("utf8")) };
  };
  const loadGitIgnore = (dir: string): GitIgnoreLayer | null => loadIgnoreFile(path.join(dir, ".gitignore"), dir);
  const loadInfoExclude = (repo: string): GitIgnoreLayer | null => {
    const file = infoExcludeOf(repo);
    return file ? loadIgnoreFile(file, repo) : null;
  };

  let excluded = 0;
  const walk = (dir: string, layers: GitIgnoreLayer[]): void => {
    let entries: fs.Dirent<Buffer>[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true, encoding: "buffer" });
    } catch (error) {
      out.unreadable.push({ path: dir, reason: `cannot list the folder: ${describeIoError(error)}` });
      return;
    }
    // (read only where the listing has one: most folders have none)
    const own = entries.some((e) => GITIGNORE.equals(e.name)) ? loadGitIgnore(dir) : null;
    const here = own ? [...layers, own] : layers;
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
    if (options.forceExclude && matchesAny(abs, exclude, root)) continue;
    if (!stat.isDirectory()) {
      out.files.push(abs);
      continue;
    }
    const before = out.files.length + out.unreadable.length;
    excluded = 0;
    const layers = ancestorLayers(abs, loadGitIgnore, loadInfoExclude);
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

/**
 * The ignore rules that apply to `dir` from above, outermost first: the repository's
 * .git/info/exclude (git ranks it below every .gitignore), then each .gitignore from the
 * repository's root (the folder holding .git, maybe `dir` itself) down to `dir`'s parent. Outside
 * a repository, every .gitignore above.
 */
function ancestorLayers(
  dir: string,
  load: (dir: string) => GitIgnoreLayer | null,
  loadInfoExclude: (root: string) => GitIgnoreLayer | null,
): GitIgnoreLayer[] {
  const layers: GitIgnoreLayer[] = [];
  for (let d = dir; ; ) {
    if (d !== dir) {
      const layer = load(d);
      if (layer) layers.unshift(layer);
    }
    if (fs.existsSync(path.join(d, ".git"))) {
      const info = loadInfoExclude(d);
      if (info) layers.unshift(info);
      break;
    }
    const parent = path.dirname(d);
    if (parent === d) break;
    d = parent;
  }
  return layers;
}

/** A .git file (a worktree's, a submodule's) larger than this is not a .git file. */
const MAX_GIT_FILE_BYTES = 64 * 1024;

/**
 * Where the repository at `root` keeps info/exclude: in its .git folder, or, when .git is a file
 * (`gitdir: PATH`, a worktree or a submodule), in that git folder, or the common one it names
 * (`commondir`, a worktree's). Null when there is no such place.
 */
function infoExcludeOf(root: string): string | null {
  const dotGit = path.join(root, ".git");
  let gitDir = dotGit;
  try {
    if (!fs.statSync(dotGit).isDirectory()) {
      const read = readRegularFile(dotGit, MAX_GIT_FILE_BYTES);
      const named = read.ok ? /^gitdir:\s*(.+?)\s*$/m.exec(read.bytes.toString("utf8")) : null;
      if (!named) return null;
      gitDir = path.resolve(root, named[1]);
      const common = readRegularFile(path.join(gitDir, "commondir"), MAX_GIT_FILE_BYTES);
      if (common.ok) gitDir = path.resolve(gitDir, common.bytes.toString("utf8").trim());
    }
  } catch {
    return null;
  }
  const file = path.join(gitDir, "info", "exclude");
  return fs.existsSync(file) ? file : null;
}
