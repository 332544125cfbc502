// The host on Node.js (the CLI and its worker threads, the desktop language server, the library
// the tests load): the disk through node:fs, node:path, the configured Python interpreter run as
// a process, file: URIs, the .wasm files beside the bundle, and the git program.
import * as fs from "node:fs";
import * as path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { type FileStat, type FileSystem, type Host, installHost, type Listing } from "../core/host";
import { dynamicExports } from "./dynamicExports";
import { readRegularFile } from "./fileRead";
import { collectFiles } from "./files";
import { nodeGit } from "./git";
import { clearInterpreterCache, interpreterInfo, warmInterpreter } from "./interpreter";

const diskFiles: FileSystem = {
  stat(file: string): FileStat | null {
    try {
      // (no exception for an absent file, the usual answer: configuration looked for in every folder)
      const st = fs.statSync(file, { throwIfNoEntry: false });
      if (!st) return null;
      return { kind: st.isFile() ? "file" : st.isDirectory() ? "dir" : "other", mtimeMs: st.mtimeMs, size: st.size };
    } catch {
      return null;
    }
  },
  listDirectory(dir: string): Listing | null {
    try {
      const listing: Listing = new Map();
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        let kind: "dir" | "file" | null = e.isDirectory() ? "dir" : e.isFile() ? "file" : null;
        if (e.isSymbolicLink()) {
          try {
            const st = fs.statSync(path.join(dir, e.name));
            kind = st.isDirectory() ? "dir" : st.isFile() ? "file" : null;
          } catch {
            kind = null;
          }
        }
        if (kind) listing.set(e.name, kind);
      }
      return listing;
    } catch {
      return null;
    }
  },
  readFile: (file) => fs.readFileSync(file),
  readBounded: (file, maxBytes) => readRegularFile(file, maxBytes),
  realpath: (file) => fs.realpathSync(file),
};

/** Directory holding tree-sitter.wasm and tree-sitter-python.wasm (dist/ when bundled). */
function wasmDirectory(): string {
  return process.env.PYREVIEW_WASM_DIR ?? __dirname;
}

export const nodeHost: Host = {
  files: diskFiles,
  path,
  python: {
    info: interpreterInfo,
    warm: warmInterpreter,
    forget: clearInterpreterCache,
    dynamicExports,
  },
  documents: {
    pathOf: (uri) => (uri.startsWith("file:") ? fileURLToPath(uri) : null),
    uriOf: (file) => pathToFileURL(file).href,
  },
  cwd: () => process.cwd(),
  wasm: (file) => path.join(wasmDirectory(), file),
  sourceFiles: async (root, exclude) => collectFiles([root], exclude, root).files,
  git: nodeGit,
};

export function installNodeHost(): void {
  installHost(nodeHost);
}
