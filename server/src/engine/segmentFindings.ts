// Findings taken over by segment (issue 13): in the editor, a rule whose meta.scope is "segment"
// runs only on the segments an edit changed, as long as the module's outline (what segments may
// read of each other: definitions' signatures and docstrings, every other statement, imports, the
// text between segments) and what the rule reads of other bodies (Rule.readsOfSegment) are the
// same; its findings in the other segments are the previous version's, shifted with their
// segment. The same findings as a full run, by the rule's contract: a finding depends on its own
// segment, the outline and those reads only (bench/fuzz-edits.mjs and the tests check it).
// A keystroke's cost here is in the segments it changed and those holding findings, not in the
// file's length: what a rule left is kept per segment and updated in place.
import { lowerBound } from "../analysis/chars";
import { MAX_FALLBACK_VERSIONS, type Segment } from "../analysis/model/segments";
import type { FindingInput, Fix, TextRange } from "../core/types";
import { ReportScope } from "../rules/reportScope";

/** One rule's raw reports (before suppression) in one segment, at the segment's start then. */
interface Stored {
  at: number;
  inputs: FindingInput[];
}

/** What one rule left: its reports by segment, and which segments hold some or must re-run. */
interface RuleMemo {
  stored: WeakMap<Segment, Stored>;
  /** Segments with reports (a few, in most files): those taken over. */
  withReports: Set<Segment>;
  /** Segments with a report reaching outside them (a fix editing the imports): re-run on every edit. */
  pinned: Set<Segment>;
}

/** What one version's check leaves for the next. */
export interface SegmentFindingsMemo {
  /** Settings, path and rules: another key, nothing is taken over. */
  key: string;
  outline: string[];
  /** The version's segments: a segment of the next version not among them was collected afresh. */
  segments: ReadonlySet<Segment>;
  /**
   * The text before and after each segment, as written: where only that layout changed (the
   * outline reads gaps without it), the segment runs again.
   */
  gaps: WeakMap<Segment, readonly [before: string, after: string]>;
  byRule: Map<string, RuleMemo>;
  /** What each rule with `readsOfSegment` read of the whole module. */
  reads: Map<string, string>;
  /**
   * The memo of the last version before the outline broke (an unclosed bracket, a line's indent
   * half deleted): when the outline comes back, with the model's segments (ModelState.fallback),
   * its findings are taken over as if the broken versions had not been there.
   */
  fallback: SegmentFindingsMemo | null;
  /** How many versions the fallback has waited (dropped after MAX_FALLBACK_VERSIONS). */
  fallbackAge: number;
}

/** Rule.readsOfSegment, as the engine asks it. */
export type SegmentReads = (segment: Segment, text: string) => string;

/** The text before each segment, as written (its layout included), and after the last. */
function gapsOf(segments: readonly Segment[], text: string): string[] {
  const out: string[] = [];
  let end = 0;
  for (const s of segments) {
    out.push(text.slice(end, s.start));
    end = s.end;
  }
  out.push(text.slice(end));
  return out;
}

/**
 * The module's outline: each segment's outline and the gap before it (gapsOf), then the gap after
 * the last. Of a gap only what is not layout counts (comments, and whatever else stands there):
 * blank lines and indentation mean nothing to another segment, so typing them (a newline, the
 * spaces of an indent being typed) leaves the outline as it was. The segments on either side of a
 * gap whose layout changed run again: a finding's own column may be in it.
 */
export function moduleOutline(segments: readonly Segment[], gaps: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < segments.length; i++) out.push(withoutLayout(gaps[i]), segments[i].outline);
  out.push(withoutLayout(gaps[segments.length]));
  return out;
}

/** A gap's text without its layout: each run of whitespace as one space. */
function withoutLayout(gap: string): string {
  return gap.replace(/\s+/g, " ");
}

function sameOutline(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function shifted(input: FindingInput, delta: number): FindingInput {
  if (delta === 0) return input;
  const fixes: Fix[] | undefined = input.fixes?.map((f) => ({
    ...f,
    edits: f.edits.map((e) => ({ ...e, start: e.start + delta, end: e.end + delta })),
  }));
  return { ...input, start: input.start + delta, end: input.end + delta, ...(fixes ? { fixes } : {}) };
}

function within(input: FindingInput, start: number, end: number): boolean {
  if (input.start < start || input.end > end) return false;
  for (const f of input.fixes ?? []) for (const e of f.edits) if (e.start < start || e.end > end) return false;
  return true;
}

/** The findings reuse of one check: which rules run where, and what they leave for the next. */
export class SegmentFindings {
  private readonly starts: number[];
  private readonly previous: SegmentFindingsMemo | null;
  /** Segments collected afresh in this version (all of them when nothing is taken over). */
  private readonly fresh: number[] = [];
  private indexes: Map<Segment, number> | null = null;
  private readonly moduleReads = new Map<SegmentReads, string>();
  readonly memo: SegmentFindingsMemo;
  /** How many reports were taken over from the previous version (for tests and the fuzz run). */
  takenOver = 0;

  constructor(
    private readonly segments: readonly Segment[],
    private readonly text: string,
    key: string,
    previous: SegmentFindingsMemo | null,
  ) {
    this.starts = segments.map((s) => s.start);
    // gaps[i]: the text before segment i as written; gaps[length]: after the last
    const gaps = gapsOf(segments, text);
    const outline = moduleOutline(segments, gaps);
    const fits = (m: SegmentFindingsMemo | null): SegmentFindingsMemo | null =>
      m && m.key === key && sameOutline(m.outline, outline) ? m : null;
    this.previous = fits(previous) ?? fits(previous?.fallback ?? null);
    const before = this.previous?.segments;
    const layout = new WeakMap<Segment, readonly [string, string]>();
    for (let i = 0; i < segments.length; i++) {
      const segment = segments[i];
      layout.set(segment, [gaps[i], gaps[i + 1]]);
      // collected afresh; or taken over, but the layout beside it changed (the outline is the
      // same): its column may be in the gap before it, and its findings reach to the next start
      const was = this.previous?.gaps.get(segment);
      if (!before?.has(segment) || !was || was[0] !== gaps[i] || was[1] !== gaps[i + 1]) this.fresh.push(i);
    }
    // the outline broke: keep the memo from before (the one already waited for, while not too old)
    let fallback: SegmentFindingsMemo | null = null;
    let fallbackAge = 0;
    if (!this.previous && previous?.key === key) {
      if (previous.fallback && previous.fallbackAge < MAX_FALLBACK_VERSIONS) {
        fallback = previous.fallback;
        fallbackAge = previous.fallbackAge + 1;
      } else fallback = { ...previous, fallback: null, fallbackAge: 0 };
    }
    this.memo = {
      key,
      outline,
      segments: new Set(segments),
      gaps: layout,
      byRule: new Map(),
      reads: new Map(),
      fallback,
      fallbackAge,
    };
  }

  private indexOf(segment: Segment): number {
    if (!this.indexes) this.indexes = new Map(this.segments.map((s, i) => [s, i]));
    return this.indexes.get(segment) ?? -1;
  }

  /** What `reads` reads of every segment, from the cache where it can (once per check: rules share one). */
  private readsOf(reads: SegmentReads): string {
    let all = this.moduleReads.get(reads);
    if (all !== undefined) return all;
    const parts: string[] = [];
    for (const segment of this.segments) {
      // (a segment taken over keeps its text, so what it reads too)
      segment.reads ??= new Map();
      let r = segment.reads.get(reads);
      if (r === undefined) segment.reads.set(reads, (r = reads(segment, this.text)));
      if (r) parts.push(r);
    }
    all = parts.join("\0");
    this.moduleReads.set(reads, all);
    return all;
  }

  /** Where segment i's findings lie: from its start to the next segment's. */
  private extent(i: number): TextRange {
    return { start: this.segments[i].start, end: i + 1 < this.segments.length ? this.segments[i + 1].start : Infinity };
  }

  /** The previous version's memo of `code`, when its findings may be taken over. */
  private previousOf(code: string): RuleMemo | undefined {
    return this.previous?.byRule.get(code);
  }

  /** Where `code` must report in this version: null for everywhere. */
  scopeOf(code: string, reads?: SegmentReads): ReportScope | null {
    let readsChanged = false;
    if (reads) {
      const now = this.readsOf(reads);
      this.memo.reads.set(code, now);
      readsChanged = this.previous?.reads.get(code) !== now;
    }
    const memo = this.previousOf(code);
    if (!memo || readsChanged) return null;
    const dirty = new Set(this.fresh);
    for (const s of memo.pinned) {
      const i = this.indexOf(s);
      if (i >= 0) dirty.add(i);
    }
    const ranges: TextRange[] = [];
    // before the first segment (the module's docstring and its findings): always
    if (this.segments.length === 0 || this.segments[0].start > 0)
      ranges.push({ start: 0, end: this.segments[0]?.start ?? Infinity });
    for (const i of [...dirty].sort((a, b) => a - b)) {
      const r = this.extent(i);
      const last = ranges[ranges.length - 1];
      if (last && last.end === r.start) last.end = r.end;
      else ranges.push(r);
    }
    return new ReportScope(ranges);
  }

  /** The rule's reports of this version: the run's within `scope`, the previous version's elsewhere. */
  settle(
    code: string,
    scope: ReportScope | null,
    reported: readonly FindingInput[],
    sharedFixes = false,
  ): FindingInput[] {
    const old = scope ? this.previousOf(code) : undefined;
    const memo: RuleMemo = old ?? { stored: new WeakMap(), withReports: new Set(), pinned: new Set() };
    const out: FindingInput[] = [];
    // the run's reports, by segment (before the first segment: none, they are always reported)
    const bySegment = new Map<number, FindingInput[]>();
    for (const input of reported) {
      if (scope && !scope.has(input.start)) continue; // a clean segment's: taken over below
      out.push(input);
      const i = lowerBound(this.starts, input.start + 1, (n) => n) - 1;
      if (i < 0) continue;
      const list = bySegment.get(i);
      if (list) list.push(input);
      else bySegment.set(i, [input]);
    }
    // segments the run looked at: what they hold now
    const ran = scope ? scope.pick(this.segments) : this.segments;
    for (const segment of ran) {
      const i = this.indexOf(segment);
      const inputs = bySegment.get(i) ?? [];
      memo.withReports.delete(segment);
      memo.pinned.delete(segment);
      if (!inputs.length) {
        memo.stored.delete(segment);
        continue;
      }
      memo.stored.set(segment, { at: segment.start, inputs });
      memo.withReports.add(segment);
      const { start, end } = this.extent(i);
      if (inputs.some((f) => !within(f, start, end) || (sharedFixes && !!f.fixes?.length))) memo.pinned.add(segment);
    }
    // the others: taken over, shifted with their segment; segments gone are forgotten
    for (const segment of memo.withReports) {
      if (!this.memo.segments.has(segment)) {
        memo.withReports.delete(segment);
        memo.pinned.delete(segment);
        continue;
      }
      if (!scope || scope.has(segment.start)) continue;
      const stored = memo.stored.get(segment);
      if (!stored) continue;
      const delta = segment.start - stored.at;
      if (delta !== 0) {
        stored.inputs = stored.inputs.map((f) => shifted(f, delta));
        stored.at = segment.start;
      }
      out.push(...stored.inputs);
      this.takenOver += stored.inputs.length;
    }
    this.memo.byRule.set(code, memo);
    return out;
  }

  /** A rule that threw: nothing of it is taken over next time. */
  forget(code: string): void {
    this.memo.byRule.delete(code);
  }
}
