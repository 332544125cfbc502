// What a change did to one file (git's diff, node/gitDiff.ts reads it): which lines of the new
// side it added and where it deleted lines. Review Changes and `--since` ask which findings
// stand on the change.

export interface FileChange {
  /** The file's path now, relative to the repository's root, with `/` separators. */
  path: string;
  /** Its path in the base commit (another one when renamed), or null when it is new there. */
  oldPath: string | null;
  /** New, or untracked: every line is a change. */
  whole: boolean;
  /** Added or rewritten lines of the new side, 1-based, inclusive, in order. */
  added: Array<[number, number]>;
  /** Lines were deleted between line N and N + 1 of the new side (0: before the first line). */
  deletedAfter: number[];
}

/** Whether lines [line, endLine] (1-based) hold a change: an added line, or a deletion inside them. */
export function touchesChange(change: FileChange, line: number, endLine: number): boolean {
  if (change.whole) return true;
  if (change.added.some(([a, b]) => a <= endLine && b >= line)) return true;
  return change.deletedAfter.some((d) => d >= line && d < endLine);
}
