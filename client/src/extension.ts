// The thin VS Code client: starts the language server, registers commands, shows reports.
import * as vscode from "vscode";
import {
  LanguageClient,
  TransportKind,
  type LanguageClientOptions,
  type ServerOptions,
} from "vscode-languageclient/node";
import { explicitSettings, mayRunCode } from "./settings";
import { activePythonInterpreter, onInterpreterChange } from "./python";
import { fixAll, reviewFile } from "./reviewCommands";
import { reviewWorkspace } from "./reviewWorkspace";
import { reviewChanges } from "./reviewChanges";
import { createLanguageStatus } from "./languageStatus";

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel("Pyreview", { log: true });
  const module = context.asAbsolutePath("dist/server.js");
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ["--nolazy", "--inspect=6010"] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: "file", language: "python" },
      { scheme: "untitled", language: "python" },
      // Python cells of Jupyter notebooks: synced as notebooks (the server's notebookDocumentSync),
      // matched here so that code actions reach them
      { notebook: { notebookType: "jupyter-notebook" }, language: "python" },
    ],
    outputChannel: output,
    initializationOptions: { settings: explicitSettings(undefined) },
    middleware: {
      workspace: {
        configuration: async (params, token, next) => {
          const result = await next(params, token);
          if (!Array.isArray(result)) return result;
          return Promise.all(
            params.items.map(async (item, i) => {
              if (item.section !== "pyreview") return result[i];
              const scope = item.scopeUri ? vscode.Uri.parse(item.scopeUri) : undefined;
              const values = explicitSettings(scope);
              const python = values.python as Record<string, unknown> | undefined;
              // the Python extension's interpreter may be one in the workspace: it too runs code
              if (!python?.interpreter && mayRunCode()) {
                const interpreter = await activePythonInterpreter(scope);
                if (interpreter) values.python = { ...python, interpreter };
              }
              return values;
            }),
          );
        },
      },
    },
  };
  client = new LanguageClient("pyreview", "Pyreview", serverOptions, clientOptions);
  const c = client;
  const pullSettings = (): void => void c.sendNotification("workspace/didChangeConfiguration", { settings: null });
  context.subscriptions.push(
    vscode.commands.registerCommand("pyreview.reviewFile", (uri?: vscode.Uri) =>
      reviewFile(context, c, uri instanceof vscode.Uri ? uri : undefined),
    ),
    vscode.commands.registerCommand("pyreview.reviewWorkspace", () => reviewWorkspace(context, c)),
    vscode.commands.registerCommand("pyreview.reviewChanges", (ref?: unknown) => reviewChanges(context, c, ref)),
    vscode.commands.registerCommand("pyreview.fixAll", () => fixAll(c)),
    vscode.commands.registerCommand("pyreview.showLogs", () => output.show()),
    vscode.commands.registerCommand("pyreview.restartServer", async () => {
      await c.restart();
      void vscode.window.setStatusBarMessage("Pyreview: server restarted", 3000);
    }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration("pyreview")) pullSettings();
    }),
    // trusted now: the server pulls the settings again, this time with those that run code
    vscode.workspace.onDidGrantWorkspaceTrust(pullSettings),
    // another interpreter picked in the Python extension: the settings carry it (middleware above)
    onInterpreterChange(pullSettings),
  );
  createLanguageStatus(context);
  await client.start();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
