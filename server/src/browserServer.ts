// The language server in a browser's web worker (the extension's `browser` entry starts it).
// The client first posts the .wasm bytes (a worker started from a blob: URL cannot locate files
// beside its script); then the connection over postMessage serves LSP, as server.ts on Node.
import {
  BrowserMessageReader,
  BrowserMessageWriter,
  createConnection,
  ProposedFeatures,
} from "vscode-languageserver/browser";
import { browserHost, isWasmMessage } from "./browser/host";
import { installHost } from "./core/host";
import { PyreviewServer } from "./lsp/pyreviewServer";

/** The worker's global scope, as much of it as is used here (the project's types are Node's). */
interface WorkerScope {
  addEventListener(type: "message", listener: (event: { data: unknown }) => void): void;
  removeEventListener(type: "message", listener: (event: { data: unknown }) => void): void;
}
declare const self: WorkerScope & ConstructorParameters<typeof BrowserMessageReader>[0];

const waitForWasm = (event: { data: unknown }): void => {
  if (!isWasmMessage(event.data)) return;
  self.removeEventListener("message", waitForWasm);
  const connection = createConnection(
    ProposedFeatures.all,
    new BrowserMessageReader(self),
    new BrowserMessageWriter(self),
  );
  installHost(browserHost(connection, event.data.pyreviewWasm));
  new PyreviewServer(connection).listen();
};
self.addEventListener("message", waitForWasm);
