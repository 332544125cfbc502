// LSP wiring only: capabilities and handlers, each a few lines that call the engine.
import { relative as relativePath } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import {
  CodeActionKind,
  createConnection,
  DidChangeWatchedFilesNotification,
  ProposedFeatures,
  TextDocumentSyncKind,
  type CodeAction,
  type CodeActionParams,
  type Connection,
  type InitializeParams,
  type InitializeResult,
  type CancellationToken,
  type WorkDoneProgressReporter,
} from "vscode-languageserver/node";
import { loadPython, type PythonParsing } from "./parsing/parser";
import { LineIndex } from "./parsing/lineIndex";
import { DocumentStore, MAX_EDITOR_DOCUMENT, type Snapshot } from "./engine/documentStore";
import { checkTree, enabledRules, fixKeepsSyntax } from "./engine/check";
import { readSource } from "./parsing/sourceFile";
import { reviewWorkspace, type FileSummary, type WorkspaceReviewResult } from "./lsp/workspaceReview";
import { fixAll } from "./engine/fixAll";
import { locate } from "./engine/located";
import { clearProjectConfigCache } from "./config/pyproject";
import { suppressionEdit } from "./fixes/noqa";
import { reviewMarkdown } from "./review/report";
import { fixPreview } from "./review/preview";
import { ConfigurationCache, type DocumentSettings } from "./lsp/configuration";
import { minimalEdit, toDiagnostic, toLspEdits, toTextChanges, type DiagnosticData } from "./lsp/convert";
import { ImportResolver } from "./resolve/importResolver";
import { wildcardImport } from "./rules/wildcard-import";

export const FIX_ALL_KIND = "source.fixAll.pyreview";
/** "Replace all wildcard imports in this file" (IMP001), a source action of its own kind. */
export const WILDCARD_KIND = "source.replaceWildcardImports.pyreview";
const STAR_IMPORT = /\bimport\s*\*/;
// Server commands get names of their own: the client registers every one of them with VS Code,
// so they must not collide with the client's palette commands (pyreview.reviewWorkspace, ...).
const COMMANDS = ["pyreview.review", "pyreview.applyFixAll", "pyreview.server.reviewWorkspace"];

/** vscode-languageserver removes `workDoneToken` from the params and hands a reporter bound to
 * it, or a null reporter when the client sent none; only the bound one carries a token. */
function hasClientToken(reporter: WorkDoneProgressReporter): boolean {
  return (reporter as unknown as { _token?: unknown })._token !== undefined;
}

function filePathOf(uri: string): string | null {
  return uri.startsWith("file:") ? fileURLToPath(uri) : null;
}

class PyreviewServer {
  private parsing!: PythonParsing;
  private store!: DocumentStore;
  private resolver!: ImportResolver;
  private ready: Promise<void> | undefined;
  private canPullConfiguration = false;
  private canWatchFiles = false;
  private initializationOptions: unknown = {};
  private roots: string[] = [];
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly settingsByUri = new Map<string, Promise<DocumentSettings>>();
  private readonly loggedFailures = new Set<string>();
  private readonly config: ConfigurationCache;

  constructor(private readonly connection: Connection) {
    this.config = new ConfigurationCache(
      connection,
      () => this.canPullConfiguration,
      () => (this.initializationOptions as { settings?: unknown } | null)?.settings ?? {},
      () => this.roots,
    );
  }

  listen(): void {
    const c = this.connection;
    c.onInitialize((params) => this.initialize(params));
    c.onInitialized(() => {
      if (this.canWatchFiles) {
        void c.client.register(DidChangeWatchedFilesNotification.type, {
          watchers: [{ globPattern: "**/pyproject.toml" }, { globPattern: "**/*.py" }, { globPattern: "**/*.pyi" }],
        });
      }
    });
    c.onDidOpenTextDocument(async ({ textDocument: d }) => {
      await this.ready;
      if (!this.store.open(d.uri, d.text, d.version)) this.reportOversized(d.uri);
      this.followText(d.uri, d.text, true);
      this.schedule(d.uri, true);
    });
    c.onDidChangeTextDocument(async ({ textDocument: d, contentChanges }) => {
      await this.ready;
      const text = this.store.textOf(d.uri);
      if (text === undefined) return;
      const { changes, fullText } = toTextChanges(text, contentChanges, (t) => new LineIndex(t));
      const wasOversized = this.store.isOversized(d.uri);
      this.store.change(d.uri, changes, fullText, d.version);
      if (this.store.isOversized(d.uri) && !wasOversized) this.reportOversized(d.uri);
      this.followText(d.uri, this.store.textOf(d.uri) ?? null);
      this.schedule(d.uri, false);
    });
    c.onDidSaveTextDocument(({ textDocument: d }) => this.schedule(d.uri, true));
    c.onDidCloseTextDocument(({ textDocument: d }) => {
      clearTimeout(this.timers.get(d.uri));
      this.timers.delete(d.uri);
      this.settingsByUri.delete(d.uri);
      this.store?.close(d.uri);
      this.followText(d.uri, null);
      void c.sendDiagnostics({ uri: d.uri, diagnostics: [] });
    });
    c.onDidChangeConfiguration(() => this.refreshAll());
    c.onDidChangeWatchedFiles(({ changes }) => {
      const modules = changes.filter((ch) => /\.pyi?$/.test(ch.uri));
      for (const ch of modules) this.resolver?.invalidate(filePathOf(ch.uri) ?? undefined);
      if (modules.length) this.refreshStarImporters(null, true);
      if (changes.some((ch) => ch.uri.endsWith("pyproject.toml"))) {
        clearProjectConfigCache();
        this.refreshAll();
      }
    });
    c.onCodeAction((params, token) => (token.isCancellationRequested ? null : this.codeActions(params)));
    c.onExecuteCommand(async ({ command, arguments: args }, token, workDone) => {
      if (token.isCancellationRequested) return null;
      const options = (args?.find((a) => a && typeof a === "object" && !Array.isArray(a)) ?? {}) as {
        linkBase?: string;
        uri?: string;
      };
      if (command === "pyreview.server.reviewWorkspace")
        return this.reviewWorkspace(
          options.linkBase ?? null,
          hasClientToken(workDone) ? { reporter: workDone, token } : undefined,
        );
      const uri = typeof args?.[0] === "string" ? args[0] : (args?.[0] as { uri?: string } | undefined)?.uri;
      if (!uri) throw new Error(`${command} needs a document URI`);
      if (command === "pyreview.review") return this.review(uri, options.linkBase ?? null);
      if (command === "pyreview.applyFixAll") {
        const edit = await this.fixAllAction(uri);
        if (edit?.edit) await c.workspace.applyEdit({ label: "pyreview: fix all", edit: edit.edit });
        return { applied: !!edit };
      }
      throw new Error(`unknown command ${command}`);
    });
    c.onShutdown(() => this.store?.dispose());
    c.listen();
  }

  private initialize(params: InitializeParams): Promise<InitializeResult> {
    this.initializationOptions = params.initializationOptions ?? {};
    this.canPullConfiguration = !!params.capabilities.workspace?.configuration;
    this.canWatchFiles = !!params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration;
    this.roots = (params.workspaceFolders ?? []).map((f) => filePathOf(f.uri)).filter((p): p is string => !!p);
    if (!this.roots.length && params.rootUri) {
      const p = filePathOf(params.rootUri);
      if (p) this.roots.push(p);
    }
    this.ready = loadPython().then((parsing) => {
      this.parsing = parsing;
      this.store = new DocumentStore(parsing);
      this.resolver = new ImportResolver(parsing.language, this.roots);
      this.resolver.watched = this.canWatchFiles;
    });
    return this.ready.then(() => ({
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND, WILDCARD_KIND] },
        executeCommandProvider: { commands: COMMANDS },
      },
      serverInfo: { name: "pyreview" },
    }));
  }

  private reportOversized(uri: string): void {
    this.connection.console.warn(
      `pyreview: ${uri} is larger than ${MAX_EDITOR_DOCUMENT / 1024 / 1024} MB; it is not reviewed in the editor (\`pyreview check\` takes files up to 10 MB).`,
    );
    void this.connection.sendDiagnostics({ uri, diagnostics: [] });
  }

  private settingsFor(uri: string): Promise<DocumentSettings> {
    let s = this.settingsByUri.get(uri);
    if (!s) {
      s = this.config.forDocument(uri, filePathOf(uri));
      this.settingsByUri.set(uri, s);
    }
    return s;
  }

  private refreshAll(): void {
    this.config.clear();
    this.settingsByUri.clear();
    this.resolver?.reset();
    if (!this.store) return;
    this.store.invalidate();
    for (const uri of this.store.keys()) this.schedule(uri, true);
  }

  /** Debounced, per document; `force` bypasses run=onSave (open, save, settings change). */
  private schedule(uri: string, force: boolean): void {
    clearTimeout(this.timers.get(uri));
    void this.settingsFor(uri).then(({ settings }) => {
      if (!force && settings.run === "onSave") return;
      const delay = force ? 0 : settings.debounceMs;
      const version = this.store.get(uri)?.version;
      const run = (): void => {
        this.timers.delete(uri);
        void this.publish(uri, version);
      };
      if (delay <= 0) return run();
      this.timers.set(uri, setTimeout(run, delay));
    });
  }

  private async analyze(uri: string): Promise<Snapshot | undefined> {
    const doc = this.store.get(uri);
    if (!doc) return undefined;
    const version = doc.version;
    const { settings, root } = await this.settingsFor(uri);
    if (STAR_IMPORT.test(doc.text)) await this.resolver.warm(settings); // IMP001 asks the interpreter: not on this thread
    if (this.store.get(uri)?.version !== version) return this.analyze(uri);
    const path = filePathOf(uri);
    const rules = enabledRules(settings, path, root);
    const snapshot = this.store.analyze(
      uri,
      { path, settings, root, rules, resolver: this.resolver },
      rules.map((r) => r.meta.code),
    );
    for (const f of snapshot?.failures ?? []) {
      const key = `${uri}:${f.code}`;
      if (this.loggedFailures.has(key)) continue;
      this.loggedFailures.add(key);
      this.connection.console.error(
        `pyreview: rule ${f.code} failed on ${uri}: ${f.error instanceof Error ? (f.error.stack ?? f.error.message) : String(f.error)}`,
      );
    }
    return snapshot;
  }

  private async publish(uri: string, version: number | undefined): Promise<void> {
    const doc = this.store.get(uri);
    if (!doc || doc.version !== version) return; // stale: a newer version is scheduled
    try {
      const snapshot = await this.analyze(uri);
      if (!snapshot || this.store.get(uri)?.version !== snapshot.version) return;
      const diagnostics = snapshot.findings.map((f) => toDiagnostic(snapshot.lines, f, snapshot.version));
      await this.connection.sendDiagnostics({ uri, version: snapshot.version, diagnostics });
    } catch (error) {
      this.connection.console.error(
        `pyreview: analysis failed for ${uri}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
      );
    }
  }

  private async codeActions(params: CodeActionParams): Promise<CodeAction[] | null> {
    const uri = params.textDocument.uri;
    const only = params.context.only;
    const wantsFixAll = !!only?.some((k) => FIX_ALL_KIND === k || FIX_ALL_KIND.startsWith(`${k}.`));
    const wantsQuickFix =
      !only ||
      only.some((k) => k === CodeActionKind.QuickFix || CodeActionKind.QuickFix.startsWith(`${k}.`) || k === "");
    const actions: CodeAction[] = [];
    const snapshot = await this.analyze(uri);
    const doc = this.store.get(uri);
    if (!snapshot || !doc || doc.version !== snapshot.version) return null;
    if (wantsQuickFix) {
      const start = snapshot.lines.offsetAt(params.range.start);
      const end = snapshot.lines.offsetAt(params.range.end);
      const requested = new Set(
        params.context.diagnostics
          .filter((d) => d.source === "pyreview")
          .map((d) => {
            const data = d.data as DiagnosticData | undefined;
            return data ? `${data.code}:${data.start}:${data.end}` : "";
          }),
      );
      for (const f of snapshot.findings) {
        const hit = requested.has(`${f.code}:${f.start}:${f.end}`) || (f.start <= end && f.end >= start);
        if (!hit) continue;
        const diagnostic = toDiagnostic(snapshot.lines, f, snapshot.version);
        let preferred = false;
        for (const fix of f.fixes) {
          if (!fixKeepsSyntax(this.parsing, doc.tree, doc.text, fix)) continue;
          actions.push({
            title: fix.safe ? fix.title : `${fix.title} (unsafe)`,
            kind: CodeActionKind.QuickFix,
            diagnostics: [diagnostic],
            isPreferred: fix.safe && !preferred,
            edit: { changes: { [uri]: toLspEdits(snapshot.lines, fix.edits) } },
          });
          preferred ||= fix.safe;
        }
        const noqa = suppressionEdit(doc.tree, doc.text, snapshot.lines, f.start, f.end, f.code);
        if (noqa) {
          actions.push({
            title: `Suppress ${f.code} on this line`,
            kind: CodeActionKind.QuickFix,
            diagnostics: [diagnostic],
            edit: { changes: { [uri]: toLspEdits(snapshot.lines, [noqa]) } },
          });
        }
      }
      // fixes first, then suppressions, in document order within each
      actions.sort((a, b) => Number(a.title.startsWith("Suppress ")) - Number(b.title.startsWith("Suppress ")));
    }
    if (wantsFixAll || (!only && snapshot.findings.some((f) => f.fixes.some((x) => x.safe)))) {
      const fixAllAction = await this.fixAllAction(uri);
      if (fixAllAction) actions.push(fixAllAction);
    }
    if (only?.some((k) => WILDCARD_KIND === k || WILDCARD_KIND.startsWith(`${k}.`))) {
      const wildcards = await this.replaceWildcardsAction(uri);
      if (wildcards) actions.push(wildcards);
    }
    return actions;
  }

  private async fixAllAction(uri: string): Promise<CodeAction | null> {
    const doc = this.store.get(uri);
    if (!doc) return null;
    const { settings, root } = await this.settingsFor(uri);
    const path = filePathOf(uri);
    const result = fixAll(this.parsing, doc.text, { path, settings, root, resolver: this.resolver });
    const edit = minimalEdit(doc.text, result.text);
    if (!edit || !result.applied) return null;
    return {
      title: `pyreview: fix all (${result.applied} safe fix${result.applied === 1 ? "" : "es"})`,
      kind: FIX_ALL_KIND,
      edit: { changes: { [uri]: toLspEdits(new LineIndex(doc.text), [edit]) } },
    };
  }

  /** "Replace all wildcard imports in this file": IMP001's safe fixes alone. */
  private async replaceWildcardsAction(uri: string): Promise<CodeAction | null> {
    const doc = this.store.get(uri);
    if (!doc || !STAR_IMPORT.test(doc.text)) return null;
    const { settings, root } = await this.settingsFor(uri);
    const result = fixAll(this.parsing, doc.text, {
      path: filePathOf(uri),
      settings,
      root,
      rules: [wildcardImport],
      resolver: this.resolver,
    });
    const edit = minimalEdit(doc.text, result.text);
    if (!edit) return null;
    return {
      title: "Replace all wildcard imports in this file",
      kind: WILDCARD_KIND,
      edit: { changes: { [uri]: toLspEdits(new LineIndex(doc.text), [edit]) } },
    };
  }

  /** The export index follows open documents' unsaved text (null: closed); files that star-import are re-checked. */
  private followText(uri: string, text: string | null, opened = false): void {
    const path = filePathOf(uri);
    if (!path || !this.resolver) return;
    if (opened) this.resolver.invalidate(path); // it may be new to the folder listings
    if (text === null) this.resolver.clearOverlay(path);
    else this.resolver.setOverlay(path, text);
    this.refreshStarImporters(uri, false);
  }

  private refreshStarImporters(except: string | null, force: boolean): void {
    for (const uri of this.store?.keys() ?? []) {
      if (uri === except || !STAR_IMPORT.test(this.store.get(uri)?.text ?? "")) continue;
      this.store.invalidate(uri);
      this.schedule(uri, force);
    }
  }

  private displayPath(uri: string): string {
    const path = filePathOf(uri);
    if (!path) return uri;
    for (const r of this.roots) if (path.startsWith(r + "/")) return path.slice(r.length + 1);
    return path;
  }

  /** Where a report's links to `uri` point: relative to the report's folder when known. */
  private linkTo(uri: string, linkBase: string | null): string {
    const file = filePathOf(uri);
    return file && linkBase ? relativePath(linkBase, file) : uri;
  }

  private async reviewWorkspace(
    linkBase: string | null,
    clientProgress?: { reporter: WorkDoneProgressReporter; token: CancellationToken },
  ): Promise<WorkspaceReviewResult> {
    await this.ready;
    const folders = await Promise.all(
      this.roots.map(async (root) => {
        const probe = `${root}/__init__.py`; // settings of the folder itself
        const { settings } = await this.config.forDocument(pathToFileURL(probe).href, probe);
        return { root, exclude: settings.exclude };
      }),
    );
    return reviewWorkspace(
      this.connection,
      folders,
      (uri) => this.checkFile(uri),
      (uri) => this.displayPath(uri),
      (uri) => this.linkTo(uri, linkBase),
      clientProgress,
    );
  }

  /** Checks one file (an open buffer as it is, else from disk) and publishes its diagnostics. */
  private async checkFile(uri: string): Promise<FileSummary> {
    if (this.store.get(uri)) {
      const snapshot = await this.analyze(uri);
      return { uri, codes: (snapshot?.findings ?? []).map((f) => f.code) };
    }
    const path = filePathOf(uri);
    const read = path ? readSource(path) : { ok: false as const, reason: "not a file" };
    if (!read.ok) return { uri, codes: [], skipped: read.reason };
    const { settings, root } = await this.config.forDocument(uri, path);
    const tree = this.parsing.parser.parse(read.text);
    if (!tree) return { uri, codes: [], skipped: "the parser returned no tree" };
    try {
      const rules = enabledRules(settings, path, root);
      const result = checkTree(this.parsing, tree, read.text, { path, settings, root, rules, resolver: this.resolver });
      await this.connection.sendDiagnostics({
        uri,
        diagnostics: result.findings.map((f) => toDiagnostic(result.lines, f, 0)),
      });
      return { uri, codes: result.findings.map((f) => f.code) };
    } finally {
      tree.delete();
    }
  }

  private async review(
    uri: string,
    linkBase: string | null,
  ): Promise<{ markdown: string; findings: ReturnType<typeof locate>[] }> {
    const snapshot = await this.analyze(uri);
    if (!snapshot) throw new Error(`pyreview.review: ${uri} is not open`);
    const path = filePathOf(uri);
    const findings = snapshot.findings.map((f) => locate(path ?? uri, snapshot.lines, f));
    const reviewed = snapshot.findings.map((f, i) => {
      const fix = f.fixes.find((x) => x.safe);
      return { ...findings[i], preview: fix ? fixPreview(snapshot.text, fix) : null };
    });
    const markdown = reviewMarkdown({
      displayPath: this.displayPath(uri),
      linkTarget: this.linkTo(uri, linkBase),
      source: snapshot.text,
      findings: reviewed,
      unchecked: snapshot.unchecked,
      rulesRun: snapshot.rulesRun,
    });
    return { markdown, findings };
  }
}

new PyreviewServer(createConnection(ProposedFeatures.all)).listen();
