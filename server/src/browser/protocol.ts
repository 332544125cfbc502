// The request the browser server sends its client for files: in vscode.dev and github.dev the
// workspace is the editor's (vscode.workspace.fs), not a disk the worker could read. One request
// carries every query of a round (client/src/workspaceFiles.ts answers it).

export const FILES_REQUEST = "pyreview/files";

export interface FileQuery {
  uri: string;
  /** List the folder's entries. */
  list?: boolean;
  /** Read the file's bytes when it is a regular file of at most this many bytes. */
  read?: number;
}

export interface FileAnswer {
  /** Null when the file does not exist or cannot be reached (`error` says why, when it exists). */
  stat: { type: "file" | "dir" | "other"; mtime: number; size: number } | null;
  error?: string;
  /** The folder's files and folders (links followed); null when it could not be listed. */
  entries?: Array<[string, "file" | "dir"]> | null;
  /** The file's bytes in base64, when asked and readable. */
  content?: string;
  /** Why the bytes were not read. */
  readError?: string;
}

export interface FilesParams {
  queries: FileQuery[];
}

export interface FilesResult {
  answers: FileAnswer[];
}

/** Bytes to base64 (JSON-RPC carries text), in chunks that stay below the argument limit. */
export function toBase64(bytes: Uint8Array): string {
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

export function fromBase64(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
