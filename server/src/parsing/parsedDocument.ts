// A document's text and its syntax tree, kept in step: edits are applied to the old tree
// (tree.edit) and the new text is parsed incrementally from it; the old tree is deleted.
import type { Edit, Parser, Point, Tree } from "web-tree-sitter";
import { type ParseBudget, parseWithin } from "./parseBudget";

/** A replacement of [start, end) (UTF-16 offsets into the current text) by `text`. */
export interface TextChange {
  start: number;
  end: number;
  text: string;
}

function pointAt(text: string, offset: number): Point {
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

/** A parse with no deadline (tests, and callers that bound their input otherwise). */
const UNBOUNDED: ParseBudget = { baseMs: Number.POSITIVE_INFINITY, msPerMB: 0 };

/** A new tree for `text`, or why there is none (over the budget). */
function parseText(parser: Parser, text: string, oldTree: Tree | null, budget: ParseBudget): Tree | string {
  const parsed = parseWithin(parser, text, oldTree, budget);
  return parsed.tree ?? parsed.reason;
}

export class ParsedDocument {
  private constructor(
    private readonly parser: Parser,
    public text: string,
    public tree: Tree,
    public version: number,
  ) {}

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

  /**
   * Applies changes in order (each against the text left by the previous one), then
   * reparses incrementally. Points are computed with a scan from the nearest known position,
   * so a keystroke costs one pass over the text before the edit at most.
   * Returns null, or why the new text could not be parsed within the budget: the document is
   * then unusable (its tree was edited for a text it does not hold) and must be disposed.
   */
  update(changes: readonly TextChange[], version: number, budget = UNBOUNDED): string | null {
    let text = this.text;
    for (const change of changes) {
      const startPosition = pointAt(text, change.start);
      const oldEndPosition = advance(startPosition, text.slice(change.start, change.end));
      const newEndPosition = advance(startPosition, change.text);
      const edit: Edit = {
        startIndex: change.start,
        oldEndIndex: change.end,
        newEndIndex: change.start + change.text.length,
        startPosition,
        oldEndPosition,
        newEndPosition,
      };
      this.tree.edit(edit);
      text = text.slice(0, change.start) + change.text + text.slice(change.end);
    }
    const next = parseText(this.parser, text, this.tree, budget);
    if (typeof next === "string") return next;
    this.tree.delete();
    this.tree = next;
    this.text = text;
    this.version = version;
    return null;
  }

  /** Replaces the whole text (a full sync), reparsing from scratch; null or why not (as `update`). */
  replace(text: string, version: number, budget = UNBOUNDED): string | null {
    const next = parseText(this.parser, text, null, budget);
    if (typeof next === "string") return next;
    this.tree.delete();
    this.tree = next;
    this.text = text;
    this.version = version;
    return null;
  }

  dispose(): void {
    this.tree.delete();
  }
}
