// Console scripts: the functions a package declares as its command-line programs, read from the
// files packaging tools write — `entry_points.txt` in an installed `*.dist-info`/`*.egg-info`,
// `[project.scripts]` in pyproject.toml, `console_scripts` in setup.cfg. Such a function is the
// program's entry point whatever its name (buildbot's `buildbot.scripts.runner:run`), so its
// exits and prints are the program's own (EXC001, LOG004). Only read, never run.
import { parse as parseToml } from "smol-toml";
import { files, path } from "../core/host";

/** Metadata files larger than this are not read (they would be something else). */
const MAX_METADATA_BYTES = 1024 * 1024;

/** `name = module.path:attr.sub` → module and the attribute path (extras `[x]` dropped). */
interface Script {
  module: string;
  attribute: string;
}

function parseTarget(value: string): Script | null {
  const m = /^\s*([A-Za-z_][\w.]*)\s*:\s*([A-Za-z_][\w.]*)/.exec(value);
  return m ? { module: m[1], attribute: m[2] } : null;
}

/** The `key = value` lines of one INI section (`[console_scripts]`), or of a key's indented value in setup.cfg. */
function iniSection(text: string, section: string): string[] {
  const out: string[] = [];
  let inside = false;
  for (const line of text.split(/\r\n|\r|\n/)) {
    const header = /^\s*\[([^\]]+)\]\s*$/.exec(line);
    if (header) {
      inside = header[1].trim() === section;
      continue;
    }
    if (inside && line.trim() && !/^\s*[#;]/.test(line)) out.push(line);
  }
  return out;
}

/** Targets from entry_points.txt: its `[console_scripts]` and `[gui_scripts]` sections. */
function entryPointsTxt(text: string): Script[] {
  const lines = [...iniSection(text, "console_scripts"), ...iniSection(text, "gui_scripts")];
  return lines.flatMap((l) => {
    const eq = l.indexOf("=");
    const t = eq >= 0 ? parseTarget(l.slice(eq + 1)) : null;
    return t ? [t] : [];
  });
}

/** Targets from setup.cfg: `console_scripts =` (indented lines below it) in `[options.entry_points]`. */
function setupCfg(text: string): Script[] {
  const out: Script[] = [];
  let inKey = false;
  for (const line of iniSection(text, "options.entry_points")) {
    const key = /^(\S[^=]*)=(.*)$/.exec(line);
    if (key) {
      inKey = /^(console|gui)_scripts$/.test(key[1].trim());
      if (inKey && key[2].includes(":")) {
        const eq = key[2].indexOf("=");
        const t = eq >= 0 ? parseTarget(key[2].slice(eq + 1)) : null;
        if (t) out.push(t);
      }
      continue;
    }
    if (!inKey) continue;
    const eq = line.indexOf("=");
    const t = eq >= 0 ? parseTarget(line.slice(eq + 1)) : null;
    if (t) out.push(t);
  }
  return out;
}

/** Targets from pyproject.toml: `[project.scripts]` and `[project.gui-scripts]`. */
function pyprojectScripts(text: string): Script[] {
  let doc: Record<string, unknown>;
  try {
    doc = parseToml(text) as Record<string, unknown>;
  } catch {
    return [];
  }
  const project = (doc.project ?? {}) as Record<string, unknown>;
  const out: Script[] = [];
  for (const table of [project.scripts, project["gui-scripts"]]) {
    if (!table || typeof table !== "object") continue;
    for (const value of Object.values(table as Record<string, unknown>)) {
      const t = typeof value === "string" ? parseTarget(value) : null;
      if (t) out.push(t);
    }
  }
  return out;
}

const utf8 = new TextDecoder("utf-8");

function readText(file: string): string | null {
  const read = files().readBounded(file, MAX_METADATA_BYTES);
  return read.ok ? utf8.decode(read.bytes) : null;
}

/**
 * The scripts declared by the metadata in one folder, cached by the folder's mtime and each
 * metadata file's (a file edited in place leaves its folder's mtime alone). Every use stats them:
 * what a check read, the CLI's result cache sees.
 */
const byFolder = new Map<string, { mtimeMs: number; read: Array<[string, string]>; scripts: Script[] }>();

function stampOf(file: string): string {
  const st = files().stat(file);
  return st ? `${st.mtimeMs}:${st.size}` : "-";
}

function scriptsIn(dir: string): Script[] {
  const stat = files().stat(dir);
  if (stat?.kind !== "dir") return [];
  const mtimeMs = stat.mtimeMs;
  const hit = byFolder.get(dir);
  if (hit && hit.mtimeMs === mtimeMs && hit.read.every(([file, stamp]) => stampOf(file) === stamp)) return hit.scripts;
  const entries = files().listDirectory(dir);
  if (!entries) return [];
  const scripts: Script[] = [];
  const read: Array<[string, string]> = [];
  const textOf = (file: string): string | null => {
    read.push([file, stampOf(file)]);
    return readText(file);
  };
  for (const [name, kind] of entries) {
    const full = path.join(dir, name);
    if (kind === "dir" && /\.(dist|egg)-info$/.test(name)) {
      const text = textOf(path.join(full, "entry_points.txt"));
      if (text) scripts.push(...entryPointsTxt(text));
    } else if (name === "pyproject.toml") {
      const text = textOf(full);
      if (text) scripts.push(...pyprojectScripts(text));
    } else if (name === "setup.cfg") {
      const text = textOf(full);
      if (text) scripts.push(...setupCfg(text));
    }
  }
  byFolder.set(dir, { mtimeMs, read, scripts });
  return scripts;
}

/** Is `dir` a regular package (it holds `__init__.py`)? */
function isPackage(dir: string): boolean {
  return files().stat(path.join(dir, "__init__.py"))?.kind === "file";
}

/**
 * The attributes (`run`, `Runner.main`) of the module at `file` that the package's metadata
 * declares as console or GUI scripts. The metadata is looked for where the module is imported
 * from (the first folder above its packages) and in that folder's parent (a `src/` layout).
 */
export function consoleScriptsOf(file: string): Set<string> {
  const out = new Set<string>();
  if (!path.isAbsolute(file)) return out;
  let dir = path.dirname(file);
  const parts = [path.basename(file).replace(/\.pyw?$/, "")];
  if (parts[0] === "__init__") parts.pop();
  // up through the packages to the import root (bounded: packages are not nested that deep)
  for (let depth = 0; depth < 32 && isPackage(dir); depth++) {
    parts.unshift(path.basename(dir));
    const up = path.dirname(dir);
    if (up === dir) return out;
    dir = up;
  }
  const module = parts.join(".");
  if (!module) return out;
  for (const folder of [dir, path.dirname(dir)]) {
    for (const s of scriptsIn(folder)) if (s.module === module) out.add(s.attribute);
    if (path.dirname(dir) === dir) break;
  }
  return out;
}
