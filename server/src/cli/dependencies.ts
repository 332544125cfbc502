// What a file's check read besides its own text (other modules, folder listings, packaging
// metadata, the interpreter's answer), recorded through the host while the check runs, so that the
// result cache can tell later whether a cached result still holds: each read is noted with what
// it saw, and is looked at again before the result is reused.
import { createHash } from "node:crypto";
import type { FileStat, FileSystem, Host, InterpreterInfo, Listing } from "../core/host";
import type { ModuleResolver } from "../resolve/moduleResolver";

/**
 * One read: `s` a file's or folder's status (kind, mtime, size; a read of a file is noted as its
 * status, as the engine's own caches keep files by it), `l` a folder's listing as module lookup
 * reads it (its folders, and files that can be modules), `m` a folder's Python files and packaging
 * metadata (what sibling modules and console scripts read of a listing), `r` a path with links
 * resolved, `p` what an interpreter said; then the path (or command) and what it saw.
 */
export type Dependency = [kind: "s" | "l" | "m" | "r" | "p", path: string, seen: string];

function hash(text: string): string {
  return createHash("sha256").update(text).digest("base64url").slice(0, 22);
}

/** Entries of a folder that module lookup, sibling modules and packaging metadata read. */
const PYTHON_ENTRY = /\.(py|pyi|pyd|so)$|^(pyproject\.toml|setup\.cfg)$/;
const METADATA_FOLDER = /\.(dist|egg)-info$/;

function namesState(listing: Listing | null, keep: (name: string, kind: "dir" | "file") => boolean): string {
  if (!listing) return "-";
  return hash(
    [...listing]
      .filter(([name, kind]) => keep(name, kind))
      .map(([name, kind]) => `${name}\t${kind}`)
      .sort()
      .join("\n"),
  );
}

/** A listing as module lookup reads it: its folders and the files that can be modules. */
function lookupState(listing: Listing | null): string {
  return namesState(listing, (name, kind) => kind === "dir" || PYTHON_ENTRY.test(name));
}

/**
 * A listing as sibling modules and console scripts read it: its Python files and packaging
 * metadata (a temporary folder coming and going beside a project, in /tmp, changes nothing).
 */
function pythonState(listing: Listing | null): string {
  return namesState(listing, (name, kind) => (kind === "dir" ? METADATA_FOLDER.test(name) : PYTHON_ENTRY.test(name)));
}

/**
 * A file's status is its kind, mtime and size. A folder's status is read only to see whether its
 * Python files or packaging metadata changed (sibling modules, console scripts: the mtime is their
 * in-memory caches' sign of a change), so it is noted as those entries (`pythonState`).
 */
function statState(files: FileSystem, p: string, st: FileStat | null): string {
  if (!st) return "-";
  if (st.kind !== "dir") return `${st.kind}:${st.mtimeMs}:${st.size}`;
  return `dir:${pythonState(files.listDirectory(p))}`;
}

function interpreterState(info: InterpreterInfo): string {
  return hash(
    JSON.stringify([
      info.sysPath,
      [...info.builtinModules].sort(),
      [...info.builtins].sort(),
      info.version,
      info.error,
    ]),
  );
}

function realpathState(files: FileSystem, p: string): string {
  try {
    return files.realpath(p);
  } catch {
    return "-";
  }
}

/** What `dependency` would see now, asked of `base` (the host without recording). */
export function currentState(base: Host, [kind, p]: Dependency): string {
  switch (kind) {
    case "s":
      return statState(base.files, p, base.files.stat(p));
    case "l":
      return lookupState(base.files.listDirectory(p));
    case "m":
      return pythonState(base.files.listDirectory(p));
    case "r":
      return realpathState(base.files, p);
    case "p":
      return interpreterState(base.python.info(p));
  }
}

/**
 * Records the reads of the checks it wraps: install `host` (the base host, recording) in place of
 * the base, and run each check in `record`.
 */
export class DependencyRecorder {
  readonly host: Host;
  private current: Map<string, Dependency> | null = null;
  private uncacheable = false;
  /** Listings this thread has seen (the resolver keeps them for the run: its later uses see the same). */
  private readonly listings = new Map<string, string>();
  /** Folders' states, once per run (a folder's Python entries are taken not to change during a run). */
  private readonly folders = new Map<string, string>();

  constructor(base: Host) {
    const files = base.files;
    const stateOf = (p: string, st: FileStat | null): string => {
      if (st?.kind !== "dir") return statState(files, p, st);
      let seen = this.folders.get(p);
      if (seen === undefined) this.folders.set(p, (seen = statState(files, p, st)));
      return seen;
    };
    const note = (dependency: Dependency): void => {
      const key = `${dependency[0]}\0${dependency[1]}`;
      if (this.current && !this.current.has(key)) this.current.set(key, dependency);
    };
    const recording: FileSystem = {
      stat: (p) => {
        const st = files.stat(p);
        if (this.current) note(["s", p, stateOf(p, st)]);
        return st;
      },
      listDirectory: (p) => {
        const listing = files.listDirectory(p);
        // (module lookup notes its own listings, as it reads them: see noteUse)
        if (this.current) note(["m", p, pythonState(listing)]);
        if (this.current) this.listings.set(p, lookupState(listing));
        return listing;
      },
      readFile: (p) => {
        if (this.current) note(["s", p, stateOf(p, files.stat(p))]);
        return files.readFile(p);
      },
      readBounded: (p, maxBytes) => {
        if (this.current) note(["s", p, stateOf(p, files.stat(p))]);
        return files.readBounded(p, maxBytes);
      },
      realpath: (p) => {
        if (this.current) note(["r", p, realpathState(files, p)]);
        return files.realpath(p);
      },
    };
    const python = base.python;
    this.host = {
      ...base,
      files: recording,
      python: {
        ...python,
        info: (command) => {
          const info = python.info(command);
          note(["p", command, interpreterState(info)]);
          return info;
        },
        dynamicExports: (...args) => {
          // (a module imported in another process may read anything: such a result is not kept)
          if (this.current) this.uncacheable = true;
          return python.dynamicExports(...args);
        },
      },
    };
    this.noteUse = (kind, p) => {
      if (!this.current) return;
      if (kind === "file") note(["s", p, stateOf(p, files.stat(p))]);
      else note(["l", p, this.listings.get(p) ?? lookupState(files.listDirectory(p))]);
    };
  }

  /** For the resolver's cached answers: what they read, reported on each use (ModuleResolver.onUse). */
  readonly noteUse: (kind: "listing" | "file", path: string) => void;

  /** Reports the cached answers of `resolver` too. */
  watch(resolver: ModuleResolver): void {
    resolver.onUse(this.noteUse);
  }

  /** Runs `check`, returning what it read; null when its result may rest on something unrecorded. */
  record<T>(check: () => T): { value: T; dependencies: Dependency[] | null } {
    this.current = new Map();
    this.uncacheable = false;
    try {
      const value = check();
      return { value, dependencies: this.uncacheable ? null : [...this.current.values()] };
    } finally {
      this.current = null;
    }
  }
}
