// Offsets in this project are UTF-16 code-unit indexes into the document text (as tree-sitter
// reports them for JS strings, and as LSP counts characters). A LineIndex converts them.

export interface Position {
  /** 0-based line */
  line: number;
  /** 0-based UTF-16 code-unit column */
  character: number;
}

export class LineIndex {
  private readonly starts: number[];

  constructor(private readonly text: string) {
    const starts = [0];
    if (text.indexOf("\r") < 0) {
      // the usual case, found natively (a keystroke builds one for the whole file)
      for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) starts.push(i + 1);
    } else {
      for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        if (c === 10) starts.push(i + 1);
        else if (c === 13) {
          if (text.charCodeAt(i + 1) === 10) i++;
          starts.push(i + 1);
        }
      }
    }
    this.starts = starts;
  }

  get lineCount(): number {
    return this.starts.length;
  }

  lineStart(line: number): number {
    return this.starts[Math.max(0, Math.min(line, this.starts.length - 1))];
  }

  /** End of the line's content, before its line break. */
  lineEnd(line: number): number {
    if (line + 1 >= this.starts.length) return this.text.length;
    let end = this.starts[line + 1];
    if (this.text.charCodeAt(end - 1) === 10) end--;
    if (this.text.charCodeAt(end - 1) === 13) end--;
    return end;
  }

  lineText(line: number): string {
    return this.text.slice(this.lineStart(line), this.lineEnd(line));
  }

  lineOf(offset: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  positionAt(offset: number): Position {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    const line = this.lineOf(clamped);
    return { line, character: clamped - this.starts[line] };
  }

  offsetAt(position: Position): number {
    if (position.line >= this.starts.length) return this.text.length;
    const start = this.starts[Math.max(0, position.line)];
    return Math.min(start + Math.max(0, position.character), this.lineEnd(position.line));
  }

  /** 0-based column counted in Unicode code points (characters), as the CLI reports. */
  characterColumn(offset: number): number {
    const { line, character } = this.positionAt(offset);
    const start = this.starts[line];
    let count = 0;
    for (let i = start; i < start + character; i++) {
      const c = this.text.charCodeAt(i);
      if (c >= 0xd800 && c <= 0xdbff && i + 1 < start + character) i++;
      count++;
    }
    return count;
  }
}

/** The line-break style of a text: the first one found, else "\n". */
export function lineBreakOf(text: string): string {
  const i = text.search(/\r\n|\n|\r/);
  if (i < 0) return "\n";
  return text.startsWith("\r\n", i) ? "\r\n" : text[i];
}
