// What the rules see of module resolution: for a star import, where the module is and which names
// it exports. One per process (CLI worker) or per server; the server feeds it workspace roots,
// watched-file changes and the unsaved text of open documents.
import type { Language } from "web-tree-sitter";
import { host, path } from "../core/host";
import { STDLIB_MODULES } from "../analysis/stdlib";
import type { Settings } from "../config/settings";
import { describeUnresolved, ExportIndex } from "./exportIndex";
import { describeInterpreter, DYNAMIC_TIMEOUT_MS, interpreterCommand } from "./interpreterInfo";
import { ModuleResolver, type Resolution, type SearchContext } from "./moduleResolver";
import type { ModuleRef } from "./moduleSummary";
import { SiblingModules } from "./siblingModules";

export interface StarSource {
  /** The module as written (`..pkg.mod`). */
  label: string;
  resolution: Resolution;
  /** Where the names come from: Python source, a stub, an import in a separate process, or nowhere. */
  origin: "source" | "stub" | "dynamic" | "none";
  names: Set<string>;
  /** Names the module binds only on some paths: an explicit import of one may fail where it is not bound. */
  conditional: Set<string>;
  /** The names are fully known (false: computed `__all__`, syntax errors, unresolved star imports, ...). */
  exact: boolean;
  notes: string[];
  /** Why no names could be listed (origin "none"). */
  problem: string | null;
}

export interface ImportSettings {
  pythonInterpreter: Settings["pythonInterpreter"];
  extraPaths: Settings["extraPaths"];
  importsDynamic: Settings["importsDynamic"];
}

const SHOWN_ENTRIES = 6;
/** Beyond this many modules, the side effects of an import are not followed further. */
const MAX_SIDE_EFFECT_MODULES = 50;

export class ImportResolver {
  readonly modules: ModuleResolver;
  readonly index: ExportIndex;
  /** The modules beside a file (DOC001's hook functions). */
  readonly siblings: SiblingModules;
  /** How many times what it knows changed, and how many of those were one open document's own text. */
  private changes = 0;
  private readonly ownChanges = new Map<string, number>();

  constructor(language: Language, roots: readonly string[] = [], maxEntries = 5000) {
    this.modules = new ModuleResolver([...roots]);
    this.index = new ExportIndex(language, maxEntries);
    this.siblings = new SiblingModules(this.index);
    this.modules.moduleAlias = (file, name) => {
      const m = this.index.module(file);
      return "error" in m ? null : (m.summary.moduleRefs.get(name) ?? null);
    };
  }

  /** The caller reports file changes (`invalidate`), so mtimes need not be checked on each use. */
  set watched(on: boolean) {
    this.index.watched = on;
  }

  setRoots(roots: readonly string[]): void {
    this.modules.setRoots(roots);
  }

  /** A file changed, was created or deleted on disk (or, without an argument, anything may have). */
  invalidate(file?: string): void {
    this.changes++;
    this.modules.invalidate(file);
    this.index.invalidate(file);
    this.siblings.invalidate();
  }

  /** Settings changed: ask the interpreter again, forget answers. */
  reset(): void {
    host().python.forget();
    this.invalidate();
  }

  /** The unsaved text of an open document. */
  setOverlay(file: string, text: string): void {
    this.ownChange(file);
    this.index.setOverlay(path.resolve(file), text);
  }

  clearOverlay(file: string): void {
    this.ownChange(file);
    this.index.clearOverlay(path.resolve(file));
  }

  private ownChange(file: string): void {
    const key = path.resolve(file);
    this.changes++;
    this.ownChanges.set(key, (this.ownChanges.get(key) ?? 0) + 1);
  }

  /**
   * A count that moves whenever what the resolver knows changes, but for `file`'s own unsaved
   * text: an analysis of `file` that read nothing else new is still the same while it stays.
   */
  changesExcept(file: string | null): number {
    return this.changes - (file ? (this.ownChanges.get(path.resolve(file)) ?? 0) : 0);
  }

  /** Asks the configured interpreter for its sys.path in the background (so no check waits on a spawn). */
  warm(settings: Pick<Settings, "pythonInterpreter">): Promise<void> {
    return host().python.warm(interpreterCommand(settings.pythonInterpreter));
  }

  builtins(settings: Pick<Settings, "pythonInterpreter">): Set<string> {
    return host().python.info(interpreterCommand(settings.pythonInterpreter)).builtins;
  }

  /** The `__all__` of the module `ref` names (null when it cannot be read from source). */
  allOf(
    ref: ModuleRef,
    fromPath: string | null,
    root: string | null,
    settings: ImportSettings,
  ): { names: Set<string>; exact: boolean } | null {
    const r = this.modules.resolve(ref, { fromPath: fromPath ? path.resolve(fromPath) : null, root, settings });
    if (r.kind !== "source") return null;
    const all = this.index.allOf(r.file, this.modules, settings, root);
    return { names: all.names, exact: all.exact };
  }

  /**
   * Why importing the module `ref` (from `fromPath`) may do more than bind names: its top level,
   * or that of a module it imports, runs code (a call, a decorator…) or cannot be read. Null when
   * it visibly does nothing else: a standard-library module (but `this` and `antigravity`), or
   * source whose top level holds only docstrings, imports of such modules, definitions and
   * assignments of literals.
   */
  importSideEffect(
    ref: ModuleRef,
    fromPath: string | null,
    root: string | null,
    settings: ImportSettings,
    visiting: Set<string> = new Set(),
  ): string | null {
    const label = ".".repeat(ref.level) + ref.module;
    const top = ref.module.split(".")[0];
    if (ref.level === 0 && STDLIB_MODULES.has(top))
      return top === "this" || top === "antigravity" ? `importing \`${label}\` prints or opens a browser` : null;
    const r = this.modules.resolve(ref, { fromPath: fromPath ? path.resolve(fromPath) : null, root, settings });
    if (r.kind !== "source") return `\`${label}\` has no source to read, so what importing it does cannot be seen`;
    if (visiting.has(r.file)) return null;
    if (visiting.size >= MAX_SIDE_EFFECT_MODULES) return `\`${label}\` imports too many modules to check`;
    visiting.add(r.file);
    const m = this.index.module(r.file);
    if ("error" in m) return `\`${label}\` could not be read`;
    const effect = m.summary.sideEffect;
    if (effect) return `importing \`${label}\` runs code (line ${effect.line}: \`${effect.text}\`)`;
    for (const imported of m.summary.importRefs) {
      const why = this.importSideEffect(imported, r.file, root, settings, visiting);
      if (why) return why;
    }
    return null;
  }

  /**
   * Is the relative import `ref` (`from .. import log` as `{ module: "log", level: 2 }`) a module of
   * the package (a file or folder beside the importer), rather than a name its `__init__` binds?
   * Relative imports only: they are read from the file system, never from the interpreter.
   */
  isPackageModule(ref: ModuleRef, fromPath: string | null, root: string | null, settings: ImportSettings): boolean {
    if (ref.level === 0 || !ref.module || !fromPath) return false;
    const ctx: SearchContext = { fromPath: path.resolve(fromPath), root, settings };
    const kind = this.modules.resolve(ref, ctx).kind;
    return kind === "source" || kind === "compiled" || kind === "namespace";
  }

  /** The module `ref` names, imported from `fromPath`, and the names its `import *` binds. */
  starSource(ref: ModuleRef, fromPath: string | null, root: string | null, settings: ImportSettings): StarSource {
    const ctx: SearchContext = { fromPath: fromPath ? path.resolve(fromPath) : null, root, settings };
    const resolution = this.modules.resolve(ref, ctx);
    const label = ".".repeat(ref.level) + ref.module;
    const none = (problem: string): StarSource => ({
      label,
      resolution,
      origin: "none",
      names: new Set(),
      conditional: new Set(),
      exact: false,
      notes: [],
      problem,
    });
    switch (resolution.kind) {
      case "source": {
        const ex = this.index.exportsOf(resolution.file, this.modules, settings, root);
        return {
          label,
          resolution,
          origin: resolution.stub ? "stub" : "source",
          names: ex.names,
          conditional: ex.conditional,
          exact: ex.exact,
          notes: ex.notes,
          problem: null,
        };
      }
      case "compiled":
      case "builtin": {
        const what =
          resolution.kind === "builtin"
            ? "is built into the interpreter"
            : `is a compiled extension (${resolution.file})`;
        if (!settings.importsDynamic) {
          return none(
            `the module ${what} with no Python source, so its names cannot be read; set \`pyreview.imports.dynamic\` to list them by importing it in a separate process`,
          );
        }
        const command = interpreterCommand(settings.pythonInterpreter);
        const target =
          resolution.kind === "builtin"
            ? { name: resolution.name, entry: null }
            : this.modules.moduleNameOf(resolution.file);
        if (!target) return none(`the module ${what} and its import name could not be worked out`);
        const stamp = resolution.kind === "builtin" ? "builtin" : (this.index.stampOf(resolution.file) ?? "");
        const r = host().python.dynamicExports(command, target.name, target.entry, stamp);
        if (!r.ok)
          return none(
            `the module ${what}; listing its names by importing \`${target.name}\` with \`${command}\` (timeout ${DYNAMIC_TIMEOUT_MS / 1000} s) failed: ${r.error}`,
          );
        return {
          label,
          resolution,
          origin: "dynamic",
          names: new Set(r.names),
          conditional: new Set(),
          exact: true,
          notes: [],
          problem: null,
        };
      }
      case "namespace":
        return none(`the module ${describeUnresolved(resolution)}`);
      case "missing": {
        if (ref.level > 0 || !resolution.interpreter)
          return none(`the module could not be found (${resolution.reason})`);
        const shown = resolution.searched.slice(0, SHOWN_ENTRIES).join(", ");
        const more =
          resolution.searched.length > SHOWN_ENTRIES ? ` and ${resolution.searched.length - SHOWN_ENTRIES} more` : "";
        return none(
          `the module could not be found (${resolution.reason}) with interpreter ${describeInterpreter(resolution.interpreter)} and search path ${shown || "(empty)"}${more}`,
        );
      }
    }
  }
}

const shared = new WeakMap<Language, ImportResolver>();

/** The process-wide resolver used when the caller passes none (CLI workers, tests). */
export function sharedImportResolver(language: Language): ImportResolver {
  let r = shared.get(language);
  if (!r) {
    r = new ImportResolver(language);
    shared.set(language, r);
  }
  return r;
}
