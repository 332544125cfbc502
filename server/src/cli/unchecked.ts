// Files not checked and the exit status: every file asked for has a result, and a run with a file
// not checked or not written is never green.
import type { LocatedFinding } from "../engine/located";
import { emptyResult, type FileResult } from "./checkFile";
import { ioErrorRecord } from "./records";

/** A result for a path that never reached a worker (missing, a name that is not UTF-8, ...). */
export function notChecked(file: string, reason: string): FileResult {
  return { ...emptyResult(file), skipped: reason };
}

/** Everything reported for one file, in order: E902, or the findings with E999 in its place. */
export function recordsOf(r: FileResult): LocatedFinding[] {
  if (r.skipped !== undefined) return [ioErrorRecord(r.path, r.skipped)];
  const e999 = r.syntaxError;
  if (!e999) return r.findings;
  const at = r.findings.findIndex((f) => f.line > e999.line || (f.line === e999.line && f.column > e999.column));
  return at < 0 ? [...r.findings, e999] : [...r.findings.slice(0, at), e999, ...r.findings.slice(at)];
}

/**
 * The DESIGN's exit status: 2 for a configuration or I/O error (a path missing, a file not
 * checked, a write that failed), even with --exit-zero; else 1 for findings (E999 among them)
 * unless --exit-zero; else 0.
 */
export function exitStatus(results: readonly FileResult[], configurationProblems: boolean, exitZero: boolean): number {
  if (configurationProblems) return 2;
  if (results.some((r) => r.skipped !== undefined || r.writeError !== undefined)) return 2;
  if (exitZero) return 0;
  return results.some((r) => r.findings.length || r.syntaxError) ? 1 : 0;
}

/** "Checked 3 files; 1 could not be checked." */
export function countsLine(results: readonly FileResult[]): string {
  const failed = results.filter((r) => r.skipped !== undefined).length;
  const checked = results.length - failed;
  const files = `${checked} file${checked === 1 ? "" : "s"}`;
  return failed ? `Checked ${files}; ${failed} could not be checked (E902).` : `Checked ${files}.`;
}
