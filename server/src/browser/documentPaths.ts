// Paths for the editor's URIs in the browser. github.dev names a file
// `vscode-vfs://github+<ref>/owner/repo/pkg/mod.py`; the engine works on POSIX paths (globs, test
// patterns, module search, messages), so a document's path is its URI's path, `/owner/repo/pkg/mod.py`.
// That holds for the first scheme and authority seen (the workspace folder's, from `initialize`);
// a file of another one gets a path that names them too (`/:scheme:authority/...`), so that no
// two files share a path. Unsaved buffers and notebook cells get none (as on Node).
import { URI } from "vscode-uri";
import type { DocumentNames } from "../core/host";

const NOT_FILES = new Set(["untitled", "vscode-notebook-cell", "vscode-interactive-input", "output"]);
/** The first segment of a path that names another scheme and authority. */
const OTHER = /^\/:([a-zA-Z][\w+.-]*):([^/]*)(\/.*)?$/;

export class DocumentPaths implements DocumentNames {
  private primary: { scheme: string; authority: string } | null = null;

  pathOf(uri: string): string | null {
    let parsed: URI;
    try {
      parsed = URI.parse(uri, true);
    } catch {
      return null;
    }
    if (NOT_FILES.has(parsed.scheme) || !parsed.path.startsWith("/")) return null;
    this.primary ??= { scheme: parsed.scheme, authority: parsed.authority };
    if (parsed.scheme === this.primary.scheme && parsed.authority === this.primary.authority) return parsed.path;
    return `/:${parsed.scheme}:${encodeURIComponent(parsed.authority)}${parsed.path}`;
  }

  uriOf(path: string): string {
    const other = OTHER.exec(path);
    if (other) {
      return URI.from({ scheme: other[1], authority: decodeURIComponent(other[2]), path: other[3] ?? "/" }).toString();
    }
    const { scheme, authority } = this.primary ?? { scheme: "file", authority: "" };
    return URI.from({ scheme, authority, path }).toString();
  }
}
