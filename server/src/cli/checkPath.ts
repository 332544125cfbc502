// Which checker a file gets: a Jupyter notebook's, a Python file's, or --add-noqa's; a file's
// text at a git commit (--since) is checked as that file.
import * as fs from "node:fs";
import type { PythonParsing } from "../parsing/parser";
import { decodeSource, type SourceRead } from "../parsing/sourceFile";
import { checkFile, type CliOptions, type FileResult } from "./checkFile";
import { checkNotebookFile, isNotebookPath } from "./notebookFile";
import { addNoqaToFile } from "./addNoqa";
import { notChecked } from "./unchecked";

/** A file to check: its path (read from disk), or its path and a text of it (an older version). */
export type CheckItem = string | { file: string; text: string };

export function itemPath(item: CheckItem): string {
  return typeof item === "string" ? item : item.file;
}

export function checkPath(parsing: PythonParsing, item: CheckItem, options: CliOptions): FileResult {
  if (typeof item !== "string") return checkOlderText(parsing, item.file, item.text, options);
  const file = item;
  if (isNotebookPath(file)) return checkNotebookFile(parsing, file, options);
  return options.addNoqa ? addNoqaToFile(parsing, file, options) : checkFile(parsing, file, options);
}

/** An older version of a file, checked as that file (its settings apply); never written. */
function checkOlderText(parsing: PythonParsing, file: string, text: string, options: CliOptions): FileResult {
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
