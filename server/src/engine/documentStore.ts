// Open documents: text and tree kept in step incrementally, and the analysis of each version.
// Knows nothing of LSP: positions are UTF-16 offsets, documents are keyed by an opaque key.
import type { PythonParsing } from "../parsing/parser";
import { ParsedDocument, type TextChange } from "../parsing/parsedDocument";
import type { LineIndex } from "../parsing/lineIndex";
import type { Finding } from "../core/types";
import { checkTree, type CheckOptions, type RuleFailure } from "./check";

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
}

/** Documents larger than this (UTF-16 units) are not parsed in the editor: a full parse of a
 * 5 MB file takes seconds and would stall every other document. The CLI takes up to 10 MB. */
export const MAX_EDITOR_DOCUMENT = 3 * 1024 * 1024;

function applyChanges(text: string, changes: readonly TextChange[]): string {
  let out = text;
  for (const c of changes) out = out.slice(0, c.start) + c.text + out.slice(c.end);
  return out;
}

export class DocumentStore {
  private readonly documents = new Map<string, ParsedDocument>();
  private readonly snapshots = new Map<string, Snapshot>();
  /** Documents too large to analyse: their text is followed so they can come back under the limit. */
  private readonly oversized = new Map<string, { text: string; version: number }>();

  constructor(
    private readonly parsing: PythonParsing,
    private readonly maxLength = MAX_EDITOR_DOCUMENT,
  ) {}

  /** Opens a document; false when it is too large to analyse (it is followed, not parsed). */
  open(key: string, text: string, version: number): boolean {
    this.close(key);
    if (text.length > this.maxLength) {
      this.oversized.set(key, { text, version });
      return false;
    }
    this.documents.set(key, ParsedDocument.parse(this.parsing.parser, text, version));
    return true;
  }

  isOversized(key: string): boolean {
    return this.oversized.has(key);
  }

  /** The text of an open document, parsed or not. */
  textOf(key: string): string | undefined {
    return this.documents.get(key)?.text ?? this.oversized.get(key)?.text;
  }

  change(key: string, changes: readonly TextChange[] | null, fullText: string | null, version: number): void {
    const big = this.oversized.get(key);
    if (big) {
      this.open(key, changes ? applyChanges(big.text, changes) : (fullText ?? big.text), version);
      return;
    }
    const doc = this.documents.get(key);
    if (!doc) {
      if (fullText !== null) this.open(key, fullText, version);
      return;
    }
    const next = changes
      ? doc.text.length + changes.reduce((n, c) => n + c.text.length - (c.end - c.start), 0)
      : (fullText?.length ?? 0);
    if (next > this.maxLength) {
      this.open(key, changes ? applyChanges(doc.text, changes) : (fullText ?? ""), version);
      return;
    }
    if (changes) doc.update(changes, version);
    else if (fullText !== null) doc.replace(fullText, version);
    this.snapshots.delete(key);
  }

  close(key: string): void {
    this.oversized.delete(key);
    this.documents.get(key)?.dispose();
    this.documents.delete(key);
    this.snapshots.delete(key);
  }

  get(key: string): ParsedDocument | undefined {
    return this.documents.get(key);
  }

  keys(): string[] {
    return [...this.documents.keys()];
  }

  /** Forget analyses (settings changed): the next `analyze` recomputes. */
  invalidate(key?: string): void {
    if (key) this.snapshots.delete(key);
    else this.snapshots.clear();
  }

  cached(key: string, version: number): Snapshot | undefined {
    const s = this.snapshots.get(key);
    return s && s.version === version ? s : undefined;
  }

  /** The analysis of the document's current version (cached per version). */
  analyze(key: string, options: CheckOptions, rulesRun: string[]): Snapshot | undefined {
    const doc = this.documents.get(key);
    if (!doc) return undefined;
    const hit = this.cached(key, doc.version);
    if (hit) return hit;
    const t0 = performance.now();
    const result = checkTree(this.parsing, doc.tree, doc.text, options);
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
    };
    this.snapshots.set(key, snapshot);
    return snapshot;
  }

  dispose(): void {
    for (const key of this.keys()) this.close(key);
  }
}
