// Reading suppressions: `# noqa`, `# noqa: CODES` (codes or rule names) and `# nosec` (SEC rules;
// Bandit ids allowed) on a line, and the file-level exemption `# pyreview: noqa[: CODES]`. Each
// directive keeps where its codes are, so that an unused one can be named and removed (SUP001).
import type { CommentInfo } from "./model";

/** One code (or rule name, or another tool's code) in a directive, with its offsets in the file. */
export interface SuppressionToken {
  /** As written. */
  text: string;
  /** Upper-cased: codes compare upper-cased, names too (`WILDCARD-IMPORT`). */
  key: string;
  start: number;
  end: number;
}

/** `# noqa[: CODES]` or `# nosec[ IDS]` inside a comment. */
export interface SuppressionDirective {
  kind: "noqa" | "nosec";
  /** From its `#` to the end of its code list (or of the word, when bare). */
  start: number;
  end: number;
  /** No code list at all (`# noqa`, `# nosec`): everything it can suppress. */
  bare: boolean;
  /** The leading code-like words after the keyword; empty for a bare directive. */
  tokens: SuppressionToken[];
}

export interface LineSuppression {
  /** A bare `# noqa`: everything on the line. */
  all: boolean;
  /** Upper-cased codes and names from `# noqa: ...`. */
  codes: Set<string>;
  /** `# nosec` (bare: all SEC rules) or `# nosec B602,SEC001`. */
  nosec: boolean;
  nosecIds: Set<string>;
  comment: CommentInfo;
  noqa: SuppressionDirective | null;
  nosecDirective: SuppressionDirective | null;
}

const NOQA = /#\s*noqa(?::\s*([A-Za-z0-9_-]+(?:[\s,]+[A-Za-z0-9_-]+)*))?/i;
const NOSEC = /#\s*nosec\b(?::?\s*([A-Za-z0-9_-]+(?:[\s,]+[A-Za-z0-9_-]+)*))?/i;
const WORD = /[A-Za-z0-9_-]+/g;
/** Another tool's code: letters then digits (E501, B602, W0611). */
const CODE_LIKE = /^[A-Za-z]+[0-9]+$/;

/**
 * The words of a code list, with offsets (`base`: the list's offset in the file). Every word
 * counts for suppressing, as it always has; `codeLike` decides where the list of codes ends for
 * rewriting it (prose after the codes, `# noqa: E501 long URL`, is kept as it is).
 */
function listTokens(list: string, base: number, codeLike: (key: string) => boolean): SuppressionToken[] {
  const out: SuppressionToken[] = [];
  for (const m of list.matchAll(WORD)) {
    const key = m[0].toUpperCase();
    if (!codeLike(key)) break;
    out.push({ text: m[0], key, start: base + (m.index ?? 0), end: base + (m.index ?? 0) + m[0].length });
  }
  return out;
}

function directive(
  kind: "noqa" | "nosec",
  m: RegExpExecArray,
  commentStart: number,
  codeLike: (key: string) => boolean,
): SuppressionDirective {
  const start = commentStart + m.index;
  const list = m[1];
  if (!list) return { kind, start, end: start + m[0].length, bare: true, tokens: [] };
  const listStart = start + m[0].length - list.length;
  const tokens = listTokens(list, listStart, codeLike);
  const end = tokens.length ? tokens[tokens.length - 1].end : listStart;
  return { kind, start, end, bare: false, tokens };
}

/** Whether a word of a code list is a code (ours, a name of ours, or another tool's E501-like code). */
export type CodeLike = (upperCased: string) => boolean;

const codeLikeOnly: CodeLike = (key) => CODE_LIKE.test(key);

export function suppressionsByLine(
  comments: readonly CommentInfo[],
  codeLike: CodeLike = codeLikeOnly,
): Map<number, LineSuppression> {
  const map = new Map<number, LineSuppression>();
  for (const comment of comments) {
    const noqa = NOQA.exec(comment.text);
    const nosec = NOSEC.exec(comment.text);
    if (!noqa && !nosec) continue;
    const at = comment.node.startIndex;
    const entry: LineSuppression = {
      all: false,
      codes: new Set(),
      nosec: false,
      nosecIds: new Set(),
      comment,
      noqa: noqa ? directive("noqa", noqa, at, codeLike) : null,
      nosecDirective: nosec ? directive("nosec", nosec, at, codeLike) : null,
    };
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

/**
 * What on the line suppresses the rule, as marks (`noqa:*`, `noqa:CODE`, `nosec:*`, `nosec:ID`);
 * empty when nothing does. Every matching word is marked: all of them were needed by someone.
 */
export function suppressingMarks(
  s: LineSuppression | undefined,
  code: string,
  name: string,
  extraCodes: readonly string[] = [],
  banditIds: readonly string[] = [],
): string[] {
  if (!s) return [];
  const marks: string[] = [];
  if (s.all) marks.push("noqa:*");
  for (const c of [code, name.toUpperCase(), ...extraCodes]) if (s.codes.has(c)) marks.push(`noqa:${c}`);
  if (code.startsWith("SEC") && s.nosec) {
    if (s.nosecIds.size === 0) marks.push("nosec:*");
    for (const c of [code, ...banditIds.map((b) => b.toUpperCase())]) if (s.nosecIds.has(c)) marks.push(`nosec:${c}`);
  }
  return marks;
}

export function isSuppressed(
  s: LineSuppression | undefined,
  code: string,
  name: string,
  extraCodes: readonly string[] = [],
  banditIds: readonly string[] = [],
): boolean {
  return suppressingMarks(s, code, name, extraCodes, banditIds).length > 0;
}

/** `# pyreview: noqa` (the whole file) or `# pyreview: noqa: CODES` (those rules), on a line of its own. */
export interface FileExemption {
  all: boolean;
  /** Upper-cased codes and names. */
  codes: Set<string>;
  /** 0-based line of the first such comment. */
  line: number;
}

const FILE_NOQA = /^#\s*pyreview\s*:\s*noqa(?:\s*:\s*([A-Za-z0-9_-]+(?:[\s,]+[A-Za-z0-9_-]+)*))?\s*(?:#.*)?$/i;

export function fileExemption(comments: readonly CommentInfo[], text: string): FileExemption | null {
  let out: FileExemption | null = null;
  for (const comment of comments) {
    const m = FILE_NOQA.exec(comment.text);
    if (!m) continue;
    // on a line of its own, as ruff's `# ruff: noqa` (after code it would read as the line's)
    const start = comment.node.startIndex;
    const lineStart = text.lastIndexOf("\n", start - 1) + 1;
    if (text.slice(lineStart, start).trim()) continue;
    out ??= { all: false, codes: new Set(), line: comment.line };
    if (m[1]) {
      for (const c of m[1].split(/[\s,]+/)) if (c) out.codes.add(c.toUpperCase());
    } else out.all = true;
  }
  return out;
}

/** Whether a file exemption covers a rule (by code, name or one of its noqa aliases). */
export function exempts(exemption: FileExemption, code: string, name: string, extraCodes: readonly string[]): boolean {
  if (exemption.all) return true;
  return [code, name.toUpperCase(), ...extraCodes].some((c) => exemption.codes.has(c));
}

/**
 * What the engine knows after every other rule ran, for SUP001: each line's suppressions, the
 * marks that suppressed a finding, and which of our words name which rule.
 */
export interface SuppressionUsage {
  lines: ReadonlyMap<number, LineSuppression>;
  /** Per line, the marks (see suppressingMarks) that suppressed at least one finding. */
  used: ReadonlyMap<number, ReadonlySet<string>>;
  /**
   * `noqa:WORD` / `nosec:WORD` → the rule it names; `shared` when the word is another tool's code
   * too (IMP001's F401, SEC rules' Bandit ids), so its being unused by pyreview proves nothing.
   */
  vocabulary: ReadonlyMap<string, { code: string; shared: boolean }>;
  /** Rules that ran to the end on this file: a suppression of any other cannot be judged. */
  ran: ReadonlySet<string>;
}
