// A document's text and its syntax tree, kept in step: edits are applied to the old tree
// (tree.edit) and the new text is parsed incrementally from it; the old tree is deleted.
import type { Edit, Parser, Point, Tree } from "web-tree-sitter";
import { type ParseBudget, parseWithin } from "./parseBudget";
import { isTrailingCommentEdit } from "./trailingComment";

/** A replacement of [start, end) (UTF-16 offsets into the current text) by `text`. */
export interface TextChange {
  start: number;
  end: number;
  text: string;
}

function pointAt(text: string, offset: number): Point {
  // Without a `\r` before the edit, lines are counted by native searches for `\n`, not by a loop
  // over every character before it (a keystroke in the middle of a 12,000-line file).
  if (offset === 0 || text.lastIndexOf("\r", offset - 1) >= 0) return pointAtSlow(text, offset);
  let row = 0;
  for (let i = text.indexOf("\n"); i >= 0 && i < offset; i = text.indexOf("\n", i + 1)) row++;
  return { row, column: offset - (text.lastIndexOf("\n", offset - 1) + 1) };
}

/** pointAt by a scan of every character: `\r\n`, lone `\r` and `\n` each end a line. */
function pointAtSlow(text: string, offset: number): Point {
  let row = 0;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) {
      row++;
      lineStart = i + 1;
    }
  }
  return { row, column: offset - lineStart };
}

function advance(point: Point, inserted: string): Point {
  let { row, column } = point;
  for (let i = 0; i < inserted.length; i++) {
    const c = inserted.charCodeAt(i);
    if (c === 10 || (c === 13 && inserted.charCodeAt(i + 1) !== 10)) {
      row++;
      column = 0;
    } else {
      column++;
    }
  }
  return { row, column };
}

/** One replacement in the sequence applied since the last `takeChanges`: [start, oldEnd) became [start, newEnd). */
export interface EditRecord {
  start: number;
  oldEnd: number;
  newEnd: number;
}

/**
 * What changed since the analysis last asked: the edits in order, and the ranges (in the
 * current text) an analysis must treat as new: every edited range, and every range the
 * incremental parse reports as changed in structure (tree.getChangedRanges).
 */
export interface DocumentChanges {
  edits: EditRecord[];
  dirty: Array<{ start: number; end: number }>;
}

/** Where a position of the text before `e` is after it; inside a replaced range it moves to its start or end. */
export function mapLoose(p: number, e: EditRecord, toEnd: boolean): number {
  if (p < e.start) return p;
  if (p >= e.oldEnd) return p + e.newEnd - e.oldEnd;
  return toEnd ? e.newEnd : e.start;
}

const MAX_RECORDED_EDITS = 500;

/** Trees replaced by a newer one, deleted once the current task is over (not on a keystroke's path). */
let retired: Tree[] = [];

/**
 * Deletes `tree` after the current task (a timer: after the analysis and the diagnostics of the
 * edit that replaced it). Deleting a 12,000-line file's tree costs a millisecond or two.
 */
function retire(tree: Tree): void {
  retired.push(tree);
  if (retired.length > 1) return;
  setTimeout(() => {
    const trees = retired;
    retired = [];
    for (const t of trees) t.delete();
  }, 0);
}

/** A parse with no deadline (tests, and callers that bound their input otherwise). */
const UNBOUNDED: ParseBudget = { baseMs: Number.POSITIVE_INFINITY, msPerMB: 0 };

/** A new tree for `text`, or why there is none (over the budget). */
function parseText(parser: Parser, text: string, oldTree: Tree | null, budget: ParseBudget): Tree | string {
  const parsed = parseWithin(parser, text, oldTree, budget);
  return parsed.tree ?? parsed.reason;
}

function editOf(text: string, change: TextChange): Edit {
  const startPosition = pointAt(text, change.start);
  return {
    startIndex: change.start,
    oldEndIndex: change.end,
    newEndIndex: change.start + change.text.length,
    startPosition,
    oldEndPosition: advance(startPosition, text.slice(change.start, change.end)),
    newEndPosition: advance(startPosition, change.text),
  };
}

export class ParsedDocument {
  /** Changes since the last `takeChanges`; null after a full replacement (nothing carries over). */
  private changes: DocumentChanges | null = { edits: [], dirty: [] };
  /**
   * Edits whose parse is put off (trailing-comment edits: `deferComment`), in order, against the
   * text each left; the tree is still the one parsed from `parsedText`. Empty when it is current.
   */
  private deferred: Edit[] = [];
  /** The text the tree was parsed from (`text` but for the deferred edits), and its version. */
  private parsedText: string;
  private treeVersion: number;

  private constructor(
    private readonly parser: Parser,
    public text: string,
    private current: Tree,
    public version: number,
  ) {
    this.parsedText = text;
    this.treeVersion = version;
  }

  static parse(parser: Parser, text: string, version = 0): ParsedDocument {
    const parsed = ParsedDocument.parseWithin(parser, text, version, UNBOUNDED);
    if (typeof parsed === "string") throw new Error(parsed);
    return parsed;
  }

  /** A document, or why `text` could not be parsed within the budget. */
  static parseWithin(parser: Parser, text: string, version: number, budget: ParseBudget): ParsedDocument | string {
    const tree = parseText(parser, text, null, budget);
    return typeof tree === "string" ? tree : new ParsedDocument(parser, text, tree, version);
  }

  /** The tree of the current text (a parse put off is done now, without a deadline: see `flush`). */
  get tree(): Tree {
    const failed = this.flush(UNBOUNDED);
    if (failed !== null) throw new Error(failed);
    return this.current;
  }

  /** Whether edits wait for their parse (`deferComment`). */
  get parseWaits(): boolean {
    return this.deferred.length > 0;
  }

  /** The edits waiting for their parse (`deferComment`), in order, each with the row it is on (edits add no row). */
  get deferredEdits(): ReadonlyArray<EditRecord & { row: number }> {
    return this.deferred.map((e) => ({
      start: e.startIndex,
      oldEnd: e.oldEndIndex,
      newEnd: e.newEndIndex,
      row: e.startPosition.row,
    }));
  }

  /** The version the tree was parsed for (before any edit `deferComment` took). */
  get parsedVersion(): number {
    return this.treeVersion;
  }

  /**
   * Takes a trailing-comment edit (parsing/trailingComment.ts) without parsing: the parse waits
   * for the next `update` or `flush` (the tree is asked for). False, and nothing done, for any
   * other edit.
   */
  deferComment(change: TextChange, version: number): boolean {
    const toParsed = (offset: number): number | null => {
      let p = offset;
      for (let i = this.deferred.length - 1; i >= 0; i--) {
        const e = this.deferred[i];
        if (p >= e.newEndIndex) p -= e.newEndIndex - e.oldEndIndex;
        else if (p > e.startIndex) return null;
      }
      return p;
    };
    if (!isTrailingCommentEdit(this.current, this.parsedText, this.text, change, toParsed)) return false;
    this.deferred.push(editOf(this.text, change));
    this.text = this.text.slice(0, change.start) + change.text + this.text.slice(change.end);
    this.version = version;
    return true;
  }

  /** Parses what `deferComment` put off: null, or why not within the budget (the document is then unusable, as after `update`). */
  flush(budget: ParseBudget): string | null {
    if (!this.deferred.length) return null;
    return this.update([], this.version, budget);
  }

  /**
   * Applies changes in order (each against the text left by the previous one), then
   * reparses incrementally. Points are computed with a scan from the nearest known position,
   * so a keystroke costs one pass over the text before the edit at most.
   * Returns null, or why the new text could not be parsed within the budget: the document is
   * then unusable (its tree was edited for a text it does not hold) and must be disposed.
   */
  update(changes: readonly TextChange[], version: number, budget = UNBOUNDED): string | null {
    let text = this.text;
    const records: EditRecord[] = [];
    const edits = this.deferred;
    this.deferred = [];
    for (const change of changes) {
      edits.push(editOf(text, change));
      text = text.slice(0, change.start) + change.text + text.slice(change.end);
    }
    for (const edit of edits) {
      this.current.edit(edit);
      records.push({ start: edit.startIndex, oldEnd: edit.oldEndIndex, newEnd: edit.newEndIndex });
    }
    const next = parseText(this.parser, text, this.current, budget);
    if (typeof next === "string") return next;
    this.record(records, next);
    retire(this.current);
    this.current = next;
    this.text = text;
    this.parsedText = text;
    this.version = version;
    this.treeVersion = version;
    return null;
  }

  /** Replaces the whole text (a full sync), reparsing from scratch; null or why not (as `update`). */
  replace(text: string, version: number, budget = UNBOUNDED): string | null {
    const next = parseText(this.parser, text, null, budget);
    if (typeof next === "string") return next;
    this.changes = null;
    this.deferred = [];
    this.current.delete();
    this.current = next;
    this.text = text;
    this.parsedText = text;
    this.version = version;
    this.treeVersion = version;
    return null;
  }

  /** Adds one update's edits and the ranges the reparse changed (`this.current` is the edited old tree). */
  private record(records: EditRecord[], next: Tree): void {
    const changes = this.changes;
    if (!changes) return;
    for (const e of records) {
      for (const r of changes.dirty) {
        r.start = mapLoose(r.start, e, false);
        r.end = mapLoose(r.end, e, true);
      }
      changes.dirty.push({ start: e.start, end: e.newEnd });
      changes.edits.push(e);
    }
    for (const r of next.getChangedRanges(this.current)) changes.dirty.push({ start: r.startIndex, end: r.endIndex });
    // (nobody took them for long: the next analysis starts afresh rather than map a long history)
    if (changes.edits.length > MAX_RECORDED_EDITS) this.changes = null;
  }

  /** The changes since the last call (null: the text was replaced whole), and starts afresh. */
  takeChanges(): DocumentChanges | null {
    const taken = this.changes;
    this.changes = { edits: [], dirty: [] };
    return taken;
  }

  dispose(): void {
    this.current.delete();
  }
}
