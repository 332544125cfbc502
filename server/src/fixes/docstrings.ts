// Writing docstrings: stubs built from a signature, in the file's style and conventions, and
// edits that insert a docstring, add parameters to an existing one, or move a module's
// description to the top. Shared by DOC001 and DOC002 (reading them is analysis/docstrings.ts).
import type { Node } from "web-tree-sitter";
import type { DocLine, ParsedDocstring, WrittenStyle } from "../analysis/docstrings";
import type { FunctionInfo, ModuleModel } from "../analysis/model";
import { dottedName, firstStatement, indentationAt, lastName, lineStartOf, nextLineStart } from "../analysis/syntax";
import { mayBeInstant, timeParameterNeedsUnit } from "../analysis/timeUnits";
import { lineBreakOf } from "../parsing/lineIndex";
import type { TextEdit } from "../core/types";
import { standsAlone } from "./imports";

/** Placeholder text: a stub always says what is left to write. */
export const SUMMARY_PLACEHOLDER = "TODO: summary.";
export const PLACEHOLDER = "TODO";

// ---------------------------------------------------------------------------------------------
// The file's conventions

/** The number of non-overlapping occurrences of `s` (as a global regex for it would find them). */
function count(text: string, s: string): number {
  let n = 0;
  for (let i = text.indexOf(s); i >= 0; i = text.indexOf(s, i + s.length)) n++;
  return n;
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

/** What a stub says about a time parameter: it names a unit, marked TODO. */
export function timePlaceholder(name: string): string {
  return mayBeInstant(name)
    ? "TODO: a duration (in seconds?) or a point in time (a UTC datetime?)."
    : "TODO: the unit (seconds?).";
}

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
  } else if (
    !fn.yields.length &&
    fn.returns.some(({ node: r }) => r.namedChildCount > 0 && r.namedChild(0)?.type !== "none")
  ) {
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
export function paramEntryLines(p: DocParam, style: WrittenStyle, unit: string): string[] {
  switch (style) {
    case "rest":
      return [`:param ${p.name}: ${p.description}`];
    case "epytext":
      return [`@param ${p.name}: ${p.description}`];
    case "google":
      return [`${p.name}: ${p.description}`];
    case "numpy":
      return [p.annotation ? `${p.name} : ${p.annotation}` : p.name, `${unit}${p.description}`];
  }
}

/** The header lines of a parameters section (none for reST fields). */
export function paramSectionHeader(style: WrittenStyle, googleHeader = "Args:"): string[] {
  return style === "google" ? [googleHeader] : style === "numpy" ? ["Parameters", "----------"] : [];
}

/** A whole parameters section: its header and entries (Google entries one level in). */
export function paramSectionLines(
  params: readonly DocParam[],
  style: WrittenStyle,
  unit: string,
  googleHeader = "Args:",
): string[] {
  const inner = style === "google" ? unit : "";
  return [
    ...paramSectionHeader(style, googleHeader),
    ...params.flatMap((p) => paramEntryLines(p, style, unit).map((l) => inner + l)),
  ];
}

/** The docstring's lines (relative to its indentation; "" is a blank line). */
/**
 * The header of a Google-style parameters section as the file writes it: `Arguments:` when its
 * docstrings use that and never `Args:`, else `Args:`.
 */
export function googleParamsHeader(text: string): string {
  // (asked for every stub of a check: the text is read once)
  if (lastHeader?.text === text) return lastHeader.header;
  const header =
    /^[ \t]*Arguments:[ \t]*\r?$/m.test(text) && !/^[ \t]*Args:[ \t]*\r?$/m.test(text) ? "Arguments:" : "Args:";
  lastHeader = { text, header };
  return header;
}

let lastHeader: { text: string; header: string } | null = null;

export function docstringLines(spec: DocSpec, style: WrittenStyle, unit: string, googleHeader = "Args:"): string[] {
  const sections: string[][] = [];
  if (spec.params.length) sections.push(paramSectionLines(spec.params, style, unit, googleHeader));
  if (style === "rest" || style === "epytext") {
    // reST (epytext) fields form one block
    const fields = sections.pop() ?? [];
    const [returns, raises] = style === "rest" ? [":returns:", ":raises"] : ["@return:", "@raise"];
    if (spec.returns) fields.push(`${returns} ${spec.returns.description}`);
    for (const r of spec.raises) fields.push(`${raises} ${r.name}: ${r.description}`);
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
    let at = nextLineStart(text, colon.endIndex);
    // a function's PEP 484 type comment (`# type: (int) -> str`) must stay on the line after its header
    if (def.type === "function_definition" && /^[ \t]*#[ \t]*type:/.test(text.slice(at, nextLineStart(text, at))))
      at = nextLineStart(text, at);
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
  const at = attachedCommentStart(model.text, first.startIndex);
  return {
    start: at,
    end: at,
    newText: renderDocstring(lines, "", quoteOf(model), nl) + nl + (at === first.startIndex ? blank : nl),
  };
}

/**
 * Where the comment lines directly above the first statement begin (`# Make coding more
 * python3-ish` above `from __future__ import ...`: they belong to it), when a blank line parts
 * them from what is above; else the statement itself (a header comment reaching the top of the
 * file, with its `#!` and coding lines, stays above the docstring).
 */
function attachedCommentStart(text: string, at: number): number {
  let start = at;
  for (;;) {
    if (start === 0) return at;
    // (the previous line, its break `\r\n`, `\n` or `\r` left out)
    const end = text.startsWith("\r\n", start - 2) ? start - 2 : start - 1;
    const prev = lineStartOf(text, end);
    const line = text.slice(prev, start).trim();
    if (line === "") return start;
    if (!line.startsWith("#")) return at;
    start = prev;
  }
}

/**
 * The edits moving a module's description (a string statement below the first statement) to the
 * top, as its docstring; null when either is not at the start of its own line.
 */
export function moveToTopEdits(text: string, statement: Node, first: Node): TextEdit[] | null {
  const column = first.startPosition.column;
  if (statement.startPosition.column !== column || !standsAlone(text, statement)) return null;
  const nl = lineBreakOf(text);
  let end = nextLineStart(text, statement.endIndex);
  const start = lineStartOf(text, statement.startIndex);
  // drop one blank line after it when one also precedes it
  const before = text.slice(lineStartOf(text, Math.max(0, start - 1)), start);
  const after = text.slice(end, nextLineStart(text, end));
  if (start > 0 && before.trim() === "" && after.trim() === "" && after.length) end = nextLineStart(text, end);
  const literal = text.slice(statement.startIndex, nextLineStart(text, statement.endIndex)).replace(/[\r\n]+$/, "");
  // at the top of a module, a blank line after it; in a class body, the body's indentation
  const after0 = column === 0 ? nl + nl : nl + text.slice(lineStartOf(text, first.startIndex), first.startIndex);
  return [
    { start: first.startIndex, end: first.startIndex, newText: literal + after0 },
    { start, end, newText: "" },
  ];
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
  fallback: WrittenStyle,
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
    const fields = style === "rest" || style === "epytext";
    const hasList = fields ? params.length > 0 : !!doc.section && params.length > 0 && doc.style === style;
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
      const section = paramSectionLines(missing, style, unit, googleParamsHeader(text));
      const ind = doc.indent;
      if (doc.nextSection !== null) {
        const at = doc.lines[doc.nextSection].start;
        const sep = fields ? "" : nl;
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

/**
 * Edits that document `params` of `fn`: in the one of its docstrings (`docs`: its own, its
 * class's) that has an entry for one of them already, else the first; or in a new docstring stub
 * when it has none. Null when the docstring cannot take more lines (its quotes are `'` or `"`) or
 * its layout is not one to edit.
 */
export function documentParamsEdits(
  model: ModuleModel,
  fn: FunctionInfo,
  params: readonly DocParam[],
  docs: readonly ParsedDocstring[],
  style: WrittenStyle,
  unit: string,
  lineLength: number,
): TextEdit[] | null {
  // an entry already there (in the function's or the class's docstring) gets the placeholder
  const target = docs.find((d) => params.some((p) => d.entries.some((e) => e.name === p.name))) ?? docs[0] ?? null;
  if (target) {
    // a docstring whose quotes are `'` or `"` cannot take more lines
    if (/^[A-Za-z]*("""|''')/.test(target.node.text)) {
      return addParamsEdits(
        model.text,
        target,
        params,
        fn.parameters.map((p) => p.name),
        style,
        unit,
        lineLength,
      );
    }
  } else {
    const edit = insertDocstringEdit(
      model,
      fn.node,
      docstringLines(
        { summary: SUMMARY_PLACEHOLDER, params: [...params], returns: null, raises: [] },
        style,
        unit,
        googleParamsHeader(model.text),
      ),
    );
    return edit ? [edit] : null;
  }
  return null;
}
