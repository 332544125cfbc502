// The desktop client: starts the language server as a Node process (IPC) and hands the shared
// client (start.ts) the Python extension's interpreter.
import * as vscode from "vscode";
import { LanguageClient, TransportKind, type ServerOptions } from "vscode-languageclient/node";
import { activePythonInterpreter, onInterpreterChange } from "./python";
import { clientOptions, startClient, type ClientPlatform } from "./start";

let client: LanguageClient | undefined;

const desktop: ClientPlatform = {
  schemes: ["file", "untitled"],
  interpreterFor: activePythonInterpreter,
  onInterpreterChange,
  relativeLinks: true,
  git: true,
};

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel("Pyreview", { log: true });
  const module = context.asAbsolutePath("dist/server.js");
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ["--nolazy", "--inspect=6010"] } },
  };
  client = new LanguageClient("pyreview", "Pyreview", serverOptions, clientOptions(output, desktop));
  await startClient(context, output, client, desktop);
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
