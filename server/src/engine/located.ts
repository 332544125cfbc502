// A finding located in lines and character columns: the shape the CLI, JSON and the report use.
import type { LineIndex } from "../parsing/lineIndex";
import type { Finding, Severity } from "../core/types";

/** One finding as reported outside the engine (1-based lines, columns in characters). */
export interface LocatedFinding {
  path: string;
  code: string;
  name: string;
  severity: Severity;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  message: string;
  fix: { title: string; safe: boolean } | null;
  /** In a notebook only: the cell (1-based, counting every cell); line and columns are the cell's. */
  cell?: number;
}

export function locate(file: string, lines: LineIndex, f: Finding): LocatedFinding {
  const start = lines.positionAt(f.start);
  const end = lines.positionAt(f.end);
  const fix = f.fixes.find((x) => x.safe) ?? f.fixes[0];
  return {
    path: file,
    code: f.code,
    name: f.name,
    severity: f.severity,
    line: start.line + 1,
    column: lines.characterColumn(f.start) + 1,
    endLine: end.line + 1,
    endColumn: lines.characterColumn(f.end) + 1,
    message: f.message,
    fix: fix ? { title: fix.title, safe: fix.safe } : null,
  };
}
