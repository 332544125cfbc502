// What the engine needs from the platform it runs on: files, path syntax, a Python interpreter,
// where tree-sitter's WebAssembly is, how editor URIs name files, and git where it can run. Each entry point installs one
// host before it does anything else: Node's (node/host.ts: the CLI, the desktop server, the
// library) or the browser worker's (browser/host.ts). The engine imports no Node module, so the
// same code runs in a browser's web worker (server/test/boundaries.test.mjs checks it).
import type { FileChange } from "./fileChange";

export interface FileStat {
  kind: "file" | "dir" | "other";
  mtimeMs: number;
  size: number;
}

export type FileRead = { ok: true; bytes: Uint8Array } | { ok: false; reason: string };

/** A folder's entries that are files or folders (links followed), in the platform's order. */
export type Listing = Map<string, "dir" | "file">;

/**
 * Synchronous file access (the engine's checks are synchronous). A file system whose answers
 * arrive asynchronously (the browser's, through the editor) answers from what it knows, notes
 * what it did not know, and has `remote` to fetch that: see core/settle.ts.
 */
export interface FileSystem {
  /** Follows links; null when the path does not exist or cannot be reached. */
  stat(path: string): FileStat | null;
  /** Null when the folder cannot be listed. */
  listDirectory(path: string): Listing | null;
  /** The whole file; throws when it cannot be read. */
  readFile(path: string): Uint8Array;
  /** A regular file of at most `maxBytes`, or why not (devices, FIFOs and larger files are refused). */
  readBounded(path: string, maxBytes: number): FileRead;
  /** The path with links resolved; throws when it does not exist. */
  realpath(path: string): string;
  readonly remote?: RemoteFiles;
}

/** The asynchronous side of a file system whose answers come from elsewhere (the browser's). */
export interface RemoteFiles {
  /**
   * Reads found no answer and it has not arrived yet. A computation that ends while this holds may
   * have read a guess: its own, or one cached by another computation (the resolver's listings).
   */
  readonly pending: boolean;
  /** Fetches what was asked and not known, and waits for fetches under way. */
  fetchUnanswered(): Promise<void>;
  /** Called with the paths whose answers arrived, before `fetchUnanswered` resolves. */
  onAnswered(listener: (paths: readonly string[]) => void): void;
  /** A change was reported (file watcher): forget what was known of `path` (and its folder), or of everything. */
  forget(path?: string): void;
}

/** node:path on Node (Windows paths stay Windows paths); POSIX in the browser (core/posixPath.ts). */
export interface PathSyntax {
  readonly sep: string;
  join(...parts: string[]): string;
  resolve(...parts: string[]): string;
  relative(from: string, to: string): string;
  dirname(path: string): string;
  basename(path: string): string;
  isAbsolute(path: string): boolean;
}

/** What an interpreter said about itself (`python -I -c ...`), or why it could not say. */
export interface InterpreterInfo {
  /** The command as configured (`python3`, `/venv/bin/python`). */
  command: string;
  /** sys.path entries that are folders or zip files (the empty entry dropped). */
  sysPath: string[];
  builtinModules: Set<string>;
  /** dir(builtins) of that interpreter (a fixed list when the interpreter failed). */
  builtins: Set<string>;
  version: string | null;
  /** Why the interpreter could not be asked (then sysPath is empty). */
  error: string | null;
}

/** The names a module without Python source binds, listed by importing it (`imports.dynamic`). */
export type DynamicExports = { ok: true; names: string[] } | { ok: false; error: string };

export interface PythonRuntime {
  /** What the interpreter `command` says (asked once; a failure is an answer too). */
  info(command: string): InterpreterInfo;
  /** Asks in the background, so that a later `info` does not wait on a process. */
  warm(command: string): Promise<void>;
  /** Forget the answers (the interpreter or its environment changed). */
  forget(): void;
  /** `module` imported in a separate process (with `entry` first on sys.path), cached by `stamp`. */
  dynamicExports(interpreter: string, module: string, entry: string | null, stamp: string): DynamicExports;
}

/** How the editor's document URIs and the engine's paths name the same files. */
export interface DocumentNames {
  /** The path of a document, or null when it is not a file the engine can read (an unsaved buffer). */
  pathOf(uri: string): string | null;
  uriOf(path: string): string;
}

/**
 * git, for Review Changes (what a branch changed since a ref). Node's host runs the `git` program;
 * a browser has none. Every method rejects with a message for the user when git fails.
 */
export interface GitRepositories {
  /** The root of the work tree holding `dir`, or null outside a repository. */
  root(dir: string): Promise<string | null>;
  /** The commit a branch forked from `ref` (git's `ref...HEAD`): its full hash. */
  mergeBase(root: string, ref: string): Promise<string>;
  /** The abbreviated hash of a commit, for reports. */
  shortHash(root: string, commit: string): Promise<string>;
  /** What changed from `base` to the working tree (untracked files included, renames followed). */
  changedFiles(root: string, base: string): Promise<FileChange[]>;
  /** The text of each path (relative to the root) at `commit`; null where it is not there. */
  textsAt(root: string, commit: string, paths: readonly string[]): Promise<Map<string, string | null>>;
  /** The branch's upstream (`origin/main`), or null. */
  upstreamOf(root: string): Promise<string | null>;
  /** The current branch's name, or null when HEAD is detached. */
  currentBranch(root: string): Promise<string | null>;
  /** Local branches, remote branches and tags, most recently committed first. */
  refsOf(root: string): Promise<string[]>;
}

export interface Host {
  readonly files: FileSystem;
  readonly path: PathSyntax;
  readonly python: PythonRuntime;
  readonly documents: DocumentNames;
  /** The folder relative paths are taken from when nothing else applies. */
  cwd(): string;
  /** Where a WebAssembly file of the bundle (tree-sitter.wasm, tree-sitter-python.wasm) is: a path or URL, or its bytes. */
  wasm(file: string): string | Uint8Array;
  /** The Python files (and notebooks) under `root` that a workspace review checks, honouring `exclude`. */
  sourceFiles(root: string, exclude: readonly string[]): Promise<string[]>;
  /** git, where the platform can run it (absent in a browser). */
  readonly git?: GitRepositories;
}

let installed: Host | null = null;

export function installHost(host: Host): void {
  installed = host;
}

export function host(): Host {
  if (!installed) throw new Error("pyreview: no host installed (an entry point installs Node's or the browser's)");
  return installed;
}

/**
 * The installed host's path syntax under the name modules already use: `path.join(...)` in the
 * engine means node:path on Node and POSIX in the browser.
 */
export const path: PathSyntax = {
  get sep() {
    return host().path.sep;
  },
  join: (...parts) => host().path.join(...parts),
  resolve: (...parts) => host().path.resolve(...parts),
  relative: (from, to) => host().path.relative(from, to),
  dirname: (p) => host().path.dirname(p),
  basename: (p) => host().path.basename(p),
  isAbsolute: (p) => host().path.isAbsolute(p),
};

/** The installed host's file system. */
export function files(): FileSystem {
  return host().files;
}

/** Bytes as ISO-8859-1 (each byte one character), as Node's Buffer#toString("latin1"). */
export function latin1(bytes: Uint8Array): string {
  let out = "";
  for (let i = 0; i < bytes.length; i += 0x8000) {
    out += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return out;
}
