// The records the CLI reports besides rule findings, so that a run is never silently green: E999
// for a syntax error (the file is still analysed: tree-sitter recovers), E902 for a file asked for
// and not checked. Same shape as a finding in every format.
import type { LocatedFinding } from "../engine/located";
import type { LineIndex } from "../parsing/lineIndex";
import type { SyntaxErrorAt } from "../parsing/syntaxError";
import { README_URL } from "../rules/docs";

/** Codes outside the rules (as ruff's and flake8's): not selectable, not suppressible. */
export const RECORD_KINDS = [
  {
    code: "E999",
    name: "syntax-error",
    summary: "The file has a syntax error; the code around it may be analysed partly or not at all.",
  },
  {
    code: "E902",
    name: "io-error",
    summary:
      "A file asked for was not checked: unreadable, not UTF-8 text, binary, over the size limit or the parse budget, not a regular file, or a name that is not valid UTF-8.",
  },
] as const;

export const RECORDS_URL = `${README_URL}#exit-status-and-files-not-checked`;

/** E999 at the first syntax error. */
export function syntaxErrorRecord(file: string, lines: LineIndex, at: SyntaxErrorAt): LocatedFinding {
  const start = lines.positionAt(at.start);
  const end = lines.positionAt(at.end);
  return {
    path: file,
    code: "E999",
    name: "syntax-error",
    severity: "error",
    line: start.line + 1,
    column: lines.characterColumn(at.start) + 1,
    endLine: end.line + 1,
    endColumn: lines.characterColumn(at.end) + 1,
    message: at.message,
    fix: null,
  };
}

/** E902 for a file asked for and not checked; the reason is the message. */
export function ioErrorRecord(file: string, reason: string): LocatedFinding {
  return {
    path: file,
    code: "E902",
    name: "io-error",
    severity: "error",
    line: 1,
    column: 1,
    endLine: 1,
    endColumn: 1,
    message: reason,
    fix: null,
  };
}
