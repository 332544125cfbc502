// Docstrings: the style a file's docstrings use (reST, Google, NumPy), and what one docstring says:
// its lines and parameter entries, and its text outside them. Writing them is fixes/docstrings.ts.
import type { Node } from "web-tree-sitter";
import type { DocstringStyle } from "../config/settings";
import type { ModuleModel } from "./model";
import { indentationAt, lineStartOf, stringParts } from "./syntax";

// ---------------------------------------------------------------------------------------------
// The file's style

/**
 * A style a file's docstrings are written in: the setting's, or epytext (`@param x:`, as Twisted
 * writes), which pyreview follows when a file uses it but never picks for a file without fields.
 */
export type WrittenStyle = DocstringStyle | "epytext";

const styleCache = new WeakMap<ModuleModel, WrittenStyle | null>();

const EPYTEXT_FIELD = /^[ \t]*@(?:param|type|keyword|kwarg|return|returns|rtype|raise|raises)\b[^:\n]*:/;

const REST_FIELD =
  /^[ \t]*:(?:param|parameter|arg|argument|key|keyword|kwarg|kwparam|type|returns?|rtype|raises?|yields?)\b[^:\n]*:/;
const GOOGLE_HEADER = /^[ \t]*(?:Args|Arguments|Keyword Args|Keyword Arguments|Returns|Raises|Yields):[ \t]*\r?$/;
const NUMPY_HEADER = /^[ \t]*(?:Parameters|Other Parameters|Returns|Raises|Yields)[ \t]*\r?$/;

/** Where a field or section header may be: one pass, classified by its line afterwards. */
const STYLE_HINT =
  /(?:Args|Arguments|Keyword Args|Keyword Arguments|Returns|Raises|Yields):|[:@](?:param|parameter|arg|argument|key|keyword|kwarg|kwparam|type|returns?|rtype|raises?|yields?)\b|-{3,}/g;

/**
 * The style the file's own docstrings use, by their fields and section headers; null if none.
 * One regex pass that stops once a dozen lines have been classified (a file keeps one style).
 */
export function detectedStyle(model: ModuleModel): WrittenStyle | null {
  if (styleCache.has(model)) return styleCache.get(model) ?? null;
  const text = model.text;
  const scores: Record<WrittenStyle, number> = { rest: 0, google: 0, numpy: 0, epytext: 0 };
  let classified = 0;
  let lastLine = -1;
  STYLE_HINT.lastIndex = 0;
  for (let m = STYLE_HINT.exec(text); m && classified < 12; m = STYLE_HINT.exec(text)) {
    const start = text.lastIndexOf("\n", m.index) + 1;
    if (start === lastLine) continue;
    lastLine = start;
    let end = text.indexOf("\n", m.index);
    if (end < 0) end = text.length;
    const line = text.slice(start, end);
    if (m[0].startsWith("-")) {
      if (!/^[ \t]*-{3,}[ \t]*\r?$/.test(line) || start < 2) continue;
      if (!NUMPY_HEADER.test(text.slice(text.lastIndexOf("\n", start - 2) + 1, start - 1))) continue;
      scores.numpy += 3;
    } else if (m[0].startsWith("@")) {
      if (!EPYTEXT_FIELD.test(line)) continue;
      scores.epytext += 1;
    } else if (m[0].startsWith(":")) {
      if (!REST_FIELD.test(line)) continue;
      scores.rest += 1;
    } else {
      if (!GOOGLE_HEADER.test(line)) continue;
      scores.google += 2;
    }
    classified++;
  }
  const ranked = (Object.entries(scores) as Array<[WrittenStyle, number]>).sort((a, b) => b[1] - a[1]);
  const style = ranked[0][1] > 0 && ranked[0][1] > ranked[1][1] ? ranked[0][0] : null;
  styleCache.set(model, style);
  return style;
}

/** The file's own docstring style, else `fallback` (the docstring-style setting). */
export function docstringStyleFor(model: ModuleModel, fallback: DocstringStyle): WrittenStyle {
  return detectedStyle(model) ?? fallback;
}

// ---------------------------------------------------------------------------------------------
// Reading one docstring

export interface DocLine {
  /** offsets of the line's text (without its break) */
  start: number;
  end: number;
  text: string;
  /** leading whitespace length (line 0, after the quotes, counts as the docstring's indentation) */
  indent: number;
  blank: boolean;
}

export interface EntrySpan {
  name: string;
  /** first and last line index (inclusive, trailing blank lines excluded) */
  first: number;
  last: number;
  kind: "param" | "type";
}

export interface ParsedDocstring {
  node: Node;
  lines: DocLine[];
  /** The docstring statement's indentation. */
  indent: string;
  /** Its own style, when it has fields or sections. */
  style: WrittenStyle | null;
  entries: EntrySpan[];
  /** Google/NumPy: the parameters section (header line index, its entries' indentation). */
  section: { header: number; last: number; entryIndent: number } | null;
  /** The first line of a later section or field (returns, raises…), where a parameters section goes before. */
  nextSection: number | null;
  /** Offset of the closing quotes. */
  bodyEnd: number;
}

// (reST fields, and epytext's, which open with `@`)
const REST_PARAM = /^\s*([:@])(param|parameter|arg|argument|key|keyword|kwarg|kwparam|type)\s+([^:]*?)\s*:/;
const REST_OTHER = /^\s*([:@])(?:returns?|rtype|raises?|except|exception|yields?|ytype|var|ivar|cvar)\b[^:]*:/;
const GOOGLE_PARAMS =
  /^\s*(?:Args|Arguments|Parameters|Params|Keyword Args|Keyword Arguments|Kwargs|Other Parameters):\s*$/;
const GOOGLE_OTHER =
  /^\s*(?:Returns?|Yields?|Raises|Examples?|Notes?|Attributes|Warnings?|See Also|References|Todo):\s*$/;
const NUMPY_PARAMS = /^\s*(?:Parameters|Other Parameters|Keyword Arguments|Params)\s*$/;
const DASHES = /^\s*-{3,}\s*$/;
const GOOGLE_ENTRY = /^\s*\*{0,2}([A-Za-z_]\w*)\s*(?:\([^)]*\))?\s*:(?:\s|$)/;
const NUMPY_ENTRY = /^\s*(\*{0,2}[A-Za-z_]\w*(?:\s*,\s*\*{0,2}[A-Za-z_]\w*)*)\s*(?::.*)?$/;

function leading(s: string): number {
  return s.length - s.trimStart().length;
}

/** Splits a docstring into lines and finds its parameter entries, in any of the three styles. */
export function parseDocstring(text: string, node: Node): ParsedDocstring | null {
  const parts = stringParts(node);
  if (!parts || /[bf]/i.test(parts.prefix)) return null;
  const indent = indentationAt(text, node.startIndex);
  if (lineStartOf(text, node.startIndex) + indent.length !== node.startIndex) return null;
  const lines: DocLine[] = [];
  const re = /\r\n|\n|\r/g;
  const pos = parts.bodyStart;
  const body = text.slice(parts.bodyStart, parts.bodyEnd);
  for (let m = re.exec(body), from = 0; ; m = re.exec(body)) {
    const to = m ? m.index : body.length;
    const t = body.slice(from, to);
    lines.push({
      start: pos + from,
      end: pos + to,
      text: t,
      indent: lines.length === 0 ? indent.length : leading(t),
      blank: t.trim() === "",
    });
    if (!m) break;
    from = m.index + m[0].length;
  }
  const entries: EntrySpan[] = [];
  let section: ParsedDocstring["section"] = null;
  let nextSection: number | null = null;
  let rest = false;
  let epytext = false;
  let google = false;
  let numpy = false;
  // the end of an entry starting at line i: before the next non-blank line indented no deeper
  const spanEnd = (i: number, limit: number): number => {
    let last = i;
    for (let j = i + 1; j <= limit; j++) {
      if (lines[j].blank) continue;
      if (lines[j].indent <= lines[i].indent) break;
      last = j;
    }
    return last;
  };
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i];
    if (line.blank) continue;
    const field = REST_PARAM.exec(line.text);
    if (field) {
      rest = true;
      if (field[1] === "@") epytext = true;
      const words = field[3].split(/\s+/);
      const name = (words[words.length - 1] ?? "").replace(/^\*+/, "");
      entries.push({
        name,
        first: i,
        last: spanEnd(i, lines.length - 1),
        kind: field[2] === "type" ? "type" : "param",
      });
      continue;
    }
    const other = REST_OTHER.exec(line.text);
    if (other) {
      rest = true;
      if (other[1] === "@") epytext = true;
      nextSection ??= i;
      continue;
    }
    const isNumpyHeader = i + 1 < lines.length && DASHES.test(lines[i + 1].text) && lines[i + 1].indent === line.indent;
    if (isNumpyHeader) {
      numpy = true;
      if (NUMPY_PARAMS.test(line.text) && !section) {
        // entries at the header's indentation until the next header or a shallower line
        let last = i + 1;
        let j = i + 2;
        for (; j < lines.length; j++) {
          const l = lines[j];
          if (l.blank) continue;
          if (l.indent < line.indent) break;
          if (l.indent === line.indent && j + 1 < lines.length && DASHES.test(lines[j + 1].text)) break;
          last = j;
          if (l.indent === line.indent) {
            const m = NUMPY_ENTRY.exec(l.text);
            if (m)
              for (const n of m[1].split(","))
                entries.push({
                  name: n.trim().replace(/^\*+/, ""),
                  first: j,
                  last: spanEnd(j, lines.length - 1),
                  kind: "param",
                });
          }
        }
        section = { header: i, last, entryIndent: line.indent };
        i = last;
      } else {
        nextSection ??= i;
        i++;
      }
      continue;
    }
    if (GOOGLE_PARAMS.test(line.text) && !section) {
      google = true;
      let last = i;
      let entryIndent = -1;
      for (let j = i + 1; j < lines.length; j++) {
        const l = lines[j];
        if (l.blank) continue;
        if (l.indent <= line.indent) break;
        last = j;
        if (entryIndent < 0) entryIndent = l.indent;
        if (l.indent === entryIndent) {
          const m = GOOGLE_ENTRY.exec(l.text);
          if (m) entries.push({ name: m[1], first: j, last: spanEnd(j, lines.length - 1), kind: "param" });
        }
      }
      section = { header: i, last, entryIndent: entryIndent < 0 ? line.indent + 4 : entryIndent };
      i = last;
      continue;
    }
    if (GOOGLE_OTHER.test(line.text)) {
      google = true;
      nextSection ??= i;
    }
  }
  // Entries end before the section's end and before the next entry.
  for (const e of entries) {
    const limit = section && e.first > section.header && e.first <= section.last ? section.last : e.last;
    e.last = Math.min(e.last, limit);
    while (e.last > e.first && lines[e.last].blank) e.last--;
  }
  const style: WrittenStyle | null = numpy ? "numpy" : google ? "google" : epytext ? "epytext" : rest ? "rest" : null;
  return { node, lines, indent, style, entries, section, nextSection, bodyEnd: parts.bodyEnd };
}

/** The text of a parameter's entries (`:param x:` and `:type x:`), or null when it has none. */
export function entryText(doc: ParsedDocstring, name: string): string | null {
  const spans = doc.entries.filter((e) => e.name === name);
  if (!spans.length) return null;
  return spans
    .map((e) =>
      doc.lines
        .slice(e.first, e.last + 1)
        .map((l) => l.text)
        .join("\n"),
    )
    .join("\n");
}

/** The docstring's text outside every parameter entry (its summary, prose, other sections). */
export function textOutsideEntries(doc: ParsedDocstring): string {
  const inEntry = new Set<number>();
  for (const e of doc.entries) for (let i = e.first; i <= e.last; i++) inEntry.add(i);
  return doc.lines
    .filter((_, i) => !inEntry.has(i))
    .map((l) => l.text)
    .join("\n");
}

// ---------------------------------------------------------------------------------------------
// The module's description

/** A module-level string that reads as the module's description but is not its first statement. */
export function misplacedModuleDocstring(model: ModuleModel): Node | null {
  return misplacedIn(model.statements, 0);
}

/**
 * The class's description written after its first statements (`__test__ = False` then
 * `"""..."""`), before any method: it never becomes the class's `__doc__`.
 */
export function misplacedClassDocstring(cls: { body: Node; docstring: Node | null }): Node | null {
  if (cls.docstring) return null;
  const statements = cls.body.namedChildren.filter((n): n is Node => !!n && n.type !== "comment");
  return statements.length > 1 ? misplacedIn(statements, 1) : null;
}

/**
 * `x = 1` (or `x: int = 1`): a string right after it is x's docstring (Sphinx's attribute
 * docstrings). Not after a dunder (`__test__ = False`, `__slots__ = ()`): nobody documents those,
 * so a string there describes the class.
 */
function isDocumentedAssignment(st: Node | undefined): boolean {
  const inner = st?.type === "expression_statement" && st.namedChildCount === 1 ? st.namedChild(0) : null;
  if (inner?.type !== "assignment") return false;
  const left = inner.childForFieldName("left");
  return left?.type === "identifier" && !/^__\w+__$/.test(left.text);
}

/** The first triple-quoted string statement from `from` on, before any definition; an attribute's docstring is none. */
function misplacedIn(statements: readonly Node[], from: number): Node | null {
  for (let i = from; i < statements.length; i++) {
    const st = statements[i];
    if (st.type === "function_definition" || st.type === "class_definition" || st.type === "decorated_definition")
      return null;
    if (isDocumentedAssignment(statements[i - 1])) continue;
    if (st.type === "expression_statement" && st.namedChildCount === 1 && st.namedChild(0)?.type === "string") {
      const parts = stringParts(st.namedChild(0) as Node);
      if (parts && parts.quote.length === 3 && !/[bf]/i.test(parts.prefix) && parts.body.trim()) return st;
    }
  }
  return null;
}
