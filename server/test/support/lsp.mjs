// Helpers for LSP tests: a server over stdio (dist/server.js) and edit application.
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { startLspClient } from "../../../bench/lsp-client.mjs";
import { REPO } from "./engine.mjs";

export const SERVER = path.join(REPO, "dist/server.js");

export const CAPABILITIES = {
  workspace: {
    configuration: true,
    workspaceFolders: true,
    didChangeConfiguration: { dynamicRegistration: true },
    didChangeWatchedFiles: { dynamicRegistration: true },
    applyEdit: true,
  },
  textDocument: {
    synchronization: { dynamicRegistration: false, didSave: true },
    publishDiagnostics: {
      relatedInformation: true,
      versionSupport: true,
      codeDescriptionSupport: true,
      dataSupport: true,
    },
    codeAction: {
      dynamicRegistration: true,
      codeActionLiteralSupport: { codeActionKind: { valueSet: ["quickfix", "source", "source.fixAll"] } },
      isPreferredSupport: true,
      dataSupport: true,
    },
  },
  window: { workDoneProgress: true, showMessage: {} },
};

/** Starts the server in `root` (a folder path) with `settings` for the pyreview section. */
export async function startServer(root, settings = {}) {
  const client = startLspClient("node", [SERVER, "--stdio"], {
    settings: { pyreview: { debounceMs: 0, ...settings } },
    keepLog: true,
  });
  const init = await client.initialize(
    pathToFileURL(root).href,
    { settings: { debounceMs: 0, ...settings } },
    CAPABILITIES,
  );
  return { client, init };
}

export function uriOf(file) {
  return pathToFileURL(file).href;
}

/** Offsets of an LSP position in text (UTF-16). */
export function offsetAt(text, { line, character }) {
  let offset = 0;
  for (let l = 0; l < line; l++) {
    const nl = text.indexOf("\n", offset);
    if (nl < 0) return text.length;
    offset = nl + 1;
  }
  return offset + character;
}

/** Applies LSP TextEdits (non-overlapping) to text. */
export function applyLspEdits(text, edits) {
  const resolved = edits.map((e) => ({
    start: offsetAt(text, e.range.start),
    end: offsetAt(text, e.range.end),
    newText: e.newText,
  }));
  resolved.sort((a, b) => b.start - a.start);
  let out = text;
  for (const e of resolved) out = out.slice(0, e.start) + e.newText + out.slice(e.end);
  return out;
}

/** Waits for the next publishDiagnostics for uri after `since` (performance.now()). */
export async function nextDiagnostics(client, uri, since, timeoutMs = 10000) {
  const t0 = performance.now();
  for (;;) {
    const last = client.lastDiagnostics.get(uri);
    if (last && last.receivedAt > since) return last;
    if (performance.now() - t0 > timeoutMs) throw new Error(`no diagnostics for ${uri} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 5));
  }
}
