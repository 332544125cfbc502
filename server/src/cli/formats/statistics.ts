// --statistics: how many findings each rule has, and how many of them --fix would fix.
import { PLAIN, type Palette } from "../colour";
import type { FileResult } from "../checkFile";
import { recordsOf } from "../unchecked";

export interface RuleCount {
  code: string;
  name: string;
  count: number;
  /** How many --fix would fix (with --unsafe-fixes, unsafe fixes too). */
  fixable: number;
}

/** Counts per rule (records included), most first, then by code. */
export function statistics(results: readonly FileResult[], unsafeFixes: boolean): RuleCount[] {
  const byCode = new Map<string, RuleCount>();
  for (const r of results) {
    for (const f of recordsOf(r)) {
      const entry = byCode.get(f.code) ?? { code: f.code, name: f.name, count: 0, fixable: 0 };
      entry.count++;
      if (f.fix && (f.fix.safe || unsafeFixes)) entry.fixable++;
      byCode.set(f.code, entry);
    }
  }
  return [...byCode.values()].sort((a, b) => b.count - a.count || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
}

export function formatStatistics(counts: readonly RuleCount[], p: Palette = PLAIN): string {
  const nameWidth = Math.max(0, ...counts.map((c) => c.name.length));
  const lines = counts.map((c) => {
    const fixable = c.fixable ? p.fixable(`${c.fixable} fixable`) : "";
    return `${String(c.count).padStart(5)}  ${p.bold(c.code.padEnd(6))}  ${c.name.padEnd(nameWidth)}  ${fixable}`.trimEnd();
  });
  return lines.length ? `${lines.join("\n")}\n` : "";
}

export function formatStatisticsJson(counts: readonly RuleCount[]): string {
  return `${JSON.stringify(counts, null, 2)}\n`;
}
