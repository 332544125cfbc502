// `# noqa`, `# noqa: CODES` (codes or rule names) and `# nosec` (SEC rules; Bandit ids allowed).
import type { CommentInfo } from "./model";

export interface LineSuppression {
  /** A bare `# noqa`: everything on the line. */
  all: boolean;
  /** Upper-cased codes and lower-cased names from `# noqa: ...`. */
  codes: Set<string>;
  /** `# nosec` (bare: all SEC rules) or `# nosec B602,SEC001`. */
  nosec: boolean;
  nosecIds: Set<string>;
  comment: CommentInfo;
}

const NOQA = /#\s*noqa(?::\s*([A-Za-z0-9_-]+(?:[\s,]+[A-Za-z0-9_-]+)*))?/i;
const NOSEC = /#\s*nosec\b(?::?\s*([A-Za-z0-9_-]+(?:[\s,]+[A-Za-z0-9_-]+)*))?/i;

export function suppressionsByLine(comments: readonly CommentInfo[]): Map<number, LineSuppression> {
  const map = new Map<number, LineSuppression>();
  for (const comment of comments) {
    const noqa = NOQA.exec(comment.text);
    const nosec = NOSEC.exec(comment.text);
    if (!noqa && !nosec) continue;
    const entry: LineSuppression = { all: false, codes: new Set(), nosec: false, nosecIds: new Set(), comment };
    if (noqa) {
      if (noqa[1]) {
        for (const c of noqa[1].split(/[\s,]+/)) if (c) entry.codes.add(c.toUpperCase());
      } else entry.all = true;
    }
    if (nosec) {
      entry.nosec = true;
      if (nosec[1]) for (const c of nosec[1].split(/[\s,]+/)) if (c) entry.nosecIds.add(c.toUpperCase());
    }
    map.set(comment.line, entry);
  }
  return map;
}

export function isSuppressed(
  s: LineSuppression | undefined,
  code: string,
  name: string,
  extraCodes: readonly string[] = [],
  banditIds: readonly string[] = [],
): boolean {
  if (!s) return false;
  if (s.all) return true;
  const upperName = name.toUpperCase();
  if (s.codes.has(code) || s.codes.has(upperName) || extraCodes.some((c) => s.codes.has(c))) return true;
  if (code.startsWith("SEC") && s.nosec) {
    if (s.nosecIds.size === 0) return true;
    if (s.nosecIds.has(code) || banditIds.some((b) => s.nosecIds.has(b.toUpperCase()))) return true;
  }
  return false;
}
