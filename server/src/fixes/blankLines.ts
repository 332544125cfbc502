// Deleting whole lines without leaving a pile of blank lines behind.
import { LineIndex } from "../parsing/lineIndex";
import type { TextEdit } from "../core/types";

function isBlank(text: string, lines: LineIndex, line: number): boolean {
  return text.slice(lines.lineStart(line), lines.lineEnd(line)).trim() === "";
}

/**
 * Extra edits for `deletions` (edits that delete whole lines): where deleted lines sat among
 * blank lines, delete blank lines so that no more remain together than the longest run of
 * blank lines there before (`import a\n\nimport b\n\nLOG = ...\n\n\ndef f` loses `import b` and
 * `LOG` and keeps two blank lines before `def`). Other edits are ignored.
 */
export function tidyBlankLines(text: string, deletions: readonly TextEdit[], index?: LineIndex): TextEdit[] {
  // the edits that delete lines come first: without any, no index of the file's lines is needed
  if (!deletions.some((e) => e.newText === "" && e.end > e.start)) return [];
  // (a rule passes the engine's index of the same text, ctx.lines, rather than have one built per fix)
  const lines = index ?? new LineIndex(text);
  const deleted = new Set<number>();
  for (const e of deletions) {
    if (e.newText !== "" || e.end <= e.start) continue;
    const first = lines.positionAt(e.start);
    const last = lines.positionAt(e.end);
    if (first.character !== 0 || (last.character !== 0 && e.end !== text.length)) continue;
    const end = e.end === text.length && last.character !== 0 ? last.line + 1 : last.line;
    for (let l = first.line; l < end; l++) deleted.add(l);
  }
  if (!deleted.size) return [];
  const extra: TextEdit[] = [];
  const visited = new Set<number>();
  for (const start of [...deleted].sort((a, b) => a - b)) {
    if (visited.has(start)) continue;
    // the run of deleted-or-blank lines around this deletion
    let lo = start;
    while (lo > 0 && (deleted.has(lo - 1) || isBlank(text, lines, lo - 1))) lo--;
    let hi = start;
    while (hi + 1 < lines.lineCount && (deleted.has(hi + 1) || isBlank(text, lines, hi + 1))) hi++;
    // the last line of a file ending in a line break is an empty "line" past the end
    if (hi === lines.lineCount - 1 && lines.lineStart(hi) === text.length) hi--;
    let longest = 0;
    let current = 0;
    const blanks: number[] = [];
    for (let l = lo; l <= hi; l++) {
      visited.add(l);
      if (deleted.has(l)) {
        current = 0;
        continue;
      }
      blanks.push(l);
      current++;
      longest = Math.max(longest, current);
    }
    for (const l of blanks.slice(0, Math.max(0, blanks.length - longest))) {
      extra.push({ start: lines.lineStart(l), end: lines.lineStart(l + 1), newText: "" });
    }
  }
  return extra;
}
