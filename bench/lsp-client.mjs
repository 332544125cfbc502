// A small, generic LSP client over stdio for benchmarks and tests.
//
//   import { startLspClient } from './lsp-client.mjs';
//   const c = startLspClient('node', ['dist/server.js', '--stdio'], { settings: { pyreview: { debounceMs: 0 } } });
//   await c.initialize(rootUri, initializationOptions, capabilities);
//   c.open(uri, text);                       // version 1
//   const wait = c.waitForDiagnostics(uri, 1);
//   const { diagnostics } = await wait;
//   c.change(uri, 2, [{ range, text: 'x' }]);
//   await c.waitForDiagnostics(uri, 2);
//   await c.shutdown();
//
// Server->client requests handled: workspace/configuration (answered from `settings`, by dotted
// section), client/registerCapability and client/unregisterCapability (accepted),
// window/workDoneProgress/create (accepted), workspace/workspaceFolders, window/showMessageRequest
// (null), workspace/applyEdit (not applied), workspace/*/refresh (accepted). Anything else gets null.
// A request in flight when the server exits (or the connection closes) is rejected, not left hanging.
import { spawn } from "node:child_process";
import { performance } from "node:perf_hooks";
import rpc from "vscode-jsonrpc/node";

const { createMessageConnection, StreamMessageReader, StreamMessageWriter } = rpc;

/** Default client capabilities: push diagnostics (with version support), no pull. */
export const DEFAULT_CAPABILITIES = {
  workspace: {
    configuration: true,
    workspaceFolders: true,
    didChangeConfiguration: { dynamicRegistration: true },
  },
  textDocument: {
    synchronization: { dynamicRegistration: false, didSave: true },
    publishDiagnostics: {
      relatedInformation: true,
      versionSupport: true,
      codeDescriptionSupport: true,
      dataSupport: true,
    },
    codeAction: { dynamicRegistration: true },
  },
  window: { workDoneProgress: true },
  general: { positionEncodings: ["utf-16"] },
};

function lookup(settings, section) {
  if (!section) return settings ?? null;
  let cur = settings;
  for (const part of section.split(".")) {
    if (cur == null || typeof cur !== "object" || !(part in cur)) return null;
    cur = cur[part];
  }
  return cur ?? null;
}

/**
 * Spawn `command args` and speak LSP over its stdio.
 * options: { cwd, env, settings (object answered to workspace/configuration by section),
 *            stderr: 'inherit' | 'ignore' | 'pipe' (default 'pipe', kept in client.stderrText()),
 *            trace: boolean (log every message to stderr) }
 */
export function startLspClient(command, args = [], options = {}) {
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: options.env ?? process.env,
    stdio: ["pipe", "pipe", options.stderr === "inherit" ? "inherit" : options.stderr === "ignore" ? "ignore" : "pipe"],
  });
  let stderrBuf = "";
  if (child.stderr) {
    child.stderr.setEncoding("utf8");
    child.stderr.on("data", (d) => {
      stderrBuf += d;
      if (stderrBuf.length > 1_000_000) stderrBuf = stderrBuf.slice(-500_000);
    });
  }
  let exited = null;
  /** requests sent and not yet answered: { method, reject } */
  const inFlight = new Set();
  const rejectInFlight = (why) => {
    for (const r of [...inFlight]) {
      inFlight.delete(r);
      r.reject(new Error(`${why} while waiting for the answer to ${r.method}\n${tail(stderrBuf)}`));
    }
  };
  const exitPromise = new Promise((resolve) => {
    child.on("exit", (code, signal) => {
      exited = { code, signal };
      for (const w of waiters.splice(0))
        w.reject(
          new Error(
            `server exited (code ${code}, signal ${signal}) while waiting for diagnostics of ${w.uri} v${w.version}\n${tail(stderrBuf)}`,
          ),
        );
      rejectInFlight(`server exited (code ${code}, signal ${signal})`);
      resolve(exited);
    });
  });
  child.on("error", (err) => {
    for (const w of waiters.splice(0)) w.reject(err);
    rejectInFlight(`server failed to run (${err.message})`);
  });
  child.stdin.on("error", () => {}); // EPIPE if the server dies; reported via exit

  const connection = createMessageConnection(
    new StreamMessageReader(child.stdout),
    new StreamMessageWriter(child.stdin),
  );
  // vscode-jsonrpc leaves a request pending forever when the other end dies: every request goes
  // through `inFlight`, rejected on exit or close (with the server's stderr) instead of hanging
  const sendRequest = connection.sendRequest.bind(connection);
  connection.sendRequest = (type, ...rest) => {
    const method = typeof type === "string" ? type : type.method;
    if (exited) {
      return Promise.reject(
        new Error(`server already exited (${JSON.stringify(exited)}); cannot send ${method}\n${tail(stderrBuf)}`),
      );
    }
    return new Promise((resolve, reject) => {
      const entry = { method, reject };
      inFlight.add(entry);
      sendRequest(type, ...rest).then(
        (value) => {
          inFlight.delete(entry);
          resolve(value);
        },
        (error) => {
          inFlight.delete(entry);
          reject(error);
        },
      );
    });
  };
  let settings = options.settings ?? {};
  const serverRequests = []; // { method, params } log of server->client requests
  const logMessages = []; // window/logMessage and window/showMessage params, with their `method`
  /** uri -> last publishDiagnostics params (+ receivedAt) */
  const lastDiagnostics = new Map();
  /** every publish, in arrival order ({ uri, version, count }), when options.keepLog */
  const diagnosticsLog = options.keepLog ? [] : null;
  /** pending waiters { uri, version, resolve, reject, timer } */
  const waiters = [];
  const trace = !!options.trace;

  connection.onRequest((method, params) => {
    serverRequests.push({ method, params });
    if (trace) console.error("[server->client request]", method, JSON.stringify(params));
    switch (method) {
      case "workspace/configuration":
        return (params?.items ?? []).map((item) => lookup(settings, item.section));
      case "client/registerCapability":
      case "client/unregisterCapability":
      case "window/workDoneProgress/create":
      case "workspace/diagnostic/refresh":
      case "workspace/semanticTokens/refresh":
      case "workspace/inlayHint/refresh":
      case "workspace/inlineValue/refresh":
      case "workspace/codeLens/refresh":
        return null;
      case "workspace/workspaceFolders":
        return client.workspaceFolders ?? null;
      case "window/showMessageRequest":
        return null;
      case "window/showDocument":
        return { success: false };
      case "workspace/applyEdit":
        return { applied: false, failureReason: "benchmark client does not apply edits" };
      default:
        return null;
    }
  });

  connection.onNotification((method, params) => {
    if (trace)
      console.error(
        "[server->client notification]",
        method,
        method === "textDocument/publishDiagnostics"
          ? `${params.uri} v${params.version} n=${params.diagnostics?.length}`
          : JSON.stringify(params),
      );
    if (method === "textDocument/publishDiagnostics") {
      const receivedAt = performance.now();
      const entry = { ...params, receivedAt };
      lastDiagnostics.set(params.uri, entry);
      if (diagnosticsLog)
        diagnosticsLog.push({ uri: params.uri, version: params.version, count: params.diagnostics?.length ?? 0 });
      for (let i = 0; i < waiters.length; i++) {
        const w = waiters[i];
        if (w.uri !== params.uri) continue;
        const versionOk =
          params.version === undefined || params.version === null ? w.acceptUnversioned : params.version === w.version;
        if (!versionOk) continue;
        waiters.splice(i--, 1);
        clearTimeout(w.timer);
        w.resolve(entry);
      }
    } else if (method === "window/logMessage" || method === "window/showMessage") {
      logMessages.push({ method, ...params });
      if (logMessages.length > 1000) logMessages.shift();
    }
  });
  connection.onError(([err]) => {
    if (trace) console.error("[connection error]", err);
  });
  connection.onClose(() => {
    for (const w of waiters.splice(0))
      w.reject(
        new Error(`connection closed while waiting for diagnostics of ${w.uri} v${w.version}\n${tail(stderrBuf)}`),
      );
    // the process's exit usually follows at once and says more (code, signal)
    void Promise.race([exitPromise, delay(500)]).then(() => rejectInFlight("connection closed"));
  });
  connection.listen();

  const client = {
    child,
    connection,
    serverRequests,
    logMessages,
    lastDiagnostics,
    diagnosticsLog,
    initializeResult: null,
    workspaceFolders: null,
    get exited() {
      return exited;
    },
    stderrText: () => stderrBuf,
    setSettings(next) {
      settings = next;
    },

    /** initialize + initialized. Returns the InitializeResult. */
    async initialize(rootUri, initializationOptions, capabilities = DEFAULT_CAPABILITIES, extra = {}) {
      client.workspaceFolders = rootUri ? [{ uri: rootUri, name: rootUri.split("/").pop() || "root" }] : null;
      const result = await connection.sendRequest("initialize", {
        processId: process.pid,
        clientInfo: { name: "pyreview-bench", version: "0" },
        rootUri: rootUri ?? null,
        rootPath: rootUri ? decodeURIComponent(new URL(rootUri).pathname) : null,
        workspaceFolders: client.workspaceFolders,
        capabilities,
        initializationOptions,
        ...extra,
      });
      client.initializeResult = result;
      await connection.sendNotification("initialized", {});
      return result;
    },

    open(uri, text, languageId = "python", version = 1) {
      return connection.sendNotification("textDocument/didOpen", { textDocument: { uri, languageId, version, text } });
    },

    /** contentChanges: [{ range, text }] (incremental) or [{ text }] (full). */
    change(uri, version, contentChanges) {
      return connection.sendNotification("textDocument/didChange", { textDocument: { uri, version }, contentChanges });
    },

    close(uri) {
      return connection.sendNotification("textDocument/didClose", { textDocument: { uri } });
    },

    /**
     * Resolves with the first publishDiagnostics for `uri` whose version === `version`
     * (or, with acceptUnversioned, any unversioned publish arriving after this call).
     * Register the wait before (or synchronously right after) sending the change.
     */
    waitForDiagnostics(uri, version, { timeoutMs = 30_000, acceptUnversioned = false } = {}) {
      const last = lastDiagnostics.get(uri);
      if (last && last.version === version && version !== undefined && version !== null) return Promise.resolve(last);
      if (exited)
        return Promise.reject(new Error(`server already exited (${JSON.stringify(exited)})\n${tail(stderrBuf)}`));
      return new Promise((resolve, reject) => {
        const w = { uri, version, acceptUnversioned, resolve, reject, timer: null };
        w.timer = setTimeout(() => {
          const i = waiters.indexOf(w);
          if (i >= 0) waiters.splice(i, 1);
          const seen = lastDiagnostics.get(uri);
          reject(
            new Error(
              `timeout after ${timeoutMs} ms waiting for publishDiagnostics ${uri} v${version}; last seen: ${seen ? `v${seen.version} (${seen.diagnostics.length} diagnostics)` : "none"}`,
            ),
          );
        }, timeoutMs);
        waiters.push(w);
      });
    },

    /** Pull model: textDocument/diagnostic request. */
    pullDiagnostics(uri, previousResultId) {
      return connection.sendRequest("textDocument/diagnostic", {
        textDocument: { uri },
        ...(previousResultId ? { previousResultId } : {}),
      });
    },

    request(method, params) {
      return connection.sendRequest(method, params);
    },
    notify(method, params) {
      return connection.sendNotification(method, params);
    },

    /** shutdown + exit; kills the process if it does not exit within timeoutMs. */
    async shutdown(timeoutMs = 5000) {
      if (!exited) {
        try {
          await Promise.race([connection.sendRequest("shutdown"), delay(timeoutMs)]);
          await connection.sendNotification("exit");
        } catch {
          /* server may already be gone */
        }
        const done = await Promise.race([exitPromise, delay(timeoutMs).then(() => null)]);
        if (!done) {
          child.kill("SIGKILL");
          await exitPromise;
        }
      }
      connection.dispose();
      return exited;
    },
  };
  return client;
}

function delay(ms) {
  return new Promise((r) => setTimeout(r, ms).unref?.());
}

function tail(s, n = 2000) {
  return s.length > n ? "…" + s.slice(-n) : s;
}
