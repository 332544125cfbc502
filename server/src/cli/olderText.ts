// A file's text at a git commit (--since checks each changed file at the merge base too): checked
// as that file, with its settings, and never written.
import * as fs from "node:fs";
import type { PythonParsing } from "../parsing/parser";
import { decodeSource } from "../parsing/sourceText";
import type { SourceRead } from "../node/sourceFile";
import { checkFile, type CliOptions, type FileResult } from "./checkFile";
import { checkNotebookFile, isNotebookPath } from "./notebookFile";
import { notChecked } from "./unchecked";

export function checkOlderText(parsing: PythonParsing, file: string, text: string, options: CliOptions): FileResult {
  const bytes = Buffer.from(text, "utf8");
  const decoded = decodeSource(bytes);
  if (!decoded.ok) return notChecked(file, decoded.reason);
  let stat: fs.Stats;
  try {
    // (a read's status only serves a later write, and an older version is never written)
    stat = fs.statSync(file);
  } catch (error) {
    return notChecked(file, error instanceof Error ? error.message : String(error));
  }
  const given: SourceRead = { ...decoded, bytes, stat };
  const readOnly: CliOptions = { ...options, fix: false, diff: false, addNoqa: false };
  return isNotebookPath(file)
    ? checkNotebookFile(parsing, file, readOnly, given)
    : checkFile(parsing, file, readOnly, given);
}
