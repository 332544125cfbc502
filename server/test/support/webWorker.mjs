// The browser build's language server (dist/browser/server.js) run as a web worker would run
// it, inside this process: a V8 context holding only what a worker's global scope offers
// (postMessage and message events, timers, TextDecoder, URL, atob, WebAssembly, ...) and none of
// Node's (require, process, Buffer, setImmediate, __dirname), so a Node dependency fails here as
// it would in vscode.dev. Messages cross as structured clones would: copied into the worker's
// realm. The client end is a vscode-jsonrpc connection that answers `pyreview/files` from an
// in-memory workspace, as the browser client answers it from vscode.workspace.fs.
import * as fs from "node:fs";
import * as path from "node:path";
import vm from "node:vm";
import rpc from "vscode-jsonrpc/node";
import { REPO } from "./engine.mjs";

export const BROWSER_SERVER = path.join(REPO, "dist/browser/server.js");

/**
 * Starts the worker. `files` maps URIs (`vscode-vfs://github/o/r/pkg/m.py`) to text; folders are
 * implied. `settings` is the pyreview section the client answers workspace/configuration with.
 */
export function startWebWorker({ files = {}, settings = {} } = {}) {
  const toClient = new rpc.Emitter();
  const listeners = new Set();
  const errors = [];
  const scope = {
    location: { href: "blob:vscode-webview://pyreview/0c4b5e1a" },
    // a worker started from a blob: URL (as VS Code starts them) with its script's origin
    postMessage: (message) => setTimeout(() => toClient.fire(JSON.parse(JSON.stringify(message))), 0),
    addEventListener: (type, listener) => type === "message" && listeners.add(listener),
    removeEventListener: (type, listener) => type === "message" && listeners.delete(listener),
    close() {},
    setTimeout,
    clearTimeout,
    setInterval,
    clearInterval,
    queueMicrotask,
    TextDecoder,
    TextEncoder,
    URL,
    atob,
    btoa,
    performance,
    crypto: globalThis.crypto,
    console: { log() {}, info() {}, debug() {}, warn() {}, error: (...a) => errors.push(a.join(" ")) },
  };
  const context = vm.createContext(scope, { name: "pyreview web worker" });
  vm.runInContext(
    "globalThis.self = globalThis; globalThis.WorkerGlobalScope = function WorkerGlobalScope() {};",
    context,
  );
  const realm = vm.runInContext("({ JSON, Uint8Array })", context);
  // (as a structured clone: the worker sees objects of its own realm)
  // (the handlers are taken before dispatch: one added by a handler sees the next message, as in a browser)
  const deliver = (data) =>
    setTimeout(() => {
      for (const handler of [...listeners, scope.onmessage]) handler?.({ data });
    }, 0);
  vm.runInContext(fs.readFileSync(BROWSER_SERVER, "utf8"), context, { filename: BROWSER_SERVER });
  const wasm = (name) => new realm.Uint8Array(fs.readFileSync(path.join(REPO, "dist", name)));
  deliver({ pyreviewWasm: { core: wasm("tree-sitter.wasm"), python: wasm("tree-sitter-python.wasm") } });

  class Reader extends rpc.AbstractMessageReader {
    listen(callback) {
      return toClient.event(callback);
    }
  }
  class Writer extends rpc.AbstractMessageWriter {
    async write(message) {
      deliver(realm.JSON.parse(JSON.stringify(message)));
    }
    end() {}
  }
  const client = rpc.createMessageConnection(new Reader(), new Writer());
  const workspace = new Map(Object.entries(files));
  const fileQueries = [];
  client.onRequest("pyreview/files", ({ queries }) => {
    fileQueries.push(queries);
    return { answers: queries.map((q) => answer(workspace, q)) };
  });
  client.onRequest("workspace/configuration", ({ items }) =>
    items.map((item) => (item.section === "pyreview" ? settings : null)),
  );
  client.onRequest("client/registerCapability", () => null);
  client.onRequest("window/workDoneProgress/create", () => null);
  client.onRequest("window/showMessageRequest", () => null);
  const messages = [];
  client.onNotification("window/logMessage", (p) => messages.push(p));
  client.onNotification("window/showMessage", (p) => messages.push(p));
  const published = new Map();
  const waiters = [];
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
    /** Every `pyreview/files` request's queries, in order. */
    fileQueries,
    messages,
    errors,
    /** The workspace the client answers from (change it to simulate edits on disk). */
    workspace,
    published,
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
    async stop() {
      await client.sendRequest("shutdown");
      client.dispose();
    },
  };
}

/** What the browser client answers for one query, from `workspace` (URI → text). */
function answer(workspace, { uri, list, read }) {
  const prefix = uri.endsWith("/") ? uri : `${uri}/`;
  const text = workspace.get(uri);
  if (text !== undefined) {
    const bytes = Buffer.from(text, "utf8");
    const out = { stat: { type: "file", mtime: 1, size: bytes.length } };
    if (read !== undefined) {
      if (bytes.length > read) out.readError = `larger than ${read} bytes`;
      else out.content = bytes.toString("base64");
    }
    return out;
  }
  const below = [...workspace.keys()].filter((k) => k.startsWith(prefix));
  if (!below.length) return { stat: null };
  const out = { stat: { type: "dir", mtime: 1, size: 0 } };
  if (list) {
    const entries = new Map();
    for (const k of below) {
      const rest = k.slice(prefix.length).split("/");
      entries.set(rest[0], rest.length > 1 ? "dir" : "file");
    }
    out.entries = [...entries];
  }
  return out;
}
