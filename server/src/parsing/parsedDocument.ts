// A document's text and its syntax tree, kept in step: edits are applied to the old tree
// (tree.edit) and the new text is parsed incrementally from it; the old tree is deleted.
import type { Edit, Parser, Point, Tree } from "web-tree-sitter";

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

export class ParsedDocument {
  private constructor(
    private readonly parser: Parser,
    public text: string,
    public tree: Tree,
    public version: number,
  ) {}

  static parse(parser: Parser, text: string, version = 0): ParsedDocument {
    const tree = parser.parse(text);
    if (!tree) throw new Error("tree-sitter returned no tree");
    return new ParsedDocument(parser, text, tree, version);
  }

  /**
   * Applies changes in order (each against the text left by the previous one), then
   * reparses incrementally. Points are computed with a scan from the nearest known position,
   * so a keystroke costs one pass over the text before the edit at most.
   */
  update(changes: readonly TextChange[], version: number): void {
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
    const next = this.parser.parse(text, this.tree);
    if (!next) throw new Error("tree-sitter returned no tree");
    this.tree.delete();
    this.tree = next;
    this.text = text;
    this.version = version;
  }

  /** Replaces the whole text (a full sync), reparsing from scratch. */
  replace(text: string, version: number): void {
    const next = this.parser.parse(text);
    if (!next) throw new Error("tree-sitter returned no tree");
    this.tree.delete();
    this.tree = next;
    this.text = text;
    this.version = version;
  }

  dispose(): void {
    this.tree.delete();
  }
}
