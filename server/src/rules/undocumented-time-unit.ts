// DOC002: a parameter named like a time quantity whose unit (or kind, for a timestamp) nothing states.
import type { FunctionInfo, ParameterInfo } from "../analysis/model";
import { isWordCode } from "../analysis/chars";
import {
  addParamsEdits,
  docstringLines,
  docstringStyleFor,
  entryText,
  indentUnit,
  insertDocstringEdit,
  mayBeInstant,
  parseDocstring,
  SUMMARY_PLACEHOLDER,
  textOutsideEntries,
  timeNameRegex,
  timeParameterNeedsUnit,
  timePlaceholder,
  type DocParam,
  type ParsedDocstring,
} from "../fixes/docstrings";
import type { Fix, TextEdit } from "../core/types";
import type { Rule } from "./types";

/**
 * Words that state a unit or a kind of time in a docstring: "in seconds", "(ms)", "30s",
 * "UTC datetime", "epoch", "timestamp". Singular "second" is left out ("the second port").
 */
const UNIT_WORDS =
  /\b(?:seconds|secs?|milli-?seconds?|millisecs?|msecs?|ms|micro-?seconds?|usecs?|nano-?seconds?|nsecs?|ns|minutes?|mins|hours?|hrs?|days|weeks|(?:second|minute|hour|day|week)\(s\)|epoch|timestamps?|datetimes?|timedeltas?|utc|iso[ -]?8601|isoformat|unix time|monotonic|time\.time)\b|µs|\b\d+(?:\.\d+)?\s?(?:s|ms|us|µs|ns|m|h|d)\b/i;

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Does the docstring state the unit of `name`: in its entry, or (when it has none) anywhere else? */
function statesUnit(doc: ParsedDocstring, name: string): boolean {
  const withoutName = (s: string): string => s.replace(new RegExp(`\\b${escapeRegExp(name)}\\b`, "g"), " ");
  const entry = entryText(doc, name);
  const outside = textOutsideEntries(doc);
  if (entry === null) return UNIT_WORDS.test(withoutName(outside));
  if (UNIT_WORDS.test(withoutName(entry))) return true;
  // prose that names the parameter with its unit ("timeout is in seconds")
  return outside
    .split(/\n\s*\n|(?<=\.)\s/)
    .some((s) => new RegExp(`\\b${escapeRegExp(name)}\\b`).test(s) && UNIT_WORDS.test(withoutName(s)));
}

function paramNameNode(p: ParameterInfo): { start: number; end: number } {
  return { start: p.node.startIndex, end: p.node.startIndex + p.name.length };
}

const OVERLOAD = /(?:^|\.)overload$/;

export const undocumentedTimeUnit: Rule = {
  meta: {
    code: "DOC002",
    name: "undocumented-time-unit",
    category: "documentation",
    reviewPoint: 5,
    severity: "warning",
    fixable: "sometimes",
    skipsTestFiles: true,
    summary:
      "A parameter named like a time quantity (timeout, delay, *_time, …) has no unit in its name, type or docstring.",
    rationale:
      "`timeout=5` is five seconds to one library and five milliseconds to the next, and `heart_beat_time` may be a duration or a timestamp (naive or UTC?): unit mix-ups are silent bugs. " +
      "A unit suffix (`timeout_s`), a `datetime`/`timedelta` annotation or one word in the docstring settles it. " +
      "The fix adds the parameter to the docstring (its parameter list, or a new one, in the file's style) with a TODO unit placeholder, so it is unsafe: offered in the lightbulb, never applied by `--fix`.",
    example: 'def is_agent_down(heart_beat_time):\n    """Tell whether an agent is down."""',
    useInstead:
      'def is_agent_down(heart_beat_time):\n    """Tell whether an agent is down.\n\n    :param heart_beat_time: UTC datetime of the agent\'s last heartbeat\n    """',
  },
  check({ model, text, settings, report }) {
    if (!settings.timeParameters.length) return;
    const names = timeNameRegex(settings.timeParameters);
    const identifier = /[A-Za-z_][A-Za-z0-9_]*/g;
    const pieces = patternPieces(settings.timeParameters);
    for (const fn of model.functions) {
      if (fn.parentFunction) continue; // a closure's parameters are read with their caller
      // cheap text filter before reading parameters from the tree (the parameter list read from
      // the text when the tree has no errors, for it costs nothing of the tree)
      const ptext =
        (!model.hasSyntaxErrors && parametersText(text, fn.node.startIndex)) ||
        text.slice(fn.parametersNode.startIndex, fn.parametersNode.endIndex);
      if (pieces) {
        // a name matching the patterns holds one of their pieces
        const lower = ptext.toLowerCase();
        if (!pieces.some((p) => lower.includes(p))) continue;
      }
      let candidate = false;
      for (const m of ptext.matchAll(identifier)) {
        if (names.test(m[0])) {
          candidate = true;
          break;
        }
      }
      if (!candidate) continue;
      if (fn.decorators.some((d) => d.name !== null && OVERLOAD.test(d.name))) continue;
      const timed = fn.parameters.filter((p) => timeParameterNeedsUnit(p, settings.timeParameters));
      if (!timed.length) continue;
      const docs = docstringsFor(fn, text);
      const undocumented = timed.filter((p) => !docs.some((d) => statesUnit(d, p.name)));
      if (!undocumented.length) continue;
      const fix = buildFix(fn, undocumented, docs, text, model, settings.docstringStyle, settings.lineLength);
      for (const p of undocumented) {
        const { start, end } = paramNameNode(p);
        const message = mayBeInstant(p.name)
          ? `\`${p.name}\` is a time value, but nothing says what kind: a duration (in what unit?) or a point in time (a datetime? epoch seconds? UTC?). ` +
            "State it in the docstring, the name or a type annotation."
          : `\`${p.name}\` is a duration with no unit: its name, type and docstring do not say whether it is seconds, milliseconds or minutes. ` +
            `Add a unit suffix (\`${p.name}_s\`), a \`timedelta\` annotation, or the unit in the docstring.`;
        report({ start, end, message, fixes: fix ? [fix] : [] });
      }
    }
  },
};

const piecesCache = new Map<string, string[] | null>();

/**
 * Literal pieces (lower case) one of which every name matching the patterns holds: the longest
 * of each pattern's. Null when a pattern has none (`*`) or one is not printable ASCII (whose
 * case-insensitive match lower-casing would not mirror).
 */
function patternPieces(patterns: readonly string[]): string[] | null {
  const key = patterns.join("\u0000");
  let pieces = piecesCache.get(key);
  if (pieces !== undefined) return pieces;
  pieces = [];
  for (const p of patterns) {
    const parts = p.split("*").filter(Boolean);
    const longest = parts.reduce((a, b) => (b.length > a.length ? b : a), "");
    if (!longest || !/^[\x20-\x7e]+$/.test(longest)) {
      pieces = null;
      break;
    }
    pieces.push(longest.toLowerCase());
  }
  if (pieces) pieces = pieces.filter((p, i) => !pieces!.some((q, j) => j !== i && p.includes(q) && (p !== q || j < i)));
  piecesCache.set(key, pieces);
  return pieces;
}

const DEF_HEAD = /(?:async\s+)?def\s+[A-Za-z_][A-Za-z0-9_]*\(/y;

/**
 * The text of a def's parameter list, `(` to its `)`, read from the text (no tree node is
 * asked for): brackets counted, comments and string literals skipped. Undefined when it is not
 * plainly `def name(`, or holds an f-string (whose nested quotes this does not follow): then
 * ask the tree.
 */
function parametersText(text: string, start: number): string | undefined {
  DEF_HEAD.lastIndex = start;
  if (!DEF_HEAD.test(text)) return undefined;
  const open = DEF_HEAD.lastIndex - 1;
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 40 || c === 91 || c === 123)
      depth++; // ( [ {
    else if (c === 41 || c === 93 || c === 125) {
      if (--depth === 0) return c === 41 ? text.slice(open, i + 1) : undefined;
    } else if (c === 35) {
      // a comment, to the line's end
      while (i < text.length && text.charCodeAt(i) !== 10 && text.charCodeAt(i) !== 13) i++;
    } else if (c === 34 || c === 39) {
      // a string literal: its prefix, then to the closing quote (a backslash escapes any character)
      for (let k = i - 1; k > open && isWordCode(text.charCodeAt(k)); k--) {
        const p = text.charCodeAt(k) | 32;
        if (p === 102 || p === 116) return undefined; // f, t
      }
      const triple = text.charCodeAt(i + 1) === c && text.charCodeAt(i + 2) === c;
      let j = triple ? i + 3 : i + 1;
      for (;;) {
        if (j >= text.length) return undefined;
        const d = text.charCodeAt(j);
        if (d === 92) j += 2;
        else if (d === c && (!triple || (text.charCodeAt(j + 1) === c && text.charCodeAt(j + 2) === c))) break;
        else if (!triple && (d === 10 || d === 13)) return undefined;
        else j++;
      }
      i = triple ? j + 2 : j;
    }
  }
  return undefined;
}

/** The function's docstring and, for `__init__`, its class's (constructor parameters often live there). */
function docstringsFor(fn: FunctionInfo, text: string): ParsedDocstring[] {
  const out: ParsedDocstring[] = [];
  const own = fn.docstring ? parseDocstring(text, fn.docstring) : null;
  if (own) out.push(own);
  if (fn.name === "__init__" && fn.parentClass?.docstring) {
    const cls = parseDocstring(text, fn.parentClass.docstring);
    if (cls) out.push(cls);
  }
  return out;
}

function buildFix(
  fn: FunctionInfo,
  params: ParameterInfo[],
  docs: ParsedDocstring[],
  text: string,
  model: Parameters<typeof docstringStyleFor>[0],
  fallback: Parameters<typeof docstringStyleFor>[1],
  lineLength: number | null,
): Fix | null {
  const style = docstringStyleFor(model, fallback);
  const unit = indentUnit(text);
  const entries: DocParam[] = params.map((p) => ({
    name: p.name,
    annotation: p.annotation ? p.annotation.text.replace(/\s+/g, " ") : null,
    description: timePlaceholder(p.name),
  }));
  const names = params.map((p) => `\`${p.name}\``).join(", ");
  const title = `Document the ${params.length > 1 ? "units" : "unit"} of ${names} in the docstring (TODO placeholder)`;
  let edits: TextEdit[] | null = null;
  // an entry already there (in the function's or the class's docstring) gets the placeholder
  const target = docs.find((d) => params.some((p) => d.entries.some((e) => e.name === p.name))) ?? docs[0] ?? null;
  if (target) {
    // a docstring whose quotes are `'` or `"` cannot take more lines
    if (/^[A-Za-z]*("""|''')/.test(target.node.text)) {
      edits = addParamsEdits(
        text,
        target,
        entries,
        fn.parameters.map((p) => p.name),
        style,
        unit,
        lineLength ?? 79,
      );
    }
  } else {
    const edit = insertDocstringEdit(
      model,
      fn.node,
      docstringLines({ summary: SUMMARY_PLACEHOLDER, params: entries, returns: null, raises: [] }, style, unit),
    );
    edits = edit ? [edit] : null;
  }
  return edits?.length ? { title, safe: false, edits } : null;
}
