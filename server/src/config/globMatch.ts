// Glob matching in time bounded by pattern × path, whatever the pattern: globs come from files in
// the repository (pyproject.toml, .gitignore), and regex-based matchers backtrack exponentially
// on patterns such as `*a*a*a*a*a*a*a*a*b` (11 s for one path). A glob is split into segments:
// names are matched by the classic greedy algorithm that only ever returns to the last `*` (exact,
// as every other token matches one character), and segments, `**` among them, by dynamic
// programming over (segment, name).

type Token =
  | { kind: "char"; code: number }
  | { kind: "one" }
  | { kind: "star" }
  | { kind: "class"; negated: boolean; ranges: Array<[number, number]> };

export type Segment = { kind: "globstar" } | { kind: "tokens"; tokens: Token[]; literal: boolean };

export const GLOBSTAR: Segment = { kind: "globstar" };
/** A segment matching any one name. */
export const ANY_NAME: Segment = { kind: "tokens", tokens: [{ kind: "star" }], literal: false };

const SLASH = 47;
const BACKSLASH = 92;

/** Parses `[...]` at `i` (just after the `[`); null when unterminated (the `[` is then literal). */
function parseClass(p: string, i: number): { token: Token; next: number } | null {
  let j = i;
  const negated = p[j] === "!" || p[j] === "^";
  if (negated) j++;
  const ranges: Array<[number, number]> = [];
  let first = true;
  while (j < p.length && (p[j] !== "]" || first)) {
    first = false;
    let lo = p.charCodeAt(j);
    if (lo === BACKSLASH && j + 1 < p.length) lo = p.charCodeAt(++j);
    j++;
    let hi = lo;
    if (p[j] === "-" && j + 1 < p.length && p[j + 1] !== "]") {
      j++;
      hi = p.charCodeAt(j);
      if (hi === BACKSLASH && j + 1 < p.length) hi = p.charCodeAt(++j);
      j++;
    }
    ranges.push(lo <= hi ? [lo, hi] : [hi, lo]);
  }
  if (j >= p.length) return null;
  return { token: { kind: "class", negated, ranges }, next: j + 1 };
}

function compileSegment(p: string): Segment {
  if (p === "**") return GLOBSTAR;
  const tokens: Token[] = [];
  let literal = true;
  for (let i = 0; i < p.length; ) {
    const c = p[i];
    if (c === "\\" && i + 1 < p.length) {
      tokens.push({ kind: "char", code: p.charCodeAt(i + 1) });
      i += 2;
    } else if (c === "*") {
      // consecutive stars inside a segment are one star
      if (tokens[tokens.length - 1]?.kind !== "star") tokens.push({ kind: "star" });
      literal = false;
      i++;
    } else if (c === "?") {
      tokens.push({ kind: "one" });
      literal = false;
      i++;
    } else if (c === "[") {
      const cls = parseClass(p, i + 1);
      if (cls) {
        tokens.push(cls.token);
        literal = false;
        i = cls.next;
      } else {
        tokens.push({ kind: "char", code: p.charCodeAt(i) });
        i++;
      }
    } else {
      tokens.push({ kind: "char", code: p.charCodeAt(i) });
      i++;
    }
  }
  return { kind: "tokens", tokens, literal };
}

/** A glob (no braces: see expandBraces) as segments; `/` separates them. */
export function compileGlob(pattern: string): Segment[] {
  return pattern.split("/").map(compileSegment);
}

function matchesUnit(token: Token, code: number): boolean {
  switch (token.kind) {
    case "char":
      return token.code === code;
    case "one":
      return code !== SLASH;
    case "class": {
      let hit = false;
      for (const [lo, hi] of token.ranges) {
        if (code >= lo && code <= hi) {
          hit = true;
          break;
        }
      }
      return hit !== token.negated && code !== SLASH;
    }
    default:
      return false;
  }
}

function matchName(segment: Extract<Segment, { kind: "tokens" }>, name: string): boolean {
  // `.` and `..` are matched only by themselves, never by wildcards (as picomatch does)
  if (!segment.literal && isDotName(name)) return false;
  const tokens = segment.tokens;
  let t = 0;
  let i = 0;
  let starT = -1;
  let starI = 0;
  while (i < name.length) {
    const token = tokens[t];
    if (token && token.kind !== "star" && matchesUnit(token, name.charCodeAt(i))) {
      t++;
      i++;
    } else if (token?.kind === "star") {
      starT = t++;
      starI = i;
    } else if (starT >= 0) {
      t = starT + 1;
      i = ++starI;
    } else {
      return false;
    }
  }
  while (tokens[t]?.kind === "star") t++;
  return t === tokens.length;
}

const isDotName = (name: string): boolean => name === "." || name === "..";

/**
 * Does the path (its `/`-separated names) match the segments? `**` matches zero or more names
 * (never `.` or `..`). Dynamic programming over (segment, name) from the end: at most
 * segments × names name matches.
 */
export function matchSegments(segments: readonly Segment[], names: readonly string[]): boolean {
  const n = names.length;
  // next[k]: do segments[s + 1..] match names[k..]?
  let next = new Uint8Array(n + 1);
  let row = new Uint8Array(n + 1);
  next[n] = 1;
  for (let s = segments.length - 1; s >= 0; s--) {
    const segment = segments[s];
    row.fill(0);
    if (segment.kind === "globstar") {
      row[n] = next[n];
      for (let k = n - 1; k >= 0; k--) row[k] = next[k] || (!isDotName(names[k]) && row[k + 1]) ? 1 : 0;
    } else {
      for (let k = n - 1; k >= 0; k--) row[k] = next[k + 1] && matchName(segment, names[k]) ? 1 : 0;
    }
    [next, row] = [row, next];
  }
  return next[0] === 1;
}

/**
 * `{a,b}` alternatives expanded (nested too), as picomatch and ruff's globset read them; at most
 * `limit` results, past which the pattern is taken as written.
 */
export function expandBraces(pattern: string, limit = 256): string[] {
  const out: string[] = [];
  const expand = (p: string): boolean => {
    const open = findBrace(p);
    if (!open) {
      out.push(p);
      return out.length <= limit;
    }
    for (const alt of open.alternatives) {
      if (!expand(p.slice(0, open.start) + alt + p.slice(open.end))) return false;
    }
    return true;
  };
  return expand(pattern) ? out : [pattern];
}

/** The first `{...}` holding a top-level comma, with its alternatives. */
function findBrace(p: string): { start: number; end: number; alternatives: string[] } | null {
  for (let i = 0; i < p.length; i++) {
    if (p[i] === "\\") {
      i++;
      continue;
    }
    if (p[i] !== "{") continue;
    let depth = 0;
    const cuts: number[] = [];
    for (let j = i; j < p.length; j++) {
      const c = p[j];
      if (c === "\\") j++;
      else if (c === "{") depth++;
      else if (c === "," && depth === 1) cuts.push(j);
      else if (c === "}" && --depth === 0) {
        if (!cuts.length) break;
        const bounds = [i, ...cuts, j];
        const alternatives = bounds.slice(1).map((end, k) => p.slice(bounds[k] + 1, end));
        return { start: i, end: j + 1, alternatives };
      }
    }
  }
  return null;
}
