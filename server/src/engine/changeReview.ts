// Reviewing a change, not the legacy: which findings of the changed files the change brought.
// A finding is new when its file's base version (the merge base, at its old path when renamed)
// had no finding of that identity (fingerprint.ts): code that only moved (a function moved down
// 50 lines, or into another changed file) or was reformatted is not new, while a finding on an
// unchanged line that the change caused (a logger made unused by a deleted call) is. Identical
// findings are counted, so one more copy of old code is new. Where the base cannot be read, the
// findings on changed lines are taken instead.
import { touchesChange, type FileChange } from "../core/fileChange";
import { BaselineMatcher, baselineEntries, type IdentifiedFinding } from "./baseline";

export interface ChangedFinding extends IdentifiedFinding {
  line: number;
  endLine: number;
}

export interface ChangedFile<T extends ChangedFinding> {
  change: FileChange;
  current: readonly T[];
  /** The findings of the base version; null when it is new or its base could not be checked. */
  base: readonly T[] | null;
}

export interface NewFinding<T> {
  finding: T;
  /** On a changed line; otherwise a change elsewhere in the file brought it up. */
  onChange: boolean;
}

/**
 * The findings off the change first, then those on changed lines: matched in this order against
 * a base or a baseline, of identical findings the ones left new are those the change touched.
 */
export function offChangeFirst<T extends ChangedFinding>(change: FileChange, findings: readonly T[]): T[] {
  const on = (f: T): boolean => touchesChange(change, f.line, f.endLine);
  return [...findings.filter((f) => !on(f)), ...findings.filter(on)];
}

/** The new findings of each changed file (in the order given), each with whether it is on a changed line. */
export function newFindings<T extends ChangedFinding>(
  files: ReadonlyArray<ChangedFile<T>>,
): Array<Array<NewFinding<T>>> {
  const onChange = (change: FileChange, f: T): boolean => touchesChange(change, f.line, f.endLine);
  // per file: matched against its own base
  const fresh = files.map(({ change, current, base }) => {
    if (!base)
      return change.whole || change.oldPath === null ? [...current] : current.filter((f) => onChange(change, f));
    const ordered = offChangeFirst(change, current);
    const matcher = new BaselineMatcher(baselineEntries([{ path: "", findings: base }]));
    const left = new Set(matcher.match("", ordered).fresh);
    return current.filter((f) => left.has(f));
  });
  // code moved from one changed file to another keeps its identity (same definition, same code)
  const gone = files.flatMap(({ current, base }) => {
    if (!base) return [];
    const matcher = new BaselineMatcher(baselineEntries([{ path: "", findings: base }]));
    matcher.match("", current);
    return matcher.stale(true);
  });
  const moved = new BaselineMatcher(gone, false);
  return fresh.map((list, i) => {
    const { change } = files[i];
    const ordered = offChangeFirst(change, list);
    const left = new Set(moved.match("", ordered).fresh);
    return list.filter((f) => left.has(f)).map((finding) => ({ finding, onChange: onChange(change, finding) }));
  });
}
