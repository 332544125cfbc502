// What the desktop client (extension.ts, Node) and the browser client (browserExtension.ts, a
// web worker) share: the client options, the commands, the language status, following settings.
// Each passes what differs: how the server is started, which documents it can read, and where
// the Python interpreter comes from (the desktop asks the Python extension; the browser has none).
import * as vscode from "vscode";
import type { BaseLanguageClient, LanguageClientOptions } from "vscode-languageclient";
import { createLanguageStatus } from "./languageStatus";
import { reviewChanges } from "./reviewChanges";
import { fixAll, reviewFile } from "./reviewCommands";
import { reviewWorkspace } from "./reviewWorkspace";
import { explicitSettings, mayRunCode } from "./settings";

export interface ClientPlatform {
  /** The URI schemes of the documents the server can review. */
  schemes: readonly string[];
  /** The interpreter for `scope` when the settings name none (the desktop asks the Python extension). */
  interpreterFor?: (scope: vscode.Uri | undefined) => Promise<string | undefined>;
  /** Calls `changed` when that interpreter changes. */
  onInterpreterChange?: (changed: () => void) => vscode.Disposable;
  /**
   * Whether report links are paths relative to the report (the desktop) rather than paths from
   * the workspace folder (the browser: the report and the files live in different file systems).
   */
  relativeLinks: boolean;
  /** Whether the server can run git for Review Changes (the desktop's can; a browser's has no git). */
  git: boolean;
}

export function clientOptions(output: vscode.LogOutputChannel, platform: ClientPlatform): LanguageClientOptions {
  return {
    documentSelector: [
      ...platform.schemes.map((scheme) => ({ scheme, language: "python" })),
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
              if (!python?.interpreter && mayRunCode() && platform.interpreterFor) {
                const interpreter = await platform.interpreterFor(scope);
                if (interpreter) values.python = { ...python, interpreter };
              }
              return values;
            }),
          );
        },
      },
    },
  };
}

/** Registers the commands and the language status for `client`, and starts it. */
export async function startClient(
  context: vscode.ExtensionContext,
  output: vscode.LogOutputChannel,
  client: BaseLanguageClient & { restart?(): Promise<void> },
  platform: ClientPlatform,
): Promise<void> {
  const pullSettings = (): void => void client.sendNotification("workspace/didChangeConfiguration", { settings: null });
  context.subscriptions.push(
    vscode.commands.registerCommand("pyreview.reviewFile", (uri?: vscode.Uri) =>
      reviewFile(context, client, uri instanceof vscode.Uri ? uri : undefined, platform.relativeLinks),
    ),
    vscode.commands.registerCommand("pyreview.reviewWorkspace", () =>
      reviewWorkspace(context, client, platform.relativeLinks),
    ),
    vscode.commands.registerCommand("pyreview.reviewChanges", (ref?: unknown) =>
      platform.git
        ? reviewChanges(context, client, ref, platform.relativeLinks)
        : vscode.window.showInformationMessage(
            "Pyreview: Review Changes runs git, which the browser build cannot: use VS Code desktop or `pyreview review --since REF`.",
          ),
    ),
    vscode.commands.registerCommand("pyreview.fixAll", () => fixAll(client)),
    vscode.commands.registerCommand("pyreview.showLogs", () => output.show()),
    vscode.commands.registerCommand("pyreview.restartServer", async () => {
      // (Node's client restarts itself; the browser's is stopped and started with a new worker)
      if (client.restart) await client.restart();
      else {
        await client.stop();
        await client.start();
      }
      void vscode.window.setStatusBarMessage("Pyreview: server restarted", 3000);
    }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration("pyreview")) pullSettings();
    }),
    // trusted now: the server pulls the settings again, this time with those that run code
    vscode.workspace.onDidGrantWorkspaceTrust(pullSettings),
  );
  // another interpreter picked in the Python extension: the settings carry it (middleware above)
  if (platform.onInterpreterChange) context.subscriptions.push(platform.onInterpreterChange(pullSettings));
  createLanguageStatus(context);
  await client.start();
}
