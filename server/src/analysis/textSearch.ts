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
