// Reading a Jupyter notebook file (nbformat 4 JSON) into cells, and writing changed cells back
// into the same text: only the changed cells' "source" values are rewritten, in the layout the
// file already uses, so indentation, key order, escapes and the final newline stay as they were.
import type { NotebookCellInput } from "./notebook";

interface Span {
  start: number;
  end: number;
}
type JsonNode =
  | (Span & { kind: "object"; entries: Array<{ key: string; value: JsonNode }> })
  | (Span & { kind: "array"; items: JsonNode[] })
  | (Span & { kind: "string"; value: string })
  | (Span & { kind: "scalar"; value: unknown });

/** A JSON parser that keeps where each value is in the text. */
class SpanParser {
  private i = 0;
  constructor(private readonly text: string) {}

  parseDocument(): JsonNode {
    const node = this.value();
    this.space();
    if (this.i !== this.text.length) throw new Error(`unexpected text at offset ${this.i}`);
    return node;
  }

  private space(): void {
    while (this.i < this.text.length && " \t\r\n".includes(this.text[this.i])) this.i++;
  }

  private value(): JsonNode {
    this.space();
    const start = this.i;
    const c = this.text[this.i];
    if (c === "{") {
      this.i++;
      const entries: Array<{ key: string; value: JsonNode }> = [];
      this.space();
      if (this.text[this.i] === "}") this.i++;
      else
        for (;;) {
          this.space();
          const key = this.value();
          if (key.kind !== "string") throw new Error(`expected a key at offset ${key.start}`);
          this.space();
          this.expect(":");
          entries.push({ key: key.value, value: this.value() });
          this.space();
          if (this.text[this.i] === ",") this.i++;
          else if (this.expect("}")) break;
        }
      return { kind: "object", entries, start, end: this.i };
    }
    if (c === "[") {
      this.i++;
      const items: JsonNode[] = [];
      this.space();
      if (this.text[this.i] === "]") this.i++;
      else
        for (;;) {
          items.push(this.value());
          this.space();
          if (this.text[this.i] === ",") this.i++;
          else if (this.expect("]")) break;
        }
      return { kind: "array", items, start, end: this.i };
    }
    if (c === '"') {
      this.i++;
      while (this.i < this.text.length && this.text[this.i] !== '"') this.i += this.text[this.i] === "\\" ? 2 : 1;
      this.expect('"');
      return { kind: "string", value: JSON.parse(this.text.slice(start, this.i)) as string, start, end: this.i };
    }
    const scalar = /^(?:-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)/.exec(this.text.slice(this.i, this.i + 40));
    if (!scalar) throw new Error(`unexpected character at offset ${this.i}`);
    this.i += scalar[0].length;
    return { kind: "scalar", value: JSON.parse(scalar[0]) as unknown, start, end: this.i };
  }

  private expect(c: string): true {
    if (this.text[this.i] !== c) throw new Error(`expected ${c} at offset ${this.i}`);
    this.i++;
    return true;
  }
}

function field(node: JsonNode | undefined, key: string): JsonNode | undefined {
  return node?.kind === "object" ? node.entries.find((e) => e.key === key)?.value : undefined;
}

function stringOf(node: JsonNode | undefined): string | undefined {
  return node?.kind === "string" ? node.value : undefined;
}

/** One cell of the file, and where its source is written. */
export interface NotebookFileCell extends NotebookCellInput {
  /** The "source" value: a list of lines (nbformat's usual form) or one string. */
  source: JsonNode | undefined;
}

export interface NotebookFile {
  text: string;
  cells: NotebookFileCell[];
}

export type NotebookRead =
  | { ok: true; notebook: NotebookFile }
  /** `notPython`: a notebook of another language, nothing for a Python reviewer to check (not an error). */
  | { ok: false; reason: string; notPython?: boolean };

/** The cells of an nbformat 4 notebook; a reason when the text is not one, or not Python. */
export function readNotebook(text: string): NotebookRead {
  let root: JsonNode;
  try {
    root = new SpanParser(text).parseDocument();
  } catch (error) {
    return { ok: false, reason: `not a notebook: invalid JSON (${error instanceof Error ? error.message : error})` };
  }
  const nbformat = field(root, "nbformat");
  const cells = field(root, "cells");
  if (
    nbformat?.kind !== "scalar" ||
    typeof nbformat.value !== "number" ||
    nbformat.value < 4 ||
    cells?.kind !== "array"
  )
    return { ok: false, reason: "not an nbformat 4 notebook" };
  const metadata = field(root, "metadata");
  const language =
    stringOf(field(field(metadata, "kernelspec"), "language")) ??
    stringOf(field(field(metadata, "language_info"), "name"));
  if (language && language.toLowerCase() !== "python")
    return { ok: false, reason: `a ${language} notebook`, notPython: true };
  const out: NotebookFileCell[] = [];
  for (const cell of cells.items) {
    const source = field(cell, "source");
    const text =
      source?.kind === "string"
        ? source.value
        : source?.kind === "array"
          ? source.items.map((s) => (s.kind === "string" ? s.value : "")).join("")
          : "";
    out.push({ kind: stringOf(field(cell, "cell_type")) ?? "unknown", text, source });
  }
  return { ok: true, notebook: { text, cells: out } };
}

/** Lines with their line breaks, as nbformat stores a source: the last without one; none when empty. */
function sourceLines(text: string): string[] {
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

/** The indentation of the line that holds `offset`. */
function indentAt(text: string, offset: number): string {
  const lineStart = text.lastIndexOf("\n", offset - 1) + 1;
  return /^[ \t]*/.exec(text.slice(lineStart))?.[0] ?? "";
}

function writeSource(text: string, node: JsonNode, next: string): string {
  if (node.kind !== "array") return JSON.stringify(next);
  // unchanged lines keep their exact JSON (escapes as the file wrote them)
  const raw = new Map<string, string>();
  for (const item of node.items)
    if (item.kind === "string" && !raw.has(item.value)) raw.set(item.value, text.slice(item.start, item.end));
  const lines = sourceLines(next).map((l) => raw.get(l) ?? JSON.stringify(l));
  if (!lines.length) return "[]";
  const items = node.items;
  let open: string;
  let separator: string;
  let close: string;
  if (items.length) {
    open = text.slice(node.start + 1, items[0].start);
    close = text.slice(items[items.length - 1].end, node.end - 1);
    separator = items.length > 1 ? text.slice(items[0].end, items[1].start) : `,${open}`;
  } else {
    const indent = indentAt(text, node.start);
    open = `\n${indent} `;
    separator = `,${open}`;
    close = `\n${indent}`;
  }
  return `[${open}${lines.join(separator)}${close}]`;
}

/** The file's text with the cells whose index is in `changed` given their new source. */
export function writeNotebook(notebook: NotebookFile, changed: ReadonlyMap<number, string>): string {
  const edits = [...changed]
    .flatMap(([index, next]) => {
      const source = notebook.cells[index]?.source;
      return source && notebook.cells[index].text !== next ? [{ source, next }] : [];
    })
    .sort((a, b) => b.source.start - a.source.start);
  let out = notebook.text;
  for (const { source, next } of edits)
    out = out.slice(0, source.start) + writeSource(notebook.text, source, next) + out.slice(source.end);
  return out;
}
