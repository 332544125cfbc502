// The model's facts by segment, so a version can take over the facts of the parts an edit left
// alone. A segment is a top-level statement, or, for a top-level class, its header (decorators,
// name, bases) and each statement of its body: a keystroke in one method of a 10,000-line class
// re-collects that method only. Segments hold facts by position (Located), never nodes of an old tree.
import type { Node } from "web-tree-sitter";
import type { DocumentChanges, EditRecord } from "../../parsing/parsedDocument";
import type { CallInfo } from "./calls";
import type { ClassInfo, FunctionInfo, RaiseInfo } from "./definitions";
import type { AssignmentInfo, WithStatementInfo } from "./facts";
import type { ImportInfo } from "./imports";
import type { Located, TreeView } from "./located";
import { docstringOf } from "../syntax";

/** The facts collected in one segment, in document order. */
export class SegmentFacts {
  readonly functions: FunctionInfo[] = [];
  readonly classes: ClassInfo[] = [];
  readonly calls: CallInfo[] = [];
  readonly withStatements: WithStatementInfo[] = [];
  readonly imports: ImportInfo[] = [];
  readonly raises: RaiseInfo[] = [];
  readonly assignments: AssignmentInfo[] = [];
  /** Every fact, the NodeRefs held by functions and contexts (returns, yields, except clauses) included. */
  readonly located: Located[] = [];
  /** A header's class, whose members are segments of their own (its end and methods follow them). */
  splitClass: ClassInfo | null = null;

  add<T extends Located>(list: T[], fact: T): void {
    list.push(fact);
    this.located.push(fact);
  }

  /** Moves every fact to the next version, where the segment's unchanged text starts `delta` later. */
  rebase(delta: number, view: TreeView, text: string): void {
    for (const fact of this.located) fact.rebase(delta, view);
    for (const call of this.calls) call.setText(text);
    for (const fn of this.functions) fn.setText(text);
    for (const info of this.imports) if (info.source !== null) info.source = text;
  }
}

/** What collects a segment's facts (builder.ts): one node, or a node's whole subtree. */
export interface Collector {
  visit(node: Node): void;
  visitAll(node: Node): void;
}

export type SegmentKind = "statement" | "header" | "member";

/** Where a segment is and what decides whether its facts carry over. */
export interface SegmentKey {
  kind: SegmentKind;
  /** The type of its node (for a header: of the top-level node, class or decorated definition). */
  type: string;
  start: number;
  /** Its end; a header's is where the class body starts. */
  end: number;
  /** No syntax error inside: callees, names and imports are read from the text. */
  textual: boolean;
}

export interface Segment extends SegmentKey {
  /** A member's header. */
  owner: Segment | null;
  facts: SegmentFacts;
  /**
   * What other segments may read of this one (see outlineOf): a definition's signature and
   * docstring, any other statement's whole text, and every import in it. Rules whose findings depend on no more than
   * their own segment and the others' outlines re-run on changed segments only (engine/segmentFindings.ts).
   */
  outline: string;
  /** What rules read of this segment's text, by reader (engine/segmentFindings.ts): kept with the segment. */
  reads?: Map<unknown, string>;
}

/** A segment of the current tree, before it is matched with one of the previous version or collected. */
export interface Candidate extends SegmentKey {
  /** A member's header, by its index in the version's segments. */
  owner: { index: number } | null;
  /** The end of the split class (headers and members). */
  classEnd: number;
  key(): SegmentKey;
  collect(collector: Collector): void;
  /** The segment's outline in `text` (Segment.outline). */
  outline(text: string): string;
}

export interface ModelState {
  segments: Segment[];
  /** Whether `__main__` appears in the text (the pass looks at `if` statements only then). */
  mayHaveMainGuard: boolean;
  /** The segments an edit's syntax error took apart, kept for when the structure comes back. */
  fallback?: FallbackSegments | null;
}

/**
 * The segments of the last version before an edit broke the file's structure (an unclosed `(`
 * swallowing the rest of a class, a line's indent deleted one space at a time), which the
 * versions since did not take over, with every edit made since. When the bracket is closed again
 * the next version takes them over, as if the broken versions had not been there: only segments
 * no edit since touched, of the same kind, type, extent, class and syntax-error status.
 */
export interface FallbackSegments {
  segments: Segment[];
  /** The edits since those segments' version, in order. */
  edits: EditRecord[];
  mayHaveMainGuard: boolean;
  /** How many versions it has waited: it is dropped after MAX_FALLBACK_VERSIONS. */
  age: number;
}

/** How many versions a broken structure is waited for (typing a call's arguments, re-indenting a line). */
export const MAX_FALLBACK_VERSIONS = 48;

/**
 * A version that takes over fewer than this share of the previous version's segments (of at
 * least MIN_FALLBACK_SEGMENTS) broke the structure: the segments it did not take over are kept.
 */
const BROKEN_SHARE = 0.5;
const MIN_FALLBACK_SEGMENTS = 16;

function keyOf(c: SegmentKey): SegmentKey {
  return { kind: c.kind, type: c.type, start: c.start, end: c.end, textual: c.textual };
}

/**
 * The part of a segment that other segments' findings may depend on: for a function definition,
 * its decorators and signature and its docstring (a body is its own); for anything else (a class
 * header, an assignment, an import, a class attribute) its whole text.
 */
export function outlineOf(node: Node, text: string, end = node.endIndex): string {
  const fn = node.type === "decorated_definition" ? node.childForFieldName("definition") : node;
  if (fn?.type !== "function_definition") return text.slice(node.startIndex, end);
  const body = fn.childForFieldName("body");
  if (!body) return text.slice(node.startIndex, end);
  const doc = docstringOf(body);
  const signature = text.slice(node.startIndex, body.startIndex);
  return doc ? `${signature}\0${text.slice(doc.startIndex, doc.endIndex)}` : signature;
}

/** The class a top-level statement defines, with the node holding its decorators, or null. */
function splittableClass(node: Node): { cls: Node; body: Node } | null {
  let cls: Node | null = node;
  if (node.type === "decorated_definition") cls = node.childForFieldName("definition");
  if (cls?.type !== "class_definition") return null;
  const body = cls.childForFieldName("body");
  return body?.type === "block" ? { cls, body } : null;
}

/** The segments of a tree in document order: top-level statements; top-level classes split. */
export function* segmentsOf(root: Node): Generator<Candidate> {
  let index = 0;
  for (const node of root.namedChildren) {
    if (!node || node.type === "comment") continue;
    const split = splittableClass(node);
    if (!split) {
      const c: Candidate = {
        kind: "statement",
        type: node.type,
        start: node.startIndex,
        end: node.endIndex,
        textual: !node.hasError,
        owner: null,
        classEnd: 0,
        key: () => keyOf(c),
        collect: (collector) => collector.visitAll(node),
        outline: (text) => outlineOf(node, text),
      };
      yield c;
      index++;
      continue;
    }
    const { cls, body } = split;
    const bodyId = body.id;
    // the header's nodes: decorators, then the class itself, then its name, bases and type parameters
    const decorators = node === cls ? [] : node.namedChildren.filter((n): n is Node => !!n && n.id !== cls.id);
    const own = cls.namedChildren.filter((n): n is Node => !!n && n.id !== bodyId);
    const classEnd = cls.endIndex;
    const header: Candidate = {
      kind: "header",
      type: node.type,
      start: node.startIndex,
      end: body.startIndex,
      textual: !decorators.some((n) => n.hasError) && !own.some((n) => n.hasError),
      owner: null,
      classEnd,
      key: () => keyOf(header),
      collect: (collector) => {
        for (const n of decorators) collector.visitAll(n);
        collector.visit(cls);
        for (const n of own) collector.visitAll(n);
      },
      outline: (text) => text.slice(header.start, header.end),
    };
    yield header;
    const owner = { index };
    index++;
    for (const member of body.namedChildren) {
      if (!member || member.type === "comment") continue;
      const c: Candidate = {
        kind: "member",
        type: member.type,
        start: member.startIndex,
        end: member.endIndex,
        textual: !member.hasError,
        owner,
        classEnd,
        key: () => keyOf(c),
        collect: (collector) => collector.visitAll(member),
        outline: (text) => outlineOf(member, text),
      };
      yield c;
      index++;
    }
  }
}

/** Where a position of the previous text is now, or -1 when an edit replaced it. */
function mapThrough(p: number, edits: readonly EditRecord[]): number {
  for (const e of edits) {
    if (p < e.start) continue;
    if (p >= e.oldEnd) p += e.newEnd - e.oldEnd;
    else return -1;
  }
  return p;
}

/** Where a segment of an earlier text is after `edits`, or null when one of them touched it (closed ranges). */
function mapUntouched(start: number, end: number, edits: readonly EditRecord[]): { start: number; end: number } | null {
  for (const e of edits) {
    if (e.start > end) continue;
    if (e.oldEnd >= start) return null;
    const delta = e.newEnd - e.oldEnd;
    start += delta;
    end += delta;
  }
  return { start, end };
}

/**
 * Does an earlier segment, found where `candidate` starts and now ending at `end`, have its
 * extent, type and syntax-error status, and (a member) the same class, carried over before it?
 */
function sameShape(segment: Segment, end: number, candidate: Candidate, sofar: readonly Segment[]): boolean {
  if (end !== candidate.end || segment.type !== candidate.type || segment.textual !== candidate.textual) return false;
  // a member carries over only into the same (carried over) class
  return !candidate.owner || segment.owner === sofar[candidate.owner.index];
}

/**
 * The fallback the previous version waited on (ModelState.fallback) with this version's edits
 * added, or null: none, or kept for another `__main__` status.
 */
export function waitingFallback(previous: ModelState, changes: DocumentChanges): FallbackSegments | null {
  const waited = previous.fallback;
  return waited && waited.mayHaveMainGuard === previous.mayHaveMainGuard
    ? { ...waited, edits: [...waited.edits, ...changes.edits] }
    : null;
}

/** The fallback's segments (waitingFallback), found again by where they now start: each once. */
export function reusableFallback(fallback: FallbackSegments): {
  match(candidate: Candidate, sofar: readonly Segment[]): { segment: Segment; delta: number } | null;
  taken: Set<Segment>;
} {
  const byStart = new Map<string, { segment: Segment; end: number }>();
  for (const segment of fallback.segments) {
    const now = mapUntouched(segment.start, segment.end, fallback.edits);
    if (now) byStart.set(`${segment.kind}:${now.start}`, { segment, end: now.end });
  }
  const taken = new Set<Segment>();
  return {
    taken,
    match(candidate, sofar) {
      const key = `${candidate.kind}:${candidate.start}`;
      const hit = byStart.get(key);
      if (!hit) return null;
      const { segment } = hit;
      if (!sameShape(segment, hit.end, candidate, sofar)) return null;
      byStart.delete(key);
      taken.add(segment);
      return { segment, delta: candidate.start - segment.start };
    },
  };
}

/**
 * What the next version may fall back on (FallbackSegments): the one waited for, as long as it is
 * not taken over and not too old; else, when this version broke the structure, the previous
 * version's segments it did not take over.
 */
export function nextFallback(
  previous: ModelState,
  changes: DocumentChanges,
  waiting: FallbackSegments | null,
  taken: ReadonlySet<Segment>,
  fromFallback: number,
): FallbackSegments | null {
  // (a structure that came back: what is left of it was edited)
  if (fromFallback > 0) return null;
  const carried = waiting && waiting.age < MAX_FALLBACK_VERSIONS ? { ...waiting, age: waiting.age + 1 } : null;
  const lost = previous.segments.filter((s) => !taken.has(s));
  const broken =
    previous.segments.length >= MIN_FALLBACK_SEGMENTS && lost.length > previous.segments.length * BROKEN_SHARE;
  if (!broken || (carried && carried.segments.length >= lost.length)) return carried;
  return { segments: lost, edits: [...changes.edits], mayHaveMainGuard: previous.mayHaveMainGuard, age: 0 };
}

/** The previous version's segments, found again by where they now start. */
export function reusableSegments(
  old: ModelState,
  changes: DocumentChanges,
): { match(candidate: Candidate, sofar: readonly Segment[]): { segment: Segment; delta: number } | null } {
  const byStart = new Map<string, { segment: Segment; end: number }>();
  for (const segment of old.segments) {
    const start = mapThrough(segment.start, changes.edits);
    const end = mapThrough(segment.end, changes.edits);
    if (start >= 0 && end >= 0) byStart.set(`${segment.kind}:${start}`, { segment, end });
  }
  const dirty = changes.dirty;
  return {
    match(candidate, sofar) {
      const hit = byStart.get(`${candidate.kind}:${candidate.start}`);
      if (!hit) return null;
      const { segment } = hit;
      if (!sameShape(segment, hit.end, candidate, sofar)) return null;
      // (closed ranges: typing at a segment's edge may extend it)
      for (const r of dirty) if (r.start <= candidate.end && r.end >= candidate.start) return null;
      return { segment, delta: candidate.start - segment.start };
    },
  };
}
