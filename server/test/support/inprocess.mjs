// The language server in this process: PyreviewServer (dist/api.js) over a connection on in-memory
// streams, and a vscode-jsonrpc client on their other ends. No child process, no stdio.
import { PassThrough } from "node:stream";
import { createRequire } from "node:module";
import rpc from "vscode-jsonrpc/node";
import { api } from "./engine.mjs";

const require = createRequire(import.meta.url);
// the same copy dist/api.js requires (it keeps the LSP library external)
const { createConnection } = require("vscode-languageserver/node");

/**
 * Starts a server; the client answers workspace/configuration with `settings` (the pyreview
 * section), accepts registrations and progress, and records what the server sends.
 */
export function startInProcess(settings = {}) {
  const toServer = new PassThrough();
  const toClient = new PassThrough();
  const serverConnection = createConnection(
    new rpc.StreamMessageReader(toServer),
    new rpc.StreamMessageWriter(toClient),
  );
  new api.PyreviewServer(serverConnection).listen();
  const client = rpc.createMessageConnection(
    new rpc.StreamMessageReader(toClient),
    new rpc.StreamMessageWriter(toServer),
  );
  const published = new Map(); // uri -> last publishDiagnostics params
  const waiters = [];
  const messages = []; // window/logMessage and window/showMessage params
  client.onRequest("workspace/configuration", ({ items }) =>
    items.map((item) => (item.section === "pyreview" ? settings : null)),
  );
  client.onRequest("client/registerCapability", () => null);
  client.onRequest("window/workDoneProgress/create", () => null);
  client.onRequest("window/showMessageRequest", () => null);
  client.onNotification("window/logMessage", (p) => messages.push(p));
  client.onNotification("window/showMessage", (p) => messages.push(p));
  client.onNotification("textDocument/publishDiagnostics", (p) => {
    published.set(p.uri, p);
    for (const w of waiters.splice(0)) {
      if (w.uri === p.uri && w.version === p.version) w.resolve(p);
      else waiters.push(w);
    }
  });
  client.listen();
  return {
    client,
    messages,
    /** uri -> the last publishDiagnostics params */
    published,
    /** Resolves with the diagnostics published for `uri` at `version`. */
    diagnostics(uri, version) {
      const last = published.get(uri);
      if (last?.version === version) return Promise.resolve(last);
      return new Promise((resolve) => waiters.push({ uri, version, resolve }));
    },
    async initialize(rootUri, capabilities) {
      const result = await client.sendRequest("initialize", {
        processId: null,
        rootUri,
        workspaceFolders: [{ uri: rootUri, name: "root" }],
        capabilities,
        initializationOptions: { settings },
      });
      await client.sendNotification("initialized", {});
      return result;
    },
    open(uri, text, version = 1) {
      return client.sendNotification("textDocument/didOpen", {
        textDocument: { uri, languageId: "python", version, text },
      });
    },
    /** `shutdown` without `exit` (which would end this process), then both ends closed. */
    async stop() {
      await client.sendRequest("shutdown");
      client.dispose();
      serverConnection.dispose();
      toServer.end();
      toClient.end();
    },
  };
}
