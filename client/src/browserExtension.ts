// The browser client (vscode.dev, github.dev: the web worker extension host). The language server
// runs in a Web Worker; it gets its script and tree-sitter's WebAssembly from here (read from the
// extension, wherever that is served from) and asks here for the workspace's files
// (workspaceFiles.ts). No Python interpreter: modules are found in the workspace.
import * as vscode from "vscode";
import {
  BrowserMessageReader,
  BrowserMessageWriter,
  LanguageClient,
  type MessageTransports,
} from "vscode-languageclient/browser";
import { clientOptions, startClient, type ClientPlatform } from "./start";
import { answerFileQueries } from "./workspaceFiles";

/** The parts of a browser's globals used here (the project's types are Node's). */
interface WebWorker {
  postMessage(message: unknown): void;
  terminate(): void;
}
declare const Worker: new (url: string, options?: { name?: string }) => WebWorker;
declare const Blob: new (parts: readonly Uint8Array[], options: { type: string }) => object;
declare const URL: { createObjectURL(blob: object): string; revokeObjectURL(url: string): void };
declare function fetch(url: string): Promise<{ ok: boolean; status: number; arrayBuffer(): Promise<ArrayBuffer> }>;

const browser: ClientPlatform = {
  // github.dev and vscode.dev name files vscode-vfs:, a remote workspace vscode-remote:, a local
  // folder opened in vscode.dev file:, @vscode/test-web vscode-test-web:
  schemes: ["file", "untitled", "vscode-vfs", "vscode-remote", "vscode-test-web"],
  relativeLinks: false,
  git: false,
};

let client: LanguageClient | undefined;

/**
 * A file of the extension, read with the workspace file system (any scheme the extension is
 * served from: vscode-remote: from code-server, ...), else fetched (https: from a CDN).
 */
async function readExtensionFile(uri: vscode.Uri): Promise<Uint8Array> {
  try {
    return await vscode.workspace.fs.readFile(uri);
  } catch (error) {
    const response = await fetch(uri.toString(true)).catch(() => null);
    if (!response?.ok) throw error;
    return new Uint8Array(await response.arrayBuffer());
  }
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel("Pyreview", { log: true });
  const dist = vscode.Uri.joinPath(context.extensionUri, "dist");
  const [core, python, script] = await Promise.all(
    ["tree-sitter.wasm", "tree-sitter-python.wasm", "browser/server.js"].map((file) =>
      readExtensionFile(vscode.Uri.joinPath(dist, ...file.split("/"))),
    ),
  );
  // The worker starts from a blob: URL of the script's text, so the extension's own URI scheme
  // never matters (VS Code starts extension workers from blob: URLs too).
  const scriptUrl = URL.createObjectURL(new Blob([script], { type: "text/javascript" }));
  context.subscriptions.push({ dispose: () => URL.revokeObjectURL(scriptUrl) });
  let worker: WebWorker | undefined;
  // A restart stops the client and starts it again: with a new worker. (The transports are made
  // here: the client's own test, `instanceof Worker`, fails on the Worker VS Code wraps.)
  const startWorker = async (): Promise<MessageTransports> => {
    worker?.terminate();
    worker = new Worker(scriptUrl, { name: "pyreview language server" });
    worker.postMessage({ pyreviewWasm: { core, python } });
    return { reader: new BrowserMessageReader(worker), writer: new BrowserMessageWriter(worker) };
  };
  client = new LanguageClient("pyreview", "Pyreview", startWorker, clientOptions(output, browser));
  context.subscriptions.push(answerFileQueries(client));
  await startClient(context, output, client, browser);
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
