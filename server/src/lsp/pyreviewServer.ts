// The language server over any connection (stdio, IPC, or in-memory streams in the tests): the
// LSP lifecycle and one line per handler; the work is in Session, codeActions and commands.
import {
  DidChangeWatchedFilesNotification,
  ErrorCodes,
  NotebookDocuments,
  ResponseError,
  TextDocumentSyncKind,
  type Connection,
  type InitializeParams,
  type InitializeResult,
} from "vscode-languageserver";
import { TextDocument } from "vscode-languageserver-textdocument";
import { loadPython } from "../parsing/parser";
import { CODE_ACTION_KINDS, codeActions } from "./codeActions";
import { COMMANDS, executeCommand } from "./commands";
import { cellsOf, NOTEBOOK_SELECTOR } from "./notebooks";
import { clientFacts, Session } from "./session";

const WATCHED = ["**/pyproject.toml", "**/*.py", "**/*.pyi"];

export class PyreviewServer {
  /** Set once `initialize` has loaded the parser; `starting` is its promise. */
  private session: Session | undefined;
  private starting: Promise<Session> | undefined;

  constructor(private readonly connection: Connection) {}

  /** Registers every handler and starts reading messages. */
  listen(): void {
    const c = this.connection;
    c.onInitialize((params) => this.initialize(params));
    c.onInitialized(() =>
      this.notify((s) => {
        if (s.client.workspaceFolders)
          c.workspace.onDidChangeWorkspaceFolders(({ added, removed }) =>
            this.notify((s) => s.workspaceFoldersChanged(added, removed)),
          );
        if (!s.client.canWatchFiles) return;
        void c.client.register(DidChangeWatchedFilesNotification.type, {
          watchers: WATCHED.map((globPattern) => ({ globPattern })),
        });
      }),
    );
    // notebooks: the library keeps each notebook's cells (as TextDocuments) in step with the client
    const notebooks = new NotebookDocuments(TextDocument);
    const notebookChanged = (nb: { uri: string; version: number }) =>
      this.notify((s) => {
        const notebook = notebooks.getNotebookDocument(nb.uri);
        if (notebook) s.notebookChanged(nb.uri, cellsOf(notebooks, notebook), notebook.version);
      });
    notebooks.onDidOpen(notebookChanged);
    notebooks.onDidChange(({ notebookDocument }) => notebookChanged(notebookDocument));
    notebooks.onDidSave((nb) => this.notify((s) => s.saved(nb.uri)));
    notebooks.onDidClose((nb) => this.notify((s) => s.closeNotebook(nb.uri)));
    notebooks.listen(c);
    c.onDidOpenTextDocument(({ textDocument: d }) => this.notify((s) => s.open(d.uri, d.text, d.version)));
    c.onDidChangeTextDocument(({ textDocument: d, contentChanges }) =>
      this.notify((s) => s.change(d.uri, d.version, contentChanges)),
    );
    c.onDidSaveTextDocument(({ textDocument: d }) => this.notify((s) => s.saved(d.uri)));
    c.onDidCloseTextDocument(({ textDocument: d }) => this.notify((s) => s.close(d.uri)));
    c.onDidChangeConfiguration(() => this.notify((s) => s.refreshAll()));
    c.onDidChangeWatchedFiles(({ changes }) => this.notify((s) => s.watchedFilesChanged(changes)));
    c.onCodeAction((params, token) =>
      this.request("textDocument/codeAction", (s) => (token.isCancellationRequested ? null : codeActions(s, params))),
    );
    c.onExecuteCommand((params, token, workDone) =>
      this.request("workspace/executeCommand", (s) => executeCommand(s, params, token, workDone)),
    );
    c.onShutdown(() => this.request("shutdown", (s) => s.dispose()));
    // any other request: -32002 before initialize, as the protocol asks; else "no such method"
    c.onRequest((method) =>
      this.request(method, () => new ResponseError<void>(ErrorCodes.MethodNotFound, `Unhandled method ${method}`)),
    );
    c.listen();
  }

  private initialize(params: InitializeParams): Promise<InitializeResult> {
    const client = clientFacts(params);
    this.starting = loadPython().then((parsing) => {
      this.session = new Session(this.connection, parsing, client);
      return this.session;
    });
    return this.starting.then(() => ({
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
        notebookDocumentSync: { notebookSelector: NOTEBOOK_SELECTOR, save: true },
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
        codeActionProvider: { codeActionKinds: CODE_ACTION_KINDS },
        executeCommandProvider: { commands: COMMANDS },
      },
      serverInfo: { name: "pyreview" },
    }));
  }

  /** Runs a request once the session exists; before `initialize` the answer is ServerNotInitialized. */
  private request<R>(method: string, run: (session: Session) => R | Promise<R>): Promise<R> | ResponseError<void> {
    if (!this.starting)
      return new ResponseError(ErrorCodes.ServerNotInitialized, `pyreview: ${method} before initialize`);
    return (this.session ? Promise.resolve(this.session) : this.starting).then(run);
  }

  /** Runs a notification in arrival order; before `initialize` it is dropped, as the protocol asks. */
  private notify(run: (session: Session) => void): void {
    if (this.session) run(this.session);
    else
      this.starting?.then(run).catch((error: unknown) => {
        this.connection.console.error(`pyreview: ${error instanceof Error ? (error.stack ?? error.message) : error}`);
      });
  }
}
