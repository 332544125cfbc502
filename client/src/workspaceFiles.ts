// The browser server's files, answered through the editor's file system (vscode.workspace.fs):
// in vscode.dev and github.dev the workspace is virtual and the worker has no disk to read.
import * as vscode from "vscode";
import type { BaseLanguageClient } from "vscode-languageclient";
import {
  type FileAnswer,
  type FileQuery,
  FILES_REQUEST,
  type FilesParams,
  type FilesResult,
  toBase64,
} from "../../server/src/browser/protocol";

export function answerFileQueries(client: BaseLanguageClient): vscode.Disposable {
  return client.onRequest(
    FILES_REQUEST,
    async ({ queries }: FilesParams): Promise<FilesResult> => ({ answers: await Promise.all(queries.map(answer)) }),
  );
}

const kindOf = (type: vscode.FileType): "file" | "dir" | "other" =>
  type & vscode.FileType.Directory ? "dir" : type & vscode.FileType.File ? "file" : "other";

const describe = (error: unknown): string => (error instanceof Error ? error.message : String(error));

async function answer(query: FileQuery): Promise<FileAnswer> {
  const uri = vscode.Uri.parse(query.uri);
  let stat: vscode.FileStat;
  try {
    stat = await vscode.workspace.fs.stat(uri);
  } catch (error) {
    const missing = error instanceof vscode.FileSystemError && error.code === "FileNotFound";
    return missing ? { stat: null } : { stat: null, error: describe(error) };
  }
  const type = kindOf(stat.type);
  const out: FileAnswer = { stat: { type, mtime: stat.mtime, size: stat.size } };
  if (query.list && type === "dir") {
    try {
      const entries = await vscode.workspace.fs.readDirectory(uri);
      out.entries = entries.flatMap(([name, t]): Array<[string, "file" | "dir"]> => {
        const kind = kindOf(t);
        return kind === "other" ? [] : [[name, kind]];
      });
    } catch {
      out.entries = null;
    }
  }
  if (query.read !== undefined && type === "file") {
    if (stat.size > query.read) out.readError = `larger than ${query.read} bytes (${stat.size} bytes)`;
    else {
      try {
        const bytes = await vscode.workspace.fs.readFile(uri);
        if (bytes.length > query.read) out.readError = `larger than ${query.read} bytes`;
        else out.content = toBase64(bytes);
      } catch (error) {
        out.readError = describe(error);
      }
    }
  }
  return out;
}
