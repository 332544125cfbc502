// A Jupyter notebook as one Python module, as ruff sees it: the code cells joined in order (one
// line break after each), IPython's magics and shell escapes (`%`, `%%`, `!`, `?`) replaced by
// placeholders of the same length so the text parses and offsets inside a cell stay the cell's
// own. Markdown and raw cells are left out. Maps module offsets back to (cell, offset in cell).
import { applyEdits } from "../core/edits";
import type { TextEdit } from "../core/types";
import { LineIndex } from "./lineIndex";

export interface NotebookCellInput {
  /** Only "code" cells are analysed. */
  kind: string;
  text: string;
}

/** A range of a cell's own text (offsets in the cell). */
export interface CellRange {
  start: number;
  end: number;
}

export interface CellSpan {
  /** 0-based position among all the notebook's cells (markdown included), as Jupyter numbers them. */
  index: number;
  /** The cell's text as written (magics included). */
  text: string;
  /** Where the cell's text starts and ends in the module text (the line break after it excluded). */
  start: number;
  end: number;
  /** The parts of the cell that are IPython syntax, replaced by placeholders in the module text. */
  masked: readonly CellRange[];
  /** Lines and columns within the cell. */
  lines: LineIndex;
}

/** Cell magics whose body is Python (ruff's list): only their first line is masked. */
const PYTHON_CELL_MAGICS = new Set(["capture", "debug", "prun", "pypy", "python", "python3", "time", "timeit"]);
/** Shell commands Jupyter runs without `!` or `%` (automagic): `pip install x` is never Python. */
const AUTOMAGIC = /^(?:pip|conda|mamba|micromamba)\s+(?!(?:in|is|and|or|not|if|else|for)\b)[A-Za-z]/;
/** `name?`, `obj.attr??`: IPython's help. */
const HELP_SUFFIX = /^[A-Za-z_][\w.]*\?\??\s*$/;
/** `x = !ls`, `a, b = %sx cmd`: the value of a shell escape or magic, assigned. */
const MAGIC_VALUE = /^[A-Za-z_]\w*(?:\s*,\s*[A-Za-z_]\w*)*\s*=\s*(?=[!%])/;

type Fill = "statement" | "expression" | "blank";

/** Exactly `length` characters that do nothing: a statement, a value, or only spaces. */
function placeholder(length: number, fill: Fill): string {
  if (fill === "blank") return " ".repeat(length);
  const word = fill === "statement" && length >= 4 ? "pass" : "0";
  return word + " ".repeat(Math.max(0, length - word.length));
}

function lineSpans(text: string): Array<{ start: number; end: number }> {
  const out: Array<{ start: number; end: number }> = [];
  let start = 0;
  for (;;) {
    const nl = text.indexOf("\n", start);
    const end = nl < 0 ? text.length : nl;
    out.push({ start, end: text.charCodeAt(end - 1) === 13 ? end - 1 : end });
    if (nl < 0) return out;
    start = nl + 1;
  }
}

/**
 * Scans Python source line by line, far enough to know where logical lines start: outside
 * brackets, strings and backslash continuations. Only there can a line be IPython syntax.
 */
class LogicalLines {
  private depth = 0;
  private quote: { char: string; triple: boolean } | null = null;
  private continued = false;

  get atStatementStart(): boolean {
    return this.depth === 0 && this.quote === null && !this.continued;
  }

  /** A line that was masked: nothing in it opens a bracket or a string. */
  skip(line: string): void {
    this.continued = line.endsWith("\\");
  }

  scan(line: string): void {
    this.continued = false;
    for (let i = 0; i < line.length; i++) {
      const c = line[i];
      if (this.quote) {
        if (c === "\\") {
          if (i === line.length - 1) return; // the string goes on on the next line
          i++;
        } else if (c === this.quote.char) {
          if (!this.quote.triple) this.quote = null;
          else if (line.startsWith(c.repeat(3), i)) {
            this.quote = null;
            i += 2;
          }
        }
        continue;
      }
      if (c === "#") break;
      if (c === '"' || c === "'") {
        const triple = line.startsWith(c.repeat(3), i);
        this.quote = { char: c, triple };
        if (triple) i += 2;
      } else if (c === "(" || c === "[" || c === "{") this.depth++;
      else if (c === ")" || c === "]" || c === "}") this.depth = Math.max(0, this.depth - 1);
      else if (c === "\\" && i === line.length - 1) this.continued = true;
    }
    if (this.quote && !this.quote.triple) this.quote = null; // an unterminated string ends with its line
  }
}

/** The cell's text with its IPython syntax replaced by same-length placeholders, and where. */
export function maskMagics(text: string): { text: string; masked: CellRange[] } {
  const lines = lineSpans(text);
  const first = text.slice(lines[0].start, lines[0].end);
  const cellMagic = /^%%(\w+)/.exec(first);
  if (cellMagic && !PYTHON_CELL_MAGICS.has(cellMagic[1])) {
    // another language (%%bash, %%html, %%sql ...): the whole cell is blank to Python
    return text.trim()
      ? { text: text.replace(/[^\r\n]/g, " "), masked: [{ start: 0, end: text.length }] }
      : { text, masked: [] };
  }
  const masked: Array<CellRange & { fill: Fill }> = [];
  const scanner = new LogicalLines();
  let escapeGoesOn = false;
  for (const [n, span] of lines.entries()) {
    const line = text.slice(span.start, span.end);
    const indent = line.length - line.trimStart().length;
    const body = line.slice(indent);
    let from = -1;
    let fill: Fill = "statement";
    if (escapeGoesOn) {
      from = 0;
      fill = "blank"; // the rest of a shell command: spaces keep any indentation out of it
    } else if (n === 0 && cellMagic) from = indent;
    else if (scanner.atStatementStart && body) {
      if (/^[%!?]/.test(body) || AUTOMAGIC.test(body) || HELP_SUFFIX.test(body)) from = indent;
      else {
        const assigned = MAGIC_VALUE.exec(body);
        if (assigned) {
          from = indent + assigned[0].length;
          fill = "expression";
        }
      }
    }
    if (from < 0) {
      scanner.scan(line);
      continue;
    }
    escapeGoesOn = line.endsWith("\\"); // a shell command continued on the next line
    masked.push({ start: span.start + from, end: span.end, fill });
    scanner.skip(line);
  }
  let out = "";
  let cursor = 0;
  for (const m of masked) {
    out += text.slice(cursor, m.start) + placeholder(m.end - m.start, m.fill);
    cursor = m.end;
  }
  out += text.slice(cursor);
  return { text: out, masked: masked.map(({ start, end }) => ({ start, end })) };
}

export class NotebookModule {
  private constructor(
    /** The analysed text: every code cell, masked, each followed by a line break. */
    readonly text: string,
    /** The code cells, in order. */
    readonly cells: readonly CellSpan[],
  ) {}

  static build(cells: readonly NotebookCellInput[]): NotebookModule {
    const spans: CellSpan[] = [];
    let text = "";
    cells.forEach((cell, index) => {
      if (cell.kind !== "code") return;
      const { text: analysed, masked } = maskMagics(cell.text);
      const start = text.length;
      text += `${analysed}\n`;
      spans.push({
        index,
        text: cell.text,
        start,
        end: start + analysed.length,
        masked,
        lines: new LineIndex(cell.text),
      });
    });
    return new NotebookModule(text, spans);
  }

  /** The cell whose text holds `offset` (its end included); undefined in no cell. */
  cellAt(offset: number): CellSpan | undefined {
    let lo = 0;
    let hi = this.cells.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const c = this.cells[mid];
      if (offset < c.start) hi = mid - 1;
      else if (offset > c.end) lo = mid + 1;
      else return c;
    }
    return undefined;
  }

  /**
   * The one cell every edit falls in, and its text after them; null when the edits span cells,
   * join a cell to the next, or rewrite IPython syntax (a fix that cannot be offered). An edit
   * may take the line break after the cell (deleting its last line): the cell is its text plus
   * that line break, which must still end it afterwards.
   */
  editCell(edits: readonly TextEdit[]): { cell: CellSpan; text: string } | null {
    let cell: CellSpan | undefined;
    for (const e of edits) {
      const c = this.cellAt(e.start) ?? this.cellAt(e.start - 1);
      if (!c || e.end > c.end + 1 || (cell && cell !== c)) return null;
      cell = c;
      const s = e.start - c.start;
      const t = e.end - c.start;
      const touches = (m: CellRange): boolean => (s === t ? m.start < s && s < m.end : s < m.end && m.start < t);
      if (c.masked.some(touches)) return null;
    }
    if (!cell) return null;
    const start = cell.start;
    const moved = edits.map((e) => ({ start: e.start - start, end: e.end - start, newText: e.newText }));
    const after = applyEdits(`${cell.text}\n`, moved);
    if (after.skipped.length || !after.text.endsWith("\n")) return null;
    return { cell, text: after.text.slice(0, -1) };
  }

  cellOfEdits(edits: readonly TextEdit[]): CellSpan | null {
    return this.editCell(edits)?.cell ?? null;
  }
}
