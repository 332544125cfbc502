// Open documents: text and tree kept in step incrementally, and the analysis of each version.
// Knows nothing of LSP: positions are UTF-16 offsets, documents are keyed by an opaque key.
import type { PythonParsing } from "../parsing/parser";
import { mapLoose, ParsedDocument, type TextChange } from "../parsing/parsedDocument";
import { EDITOR_PARSE_BUDGET, type ParseBudget } from "../parsing/parseBudget";
import { LineIndex } from "../parsing/lineIndex";
import type { Finding } from "../core/types";
import { buildModelIncrementally, type ModelState } from "../analysis/model";
import { checkModel, type CheckOptions, type RuleFailure } from "./check";
import { identifyAll, type FindingIdentity } from "./fingerprint";
import type { SegmentFindingsMemo } from "./segmentFindings";

/** The analysis of one document version: plain data, valid after the tree is gone. */
export interface Snapshot {
  version: number;
  text: string;
  lines: LineIndex;
  findings: Finding[];
  unchecked: string[];
  failures: RuleFailure[];
  rulesRun: string[];
  hasSyntaxErrors: boolean;
  /** Milliseconds the analysis took (model + rules). */
  elapsedMs: number;
  /** Of those, the model's (facts collected and aggregated); absent when the analysis was taken over. */
  modelMs?: number;
  /** Each finding's identity (as `findings`), when asked for (a baseline applies). */
  identities?: FindingIdentity[];
  /** Findings a baseline holds, not shown (set by the front end that applied it). */
  baselined?: number;
  /** How many of the model's segments were taken over from the previous version, of how many. */
  segmentsReused: number;
  segments: number;
  /** Set when this is the last full analysis taken over across trailing-comment edits: how many. */
  commentEdits?: number;
}

/** The last analysis made in full, and what it was made with: what a trailing-comment edit may take over. */
interface AnalysisBase {
  snapshot: Snapshot;
  path: string | null;
  settings: CheckOptions["settings"];
  root: string | null;
  rules: string;
  resolverChanges: number;
}

/** Documents larger than this (UTF-16 units) are not parsed in the editor: a full parse of a
 * 5 MB file takes seconds and would stall every other document. The CLI takes up to 10 MB. */
export const MAX_EDITOR_DOCUMENT = 3 * 1024 * 1024;

function applyChanges(text: string, changes: readonly TextChange[]): string {
  let out = text;
  for (const c of changes) out = out.slice(0, c.start) + c.text + out.slice(c.end);
  return out;
}

/** A document that is followed but not analysed: too large, or its last parse ran over budget. */
interface Unparsed {
  text: string;
  version: number;
  oversized: boolean;
  reason: string;
  /** performance.now() before which a document over budget is not parsed again. */
  retryAt: number;
  /** Whether `takeNotAnalysedReason` has handed out this reason already. */
  told: boolean;
}

/**
 * After a parse over budget the document is parsed again no sooner than this many times the
 * time the failed parse took: typing into it costs the server at most a fifth of its time.
 */
const RETRY_FACTOR = 4;

export interface DocumentStoreOptions {
  /** The deadline of each parse, full or incremental (EDITOR_PARSE_BUDGET). */
  parseBudget?: ParseBudget;
}

export class DocumentStore {
  private readonly documents = new Map<string, ParsedDocument>();
  private readonly snapshots = new Map<string, Snapshot>();
  /** The model state of each document's last analysis, for the next one to take over. */
  private readonly models = new Map<string, ModelState>();
  /** The findings of each document's last analysis by segment, for the next one to take over. */
  private readonly memos = new Map<string, SegmentFindingsMemo>();
  /** The last analysis made in full, per document (analyzeTrailingComments). */
  private readonly bases = new Map<string, AnalysisBase>();
  /** Documents not analysed: their text is followed so they can come back. */
  private readonly unparsed = new Map<string, Unparsed>();
  private readonly budget: ParseBudget;

  constructor(
    private readonly parsing: PythonParsing,
    private readonly maxLength = MAX_EDITOR_DOCUMENT,
    options: DocumentStoreOptions = {},
  ) {
    this.budget = options.parseBudget ?? EDITOR_PARSE_BUDGET;
  }

  /** Opens a document; false when it is not analysed (too large, or over the parse budget). */
  open(key: string, text: string, version: number): boolean {
    this.close(key);
    return this.parseOrFollow(key, text, version);
  }

  private parseOrFollow(key: string, text: string, version: number): boolean {
    if (text.length > this.maxLength) {
      const reason = `larger than ${this.maxLength / 1024 / 1024} MB; not analysed in the editor (\`pyreview check\` takes files up to 10 MB)`;
      this.follow(key, { text, version, oversized: true, reason, retryAt: 0, told: false });
      return false;
    }
    const t0 = performance.now();
    const doc = ParsedDocument.parseWithin(this.parsing.parser, text, version, this.budget);
    if (typeof doc === "string") {
      this.overBudget(key, text, version, doc, performance.now() - t0);
      return false;
    }
    this.unparsed.delete(key);
    this.documents.set(key, doc);
    return true;
  }

  private overBudget(key: string, text: string, version: number, reason: string, elapsedMs: number): void {
    const retryAt = performance.now() + RETRY_FACTOR * elapsedMs;
    this.follow(key, { text, version, oversized: false, reason, retryAt, told: false });
  }

  /** Keeps following an unanalysed document; its reason is told again only if it changed. */
  private follow(key: string, next: Unparsed): void {
    const previous = this.unparsed.get(key);
    next.told = !!previous?.told && previous.reason === next.reason;
    this.unparsed.set(key, next);
  }

  isOversized(key: string): boolean {
    return !!this.unparsed.get(key)?.oversized;
  }

  /** Why an open document is not analysed (too large, parse over budget), or undefined. */
  notAnalysed(key: string): string | undefined {
    return this.unparsed.get(key)?.reason;
  }

  /**
   * The reason a document is not analysed, the first time it is asked after the document
   * became so (or its reason changed); undefined otherwise. For logging it once.
   */
  takeNotAnalysedReason(key: string): string | undefined {
    const u = this.unparsed.get(key);
    if (!u || u.told) return undefined;
    u.told = true;
    return u.reason;
  }

  /** The version of an open, parsed document (its tree may wait for a parse: `get` does it), or undefined. */
  versionOf(key: string): number | undefined {
    return this.documents.get(key)?.version;
  }

  /** The text of an open document, parsed or not. */
  textOf(key: string): string | undefined {
    return this.documents.get(key)?.text ?? this.unparsed.get(key)?.text;
  }

  change(key: string, changes: readonly TextChange[] | null, fullText: string | null, version: number): void {
    const waiting = this.unparsed.get(key);
    if (waiting) {
      const text = changes ? applyChanges(waiting.text, changes) : (fullText ?? waiting.text);
      if (text.length <= this.maxLength && !waiting.oversized && performance.now() < waiting.retryAt) {
        // over budget a moment ago: follow the text, parse again once the back-off has passed
        waiting.text = text;
        waiting.version = version;
        return;
      }
      this.parseOrFollow(key, text, version);
      return;
    }
    const doc = this.documents.get(key);
    if (!doc) {
      if (fullText !== null) this.open(key, fullText, version);
      return;
    }
    this.snapshots.delete(key);
    const next = changes
      ? doc.text.length + changes.reduce((n, c) => n + c.text.length - (c.end - c.start), 0)
      : (fullText?.length ?? 0);
    if (next > this.maxLength) {
      const text = changes ? applyChanges(doc.text, changes) : (fullText ?? "");
      this.dropTree(key);
      this.parseOrFollow(key, text, version);
      return;
    }
    if (changes === null && fullText === null) return;
    // `#` typed at a statement's end, or text in that comment: parsed when the tree is asked for
    if (changes?.length === 1 && doc.deferComment(changes[0], version)) return;
    const t0 = performance.now();
    const failed = changes
      ? doc.update(changes, version, this.budget)
      : doc.replace(fullText ?? "", version, this.budget);
    if (failed === null) return;
    // (the document still holds the old text: its tree was edited, not replaced)
    const text = changes ? applyChanges(doc.text, changes) : (fullText ?? "");
    this.dropTree(key);
    this.overBudget(key, text, version, failed, performance.now() - t0);
  }

  private dropTree(key: string): void {
    this.documents.get(key)?.dispose();
    this.documents.delete(key);
    this.snapshots.delete(key);
    this.models.delete(key);
    this.memos.delete(key);
    this.bases.delete(key);
  }

  /** The document with its tree current: a parse put off is done now (within the budget; over it, the document is followed unparsed). */
  private ready(key: string): ParsedDocument | undefined {
    const doc = this.documents.get(key);
    if (!doc?.parseWaits) return doc;
    const t0 = performance.now();
    const failed = doc.flush(this.budget);
    if (failed === null) {
      // an analysis taken over for this version is as good a base as one made in full
      const taken = this.snapshots.get(key);
      const base = this.bases.get(key);
      if (base && taken?.commentEdits && taken.version === doc.parsedVersion) base.snapshot = taken;
      return doc;
    }
    const { text, version } = doc;
    this.dropTree(key);
    this.overBudget(key, text, version, failed, performance.now() - t0);
    return undefined;
  }

  close(key: string): void {
    this.unparsed.delete(key);
    this.dropTree(key);
  }

  get(key: string): ParsedDocument | undefined {
    return this.ready(key);
  }

  keys(): string[] {
    return [...this.documents.keys()];
  }

  /** Forget analyses (settings changed): the next `analyze` recomputes. */
  invalidate(key?: string): void {
    // (what a rule reads besides the text may have changed too: nothing is taken over)
    if (key) {
      this.snapshots.delete(key);
      this.memos.delete(key);
      this.bases.delete(key);
    } else {
      this.snapshots.clear();
      this.memos.clear();
      this.bases.clear();
    }
  }

  cached(key: string, version: number): Snapshot | undefined {
    const s = this.snapshots.get(key);
    return s && s.version === version ? s : undefined;
  }

  /** The analysis of the document's current version (cached per version); `identify`: with identities. */
  analyze(key: string, options: CheckOptions, rulesRun: string[], identify = false): Snapshot | undefined {
    const waiting = this.documents.get(key);
    if (!waiting) return undefined;
    const hit = this.cached(key, waiting.version);
    if (hit && (hit.identities || !identify)) return hit;
    const quick = identify ? undefined : this.analyzeTrailingComments(key, waiting, options, rulesRun);
    if (quick) {
      this.snapshots.set(key, quick);
      return quick;
    }
    const doc = this.ready(key);
    if (!doc) return undefined;
    const t0 = performance.now();
    const changes = doc.takeChanges();
    const built = buildModelIncrementally(this.parsing, doc.tree, doc.text, this.models.get(key) ?? null, changes);
    const modelMs = performance.now() - t0;
    this.models.set(key, built.state);
    const result = checkModel(built.model, doc.text, options, {
      segments: built.state.segments,
      previous: this.memos.get(key) ?? null,
    });
    if (result.memo) this.memos.set(key, result.memo);
    else this.memos.delete(key);
    const snapshot: Snapshot = {
      version: doc.version,
      text: doc.text,
      lines: result.lines,
      findings: result.findings,
      unchecked: result.unchecked,
      failures: result.failures,
      rulesRun,
      hasSyntaxErrors: result.model.hasSyntaxErrors,
      elapsedMs: performance.now() - t0,
      modelMs,
      identities: identify ? identifyAll(doc.tree.rootNode, doc.text, result.findings) : undefined,
      segmentsReused: built.reused,
      segments: built.state.segments.length,
    };
    this.snapshots.set(key, snapshot);
    this.bases.set(key, {
      snapshot,
      path: options.path,
      settings: options.settings,
      root: options.root,
      rules: rulesRun.join(),
      resolverChanges: options.resolver?.changesExcept(options.path) ?? 0,
    });
    return snapshot;
  }

  /**
   * The analysis of a version that differs from the last one analysed in full only by
   * trailing-comment edits (ParsedDocument.deferComment), when every rule that runs is blind to
   * such comments (`commentBlind`), nothing else it reads changed (settings, rules, the other
   * files the resolver knows), and no finding or fix edit lies on an edited line: that analysis,
   * its offsets shifted. Undefined otherwise (the document is then parsed and analysed).
   */
  private analyzeTrailingComments(
    key: string,
    doc: ParsedDocument,
    options: CheckOptions,
    rulesRun: string[],
  ): Snapshot | undefined {
    const edits = doc.deferredEdits;
    const base = this.bases.get(key);
    if (!edits.length || !base || base.snapshot.version !== doc.parsedVersion) return undefined;
    if (
      base.path !== options.path ||
      base.settings !== options.settings ||
      base.root !== options.root ||
      base.rules !== rulesRun.join() ||
      base.resolverChanges !== (options.resolver?.changesExcept(options.path) ?? 0) ||
      !(options.rules ?? []).every((r) => r.meta.commentBlind) ||
      !options.rules?.length
    )
      return undefined;
    const t0 = performance.now();
    const rows = new Set(edits.map((e) => e.row));
    const lines = base.snapshot.lines;
    const touches = (r: { start: number; end: number }): boolean => {
      for (let row = lines.lineOf(r.start), last = lines.lineOf(r.end); row <= last; row++)
        if (rows.has(row)) return true;
      return false;
    };
    // (no position taken over lies inside an edit: those on edited rows are not taken over)
    const shift = (p: number): number => edits.reduce((q, e) => mapLoose(q, e, false), p);
    const findings: Finding[] = [];
    for (const f of base.snapshot.findings) {
      if (touches(f) || f.fixes.some((x) => x.edits.some(touches))) return undefined;
      findings.push({
        ...f,
        start: shift(f.start),
        end: shift(f.end),
        fixes: f.fixes.map((x) => ({
          ...x,
          edits: x.edits.map((e) => ({ ...e, start: shift(e.start), end: shift(e.end) })),
        })),
      });
    }
    return {
      ...base.snapshot,
      version: doc.version,
      text: doc.text,
      lines: new LineIndex(doc.text),
      findings,
      elapsedMs: performance.now() - t0,
      identities: undefined,
      segmentsReused: base.snapshot.segments,
      commentEdits: edits.length,
    };
  }

  dispose(): void {
    for (const key of this.keys()) this.close(key);
  }
}
