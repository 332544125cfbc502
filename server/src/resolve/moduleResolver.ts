// Finding the file a `from m import *` names, the way Python's import system would: builtin
// modules first, then the search path entry by entry (a regular package or a module in an
// earlier entry wins; folders without `__init__` are namespace portions, used only when nothing
// else is found), relative imports from the importing file's package. A `.pyi` stub beside the
// module wins for its exports. Folder listings and answers are cached; `invalidate` forgets them.
import { files, host, type Listing, path } from "../core/host";
import type { Settings } from "../config/settings";
import { interpreterCommand, type InterpreterInfo } from "./interpreterInfo";
import type { ModuleRef } from "./moduleSummary";

export type Resolution =
  /** Python source (or a stub: `file` is the `.pyi`, `runtime` the `.py`/extension it describes). */
  | { kind: "source"; name: string; file: string; stub: boolean; runtime: string | null; isPackage: boolean }
  /** A compiled extension module with no stub. */
  | { kind: "compiled"; name: string; file: string }
  | { kind: "builtin"; name: string }
  /** A namespace package (folders without `__init__`): its names are whatever submodules were imported. */
  | { kind: "namespace"; name: string; dirs: string[] }
  | { kind: "missing"; name: string; reason: string; searched: string[]; interpreter: InterpreterInfo | null };

/** Where a module is looked for: a file's place, its project root and settings. */
export interface SearchContext {
  /** The importing file (relative imports, its package root, its folder as a script's). */
  fromPath: string | null;
  /** The project or workspace root the file belongs to. */
  root: string | null;
  settings: Pick<Settings, "pythonInterpreter" | "extraPaths">;
}

/** What an answer of the resolver read: a folder's listing, or a module file's text (`os.path`). */
export type ResolverUse = (kind: "listing" | "file", path: string) => void;

export interface SearchPath {
  entries: string[];
  interpreter: InterpreterInfo;
  key: string;
}

const EXTENSION = /^(.+?)(?:\.[A-Za-z0-9_-]+)?\.(?:so|pyd)$/;
const MAX_LISTINGS = 50_000;
const MAX_ANSWERS = 20_000;

interface Found {
  kind: "package" | "module" | "namespace";
  /** package: its folder; module: the runtime file (.py or extension); namespace: portions */
  dirs: string[];
  file: string | null;
  stub: string | null;
}

export class ModuleResolver {
  /**
   * For `os.path`: a module (not a package) that binds a name to another module
   * (`import posixpath as path`); supplied by the export index.
   */
  moduleAlias: ((file: string, name: string) => ModuleRef | null) | null = null;
  private readonly listings = new Map<string, Listing | null>();
  private readonly answers = new Map<string, Resolution>();
  private readonly searchPaths = new Map<string, SearchPath>();
  private readonly packageRoots = new Map<string, string | null>();
  /**
   * Told of every folder listing and module file an answer rests on, each time the answer is used
   * (also when it comes from the caches above): the CLI's result cache records what a file's
   * findings read.
   */
  private reportUse: ResolverUse | null = null;
  /** With `reportUse`: per cached answer (keyed as in its cache), what it read (`l` or `f`, then the path). */
  private readonly readFor = new Map<string, string[]>();
  /** The answers being computed (nested: `os.path`), each collecting what it reads. */
  private readonly collecting: Array<Set<string>> = [];

  /** `roots`: the workspace folders (searched after the file's own package root). */
  constructor(private roots: string[] = []) {}

  setRoots(roots: readonly string[]): void {
    this.roots = [...roots];
    this.searchPaths.clear();
    this.answers.clear();
  }

  /** A file or folder was created, changed or deleted: forget what depended on its folder. */
  invalidate(file?: string): void {
    if (!file) {
      this.listings.clear();
      this.packageRoots.clear();
    } else {
      this.listings.delete(path.dirname(file));
      this.listings.delete(file);
      this.packageRoots.clear();
    }
    this.answers.clear();
    this.searchPaths.clear();
  }

  /** Reports each folder listing and module file used (see `reportUse`); null stops it. */
  onUse(use: ResolverUse | null): void {
    this.reportUse = use;
    this.readFor.clear();
  }

  /**
   * `compute`'s answer, cached in `cache` (`compute` stores it); with `reportUse`, what it read
   * is reported again on every use (an answer whose reads are not known is computed again).
   */
  private memo<T>(cache: Map<string, T>, kind: string, key: string, compute: () => T): T {
    const hit = cache.get(key);
    if (!this.reportUse) return hit !== undefined ? hit : compute();
    const readKey = `${kind}\0${key}`;
    const readBefore = this.readFor.get(readKey);
    if (hit !== undefined && readBefore) {
      for (const read of readBefore) this.used(read);
      return hit;
    }
    const read = new Set<string>();
    this.collecting.push(read);
    try {
      const value = compute();
      if (this.readFor.size >= MAX_ANSWERS) this.readFor.clear();
      this.readFor.set(readKey, [...read]);
      return value;
    } finally {
      this.collecting.pop();
    }
  }

  /** `read`: `l` (a folder's listing) or `f` (a module file's text), then the path. */
  private used(read: string): void {
    this.reportUse?.(read[0] === "l" ? "listing" : "file", read.slice(1));
    for (const set of this.collecting) set.add(read);
  }

  private list(dir: string): Listing | null {
    let listing = this.listings.get(dir);
    if (listing === undefined) {
      listing = files().listDirectory(dir);
      if (this.listings.size >= MAX_LISTINGS) this.listings.clear();
      this.listings.set(dir, listing);
    }
    if (this.reportUse) this.used(`l${dir}`);
    return listing;
  }

  private hasInit(dir: string): boolean {
    const l = this.list(dir);
    return !!l && (l.get("__init__.py") === "file" || l.get("__init__.pyi") === "file");
  }

  /** The folder Python would import the file's top-level package from (above every `__init__`). */
  packageRootOf(file: string): string | null {
    const start = path.dirname(file);
    return this.memo(this.packageRoots, "root", start, () => this.findPackageRoot(start));
  }

  private findPackageRoot(start: string): string | null {
    let dir = start;
    let found: string | null = null;
    while (this.hasInit(dir)) {
      const parent = path.dirname(dir);
      if (parent === dir) break;
      dir = parent;
      found = dir;
    }
    this.packageRoots.set(start, found);
    return found;
  }

  /**
   * The entries searched for absolute imports, in order: the file's package root, the
   * workspace roots and project root (each with its `src/`), `extraPaths`, the file's folder
   * when it is not in a package (as for a script), then the interpreter's sys.path.
   */
  searchPath(ctx: SearchContext): SearchPath {
    const command = interpreterCommand(ctx.settings.pythonInterpreter);
    const dir = ctx.fromPath ? path.dirname(ctx.fromPath) : "";
    const key = `${dir}\0${ctx.root ?? ""}\0${command}\0${ctx.settings.extraPaths.join("\0")}`;
    // (asked on every use when uses are reported: the host sees the interpreter used)
    if (this.reportUse) host().python.info(command);
    return this.memo(this.searchPaths, "path", key, () => this.findSearchPath(ctx, command, dir, key));
  }

  private findSearchPath(ctx: SearchContext, command: string, dir: string, key: string): SearchPath {
    const interpreter = host().python.info(command);
    const entries: string[] = [];
    const add = (p: string | null): void => {
      if (p && !entries.includes(p)) entries.push(p);
    };
    const packageRoot = ctx.fromPath ? this.packageRootOf(ctx.fromPath) : null;
    add(packageRoot);
    const roots = [...(ctx.root ? [ctx.root] : []), ...this.roots];
    for (const r of roots) {
      add(r);
      if (this.list(r)?.get("src") === "dir") add(path.join(r, "src"));
    }
    const base = ctx.root ?? this.roots[0] ?? (ctx.fromPath ? path.dirname(ctx.fromPath) : host().cwd());
    for (const p of ctx.settings.extraPaths) add(path.resolve(base, p));
    if (ctx.fromPath && !packageRoot) add(dir);
    for (const p of interpreter.sysPath) add(p);
    const sp: SearchPath = { entries, interpreter, key };
    this.searchPaths.set(key, sp);
    return sp;
  }

  /** Looks for `name` (one segment) in each of `dirs`, as Python's path finder does. */
  private findIn(dirs: readonly string[], name: string): Found | null {
    const portions: string[] = [];
    let stubOnly: string | null = null;
    for (const dir of dirs) {
      const listing = this.list(dir);
      if (!listing) continue;
      const sub = path.join(dir, name);
      if (listing.get(name) === "dir") {
        const inner = this.list(sub);
        if (
          inner &&
          (inner.get("__init__.py") === "file" ||
            inner.get("__init__.pyi") === "file" ||
            [...inner.keys()].some((n) => n.startsWith("__init__.") && EXTENSION.test(n)))
        ) {
          return { kind: "package", dirs: [sub], file: null, stub: null };
        }
      }
      let extension: string | null = null;
      for (const [entry, kind] of listing) {
        if (kind !== "file" || !entry.startsWith(name + ".")) continue;
        const m = EXTENSION.exec(entry);
        if (m && m[1] === name) {
          extension = path.join(dir, entry);
          break;
        }
      }
      const py = listing.get(`${name}.py`) === "file" ? path.join(dir, `${name}.py`) : null;
      const pyi = listing.get(`${name}.pyi`) === "file" ? path.join(dir, `${name}.pyi`) : null;
      if (extension || py) return { kind: "module", dirs: [], file: extension ?? py, stub: pyi };
      if (pyi) stubOnly ??= pyi;
      if (listing.get(name) === "dir") portions.push(sub);
    }
    if (portions.length) return { kind: "namespace", dirs: portions, file: null, stub: null };
    if (stubOnly) return { kind: "module", dirs: [], file: null, stub: stubOnly };
    return null;
  }

  private resolveIn(
    dirs: readonly string[],
    segments: readonly string[],
    name: string,
    searched: string[],
    interpreter: InterpreterInfo | null,
    ctx: SearchContext,
    depth = 0,
  ): Resolution {
    let current: Found | null = null;
    let within = dirs;
    for (let i = 0; i < segments.length; i++) {
      if (current && current.kind === "module") {
        // `os.path`: os binds `path` to a module (and registers it in sys.modules)
        const file = current.file?.endsWith(".py") ? current.file : current.stub;
        if (file && this.reportUse) this.used(`f${file}`);
        const alias = file && this.moduleAlias && depth < 8 ? this.moduleAlias(file, segments[i]) : null;
        if (alias) {
          const target = [alias.module, ...segments.slice(i + 1)].filter(Boolean).join(".");
          const r = this.resolve({ module: target, level: alias.level }, { ...ctx, fromPath: file }, depth + 1);
          return r.kind === "missing" ? { ...r, name } : { ...r, name };
        }
        return {
          kind: "missing",
          name,
          reason: `\`${segments.slice(0, i).join(".")}\` is a module, not a package`,
          searched,
          interpreter,
        };
      }
      current = this.findIn(within, segments[i]);
      if (!current) {
        const where = i === 0 ? "" : ` in \`${segments.slice(0, i).join(".")}\``;
        return { kind: "missing", name, reason: `no \`${segments[i]}\`${where}`, searched, interpreter };
      }
      within = current.dirs;
    }
    return this.finish(current, name, searched, interpreter);
  }

  private finish(
    found: Found | null,
    name: string,
    searched: string[],
    interpreter: InterpreterInfo | null,
  ): Resolution {
    if (!found) return { kind: "missing", name, reason: "not found", searched, interpreter };
    if (found.kind === "namespace") return { kind: "namespace", name, dirs: found.dirs };
    if (found.kind === "package") {
      const dir = found.dirs[0];
      const listing = this.list(dir);
      const pyi = listing?.get("__init__.pyi") === "file" ? path.join(dir, "__init__.pyi") : null;
      const py = listing?.get("__init__.py") === "file" ? path.join(dir, "__init__.py") : null;
      if (pyi || py)
        return { kind: "source", name, file: (pyi ?? py) as string, stub: !!pyi, runtime: py, isPackage: true };
      const ext = [...(listing?.keys() ?? [])].find((n) => n.startsWith("__init__.") && EXTENSION.test(n));
      return { kind: "compiled", name, file: path.join(dir, ext ?? "__init__") };
    }
    if (found.stub)
      return { kind: "source", name, file: found.stub, stub: true, runtime: found.file, isPackage: false };
    const file = found.file as string;
    if (file.endsWith(".py")) return { kind: "source", name, file, stub: false, runtime: file, isPackage: false };
    return { kind: "compiled", name, file };
  }

  /** Resolves `ref` as imported from `ctx.fromPath`. */
  resolve(ref: ModuleRef, ctx: SearchContext, depth = 0): Resolution {
    const display = ".".repeat(ref.level) + ref.module;
    if (ref.level > 0) {
      if (!ctx.fromPath)
        return {
          kind: "missing",
          name: display,
          reason: "a relative import in an unsaved file",
          searched: [],
          interpreter: null,
        };
      let base = path.dirname(ctx.fromPath);
      for (let i = 1; i < ref.level; i++) {
        const parent = path.dirname(base);
        if (parent === base)
          return {
            kind: "missing",
            name: display,
            reason: "the relative import goes above the file system root",
            searched: [],
            interpreter: null,
          };
        base = parent;
      }
      const key = `rel\0${base}\0${ref.module}`;
      return this.memo(this.answers, "answer", key, () => this.resolveRelative(ref, ctx, base, display, key, depth));
    }
    const sp = this.searchPath(ctx);
    const key = `abs\0${sp.key}\0${ref.module}`;
    return this.memo(this.answers, "answer", key, () => {
      const segments = ref.module.split(".");
      const answer: Resolution =
        segments.length === 1 && sp.interpreter.builtinModules.has(ref.module)
          ? { kind: "builtin", name: ref.module }
          : this.resolveIn(sp.entries, segments, ref.module, sp.entries, sp.interpreter, ctx, depth);
      this.remember(key, answer);
      return answer;
    });
  }

  private resolveRelative(
    ref: ModuleRef,
    ctx: SearchContext,
    base: string,
    display: string,
    key: string,
    depth: number,
  ): Resolution {
    {
      let answer: Resolution;
      if (!ref.module) {
        // `from . import *`: the package itself
        answer = this.hasInit(base)
          ? this.finish({ kind: "package", dirs: [base], file: null, stub: null }, display, [base], null)
          : this.list(base)
            ? { kind: "namespace", name: display, dirs: [base] }
            : { kind: "missing", name: display, reason: `no folder ${base}`, searched: [base], interpreter: null };
      } else {
        answer = this.resolveIn([base], ref.module.split("."), display, [base], null, ctx, depth);
      }
      this.remember(key, answer);
      return answer;
    }
  }

  private remember(key: string, answer: Resolution): void {
    if (this.answers.size >= MAX_ANSWERS) this.answers.clear();
    this.answers.set(key, answer);
  }

  /** The dotted name Python would import `file` as (from its package root), for dynamic inspection. */
  moduleNameOf(file: string): { name: string; entry: string } | null {
    const root = this.packageRootOf(file) ?? path.dirname(file);
    const rel = path.relative(root, file).split(path.sep);
    const last = rel[rel.length - 1];
    const stem = EXTENSION.exec(last)?.[1] ?? last.replace(/\.pyi?$/, "");
    if (stem === "__init__") rel.pop();
    else rel[rel.length - 1] = stem;
    return rel.length ? { name: rel.join("."), entry: root } : null;
  }
}
