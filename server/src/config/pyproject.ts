// [tool.pyreview] in the nearest pyproject.toml (smol-toml), cached by path and mtime. A file in the
// repository never makes pyreview run code: settings that would are ignored, with one notice per file.
import { parse as parseToml } from "smol-toml";
import { files, path } from "../core/host";
import { forgetInstalledPackages, installedPythonFloor } from "./installedMetadata";
import { pythonVersionOf, requiresPythonFloor } from "./pythonVersion";
import { parseSettings, type Settings, type SettingsProblem } from "./settings";
import { SETTINGS } from "./settingsTable";

/** A pyproject.toml larger than this is not read (it would be a file of some other kind). */
export const MAX_PYPROJECT_BYTES = 1024 * 1024;

// (ignoreBOM keeps a leading BOM, as Buffer#toString did: the TOML parser then rejects the file, as tomllib does)
const utf8 = new TextDecoder("utf-8", { ignoreBOM: true });

/** The text of a pyproject.toml, read with a bound (a link to /dev/zero, a FIFO), or why not. */
function readPyproject(file: string): { text: string } | { reason: string } {
  const read = files().readBounded(file, MAX_PYPROJECT_BYTES);
  return read.ok ? { text: utf8.decode(read.bytes) } : { reason: read.reason };
}

export interface ProjectConfig {
  /** The pyproject.toml used, or null when none was found. */
  file: string | null;
  /** Its folder: relative globs are taken from here. */
  root: string | null;
  values: Partial<Settings>;
  problems: SettingsProblem[];
  /** What was not taken because it would run code (one line naming the keys and the file), if anything. */
  notices: string[];
}

interface CacheEntry {
  mtimeMs: number;
  config: ProjectConfig;
}

const byFile = new Map<string, CacheEntry>();

function readConfig(file: string): ProjectConfig {
  const mtimeMs = files().stat(file)?.mtimeMs ?? -1;
  const cached = byFile.get(file);
  if (cached && cached.mtimeMs === mtimeMs) return cached.config;
  const root = path.dirname(file);
  const source = `${file} [tool.pyreview]`;
  let config: ProjectConfig;
  try {
    const read = readPyproject(file);
    if ("reason" in read) throw new Error(read.reason);
    const doc = parseToml(read.text) as Record<string, unknown>;
    const tool = (doc.tool ?? {}) as Record<string, Record<string, unknown> | undefined>;
    const { values, problems, ignored } = parseSettings(tool.pyreview ?? {}, source, true);
    const notTaken = [...ignored.map((k) => `\`${k}\``), ...dropOutsideProject(values, root)];
    // a baseline is named relative to the pyproject.toml that names it
    if (values.baseline) values.baseline = path.resolve(root, values.baseline);
    if (values.lineLength === undefined) {
      // fall back to ruff's or black's line length
      const ruff = tool.ruff?.["line-length"];
      const black = tool.black?.["line-length"];
      const n = typeof ruff === "number" ? ruff : typeof black === "number" ? black : undefined;
      if (n !== undefined) values.lineLength = n;
    }
    if (values.targetVersion === undefined) {
      // the project's own Python floor, else ruff's target
      const project = (doc.project ?? {}) as Record<string, unknown>;
      const ruff = tool.ruff?.["target-version"];
      const target =
        requiresPythonFloor(project["requires-python"]) ??
        (typeof ruff === "string" && pythonVersionOf(ruff) ? ruff : null);
      if (target) values.targetVersion = target;
    }
    config = { file, root, values, problems, notices: notTaken.length ? [ignoredNotice(source, notTaken)] : [] };
  } catch (error) {
    const message = error instanceof Error ? error.message.split("\n")[0] : String(error);
    config = {
      file,
      root,
      values: {},
      problems: [{ key: "", source: file, message: `cannot read pyproject.toml: ${message}` }],
      notices: [],
    };
  }
  byFile.set(file, { mtimeMs, config });
  return config;
}

/** Paths (extra-paths) that reach outside the project's folder, following links: dropped, described. */
function dropOutsideProject(values: Partial<Settings>, root: string): string[] {
  const dropped: string[] = [];
  const real = (p: string): string => {
    try {
      return files().realpath(p);
    } catch {
      return path.resolve(p);
    }
  };
  const project = real(root);
  const isOutside = (p: string): boolean => {
    const rel = path.relative(project, real(path.resolve(root, p)));
    return rel === ".." || rel.startsWith(`..${path.sep}`) || path.isAbsolute(rel);
  };
  for (const spec of SETTINGS) {
    const value = values[spec.key];
    if (spec.runsCode !== "outsideProject") continue;
    // a list of folders keeps those inside; a single folder outside is dropped
    const paths = Array.isArray(value) ? (value as string[]) : typeof value === "string" ? [value] : [];
    const outside = paths.filter(isOutside);
    if (!outside.length) continue;
    (values as Record<string, unknown>)[spec.key] = Array.isArray(value)
      ? paths.filter((p) => !outside.includes(p))
      : undefined;
    dropped.push(
      `\`${spec.pyproject}\` entries outside the project (${outside.map((p) => JSON.stringify(p)).join(", ")})`,
    );
  }
  return dropped;
}

function ignoredNotice(source: string, what: readonly string[]): string {
  return (
    `${source}: ignored ${what.join(", ")}: settings that run code (an interpreter, ` +
    "importing modules, folders outside the project) are taken only from your own settings (VS Code user " +
    "settings, or workspace settings in a trusted workspace), never from a file in the repository"
  );
}

function hasPyreviewTable(file: string): boolean {
  const read = readPyproject(file);
  return "text" in read && /^\s*\[\s*tool\s*\.\s*pyreview\s*[\].]/m.test(read.text);
}

/** Per folder: the nearest pyproject.toml at or above it with a [tool.pyreview] table, and the nearest at all. */
export type PyprojectSearch = Map<string, { table: string | null; nearest: string | null }>;

/**
 * The configuration for a file: the nearest pyproject.toml that has a [tool.pyreview] table,
 * else the nearest pyproject.toml at all (for ruff's or black's line length), else none.
 * The search stops at `stopAt` (a workspace root) when given. `known` remembers the search per
 * folder (a run of the CLI, where files do not come and go): a folder's parents are looked at once.
 */
export function projectConfigFor(filePath: string, stopAt?: string | null, known?: PyprojectSearch): ProjectConfig {
  if (known && !stopAt) {
    const found = searchAbove(path.dirname(path.resolve(filePath)), known);
    const file = found.table ?? found.nearest;
    return file ? readConfig(file) : installedConfig(filePath);
  }
  let dir = path.dirname(path.resolve(filePath));
  let nearest: string | null = null;
  for (;;) {
    const candidate = path.join(dir, "pyproject.toml");
    if (files().stat(candidate)) {
      nearest ??= candidate;
      if (hasPyreviewTable(candidate)) return readConfig(candidate);
    }
    const parent = path.dirname(dir);
    if (parent === dir || (stopAt && path.resolve(dir) === path.resolve(stopAt))) break;
    dir = parent;
  }
  if (nearest) return readConfig(nearest);
  return installedConfig(filePath);
}

/** No pyproject.toml: an installed package's metadata still says which Pythons it supports. */
function installedConfig(filePath: string): ProjectConfig {
  const installed = installedPythonFloor(filePath) ?? "";
  // (one object per floor: callers may key what they derive from a configuration by it)
  let config = installedConfigs.get(installed);
  if (!config) {
    const values = installed ? { targetVersion: installed } : {};
    config = { file: null, root: null, values, problems: [], notices: [] };
    installedConfigs.set(installed, config);
  }
  return config;
}

const installedConfigs = new Map<string, ProjectConfig>();

function searchAbove(dir: string, known: PyprojectSearch): { table: string | null; nearest: string | null } {
  const hit = known.get(dir);
  if (hit) return hit;
  const candidate = path.join(dir, "pyproject.toml");
  const here = files().stat(candidate) ? candidate : null;
  const table = here && hasPyreviewTable(here) ? here : null;
  const parent = path.dirname(dir);
  const above = table || parent === dir ? { table: null, nearest: null } : searchAbove(parent, known);
  const found = { table: table ?? above.table, nearest: here ?? above.nearest };
  known.set(dir, found);
  return found;
}

/** Forget cached configurations (a watched pyproject.toml changed). */
export function clearProjectConfigCache(file?: string): void {
  if (file) byFile.delete(file);
  else {
    byFile.clear();
    forgetInstalledPackages();
  }
}
