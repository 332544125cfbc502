// Finding words in a file's text fast. V8's `indexOf` looks for a short pattern's first
// character (memchr) and compares from there, so a pattern starting with a common letter
// (`exit`, `info`) stops at nearly every word: 0.4 ms over a 12,000-line file, against
// 0.03 ms for one starting with a rare letter (`xit`). (From 7 characters on it switches to a
// Boyer-Moore search, slower still here.) So search for a short piece of the pattern that
// starts with its rarest letter, then check the whole pattern around each hit.

import { isWordCode } from "./chars";

/**
 * Printable ASCII characters by how often they occur in Python code (Nova, Neutron and the
 * standard library), commonest first; line breaks and tabs count as commonest, characters not
 * listed (non-ASCII) as rarest.
 */
const RANK = " etsaroinl_cdf.pu'm(),hgb=:v\"yxkwET0IN#1A-RS2LC[]qOPFDjM\\3U/4B>{}5*GV6zH8%W97Y+@<KX;`QZ|!?J&^$~";

function rarity(c: string): number {
  if (c.charCodeAt(0) < 32) return -1;
  const r = RANK.indexOf(c);
  return r < 0 ? RANK.length : r;
}

/** V8 searches patterns shorter than this with memchr on the first character. */
const PIECE = 6;

/** Finds every occurrence of one pattern (overlapping ones too), in order. */
export class TextFinder {
  /** Where the piece searched for starts in the pattern. */
  private readonly k: number;
  private readonly piece: string;
  private readonly whole: boolean;

  constructor(readonly pattern: string) {
    // a piece of at least two characters (a single one would stop at every such letter)
    const last = Math.max(0, pattern.length - 2);
    let k = 0;
    for (let i = 1; i <= last; i++) if (rarity(pattern[i]) > rarity(pattern[k])) k = i;
    this.k = k;
    this.piece = pattern.slice(k, k + PIECE);
    this.whole = this.piece === pattern;
  }

  /** The first occurrence at or after `from` (>= 0), or -1: `text.indexOf(pattern, from)`. */
  next(text: string, from: number): number {
    if (this.whole) return text.indexOf(this.pattern, from);
    for (let h = text.indexOf(this.piece, from + this.k); h >= 0; h = text.indexOf(this.piece, h + 1)) {
      if (text.startsWith(this.pattern, h - this.k)) return h - this.k;
    }
    return -1;
  }
}

const finders = new Map<string, TextFinder>();

/** `text.indexOf(pattern, from)`, searched from the pattern's rarest letter (a finder is kept per pattern). */
export function indexOfFast(text: string, pattern: string, from = 0): number {
  let f = finders.get(pattern);
  if (!f) {
    if (finders.size > 1000) finders.clear();
    f = new TextFinder(pattern);
    finders.set(pattern, f);
  }
  return f.next(text, from);
}

/** Does the text hold any of these patterns (the early exit most rules take before any tree work)? */
export function mentions(text: string, ...patterns: string[]): boolean {
  for (const p of patterns) if (indexOfFast(text, p) >= 0) return true;
  return false;
}

/** Where a word made of [A-Za-z0-9_] that holds offset `i` starts (`i` itself when none does). */
export function wordStart(text: string, i: number): number {
  while (i > 0 && isWordCode(text.charCodeAt(i - 1))) i--;
  return i;
}

/** Where a word made of [A-Za-z0-9_] that holds offset `i` ends (exclusive). */
export function wordEnd(text: string, i: number): number {
  while (isWordCode(text.charCodeAt(i))) i++;
  return i;
}

/**
 * The offsets in [from, to) where `word` occurs as a whole word (not inside a longer run of
 * [A-Za-z0-9_]), in order. `word` should start and end with a word character.
 */
export function* wordOccurrences(text: string, word: string, from = 0, to = text.length): Generator<number> {
  const n = word.length;
  if (n === 0) return;
  for (let i = indexOfFast(text, word, from); i >= 0 && i + n <= to; i = indexOfFast(text, word, i + 1)) {
    if ((i > 0 && isWordCode(text.charCodeAt(i - 1))) || isWordCode(text.charCodeAt(i + n))) continue;
    yield i;
  }
}

/**
 * Does `pattern` occur with the sticky regex `after` matching where it ends (`exit` then
 * `/\s*\(/y`)? The regex is tried only where the pattern occurs, not at every offset of the text.
 */
export function occursFollowedBy(text: string, pattern: string, after: RegExp): boolean {
  for (let i = indexOfFast(text, pattern); i >= 0; i = indexOfFast(text, pattern, i + 1)) {
    after.lastIndex = i + pattern.length;
    if (after.test(text)) return true;
  }
  return false;
}

// ---- Reading past Python syntax in the text, where asking the tree would cost more ----

/**
 * Where the string literal whose opening quote is at `at` ends (just past its closing quotes),
 * or -1 when it does not: at the end of the text, or at a line break in a one-quote string.
 * A backslash escapes the next character, in raw strings too (as Python's tokenizer reads them).
 * Any prefix (`r`, `b`, `f`) is before `at`: callers that care about f-strings check it.
 */
export function stringLiteralEnd(text: string, at: number): number {
  const quote = text.charCodeAt(at);
  const triple = text.charCodeAt(at + 1) === quote && text.charCodeAt(at + 2) === quote;
  for (let i = triple ? at + 3 : at + 1; ; ) {
    if (i >= text.length) return -1;
    const c = text.charCodeAt(i);
    if (c === 92)
      i += 2; // "\"
    else if (c === quote && (!triple || (text.charCodeAt(i + 1) === quote && text.charCodeAt(i + 2) === quote)))
      return triple ? i + 3 : i + 1;
    else if (!triple && (c === 10 || c === 13)) return -1;
    else i++;
  }
}

const DEF_HEAD = /(?:async\s+)?def\s+[A-Za-z_][A-Za-z0-9_]*\(/y;

/**
 * The text of a def's parameter list, `(` to its `)`, for the def starting at `start`: brackets
 * counted, comments and string literals skipped. Undefined when it is not plainly `def name(`,
 * or holds an f-string or t-string (whose nested quotes this does not follow): then ask the tree.
 */
export function defParametersText(text: string, start: number): string | undefined {
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
      // a string literal: an f or t among its prefix letters sends the caller to the tree
      for (let k = i - 1; k > open && isWordCode(text.charCodeAt(k)); k--) {
        const p = text.charCodeAt(k) | 32;
        if (p === 102 || p === 116) return undefined; // f, t
      }
      const end = stringLiteralEnd(text, i);
      if (end < 0) return undefined;
      i = end - 1;
    }
  }
  return undefined;
}

/** `text` as a regular expression's literal text (every special character escaped). */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
