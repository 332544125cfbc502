// A small before/after of a safe fix for the review report: the changed lines only.
import { structuredPatch } from "diff";
import { applyEdits } from "../core/edits";
import type { Fix } from "../core/types";

const MAX_LINES = 12;

/** Unified-diff lines (`- old`, `+ new`) of what the fix changes, or null when it is too large. */
export function fixPreview(text: string, fix: Fix): string | null {
  const after = applyEdits(text, fix.edits);
  if (after.skipped.length) return null;
  const patch = structuredPatch("a", "b", text.replace(/\r\n?/g, "\n"), after.text.replace(/\r\n?/g, "\n"), "", "", {
    context: 1,
  });
  const lines: string[] = [];
  for (const hunk of patch.hunks) {
    if (lines.length) lines.push("…");
    lines.push(...hunk.lines.filter((l) => !l.startsWith("\\")));
  }
  if (!lines.length || lines.length > MAX_LINES) return null;
  return lines.join("\n");
}
