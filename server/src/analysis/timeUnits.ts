// Time quantities: parameters named like one (`timeout`, `*_time`: settings.timeParameters), and
// whether a name, an annotation, a default or a docstring states the unit. DOC002 decides with
// these; DOC001's stub gives such parameters a unit placeholder.
import { entryText, type ParsedDocstring, textOutsideEntries } from "./docstrings";
import type { ParameterInfo } from "./model";

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

/** `min_`/`max_` before, `_min`/`_max` after: a bound of a time quantity (`random_delay_max`). */
const BOUND = /^(?:min|max)_(?=.)|_(?:min|max)$/i;

/**
 * A name matching the time patterns that carries no unit itself, or a bound of one
 * (`periodic_interval_max`). `_min` after a time word is a minimum when a `_max` sibling
 * parameter pairs with it (`random_delay_min`, `random_delay_max`), else minutes (`delay_min`).
 */
export function isTimeParameter(name: string, patterns: readonly string[], siblings: readonly string[] = []): boolean {
  const re = timeNameRegex(patterns);
  if (re.test(name) && !nameHasUnit(name)) return true;
  const core = name.replace(BOUND, "");
  if (core === name || !re.test(core) || nameHasUnit(core)) return false;
  if (/_min$/i.test(name)) return siblings.some((s) => s.toLowerCase() === `${core.toLowerCase()}_max`);
  return true;
}

/** Annotations that carry the unit themselves (`float` and `int` do not). */
const TIME_TYPE =
  /\b(?:datetime|timedelta|date|time|relativedelta|Duration|Timedelta|Timestamp|DateTime|Arrow|struct_time|Instant)\b/;
/** Defaults that carry the unit: `timedelta(seconds=5)`, `datetime.now()`, `time.time()`. */
const TIME_VALUE = /\b(?:timedelta|relativedelta|datetime|utcnow|monotonic)\b|\btime\.time\(\)/;
/**
 * A library's "no timeout given" sentinel (`socket._GLOBAL_DEFAULT_TIMEOUT`, `Timeout.DEFAULT_TIMEOUT`):
 * the parameter follows that library's timeout convention (socket's seconds, or its `Timeout` object).
 */
const DEFAULT_TIMEOUT_SENTINEL = /^(?:(?:\w+\.)?_GLOBAL_DEFAULT_TIMEOUT|(?:\w+\.)*Timeout\.DEFAULT_TIMEOUT)$/;

/**
 * A parameter named like a time quantity whose name, annotation and default say nothing of its
 * unit (`timeout=5`; not `timeout_s`, `delay: timedelta`, `ttl=CONF.ttl_days`).
 */
export function timeParameterNeedsUnit(
  p: ParameterInfo,
  patterns: readonly string[],
  siblings: readonly string[] = [],
): boolean {
  if (p.kind === "var-positional" || p.kind === "var-keyword" || !isTimeParameter(p.name, patterns, siblings))
    return false;
  if (p.annotation && TIME_TYPE.test(p.annotation.text)) return false;
  if (p.defaultValue) {
    // a flag (`current_period=False`) or a string (`period="monthly"`, `"30s"`) is not a bare number
    const type = p.defaultValue.type;
    if (type === "true" || type === "false" || type === "string" || type === "concatenated_string") return false;
    const value = p.defaultValue.text;
    if (TIME_VALUE.test(value) || DEFAULT_TIMEOUT_SENTINEL.test(value)) return false;
    for (const m of value.matchAll(/[A-Za-z_][A-Za-z0-9_]*/g))
      if (m[0].includes("_") && nameHasUnit(m[0])) return false;
  }
  return true;
}

/** `heart_beat_time`, `start_time`, `time`: a point in time or a duration, the name cannot tell. */
export function mayBeInstant(name: string): boolean {
  return /(?:^|_)(?:time|timestamp|deadline)$/i.test(name) || /^(?:time|when)$/i.test(name);
}

// ---------------------------------------------------------------------------------------------
// Found by text first

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

const IDENTIFIER = /[A-Za-z_][A-Za-z0-9_]*/g;

/** Finds names matching the time patterns in a text (a parameter list), before any tree is read. */
export class TimeNameFinder {
  private readonly names: RegExp;
  private readonly pieces: string[] | null;

  constructor(patterns: readonly string[]) {
    this.names = timeNameRegex(patterns);
    this.pieces = patternPieces(patterns);
  }

  /** Does the text hold a name matching the patterns, or a bound of one (with a unit or not)? */
  foundIn(text: string): boolean {
    if (this.pieces) {
      // a name matching the patterns holds one of their pieces
      const lower = text.toLowerCase();
      if (!this.pieces.some((p) => lower.includes(p))) return false;
    }
    for (const m of text.matchAll(IDENTIFIER))
      if (this.names.test(m[0]) || this.names.test(m[0].replace(BOUND, ""))) return true;
    return false;
  }
}

// ---------------------------------------------------------------------------------------------
// In a docstring

/**
 * Words that state a unit or a kind of time in a docstring: "in seconds", "(ms)", "30s",
 * "UTC datetime", "epoch", "timestamp", or an example of the value (`2014-08-19T11:53:57Z`: an
 * ISO 8601 string). Singular "second" is left out ("the second port").
 */
const UNIT_WORDS =
  /\b\d{4}-\d\d-\d\d[T ]\d\d:\d\d|\b(?:seconds|secs?|milli-?seconds?|millisecs?|msecs?|ms|micro-?seconds?|usecs?|nano-?seconds?|nsecs?|ns|minutes?|mins|hours?|hrs?|days|weeks|(?:second|minute|hour|day|week)\(s\)|epoch|timestamps?|datetimes?|timedeltas?|utc|iso[ -]?8601|isoformat|unix time|monotonic|time\.time)\b|µs|\b\d+(?:\.\d+)?\s?(?:s|ms|us|µs|ns|m|h|d)\b/i;

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * Text that states the unit by pointing at something documented: a configuration option
 * (`defaults to CONF.periodic_fuzzy_delay`, `[deploy]fast_track_timeout`, "defaults to
 * `fast_track_timeout`"), a cross-reference (`:func:`, `:meth:`, `:attr:`), or another function
 * (`see wait_for()`, "as for `sleep()`").
 */
const REFERENCE =
  /\b(?:cfg\.)?CONF\.[A-Za-z_][\w.]*|\[[a-z_]+\]\s*[a-z]+_[a-z_]+|\bdefaults?\s+(?:to|is|from)\s+`*(?:[A-Za-z_][\w]*\.)*[a-z]+_[a-z_]+\b|:(?:func|meth|attr|data|obj|class|option|confval|ref):`|\b(?:see|as (?:in|for)|same as)\s+`*[A-Za-z_][\w.]*\(\)/;

/**
 * A docstring that sends the reader elsewhere for the arguments: "See expect() for other
 * arguments", "Arguments are the same as for :meth:`open`", or a one-paragraph docstring that
 * ends by pointing at another callable ("Prepare a call context. See RPCClient.prepare().").
 */
const CALLABLE_REF = String.raw`(?:\x60*[A-Za-z_][\w.]*\(\)\x60*|:(?:func|meth|class):\x60[^\x60]+\x60)`;
const ARGUMENTS_ELSEWHERE = new RegExp(
  String.raw`\bsee\s+(?:also\s+)?${CALLABLE_REF}\s+for\s+(?:(?:the|other|more|all|its|remaining)\s+)*(?:arguments|parameters|args|options|keyword arguments)\b` +
    String.raw`|\b(?:arguments|parameters|args)\b[^.]*?\b(?:same as|as (?:for|in|of))\s+${CALLABLE_REF}`,
  "i",
);
const DEFERS_WHOLLY = new RegExp(String.raw`\bsee\s+${CALLABLE_REF}\.?\s*$`, "i");

/**
 * A sentence saying the value falls back to an attribute of the object ("-1 means self.timeout",
 * "defaults to self.timeout", "then self.timeout is used"), documented with the object.
 */
const ATTRIBUTE_DEFAULT =
  /\b(?:defaults?\s+(?:to|is|from)|means|falls?\s+back\s+to|then)\s+`*(?:self|cls)\.[A-Za-z_]\w*|\b(?:self|cls)\.[A-Za-z_]\w*`*\s+is\s+used\b/;

/**
 * Does the docstring, with no entry for `name`, point elsewhere for its arguments, or say that
 * `name` falls back to an attribute of the object?
 */
export function pointsElsewhereFor(doc: ParsedDocstring, name: string): boolean {
  if (entryText(doc, name) !== null) return false;
  const outside = textOutsideEntries(doc).trim();
  if (ARGUMENTS_ELSEWHERE.test(outside)) return true;
  const named = new RegExp(`\\b${escapeRegExp(name)}\\b`);
  if (outside.split(/\n\s*\n|(?<=\.)\s/).some((s) => named.test(s) && ATTRIBUTE_DEFAULT.test(s))) return true;
  return !doc.entries.length && !/\n\s*\n/.test(outside) && DEFERS_WHOLLY.test(outside);
}

/**
 * Words that say a parameter takes one of a few named values, not a quantity ("Possible values:
 * PERIOD_OVERALL, PERIOD_7DAYS"): a selector, whatever its name.
 */
const CHOICES = /\b(?:possible|allowed|valid|accepted|supported|permitted)\s+values\b|\bone\s+of\s*(?::|['"`[({])/i;

/** Does the docstring list the values `name` may take (its entry, or the paragraph naming it)? */
export function listsChoicesOf(doc: ParsedDocstring, name: string): boolean {
  const entry = entryText(doc, name);
  if (entry !== null && CHOICES.test(entry)) return true;
  const named = new RegExp(`\\b${escapeRegExp(name)}\\b`);
  return textOutsideEntries(doc)
    .split(/\n\s*\n/)
    .some((p) => named.test(p) && CHOICES.test(p));
}

/**
 * Does the docstring already describe `name`, as an entry or a line of a list of its own
 * (`* period: The period of time.`)? A fix adds no second entry for it.
 */
export function describesParameter(doc: ParsedDocstring, name: string): boolean {
  if (entryText(doc, name) !== null) return true;
  return new RegExp(
    `^\\s*(?:[-*o+]\\s+)?\x60*${escapeRegExp(name)}\x60*\\s*(?:\\([^)]*\\))?\\s*(?::|--|-\\s)`,
    "m",
  ).test(textOutsideEntries(doc));
}

/** Does the text (a comment, a sentence) state a unit of time? */
export function mentionsUnit(text: string): boolean {
  return UNIT_WORDS.test(text);
}

/** Does the docstring state the unit of `name`: in its entry, or (when it has none) anywhere else? */
export function statesUnit(doc: ParsedDocstring, name: string): boolean {
  const entry = entryText(doc, name);
  if (entry === null) return UNIT_WORDS.test(withoutWord(textOutsideEntries(doc), name));
  return entryStatesUnit(entry, name) || proseStatesUnit(doc, name);
}

/**
 * Does the docstring name `name` with its unit: an entry for it that states one, or a sentence
 * naming it with one ("then sleeps for 'batch_interval' seconds")? For another docstring of the
 * same class, which may say anything of other values.
 */
export function namesUnitOf(doc: ParsedDocstring, name: string): boolean {
  const entry = entryText(doc, name);
  return (entry !== null && entryStatesUnit(entry, name)) || proseStatesUnit(doc, name);
}

function withoutWord(s: string, name: string): string {
  return s.replace(new RegExp(`\\b${escapeRegExp(name)}\\b`, "g"), " ");
}

function entryStatesUnit(entry: string, name: string): boolean {
  return UNIT_WORDS.test(withoutWord(entry, name)) || REFERENCE.test(entry);
}

/** Prose that names the parameter with its unit ("timeout is in seconds") or a documented source of it. */
function proseStatesUnit(doc: ParsedDocstring, name: string): boolean {
  const named = new RegExp(`\\b${escapeRegExp(name)}\\b`);
  return textOutsideEntries(doc)
    .split(/\n\s*\n|(?<=\.)\s/)
    .some((s) => named.test(s) && (UNIT_WORDS.test(withoutWord(s, name)) || REFERENCE.test(s)));
}
