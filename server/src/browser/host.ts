// The host in a browser's web worker (vscode.dev, github.dev): files through the client
// (RemoteFileSystem, answered with vscode.workspace.fs), POSIX paths taken from the documents'
// URIs, no Python interpreter, and tree-sitter's WebAssembly as bytes the client read from the
// extension and posted to the worker before the language server started.
import type { Connection } from "vscode-languageserver";
import type { Host } from "../core/host";
import * as posixPath from "../core/posixPath";
import { DocumentPaths } from "./documentPaths";
import { noInterpreter } from "./noInterpreter";
import { FILES_REQUEST, type FilesParams, type FilesResult } from "./protocol";
import { RemoteFileSystem } from "./remoteFiles";
import { walkSourceFiles } from "./sourceFiles";

/** What the client posts to the worker first: the two .wasm files of the extension. */
export interface WasmMessage {
  pyreviewWasm: { core: Uint8Array; python: Uint8Array };
}

export function isWasmMessage(data: unknown): data is WasmMessage {
  const w = (data as Partial<WasmMessage> | null)?.pyreviewWasm;
  return !!w && w.core instanceof Uint8Array && w.python instanceof Uint8Array;
}

/** How long the client may take to answer one request for files. */
export const FILES_TIMEOUT_MS = 30_000;

export function browserHost(connection: Connection, wasm: WasmMessage["pyreviewWasm"]): Host {
  const documents = new DocumentPaths();
  const files = new RemoteFileSystem(
    (queries) => withTimeout(connection.sendRequest<FilesResult>(FILES_REQUEST, { queries } satisfies FilesParams)),
    (path) => documents.uriOf(path),
  );
  return {
    files,
    path: posixPath,
    python: noInterpreter,
    documents,
    cwd: () => "/",
    wasm: (file) => (file === "tree-sitter-python.wasm" ? wasm.python : wasm.core),
    sourceFiles: walkSourceFiles,
  };
}

function withTimeout(request: Promise<FilesResult>): Promise<FilesResult["answers"]> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${FILES_TIMEOUT_MS / 1000} s`)), FILES_TIMEOUT_MS);
  });
  return Promise.race([request, timeout])
    .then((result) => result.answers)
    .finally(() => clearTimeout(timer));
}
