// A finding's fix as edits located in lines and character columns, for formats that carry the
// edits themselves (SARIF's fixes[]); JSON's contract carries only the fix's title and safety.
import type { Finding } from "../core/types";
import type { LineIndex } from "../parsing/lineIndex";

/** A replacement of a region (1-based lines, columns in characters; end exclusive) by `text`. */
export interface LocatedEdit {
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
  text: string;
}

/** The edits of the fix the other formats name (`locate`: the safe one, else the first), or null. */
export function locatedFixEdits(lines: LineIndex, f: Finding): LocatedEdit[] | null {
  const fix = f.fixes.find((x) => x.safe) ?? f.fixes[0];
  if (!fix) return null;
  return fix.edits.map((e) => ({
    startLine: lines.positionAt(e.start).line + 1,
    startColumn: lines.characterColumn(e.start) + 1,
    endLine: lines.positionAt(e.end).line + 1,
    endColumn: lines.characterColumn(e.end) + 1,
    text: e.newText,
  }));
}
