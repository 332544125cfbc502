// Docstrings: the file's style (reST, Google, NumPy), stubs built from a signature, and edits
// that insert a docstring or add parameters to an existing one. Shared by DOC001 and DOC002.
import type { Node } from "web-tree-sitter";
import type { FunctionInfo, ModuleModel, ParameterInfo } from "../analysis/model";
import { dottedName, indentationAt, lastName, lineStartOf, nextLineStart, stringParts } from "../analysis/syntax";
import type { DocstringStyle } from "../config/settings";
import { lineBreakOf } from "../parsing/lineIndex";
import type { TextEdit } from "../core/types";

/** Placeholder text: a stub always says what is left to write. */
export const SUMMARY_PLACEHOLDER = "TODO: summary.";
export const PLACEHOLDER = "TODO";

// ---------------------------------------------------------------------------------------------
// Time quantities (DOC002's names; DOC001's stub gives them a unit placeholder too)

const timeRegexCache = new Map<string, RegExp>();

/** `timeout`, `*_time` … (settings.timeParameters, `*` wildcards) → one anchored regex. */
export function timeNameRegex(patterns: readonly string[]): RegExp {
  const key = patterns.join("\u0000");
  let re = timeRegexCache.get(key);
  if (!re) {
    const parts = patterns.map((p) =>
      p
        .split("*")
        .map((s) => s.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
        .join("[A-Za-z0-9_]*"),
    );
    re = parts.length ? new RegExp(`^(?:${parts.join("|")})$`, "i") : /(?!)/;
    timeRegexCache.set(key, re);
  }
  return re;
}

/** Name parts that carry a unit: `retry_interval_ms`, `ms_delay`, `timeout_seconds`. */
const UNIT_PART =
  /^(?:s|secs?|seconds?|ms|msecs?|millis|milliseconds?|us|usecs?|micros|microseconds?|ns|nsecs?|nanos|nanoseconds?|mins?|minutes?|h|hrs?|hours?|days?|weeks?|td|dt|datetime|timedelta|ts|timestamp|epoch|utc|monotonic)$/i;

/** Parts that are a unit only as a suffix: `min_delay` is a minimum, `delay_min` minutes. */
const SUFFIX_ONLY = new Set(["s", "h", "us", "dt", "min", "mins"]);

/** Does the name itself carry a unit (`timeout_s`, `delay_ms`, `ms_delay`)? */
export function nameHasUnit(name: string): boolean {
  const parts = name.toLowerCase().split("_").filter(Boolean);
  return parts.some((p, i) => UNIT_PART.test(p) && (i === parts.length - 1 || !SUFFIX_ONLY.has(p)));
}

export function isTimeParameter(name: string, patterns: readonly string[]): boolean {
  return timeNameRegex(patterns).test(name) && !nameHasUnit(name);
}

/** Annotations that carry the unit themselves (`float` and `int` do not). */
const TIME_TYPE =
  /\b(?:datetime|timedelta|date|time|relativedelta|Duration|Timedelta|Timestamp|DateTime|Arrow|struct_time|Instant)\b/;
/** Defaults that carry the unit: `timedelta(seconds=5)`, `datetime.now()`, `time.time()`. */
const TIME_VALUE = /\b(?:timedelta|relativedelta|datetime|utcnow|monotonic)\b|\btime\.time\(\)/;

/**
 * A parameter named like a time quantity whose name, annotation and default say nothing of its
 * unit (`timeout=5`; not `timeout_s`, `delay: timedelta`, `ttl=CONF.ttl_days`).
 */
export function timeParameterNeedsUnit(p: ParameterInfo, patterns: readonly string[]): boolean {
  if (p.kind === "var-positional" || p.kind === "var-keyword" || !isTimeParameter(p.name, patterns)) return false;
  if (p.annotation && TIME_TYPE.test(p.annotation.text)) return false;
  if (p.defaultValue) {
    // a flag (`current_period=False`) or a string (`period="monthly"`, `"30s"`) is not a bare number
    const type = p.defaultValue.type;
    if (type === "true" || type === "false" || type === "string" || type === "concatenated_string") return false;
    const value = p.defaultValue.text;
    if (TIME_VALUE.test(value)) return false;
    for (const m of value.matchAll(/[A-Za-z_][A-Za-z0-9_]*/g))
      if (m[0].includes("_") && nameHasUnit(m[0])) return false;
  }
  return true;
}

/** `heart_beat_time`, `start_time`, `time`: a point in time or a duration, the name cannot tell. */
export function mayBeInstant(name: string): boolean {
  return /(?:^|_)(?:time|timestamp)$/i.test(name) || /^(?:time|when)$/i.test(name);
}

/** What a stub says about a time parameter: it names a unit, marked TODO. */
export function timePlaceholder(name: string): string {
  return mayBeInstant(name)
    ? "TODO: a duration (in seconds?) or a point in time (a UTC datetime?)."
    : "TODO: the unit (seconds?).";
}

// ---------------------------------------------------------------------------------------------
// The file's conventions

const styleCache = new WeakMap<ModuleModel, DocstringStyle | null>();

/** The number of non-overlapping occurrences of `s` (as a global regex for it would find them). */
function count(text: string, s: string): number {
  let n = 0;
  for (let i = text.indexOf(s); i >= 0; i = text.indexOf(s, i + s.length)) n++;
  return n;
}

const REST_FIELD = /^[ \t]*:(?:param|parameter|arg|argument|key|keyword|type|returns?|rtype|raises?|yields?)\b[^:\n]*:/;
const GOOGLE_HEADER = /^[ \t]*(?:Args|Arguments|Keyword Args|Keyword Arguments|Returns|Raises|Yields):[ \t]*\r?$/;
const NUMPY_HEADER = /^[ \t]*(?:Parameters|Other Parameters|Returns|Raises|Yields)[ \t]*\r?$/;

/** Where a field or section header may be: one pass, classified by its line afterwards. */
const STYLE_HINT =
  /(?:Args|Arguments|Keyword Args|Keyword Arguments|Returns|Raises|Yields):|:(?:param|parameter|arg|argument|key|keyword|type|returns?|rtype|raises?|yields?)\b|-{3,}/g;

/**
 * The style the file's own docstrings use, by their fields and section headers; null if none.
 * One regex pass that stops once a dozen lines have been classified (a file keeps one style).
 */
export function detectedStyle(model: ModuleModel): DocstringStyle | null {
  if (styleCache.has(model)) return styleCache.get(model) ?? null;
  const text = model.text;
  const scores: Record<DocstringStyle, number> = { rest: 0, google: 0, numpy: 0 };
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
    } else if (m[0].startsWith(":")) {
      if (!REST_FIELD.test(line)) continue;
      scores.rest += 1;
    } else {
      if (!GOOGLE_HEADER.test(line)) continue;
      scores.google += 2;
    }
    classified++;
  }
  const ranked = (Object.entries(scores) as Array<[DocstringStyle, number]>).sort((a, b) => b[1] - a[1]);
  const style = ranked[0][1] > 0 && ranked[0][1] > ranked[1][1] ? ranked[0][0] : null;
  styleCache.set(model, style);
  return style;
}

export function docstringStyleFor(model: ModuleModel, fallback: DocstringStyle): DocstringStyle {
  return detectedStyle(model) ?? fallback;
}

const quoteCache = new WeakMap<ModuleModel, string>();

/** `"""` unless the file's docstrings mostly use `'''`. */
export function quoteOf(model: ModuleModel): string {
  let quote = quoteCache.get(model);
  if (!quote) {
    const text = model.text;
    quote = text.includes("'''") && count(text, "'''") > count(text, '"""') ? "'''" : '"""';
    quoteCache.set(model, quote);
  }
  return quote;
}

const INDENTED_BLOCK =
  /^([ \t]*)(?:async[ \t]+)?(?:def|class)[ \t][^\n]*:[ \t]*(?:#[^\n]*)?\r?\n(?:[ \t]*(?:#[^\n]*)?\r?\n)*([ \t]+)\S/gm;

let lastUnit: { text: string; unit: string } | null = null;

/** One level of indentation in this file (from its first def or class with a body below it). */
export function indentUnit(text: string): string {
  if (lastUnit?.text === text) return lastUnit.unit;
  const unit = findIndentUnit(text);
  lastUnit = { text, unit };
  return unit;
}

function findIndentUnit(text: string): string {
  INDENTED_BLOCK.lastIndex = 0;
  for (let m = INDENTED_BLOCK.exec(text), n = 0; m && n < 20; m = INDENTED_BLOCK.exec(text), n++) {
    if (m[2].length > m[1].length && m[2].startsWith(m[1])) return m[2].slice(m[1].length);
  }
  return "    ";
}

// ---------------------------------------------------------------------------------------------
// Stubs

export interface DocParam {
  name: string;
  annotation: string | null;
  description: string;
}

export interface DocSpec {
  summary: string;
  params: DocParam[];
  returns: { annotation: string | null; description: string } | null;
  raises: Array<{ name: string; description: string }>;
}

function oneLine(s: string): string {
  return s.replace(/\s+/g, " ").trim();
}

/** The documentable parameters of a function: not `self`/`cls` of a method, not `*args`/`**kwargs`. */
export function documentableParameters(fn: FunctionInfo): FunctionInfo["parameters"] {
  const isStatic = fn.decorators.some((d) => d.name === "staticmethod");
  return fn.parameters.filter((p, i) => {
    if (p.kind === "var-positional" || p.kind === "var-keyword" || !p.name) return false;
    if (
      i === 0 &&
      fn.parentClass &&
      !isStatic &&
      (p.name === "self" || p.name === "cls" || p.name === "mcs" || p.name === "metacls")
    )
      return false;
    return true;
  });
}

/** Parameters, a return value (if the body returns one) and the exceptions it raises. */
export function specFor(fn: FunctionInfo, timePatterns: readonly string[]): DocSpec {
  const params: DocParam[] = documentableParameters(fn).map((p) => ({
    name: p.name,
    annotation: p.annotation ? oneLine(p.annotation.text) : null,
    description: timeParameterNeedsUnit(p, timePatterns) ? timePlaceholder(p.name) : PLACEHOLDER,
  }));
  const returnType = fn.node.childForFieldName("return_type");
  const annotated = returnType ? oneLine(returnType.text) : null;
  let returns: DocSpec["returns"] = null;
  if (annotated !== null) {
    if (
      annotated !== "None" &&
      annotated !== "NoReturn" &&
      annotated !== "typing.NoReturn" &&
      !/^(?:typing\.)?(?:Iterator|Generator|Iterable|AsyncIterator|AsyncGenerator)\b/.test(annotated)
    ) {
      returns = { annotation: annotated, description: PLACEHOLDER };
    }
  } else if (!fn.yields.length && fn.returns.some((r) => r.namedChildCount > 0 && r.namedChild(0)?.type !== "none")) {
    returns = { annotation: null, description: PLACEHOLDER };
  }
  const raises: DocSpec["raises"] = [];
  for (const r of fn.raises) {
    let exc = r.exception;
    if (exc?.type === "call") exc = exc.childForFieldName("function");
    const name = dottedName(exc);
    if (!name) continue;
    const last = lastName(name);
    if (!/^[A-Z]/.test(last) || last === "NotImplementedError") continue;
    if (!raises.some((x) => x.name === name)) raises.push({ name, description: PLACEHOLDER });
  }
  return { summary: SUMMARY_PLACEHOLDER, params, returns, raises };
}

/** One parameter's entry, as lines relative to its section's entries. */
export function paramEntryLines(p: DocParam, style: DocstringStyle, unit: string): string[] {
  switch (style) {
    case "rest":
      return [`:param ${p.name}: ${p.description}`];
    case "google":
      return [`${p.name}: ${p.description}`];
    case "numpy":
      return [p.annotation ? `${p.name} : ${p.annotation}` : p.name, `${unit}${p.description}`];
  }
}

/** The header lines of a parameters section (none for reST fields). */
export function paramSectionHeader(style: DocstringStyle): string[] {
  return style === "google" ? ["Args:"] : style === "numpy" ? ["Parameters", "----------"] : [];
}

/** A whole parameters section: its header and entries (Google entries one level in). */
export function paramSectionLines(params: readonly DocParam[], style: DocstringStyle, unit: string): string[] {
  const inner = style === "google" ? unit : "";
  return [
    ...paramSectionHeader(style),
    ...params.flatMap((p) => paramEntryLines(p, style, unit).map((l) => inner + l)),
  ];
}

/** The docstring's lines (relative to its indentation; "" is a blank line). */
export function docstringLines(spec: DocSpec, style: DocstringStyle, unit: string): string[] {
  const sections: string[][] = [];
  if (spec.params.length) sections.push(paramSectionLines(spec.params, style, unit));
  if (style === "rest") {
    // reST fields form one block
    const fields = sections.pop() ?? [];
    if (spec.returns) fields.push(`:returns: ${spec.returns.description}`);
    for (const r of spec.raises) fields.push(`:raises ${r.name}: ${r.description}`);
    if (fields.length) sections.push(fields);
  } else if (style === "google") {
    if (spec.returns) sections.push(["Returns:", `${unit}${spec.returns.description}`]);
    if (spec.raises.length) sections.push(["Raises:", ...spec.raises.map((r) => `${unit}${r.name}: ${r.description}`)]);
  } else {
    if (spec.returns) {
      const r = spec.returns;
      sections.push([
        "Returns",
        "-------",
        ...(r.annotation ? [r.annotation, `${unit}${r.description}`] : [r.description]),
      ]);
    }
    if (spec.raises.length)
      sections.push(["Raises", "------", ...spec.raises.flatMap((r) => [r.name, `${unit}${r.description}`])]);
  }
  const lines = [spec.summary];
  for (const s of sections) lines.push("", ...s);
  return lines;
}

/** The literal: `"""Summary."""`, or a multi-line one closing on its own line at `indent`. */
export function renderDocstring(lines: readonly string[], indent: string, quote: string, nl: string): string {
  if (lines.length === 1) return `${quote}${lines[0]}${quote}`;
  const rest = lines.slice(1).map((l) => (l ? indent + l : ""));
  return `${quote}${lines[0]}${nl}${rest.join(nl)}${nl}${indent}${quote}`;
}

// ---------------------------------------------------------------------------------------------
// Inserting a docstring

/** A block's first named child that is not a comment (without reading all of its children). */
export function firstStatement(block: Node): Node | null {
  let c = block.firstNamedChild;
  while (c && c.type === "comment") c = c.nextNamedSibling;
  return c;
}

function headerColon(def: Node, body: Node): Node | null {
  let colon: Node | null = null;
  for (const child of def.children) {
    if (!child || child.startIndex >= body.startIndex) break;
    if (child.type === ":") colon = child;
  }
  return colon;
}

/**
 * The edit inserting a docstring as the first statement of a def or class, indented as its body.
 * A one-line body (`def f(): return 1`) moves to its own line under the docstring.
 */
export function insertDocstringEdit(model: ModuleModel, def: Node, lines: readonly string[]): TextEdit | null {
  const text = model.text;
  const nl = lineBreakOf(text);
  const body = def.childForFieldName("body");
  if (!body) return null;
  const colon = headerColon(def, body);
  if (!colon) return null;
  const quote = quoteOf(model);
  if (body.startPosition.row > colon.endPosition.row) {
    const first = firstStatement(body) ?? body;
    const indent = indentationAt(text, first.startIndex);
    if (lineStartOf(text, first.startIndex) + indent.length !== first.startIndex) return null;
    const at = nextLineStart(text, colon.endIndex);
    // PEP 257: a blank line after a class's docstring
    const blank = def.type === "class_definition" && text.slice(at, nextLineStart(text, at)).trim() !== "" ? nl : "";
    return { start: at, end: at, newText: indent + renderDocstring(lines, indent, quote, nl) + nl + blank };
  }
  const defIndent = indentationAt(text, def.startIndex);
  if (lineStartOf(text, def.startIndex) + defIndent.length !== def.startIndex) return null;
  const indent = defIndent + indentUnit(text);
  return {
    start: colon.endIndex,
    end: body.startIndex,
    newText: nl + indent + renderDocstring(lines, indent, quote, nl) + nl + indent,
  };
}

const DEFINITION = new Set(["function_definition", "class_definition", "decorated_definition"]);

/** The edit inserting a module docstring before the first statement (after leading comments). */
export function insertModuleDocstringEdit(model: ModuleModel, lines: readonly string[]): TextEdit | null {
  const first = model.statements[0];
  if (first?.startPosition.column !== 0) return null;
  const nl = lineBreakOf(model.text);
  const blank = DEFINITION.has(first.type) ? nl + nl : nl;
  return {
    start: first.startIndex,
    end: first.startIndex,
    newText: renderDocstring(lines, "", quoteOf(model), nl) + nl + blank,
  };
}

// ---------------------------------------------------------------------------------------------
// Reading an existing docstring

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
  style: DocstringStyle | null;
  entries: EntrySpan[];
  /** Google/NumPy: the parameters section (header line index, its entries' indentation). */
  section: { header: number; last: number; entryIndent: number } | null;
  /** The first line of a later section or field (returns, raises…), where a parameters section goes before. */
  nextSection: number | null;
  /** Offset of the closing quotes. */
  bodyEnd: number;
}

const REST_PARAM = /^\s*:(param|parameter|arg|argument|key|keyword|type)\s+([^:]*?)\s*:/;
const REST_OTHER = /^\s*:(?:returns?|rtype|raises?|except|exception|yields?|ytype|var|ivar|cvar)\b[^:]*:/;
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
      const words = field[2].split(/\s+/);
      const name = (words[words.length - 1] ?? "").replace(/^\*+/, "");
      entries.push({
        name,
        first: i,
        last: spanEnd(i, lines.length - 1),
        kind: field[1] === "type" ? "type" : "param",
      });
      continue;
    }
    if (REST_OTHER.test(line.text)) {
      rest = true;
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
  const style: DocstringStyle | null = numpy ? "numpy" : google ? "google" : rest ? "rest" : null;
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
// Adding parameters to an existing docstring

function endOfText(line: DocLine): number {
  return line.start + line.text.trimEnd().length;
}

/**
 * Edits that document `params` in an existing docstring: a parameter with an entry gets
 * its description appended to the entry; the others get entries after the entry of the
 * parameter before them in `order` (the signature), or a new section in `fallback` style
 * (when the docstring has none of its own) before Returns/Raises or at the end.
 */
export function addParamsEdits(
  text: string,
  doc: ParsedDocstring,
  params: readonly DocParam[],
  order: readonly string[],
  fallback: DocstringStyle,
  unit: string,
  lineLength = 79,
): TextEdit[] | null {
  const nl = lineBreakOf(text);
  const style = doc.style ?? fallback;
  const edits: TextEdit[] = [];
  const inserts = new Map<number, string[]>();
  const add = (at: number, piece: string): void => {
    const list = inserts.get(at);
    if (list) list.push(piece);
    else inserts.set(at, [piece]);
  };
  const lineIndent = (i: number): string => {
    const l = doc.lines[i];
    return i === 0 ? doc.indent : l.text.slice(0, l.indent);
  };
  const missing: DocParam[] = [];
  for (const p of params) {
    const entry = doc.entries.find((e) => e.name === p.name && e.kind === "param");
    if (!entry) {
      missing.push(p);
      continue;
    }
    const last = doc.lines[entry.last];
    if (style === "numpy" && entry.last === entry.first) {
      add(endOfText(last), `${nl}${lineIndent(entry.first)}${unit}${p.description}`);
    } else if (last.text.trimEnd().length + 1 + p.description.length <= lineLength || entry.last === 0) {
      add(endOfText(last), ` ${p.description}`);
    } else {
      // too long for the line: a continuation line, indented as the entry's others (or one level in)
      const continuation = entry.last > entry.first ? lineIndent(entry.last) : lineIndent(entry.first) + unit;
      add(endOfText(last), `${nl}${continuation}${p.description}`);
    }
  }
  if (missing.length) {
    const params = doc.entries.filter((e) => e.kind === "param");
    // reST: any field block counts; Google/NumPy: the parameters section
    const hasList = style === "rest" ? params.length > 0 : !!doc.section && params.length > 0 && doc.style === style;
    if (hasList) {
      for (const p of missing) {
        const pos = order.indexOf(p.name);
        const before = [...params].reverse().find((e) => {
          const k = order.indexOf(e.name);
          return k >= 0 && k < pos;
        });
        const entryLines = paramEntryLines(p, style, unit);
        if (before) {
          // after its entry (and, in reST, a `:type` line right after it)
          let last = before.last;
          const typeLine = doc.entries.find((e) => e.kind === "type" && e.name === before.name && e.first === last + 1);
          if (typeLine) last = typeLine.last;
          const ind = lineIndent(before.first);
          add(endOfText(doc.lines[last]), entryLines.map((l) => nl + ind + l).join(""));
        } else {
          const first = params[0];
          const ind = lineIndent(first.first);
          add(doc.lines[first.first].start, entryLines.map((l) => ind + l + nl).join(""));
        }
      }
    } else {
      if (
        doc.lines.length > 1 &&
        doc.lines.slice(1).some((l) => !l.blank) &&
        doc.lines.slice(1).some((l) => !l.blank && l.indent < doc.indent.length)
      ) {
        return null; // content less indented than the statement: not a layout to edit
      }
      const section = paramSectionLines(missing, style, unit);
      const ind = doc.indent;
      if (doc.nextSection !== null) {
        const at = doc.lines[doc.nextSection].start;
        const sep = style === "rest" ? "" : nl;
        add(at, section.map((l) => ind + l + nl).join("") + sep);
      } else {
        let k = doc.lines.length - 1;
        while (k > 0 && doc.lines[k].blank) k--;
        const closingOnOwnLine = k < doc.lines.length - 1;
        const body = section.map((l) => nl + ind + l).join("");
        add(endOfText(doc.lines[k]), `${nl}${body}${closingOnOwnLine ? "" : nl + ind}`);
      }
    }
  }
  for (const [at, pieces] of inserts) edits.push({ start: at, end: at, newText: pieces.join("") });
  return edits;
}
