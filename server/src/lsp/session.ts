// The server's state from `initialize` on: open documents and their settings, debounced analysis,
// diagnostics publishing, and the export index following unsaved text and watched files.
import type {
  Connection,
  Diagnostic,
  FileEvent,
  InitializeParams,
  Range,
  WorkspaceFolder,
} from "vscode-languageserver";
import { clearProjectConfigCache } from "../config/pyproject";
import { files, host } from "../core/host";
import { enabledRules } from "../engine/check";
import { DocumentStore, type Snapshot } from "../engine/documentStore";
import { findingInCell, notebookFindings } from "../engine/notebook";
import { minimalEdit } from "../core/edits";
import { LineIndex } from "../parsing/lineIndex";
import type { PythonParsing } from "../parsing/parser";
import { ImportResolver } from "../resolve/importResolver";
import { ConfigurationCache, type DocumentSettings } from "./configuration";
import type { Settings } from "../config/settings";
import { cellDiagnostic, toDiagnostic, toTextChanges } from "./convert";
import { NotebookRegistry, type NotebookCellState, type OpenNotebook } from "./notebooks";
import { settled } from "../core/settle";
import { mentionsStarImport } from "./starImports";
import { baselineView } from "./baselineView";

/** The path the engine reads a document as (the host's mapping: file: URIs on Node), or null. */
export function filePathOf(uri: string): string | null {
  return host().documents.pathOf(uri);
}

/** What the client said about itself in `initialize` that the server acts on. */
export interface ClientFacts {
  /** Workspace folders (or the root) as paths. */
  roots: string[];
  /** It answers workspace/configuration (else the settings come from initializationOptions). */
  canPullConfiguration: boolean;
  /** It can watch files for us (client/registerCapability of didChangeWatchedFiles). */
  canWatchFiles: boolean;
  /** It applies versioned edits (`documentChanges`), so a stale edit is rejected. */
  documentChanges: boolean;
  /** It tells the server when workspace folders are added or removed. */
  workspaceFolders: boolean;
  initializationOptions: unknown;
}

export function clientFacts(params: InitializeParams): ClientFacts {
  const roots = (params.workspaceFolders ?? []).map((f) => filePathOf(f.uri)).filter((p): p is string => !!p);
  if (!roots.length && params.rootUri) {
    const p = filePathOf(params.rootUri);
    if (p) roots.push(p);
  }
  const workspace = params.capabilities.workspace;
  return {
    roots,
    canPullConfiguration: !!workspace?.configuration,
    canWatchFiles: !!workspace?.didChangeWatchedFiles?.dynamicRegistration,
    documentChanges: !!workspace?.workspaceEdit?.documentChanges,
    workspaceFolders: !!workspace?.workspaceFolders,
    initializationOptions: params.initializationOptions ?? {},
  };
}

export class Session {
  readonly store: DocumentStore;
  readonly resolver: ImportResolver;
  readonly config: ConfigurationCache;
  /** Open notebooks: each is one module in `store`, under the notebook's URI. */
  readonly notebooks = new NotebookRegistry();
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly settingsByUri = new Map<string, Promise<DocumentSettings>>();
  private readonly loggedFailures = new Set<string>();

  constructor(
    readonly connection: Connection,
    readonly parsing: PythonParsing,
    readonly client: ClientFacts,
  ) {
    this.store = new DocumentStore(parsing);
    this.resolver = new ImportResolver(parsing.language, client.roots);
    this.resolver.watched = client.canWatchFiles;
    this.config = new ConfigurationCache(
      connection,
      () => client.canPullConfiguration,
      () => (client.initializationOptions as { settings?: unknown } | null)?.settings ?? {},
      () => client.roots,
    );
    // in the browser, files arrive from the client: what was computed from guesses is dropped
    files().remote?.onAnswered((paths) => {
      for (const p of paths) {
        this.resolver.invalidate(p);
        clearProjectConfigCache(p);
      }
    });
  }

  /** `compute()` once the files it reads are known (in the browser they are fetched from the client). */
  settled<T>(compute: () => T): Promise<T> {
    return settled(compute);
  }

  get roots(): readonly string[] {
    return this.client.roots;
  }

  open(uri: string, text: string, version: number): void {
    this.store.open(uri, text, version);
    this.reportNotAnalysed(uri);
    this.followText(uri, text, true);
    this.schedule(uri, true);
  }

  change(uri: string, version: number, contentChanges: ReadonlyArray<{ range?: Range; text: string }>): void {
    const text = this.store.textOf(uri);
    if (text === undefined) return;
    const { changes, fullText } = toTextChanges(text, contentChanges, (t) => new LineIndex(t));
    this.store.change(uri, changes, fullText, version);
    this.reportNotAnalysed(uri);
    this.followText(uri, this.store.textOf(uri) ?? null);
    this.schedule(uri, false);
  }

  saved(uri: string): void {
    this.schedule(uri, true);
  }

  close(uri: string): void {
    clearTimeout(this.timers.get(uri));
    this.timers.delete(uri);
    this.settingsByUri.delete(uri);
    this.store.close(uri);
    this.followText(uri, null);
    void this.connection.sendDiagnostics({ uri, diagnostics: [] });
  }

  /** A notebook opened or changed: its code cells, joined, are one document of the store. */
  notebookChanged(uri: string, cells: NotebookCellState[], version: number): void {
    const opened = !this.notebooks.get(uri);
    const notebook = this.notebooks.update(uri, cells, version);
    const text = notebook.module.text;
    const before = this.store.textOf(uri);
    if (before === undefined) this.store.open(uri, text, version);
    else {
      const edit = minimalEdit(before, text);
      this.store.change(uri, edit ? [{ start: edit.start, end: edit.end, text: edit.newText }] : [], null, version);
    }
    this.reportNotAnalysed(uri);
    this.schedule(uri, opened);
  }

  closeNotebook(uri: string): void {
    const notebook = this.notebooks.delete(uri);
    clearTimeout(this.timers.get(uri));
    this.timers.delete(uri);
    this.settingsByUri.delete(uri);
    this.store.close(uri);
    for (const cell of notebook?.published ?? []) void this.connection.sendDiagnostics({ uri: cell, diagnostics: [] });
  }

  /** Workspace folders added or removed while running: module search and settings follow. */
  workspaceFoldersChanged(added: readonly WorkspaceFolder[], removed: readonly WorkspaceFolder[]): void {
    const gone = new Set(removed.map((f) => filePathOf(f.uri)));
    const roots = this.client.roots.filter((r) => !gone.has(r));
    for (const f of added) {
      const p = filePathOf(f.uri);
      if (p && !roots.includes(p)) roots.push(p);
    }
    this.client.roots.splice(0, this.client.roots.length, ...roots);
    this.resolver.setRoots(roots);
    this.refreshAll();
  }

  /** Settings changed: forget them and every analysis, re-check every open document. */
  refreshAll(): void {
    this.config.clear();
    this.settingsByUri.clear();
    this.resolver.reset();
    this.store.invalidate();
    for (const uri of this.store.keys()) this.schedule(uri, true);
  }

  watchedFilesChanged(changes: readonly FileEvent[]): void {
    const remote = files().remote;
    for (const ch of changes) {
      const changed = remote && filePathOf(ch.uri);
      if (changed) remote.forget(changed);
    }
    const modules = changes.filter((ch) => /\.pyi?$/.test(ch.uri));
    for (const ch of modules) this.resolver.invalidate(filePathOf(ch.uri) ?? undefined);
    if (modules.length) this.refreshStarImporters(null, true);
    if (changes.some((ch) => ch.uri.endsWith("pyproject.toml"))) {
      clearProjectConfigCache();
      this.refreshAll();
    }
  }

  settingsFor(uri: string): Promise<DocumentSettings> {
    let s = this.settingsByUri.get(uri);
    if (!s) {
      s = this.config.forDocument(uri, filePathOf(uri));
      this.settingsByUri.set(uri, s);
    }
    return s;
  }

  /** The analysis of the document's current version (undefined when it is not open or not parsed). */
  async analyze(uri: string): Promise<Snapshot | undefined> {
    // (the version and text without the tree: a trailing-comment edit may need no parse)
    const version = this.store.versionOf(uri);
    if (version === undefined) return undefined;
    const { settings, root } = await this.settingsFor(uri);
    if (mentionsStarImport(this.store.textOf(uri) ?? "")) await this.resolver.warm(settings); // IMP001 asks the interpreter: not on this thread
    if (this.store.versionOf(uri) !== version) return this.analyze(uri);
    const path = filePathOf(uri);
    const rules = enabledRules(settings, path, root);
    const codes = rules.map((r) => r.meta.code);
    const notebook = this.notebooks.get(uri);
    const analysed = await settled(
      () =>
        this.store.analyze(uri, { path, settings, root, rules, resolver: this.resolver }, codes, !!settings.baseline),
      () => this.store.invalidate(uri),
    );
    this.logFailures(uri, analysed);
    const snapshot = analysed && (await this.withBaseline(analysed, settings, path));
    if (!snapshot || !notebook) return snapshot;
    // a notebook shows no module docstring finding, and only fixes that stay in one cell
    if (notebook.version !== snapshot.version) return undefined;
    return { ...snapshot, findings: notebookFindings(notebook.module, snapshot.findings) };
  }

  /** The snapshot as the baseline lets it be seen (hidden findings, or hints); a bad baseline is logged once. */
  private async withBaseline(snapshot: Snapshot, settings: Settings, path: string | null): Promise<Snapshot> {
    if (!settings.baseline) return snapshot;
    const view = await settled(() => baselineView(settings, path, snapshot.findings, snapshot.identities));
    if (view.problem && !this.loggedFailures.has(view.problem)) {
      this.loggedFailures.add(view.problem);
      this.connection.console.warn(`pyreview: ${view.problem}; every finding is shown`);
    }
    return view.findings === snapshot.findings
      ? snapshot
      : { ...snapshot, findings: view.findings, baselined: view.baselined, identities: undefined };
  }

  private logFailures(uri: string, snapshot: Snapshot | undefined): void {
    for (const f of snapshot?.failures ?? []) {
      const key = `${uri}:${f.code}`;
      if (this.loggedFailures.has(key)) continue;
      this.loggedFailures.add(key);
      this.connection.console.error(
        `pyreview: rule ${f.code} failed on ${uri}: ${f.error instanceof Error ? (f.error.stack ?? f.error.message) : String(f.error)}`,
      );
    }
  }

  /** How reports name `uri`: relative to its workspace folder when inside one. */
  displayPath(uri: string): string {
    const path = filePathOf(uri);
    if (!path) return uri;
    for (const r of this.roots) if (path.startsWith(r + "/")) return path.slice(r.length + 1);
    return path;
  }

  dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    this.store.dispose();
  }

  /** Says once (per reason) why a document is not reviewed: too large, or its parse over budget. */
  private reportNotAnalysed(uri: string): void {
    const why = this.store.takeNotAnalysedReason(uri);
    if (!why) return;
    this.connection.console.warn(`pyreview: ${uri} is not reviewed in the editor: ${why}`);
    void this.connection.sendDiagnostics({ uri, diagnostics: [] });
  }

  /** Debounced, per document; `force` bypasses run=onSave (open, save, settings change). */
  private schedule(uri: string, force: boolean): void {
    clearTimeout(this.timers.get(uri));
    void this.settingsFor(uri).then(({ settings }) => {
      if (!force && settings.run === "onSave") return;
      const delay = force ? 0 : settings.debounceMs;
      const version = this.store.versionOf(uri);
      const run = (): void => {
        this.timers.delete(uri);
        void this.publish(uri, version);
      };
      if (delay <= 0) return run();
      this.timers.set(uri, setTimeout(run, delay));
    });
  }

  private async publish(uri: string, version: number | undefined): Promise<void> {
    const current = this.store.versionOf(uri);
    if (current === undefined || current !== version) return; // stale: a newer version is scheduled
    try {
      const snapshot = await this.analyze(uri);
      if (!snapshot || this.store.versionOf(uri) !== snapshot.version) return;
      const notebook = this.notebooks.get(uri);
      if (notebook) return await this.publishCells(notebook, snapshot);
      const diagnostics = snapshot.findings.map((f) => toDiagnostic(snapshot.lines, f, snapshot.version));
      await this.connection.sendDiagnostics({ uri, version: snapshot.version, diagnostics });
    } catch (error) {
      this.connection.console.error(
        `pyreview: analysis failed for ${uri}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
      );
    }
  }

  /** Each code cell gets the diagnostics that start in it (every cell: an empty list clears it). */
  private async publishCells(notebook: OpenNotebook, snapshot: Snapshot): Promise<void> {
    const byCell = new Map<string, Diagnostic[]>();
    for (const span of notebook.module.cells) byCell.set(notebook.cells[span.index].uri, []);
    for (const f of snapshot.findings) {
      const at = findingInCell(notebook.module, f);
      if (!at) continue;
      byCell
        .get(notebook.cells[at.cell.index].uri)
        ?.push(cellDiagnostic(at.cell.lines, at.finding, f, snapshot.version));
    }
    for (const stale of notebook.published) if (!byCell.has(stale)) byCell.set(stale, []);
    notebook.published = new Set([...byCell].filter(([, d]) => d.length).map(([uri]) => uri));
    const versions = new Map(notebook.cells.map((c) => [c.uri, c.version]));
    await Promise.all(
      [...byCell].map(([uri, diagnostics]) =>
        this.connection.sendDiagnostics({ uri, version: versions.get(uri), diagnostics }),
      ),
    );
  }

  /** The export index follows open documents' unsaved text (null: closed); files that star-import are re-checked. */
  private followText(uri: string, text: string | null, opened = false): void {
    const path = filePathOf(uri);
    if (!path) return;
    if (opened) this.resolver.invalidate(path); // it may be new to the folder listings
    if (text === null) this.resolver.clearOverlay(path);
    else this.resolver.setOverlay(path, text);
    this.refreshStarImporters(uri, false);
  }

  private refreshStarImporters(except: string | null, force: boolean): void {
    for (const uri of this.store.keys()) {
      if (uri === except || !mentionsStarImport(this.store.textOf(uri) ?? "")) continue;
      this.store.invalidate(uri);
      this.schedule(uri, force);
    }
  }
}
