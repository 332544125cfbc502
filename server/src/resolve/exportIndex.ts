// The export index: each module file parsed once and summarised (moduleSummary.ts), keyed by
// path and mtime (or, for a file open in the editor, by the version of its unsaved text), in a
// bounded LRU; and the names each module exports to `from m import *`, computed from the
// summaries by following `__all__` references and star imports (with cycle protection).
import { Parser, type Language, type Tree } from "web-tree-sitter";
import { files, latin1, path } from "../core/host";
import { summarize, type ModuleRef, type ModuleSummary } from "./moduleSummary";
import type { ModuleResolver, Resolution, SearchContext } from "./moduleResolver";

export interface IndexedModule {
  file: string;
  stamp: string;
  summary: ModuleSummary;
}

/** What a module gives `from m import *`. */
export interface ModuleExports {
  names: Set<string>;
  /** Exported names the module binds only on some paths (`if os.name == "nt": ...`). */
  conditional: Set<string>;
  /** False when the list may be incomplete or wrong (computed `__all__`, syntax error, unresolved star import, ...). */
  exact: boolean;
  /** Why it is not exact. */
  notes: string[];
}

interface Computed extends ModuleExports {
  /** The files (and their stamps) this answer was computed from. */
  deps: Map<string, string>;
  /** Met a module already being computed (a star-import cycle): not memoised. */
  cyclic: boolean;
}

const utf8 = new TextDecoder("utf-8", { fatal: true });
const MAX_NOTES = 4;
// `import *`, across spaces, parentheses and line continuations
const STAR_IMPORT = /\bimport[\s\\(]*\*/;

function decode(bytes: Uint8Array): string {
  try {
    const text = utf8.decode(bytes);
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  } catch {
    return latin1(bytes);
  }
}

function isPublic(name: string): boolean {
  return !name.startsWith("_");
}

export class ExportIndex {
  private parser: Parser | null = null;
  private readonly modules = new Map<string, IndexedModule>();
  private readonly computed = new Map<string, Computed>();
  /** Every file some computed answer depends on. */
  private readonly dependedOn = new Set<string>();
  /** Unsaved texts; `tree`, when given, is the caller's parse of the text (read, never deleted here). */
  private readonly overlays = new Map<string, { text: string; stamp: string; tree?: Tree }>();
  /** Per file and stamp: whether its text may hold a star import (starSourcesOf). */
  private readonly starHints = new Map<string, { stamp: string; may: boolean }>();
  /** factOf's answers by file, then kind, with the stamp they were computed at (an LRU by file). */
  private readonly facts = new Map<string, Map<string, { stamp: string; value: unknown }>>();
  private overlayCounter = 0;
  /** Files parsed so far (for tests and measurements). */
  parses = 0;
  /**
   * Changes on disk are reported (the server's file watcher calls `invalidate`): computed exports
   * are then trusted without checking each dependency's mtime. Off: every use checks them.
   */
  watched = false;

  constructor(
    private readonly language: Language,
    readonly maxEntries = 5000,
  ) {}

  /**
   * The unsaved text of an open document: the index follows it instead of the file on disk.
   * `tree`: the caller's parse of `text`, alive until `clearOverlay` (saves a parse).
   */
  setOverlay(file: string, text: string, tree?: Tree): void {
    const prev = this.overlays.get(file);
    if (prev && prev.text === text) {
      if (tree) prev.tree = tree;
      return;
    }
    this.overlays.set(file, { text, stamp: `open:${++this.overlayCounter}`, tree });
    this.facts.delete(file);
    if (this.dependedOn.has(file)) this.clearComputed(); // a module others depend on is being edited
  }

  clearOverlay(file: string): void {
    this.facts.delete(file);
    if (this.overlays.delete(file) && this.dependedOn.has(file)) this.clearComputed();
  }

  /** Forget a file (changed on disk), or everything. */
  invalidate(file?: string): void {
    if (file) {
      this.modules.delete(file);
      this.facts.delete(file);
    } else {
      this.modules.clear();
      this.facts.clear();
    }
    this.clearComputed();
  }

  private clearComputed(): void {
    this.computed.clear();
    this.dependedOn.clear();
  }

  get size(): number {
    return this.modules.size;
  }

  /** The current stamp of a file: its overlay's, else mtime and size; null if it does not exist. */
  stampOf(file: string): string | null {
    const overlay = this.overlays.get(file);
    if (overlay) return overlay.stamp;
    const st = files().stat(file);
    return st ? `${st.mtimeMs}:${st.size}` : null;
  }

  /** The summary of a module file (parsed at most once per stamp). */
  module(file: string): IndexedModule | { error: string } {
    const stamp = this.stampOf(file);
    if (stamp === null) return { error: `cannot read ${file}` };
    const hit = this.modules.get(file);
    if (hit && hit.stamp === stamp) {
      // LRU: move to the end
      this.modules.delete(file);
      this.modules.set(file, hit);
      return hit;
    }
    const read = this.readText(file);
    if (typeof read !== "string") return read;
    const text = read;
    if (!this.parser) {
      this.parser = new Parser();
      this.parser.setLanguage(this.language);
    }
    const given = this.overlays.get(file)?.tree;
    const tree = given ?? this.parser.parse(text);
    if (!tree) return { error: `cannot parse ${file}` };
    let summary: ModuleSummary;
    try {
      const base = path.basename(file);
      summary = summarize(tree, text, file.endsWith(".pyi"), base === "__init__.py" || base === "__init__.pyi");
    } finally {
      if (!given) tree.delete();
    }
    if (!given) this.parses++;
    const entry: IndexedModule = { file, stamp, summary };
    this.modules.delete(file);
    this.modules.set(file, entry);
    while (this.modules.size > this.maxEntries) {
      const oldest = this.modules.keys().next().value as string;
      this.modules.delete(oldest);
    }
    return entry;
  }

  /** A file's text: its overlay's, else read from disk. */
  private readText(file: string): string | { error: string } {
    const overlay = this.overlays.get(file);
    if (overlay) return overlay.text;
    try {
      return decode(files().readFile(file));
    } catch (error) {
      return { error: `cannot read ${file}: ${error instanceof Error ? error.message : String(error)}` };
    }
  }

  /**
   * A fact `compute` derives from a file's text (found by `kind`), computed at most once per
   * stamp and kept in a bounded LRU; null when the file cannot be read. Rules use it for what
   * they read of other files (a sibling's hook functions, a base class's method).
   */
  factOf<T>(file: string, kind: string, compute: (text: string) => T): T | null {
    let byKind = this.facts.get(file);
    const hit = byKind?.get(kind);
    // with a watcher, changes are reported (invalidate, overlays): no stat per use
    if (hit && this.watched) return hit.value as T;
    const stamp = this.stampOf(file);
    if (stamp === null) return null;
    if (hit && hit.stamp === stamp) return hit.value as T;
    const text = this.readText(file);
    if (typeof text !== "string") return null;
    const value = compute(text);
    if (!byKind) {
      byKind = new Map();
      this.facts.set(file, byKind);
      while (this.facts.size > this.maxEntries) this.facts.delete(this.facts.keys().next().value as string);
    }
    byKind.set(kind, { stamp, value });
    return value;
  }

  private valid(c: Computed): boolean {
    if (this.watched) return true;
    for (const [file, stamp] of c.deps) if (this.stampOf(file) !== stamp) return false;
    return true;
  }

  /** The names `from <file> import *` binds, resolving other modules with `resolver`. */
  exportsOf(
    file: string,
    resolver: ModuleResolver,
    settings: SearchContext["settings"],
    root: string | null,
  ): ModuleExports {
    return this.compute(file, resolver, settings, root, new Set(), "exports");
  }

  /** The `__all__` of <file> (inexact, and empty, when it has none). */
  allOf(
    file: string,
    resolver: ModuleResolver,
    settings: SearchContext["settings"],
    root: string | null,
  ): ModuleExports {
    return this.compute(file, resolver, settings, root, new Set(), "all");
  }

  /**
   * The files the answer of `exportsOf(file)` was read from: the file, the modules its star
   * imports reach and the `__all__` lists it copies (a change to any of them may change it).
   */
  exportDependencies(
    file: string,
    resolver: ModuleResolver,
    settings: SearchContext["settings"],
    root: string | null,
  ): string[] {
    return [...this.compute(file, resolver, settings, root, new Set(), "exports").deps.keys()];
  }

  /**
   * The files the names `file` takes through its own star imports are read from (what
   * `from file import x` and `file.x` may reach), or [] when it has none. The text is searched
   * for a star import first, so a module without one is not parsed.
   */
  starSourcesOf(
    file: string,
    resolver: ModuleResolver,
    settings: SearchContext["settings"],
    root: string | null,
  ): string[] {
    if (!this.mayStarImport(file)) return [];
    const entry = this.module(file);
    if ("error" in entry) return [];
    const out = new Set<string>();
    const ctx: SearchContext = { fromPath: file, root, settings };
    for (const star of entry.summary.stars) {
      const r = resolver.resolve(star, ctx);
      if (r.kind !== "source") continue;
      if (r.runtime) out.add(r.runtime);
      for (const dep of this.compute(r.file, resolver, settings, root, new Set(), "exports").deps.keys()) out.add(dep);
    }
    return [...out];
  }

  /** Does the file's text (or its overlay) hold `import` followed by `*`? Remembered per stamp. */
  private mayStarImport(file: string): boolean {
    const stamp = this.stampOf(file);
    if (stamp === null) return false;
    const hit = this.starHints.get(file);
    if (hit && hit.stamp === stamp) return hit.may;
    let text: string;
    try {
      text = this.overlays.get(file)?.text ?? latin1(files().readFile(file));
    } catch {
      return false;
    }
    const may = STAR_IMPORT.test(text);
    if (this.starHints.size >= this.maxEntries) this.starHints.clear();
    this.starHints.set(file, { stamp, may });
    return may;
  }

  /**
   * The names a module binds at top level once it has run, as far as its source says: what it
   * defines, assigns and imports (private names too), the names functions declare `global`, and
   * what its star imports bring. `from m import x` and `m.x` read these.
   */
  attributesOf(
    file: string,
    resolver: ModuleResolver,
    settings: SearchContext["settings"],
    root: string | null,
  ): Set<string> {
    const out = new Set<string>();
    const entry = this.module(file);
    if ("error" in entry) return out;
    const s = entry.summary;
    for (const [name] of s.bindings) if (!s.deleted.has(name)) out.add(name);
    for (const name of s.functionGlobals) out.add(name);
    const ctx: SearchContext = { fromPath: file, root, settings };
    for (const star of s.stars) {
      const r = resolver.resolve(star, ctx);
      if (r.kind !== "source") continue;
      for (const n of this.compute(r.file, resolver, settings, root, new Set(), "exports").names)
        if (isPublic(n) && !s.deleted.has(n)) out.add(n);
    }
    return out;
  }

  private compute(
    file: string,
    resolver: ModuleResolver,
    settings: SearchContext["settings"],
    root: string | null,
    visiting: Set<string>,
    what: "exports" | "all",
  ): Computed {
    const key = `${what}\0${root ?? ""}\0${settings.pythonInterpreter ?? ""}\0${settings.extraPaths.join("\0")}\0${file}`;
    const memo = this.computed.get(key);
    if (memo && this.valid(memo)) return memo;
    const vkey = `${what}\0${file}`;
    if (visiting.has(vkey))
      return { names: new Set(), conditional: new Set(), exact: true, notes: [], deps: new Map(), cyclic: true };
    visiting.add(vkey);
    try {
      const result = this.computeUncached(file, resolver, settings, root, visiting, what);
      if (!result.cyclic) {
        if (this.computed.size >= this.maxEntries) this.computed.delete(this.computed.keys().next().value as string);
        this.computed.set(key, result);
        for (const dep of result.deps.keys()) this.dependedOn.add(dep);
      }
      return result;
    } finally {
      visiting.delete(vkey);
    }
  }

  private computeUncached(
    file: string,
    resolver: ModuleResolver,
    settings: SearchContext["settings"],
    root: string | null,
    visiting: Set<string>,
    what: "exports" | "all",
  ): Computed {
    const out: Computed = {
      names: new Set(),
      conditional: new Set(),
      exact: true,
      notes: [],
      deps: new Map(),
      cyclic: false,
    };
    const inexact = (note: string): void => {
      out.exact = false;
      if (out.notes.length < MAX_NOTES && !out.notes.includes(note)) out.notes.push(note);
    };
    const entry = this.module(file);
    if ("error" in entry) {
      inexact(entry.error);
      return out;
    }
    out.deps.set(file, entry.stamp);
    const s = entry.summary;
    const where = path.basename(file);
    if (s.syntaxErrorLine !== null) inexact(`${where} has a syntax error at line ${s.syntaxErrorLine}`);
    const ctx: SearchContext = { fromPath: file, root, settings };
    const merge = (c: Computed): void => {
      for (const [f, st] of c.deps) out.deps.set(f, st);
      if (c.cyclic) out.cyclic = true;
      if (!c.exact) {
        out.exact = false;
        for (const n of c.notes) if (out.notes.length < MAX_NOTES && !out.notes.includes(n)) out.notes.push(n);
      }
    };
    const other = (ref: ModuleRef, label: string, need: "exports" | "all"): Computed | null => {
      const r = resolver.resolve(ref, ctx);
      if (r.kind !== "source") {
        inexact(`\`${label}\` in ${where} ${describeUnresolved(r)}`);
        return null;
      }
      if (need === "all" && !this.hasAll(r.file)) {
        inexact(`\`${label}.__all__\` in ${where}: \`${label}\` defines no \`__all__\``);
        return null;
      }
      const c = this.compute(r.file, resolver, settings, root, visiting, need);
      merge(c);
      return c;
    };

    // the names `import *` takes from a module without `__all__`: its public top-level names
    const publicNames = (skipModules: boolean): void => {
      const always = new Set<string>();
      const sometimes = new Set<string>();
      for (const [name] of s.bindings) {
        if (!isPublic(name) || (s.isStub && s.stubImportOnly.has(name))) continue;
        // a computed `__all__` lists what the module defines, not what it imports
        if (skipModules && (s.importedModules.has(name) || s.fromImported.has(name))) continue;
        out.names.add(name);
        (s.conditional.has(name) ? sometimes : always).add(name);
      }
      for (const star of s.stars) {
        const label = ".".repeat(star.level) + star.module;
        const c = other(star, label, "exports");
        if (!c) continue;
        for (const n of c.names) {
          if (!isPublic(n) || s.deleted.has(n)) continue;
          out.names.add(n);
          (star.conditional || c.conditional.has(n) ? sometimes : always).add(n);
        }
      }
      for (const n of sometimes) if (!always.has(n)) out.conditional.add(n);
    };
    if (s.all) {
      let dynamic = false;
      for (const op of s.all) {
        if (op.op === "set") out.names.clear();
        for (const part of op.parts) {
          if (part.kind === "names") {
            for (const n of part.names) op.op === "remove" ? out.names.delete(n) : out.names.add(n);
          } else if (part.kind === "ref") {
            const names = other(part.ref, part.label, "all")?.names;
            if (names) for (const n of names) op.op === "remove" ? out.names.delete(n) : out.names.add(n);
          } else if (part.kind === "dynamic") {
            inexact(`\`__all__\` is computed at line ${op.line} of ${where} (${part.why})`);
            dynamic = true;
          }
        }
      }
      // A computed `__all__` usually lists the module's public names: take those it defines
      // (not the names it imports) as likely exports.
      if (dynamic && what === "exports") publicNames(true);
      return out;
    }
    if (what === "all") {
      inexact(`${where} defines no \`__all__\``);
      return out;
    }
    publicNames(false);
    for (const note of s.dynamicNotes) inexact(`${where}: ${note}`);
    const maybe = [...s.functionGlobals].filter(isPublic);
    if (maybe.length) {
      for (const n of maybe) out.names.add(n);
      inexact(
        `${where}: ${maybe.slice(0, 3).join(", ")}${maybe.length > 3 ? ", …" : ""} ${maybe.length === 1 ? "is" : "are"} bound by functions (\`global\`)`,
      );
    }
    return out;
  }

  private hasAll(file: string): boolean {
    const entry = this.module(file);
    return !("error" in entry) && entry.summary.all !== null;
  }

  /** Approximate heap held by the summaries (strings and map entries), for measurements. */
  approximateBytes(): number {
    let bytes = 0;
    for (const [file, m] of this.modules) {
      bytes += 200 + file.length * 2;
      for (const [name] of m.summary.bindings) bytes += 60 + name.length * 2;
      for (const [name] of m.summary.moduleRefs) bytes += 100 + name.length * 2;
      for (const op of m.summary.all ?? [])
        for (const p of op.parts) if (p.kind === "names") for (const n of p.names) bytes += 20 + n.length * 2;
    }
    return bytes;
  }
}

export function describeUnresolved(r: Resolution): string {
  switch (r.kind) {
    case "missing":
      return `could not be found (${r.reason})`;
    case "compiled":
      return `has no Python source (compiled: ${r.file})`;
    case "builtin":
      return "is built into the interpreter (no Python source)";
    case "namespace":
      return "is a namespace package (no `__init__`): its names depend on which submodules were imported";
    default:
      return "was found";
  }
}
