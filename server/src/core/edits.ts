// Applying text edits to a text.
import type { TextEdit } from "./types";

/** Applies non-overlapping edits; overlapping ones after the first are dropped (returned). */
export function applyEdits(text: string, edits: readonly TextEdit[]): { text: string; skipped: TextEdit[] } {
  const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
  const skipped: TextEdit[] = [];
  let out = "";
  let cursor = 0;
  for (const e of sorted) {
    if (e.start < cursor) {
      skipped.push(e);
      continue;
    }
    out += text.slice(cursor, e.start) + e.newText;
    cursor = e.end;
  }
  out += text.slice(cursor);
  return { text: out, skipped };
}

/** Removes exact duplicates (two findings' fixes sharing an edit, e.g. dropping one import). */
export function dedupeEdits(edits: readonly TextEdit[]): TextEdit[] {
  const seen = new Set<string>();
  const out: TextEdit[] = [];
  for (const e of edits) {
    const key = `${e.start}:${e.end}:${e.newText}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(e);
  }
  return out;
}

/** The smallest single edit turning `before` into `after` (common prefix and suffix kept). */
export function minimalEdit(before: string, after: string): TextEdit | null {
  if (before === after) return null;
  let start = 0;
  const max = Math.min(before.length, after.length);
  while (start < max && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let endB = before.length;
  let endA = after.length;
  while (endB > start && endA > start && before.charCodeAt(endB - 1) === after.charCodeAt(endA - 1)) {
    endB--;
    endA--;
  }
  return { start, end: endB, newText: after.slice(start, endA) };
}
