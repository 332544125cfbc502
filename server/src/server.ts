// LSP wiring only: capabilities and handlers, each a few lines that call the engine.
import { fileURLToPath } from "node:url";
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
} from "vscode-languageserver/node";
import { loadPython, type PythonParsing } from "./parsing/parser";
import { LineIndex } from "./parsing/lineIndex";
import { DocumentStore, type Snapshot } from "./engine/documentStore";
import { checkTree, enabledRules, fixKeepsSyntax } from "./engine/check";
import { readSource } from "./engine/sourceFile";
import { workspaceReportMarkdown, type FileCounts } from "./review/workspaceReport";
import { fixAll } from "./engine/fixAll";
import { locate } from "./engine/located";
import { clearProjectConfigCache } from "./config/pyproject";
import { suppressionEdit } from "./fixes/noqa";
import { reviewMarkdown } from "./review/report";
import { ConfigurationCache, type DocumentSettings } from "./lsp/configuration";
import { minimalEdit, toDiagnostic, toLspEdits, toTextChanges, type DiagnosticData } from "./lsp/convert";

export const FIX_ALL_KIND = "source.fixAll.pyreview";
const COMMANDS = ["pyreview.review", "pyreview.applyFixAll", "pyreview.checkFiles", "pyreview.workspaceReport"];

function filePathOf(uri: string): string | null {
  return uri.startsWith("file:") ? fileURLToPath(uri) : null;
}

class PyreviewServer {
  private parsing!: PythonParsing;
  private store!: DocumentStore;
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
        void c.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: "**/pyproject.toml" }] });
      }
    });
    c.onDidOpenTextDocument(async ({ textDocument: d }) => {
      await this.ready;
      this.store.open(d.uri, d.text, d.version);
      this.schedule(d.uri, true);
    });
    c.onDidChangeTextDocument(async ({ textDocument: d, contentChanges }) => {
      await this.ready;
      const doc = this.store.get(d.uri);
      if (!doc) return;
      const { changes, fullText } = toTextChanges(doc.text, contentChanges, (t) => new LineIndex(t));
      this.store.change(d.uri, changes, fullText, d.version);
      this.schedule(d.uri, false);
    });
    c.onDidSaveTextDocument(({ textDocument: d }) => this.schedule(d.uri, true));
    c.onDidCloseTextDocument(({ textDocument: d }) => {
      clearTimeout(this.timers.get(d.uri));
      this.timers.delete(d.uri);
      this.settingsByUri.delete(d.uri);
      this.store?.close(d.uri);
      void c.sendDiagnostics({ uri: d.uri, diagnostics: [] });
    });
    c.onDidChangeConfiguration(() => this.refreshAll());
    c.onDidChangeWatchedFiles(({ changes }) => {
      if (changes.some((ch) => ch.uri.endsWith("pyproject.toml"))) {
        clearProjectConfigCache();
        this.refreshAll();
      }
    });
    c.onCodeAction((params, token) => (token.isCancellationRequested ? null : this.codeActions(params)));
    c.onExecuteCommand(async ({ command, arguments: args }, token) => {
      if (token.isCancellationRequested) return null;
      if (command === "pyreview.checkFiles") return this.checkFiles(Array.isArray(args?.[0]) ? (args[0] as string[]) : []);
      if (command === "pyreview.workspaceReport") {
        const input = args?.[0] as { results: Array<{ uri: string; findings: Array<{ code: string }>; skipped?: string }>; total: number; cancelled: boolean };
        const files: FileCounts[] = input.results.map((r) => ({ path: this.displayPath(r.uri), link: r.uri, codes: r.findings.map((f) => f.code), skipped: r.skipped }));
        return workspaceReportMarkdown("Workspace review", files, input.total, input.cancelled);
      }
      const uri = typeof args?.[0] === "string" ? args[0] : (args?.[0] as { uri?: string } | undefined)?.uri;
      if (!uri) throw new Error(`${command} needs a document URI`);
      if (command === "pyreview.review") return this.review(uri);
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
    });
    return this.ready.then(() => ({
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND] },
        executeCommandProvider: { commands: COMMANDS },
      },
      serverInfo: { name: "pyreview" },
    }));
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
    if (this.store.get(uri)?.version !== version) return this.analyze(uri);
    const path = filePathOf(uri);
    const rules = enabledRules(settings, path, root);
    const snapshot = this.store.analyze(uri, { path, settings, root, rules }, rules.map((r) => r.meta.code));
    for (const f of snapshot?.failures ?? []) {
      const key = `${uri}:${f.code}`;
      if (this.loggedFailures.has(key)) continue;
      this.loggedFailures.add(key);
      this.connection.console.error(`pyreview: rule ${f.code} failed on ${uri}: ${f.error instanceof Error ? (f.error.stack ?? f.error.message) : String(f.error)}`);
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
      this.connection.console.error(`pyreview: analysis failed for ${uri}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    }
  }

  private async codeActions(params: CodeActionParams): Promise<CodeAction[] | null> {
    const uri = params.textDocument.uri;
    const only = params.context.only;
    const wantsFixAll = !!only?.some((k) => FIX_ALL_KIND === k || FIX_ALL_KIND.startsWith(`${k}.`));
    const wantsQuickFix = !only || only.some((k) => k === CodeActionKind.QuickFix || CodeActionKind.QuickFix.startsWith(`${k}.`) || k === "");
    const actions: CodeAction[] = [];
    const snapshot = await this.analyze(uri);
    const doc = this.store.get(uri);
    if (!snapshot || !doc || doc.version !== snapshot.version) return null;
    if (wantsQuickFix) {
      const start = snapshot.lines.offsetAt(params.range.start);
      const end = snapshot.lines.offsetAt(params.range.end);
      const requested = new Set(
        params.context.diagnostics.filter((d) => d.source === "pyreview").map((d) => {
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
    return actions;
  }

  private async fixAllAction(uri: string): Promise<CodeAction | null> {
    const doc = this.store.get(uri);
    if (!doc) return null;
    const { settings, root } = await this.settingsFor(uri);
    const path = filePathOf(uri);
    const result = fixAll(this.parsing, doc.text, { path, settings, root });
    const edit = minimalEdit(doc.text, result.text);
    if (!edit || !result.applied) return null;
    return {
      title: `pyreview: fix all (${result.applied} safe fix${result.applied === 1 ? "" : "es"})`,
      kind: FIX_ALL_KIND,
      edit: { changes: { [uri]: toLspEdits(new LineIndex(doc.text), [edit]) } },
    };
  }

  private displayPath(uri: string): string {
    const path = filePathOf(uri);
    if (!path) return uri;
    for (const r of this.roots) if (path.startsWith(r + "/")) return path.slice(r.length + 1);
    return path;
  }

  /** Checks files (open buffers as they are, others from disk) and publishes their diagnostics. */
  private async checkFiles(uris: readonly string[]): Promise<Array<{ uri: string; findings: Array<{ code: string; severity: string }>; skipped?: string }>> {
    await this.ready;
    const out = [];
    for (const uri of uris) {
      if (this.store.get(uri)) {
        const snapshot = await this.analyze(uri);
        out.push({ uri, findings: (snapshot?.findings ?? []).map((f) => ({ code: f.code, severity: f.severity })) });
        continue;
      }
      const path = filePathOf(uri);
      const read = path ? readSource(path) : { ok: false as const, reason: "not a file" };
      if (!read.ok) {
        out.push({ uri, findings: [], skipped: read.reason });
        continue;
      }
      const { settings, root } = await this.settingsFor(uri);
      this.settingsByUri.delete(uri);
      const tree = this.parsing.parser.parse(read.text);
      if (!tree) continue;
      try {
        const result = checkTree(this.parsing, tree, read.text, { path, settings, root });
        await this.connection.sendDiagnostics({ uri, diagnostics: result.findings.map((f) => toDiagnostic(result.lines, f, 0)) });
        out.push({ uri, findings: result.findings.map((f) => ({ code: f.code, severity: f.severity })) });
      } finally {
        tree.delete();
      }
    }
    return out;
  }

  private async review(uri: string): Promise<{ markdown: string; findings: ReturnType<typeof locate>[] }> {
    const snapshot = await this.analyze(uri);
    if (!snapshot) throw new Error(`pyreview.review: ${uri} is not open`);
    const path = filePathOf(uri);
    const findings = snapshot.findings.map((f) => locate(path ?? uri, snapshot.lines, f));
    const markdown = reviewMarkdown({
      displayPath: this.displayPath(uri),
      linkTarget: uri,
      source: snapshot.text,
      findings,
      unchecked: snapshot.unchecked,
      rulesRun: snapshot.rulesRun,
    });
    return { markdown, findings };
  }
}

new PyreviewServer(createConnection(ProposedFeatures.all)).listen();
