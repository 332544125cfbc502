// Findings taken over by segment (issue 13): in the editor, a rule whose meta.scope is "segment"
// runs only on the segments an edit changed, as long as the module's outline (what segments may
// read of each other: definitions' signatures and docstrings, every other statement, the text
// between segments) is the same; its findings in the other segments are the previous version's,
// shifted with their segment. The same findings as a full run, by the rule's contract: a finding
// depends on its own segment and the outline only (bench/fuzz-edits.mjs checks it on real files).
import { lowerBound } from "../analysis/chars";
import type { Segment } from "../analysis/model/segments";
import type { FindingInput, Fix } from "../core/types";
import { ReportScope, type TextRange } from "../rules/reportScope";

/** One rule's raw reports (before suppression) in one segment, at the segment's start then. */
interface Stored {
  at: number;
  inputs: FindingInput[];
  /** A report reaching outside the segment (a fix editing the imports): never taken over. */
  pinned: boolean;
}

/** What one version's check leaves for the next. */
export interface SegmentFindingsMemo {
  /** Settings, path and rules: another key, nothing is taken over. */
  key: string;
  outline: string[];
  byRule: Map<string, Map<Segment, Stored>>;
  /** What each rule with `readsOfSegment` read of the whole module. */
  reads: Map<string, string>;
}

/** Rule.readsOfSegment, as the engine asks it. */
export type SegmentReads = (segment: Segment, text: string) => string;

/** Each segment's reads by function: a segment taken over keeps its text, so its reads too. */
const readsCache = new WeakMap<Segment, Map<SegmentReads, string>>();

/** The module's outline: each segment's outline and the text before it, then the text after the last. */
export function moduleOutline(segments: readonly Segment[], text: string): string[] {
  const out: string[] = [];
  let end = 0;
  for (const s of segments) {
    out.push(text.slice(end, s.start), s.outline);
    end = s.end;
  }
  out.push(text.slice(end));
  return out;
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
  private readonly outline: string[];
  private readonly previous: SegmentFindingsMemo | null;
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
    this.outline = moduleOutline(segments, text);
    this.previous = previous && previous.key === key && sameOutline(previous.outline, this.outline) ? previous : null;
    this.memo = { key, outline: this.outline, byRule: new Map(), reads: new Map() };
  }

  /** What `reads` reads of every segment, from the cache where it can (once per check: rules share one). */
  private readsOf(reads: SegmentReads): string {
    let all = this.moduleReads.get(reads);
    if (all !== undefined) return all;
    const parts: string[] = [];
    for (const segment of this.segments) {
      let byReads = readsCache.get(segment);
      if (!byReads) readsCache.set(segment, (byReads = new Map()));
      let r = byReads.get(reads);
      if (r === undefined) byReads.set(reads, (r = reads(segment, this.text)));
      if (r) parts.push(r);
    }
    all = parts.join("\0");
    this.moduleReads.set(reads, all);
    return all;
  }

  private readonly moduleReads = new Map<SegmentReads, string>();

  /** Where segment i's findings lie: from its start to the next segment's. */
  private extent(i: number): TextRange {
    return { start: this.segments[i].start, end: i + 1 < this.segments.length ? this.segments[i + 1].start : Infinity };
  }

  /** Where `code` must report in this version: null for everywhere. */
  scopeOf(code: string, reads?: SegmentReads): ReportScope | null {
    if (reads) {
      const now = this.readsOf(reads);
      this.memo.reads.set(code, now);
      if (this.previous?.reads.get(code) !== now) return null;
    }
    const stored = this.previous?.byRule.get(code);
    if (!stored) return null;
    const ranges: TextRange[] = [];
    const add = (r: TextRange): void => {
      const last = ranges[ranges.length - 1];
      if (last && last.end === r.start) last.end = r.end;
      else ranges.push({ ...r });
    };
    // before the first segment (the module's docstring and its findings): always
    if (this.segments.length === 0 || this.segments[0].start > 0)
      add({ start: 0, end: this.segments[0]?.start ?? Infinity });
    for (let i = 0; i < this.segments.length; i++) {
      const s = stored.get(this.segments[i]);
      if (!s || s.pinned) add(this.extent(i));
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
    const stored = scope ? this.previous?.byRule.get(code) : undefined;
    const bySegment: FindingInput[][] = this.segments.map(() => []);
    const out: FindingInput[] = [];
    for (const input of reported) {
      if (scope && !scope.has(input.start)) continue; // a clean segment's: taken over below
      out.push(input);
      const i = lowerBound(this.starts, input.start + 1, (n) => n) - 1;
      if (i >= 0) bySegment[i].push(input);
    }
    const next = new Map<Segment, Stored>();
    for (let i = 0; i < this.segments.length; i++) {
      const segment = this.segments[i];
      const old = stored?.get(segment);
      let inputs = bySegment[i];
      if (old && !old.pinned && scope && !scope.has(segment.start)) {
        const delta = segment.start - old.at;
        inputs = delta === 0 ? old.inputs : old.inputs.map((f) => shifted(f, delta));
        out.push(...inputs);
        this.takenOver += inputs.length;
      }
      const { start, end } = this.extent(i);
      const pinned = inputs.some((f) => !within(f, start, end) || (sharedFixes && !!f.fixes?.length));
      next.set(segment, { at: segment.start, inputs, pinned });
    }
    this.memo.byRule.set(code, next);
    return out;
  }
}
