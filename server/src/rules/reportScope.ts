// Where a rule run must report: everything, or (in the editor, for a rule whose findings depend
// only on their own segment and the module's outline) the segments an edit changed. The engine
// takes the findings of the other segments over from the previous version.
import { lowerBound } from "../analysis/chars";
import type { TextRange } from "../core/types";

export class ReportScope {
  /** `ranges`: sorted, disjoint, end exclusive. */
  constructor(readonly ranges: readonly TextRange[]) {}

  /** Whether a finding starting at `pos` is to be reported by this run. */
  has(pos: number): boolean {
    const k = lowerBound(this.ranges, pos + 1, (r) => r.start) - 1;
    return k >= 0 && pos < this.ranges[k].end;
  }

  /** The items of a list in document order (by start) that start in the ranges, in order. */
  pick<T extends { start: number }>(items: readonly T[]): T[] {
    const out: T[] = [];
    for (const r of this.ranges) {
      for (let k = lowerBound(items, r.start, (i) => i.start); k < items.length && items[k].start < r.end; k++)
        out.push(items[k]);
    }
    return out;
  }
}

/** The items a run is to look at: all of them, or those of the scope. */
export function inScope<T extends { start: number }>(only: ReportScope | null, items: readonly T[]): readonly T[] {
  return only ? only.pick(items) : items;
}
