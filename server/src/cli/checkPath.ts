// Which checker a file gets: a Jupyter notebook's, or a Python file's.
import type { PythonParsing } from "../parsing/parser";
import { checkFile, type CliOptions, type FileResult } from "./checkFile";
import { checkNotebookFile, isNotebookPath } from "./notebookFile";

export function checkPath(parsing: PythonParsing, file: string, options: CliOptions): FileResult {
  return isNotebookPath(file) ? checkNotebookFile(parsing, file, options) : checkFile(parsing, file, options);
}
