// Character-level helpers shared by the analysis and the rules: cheap tests on char codes
// (no regex per character) and a binary search over sorted offsets.

/** [A-Za-z0-9_] (NaN, past the end, is not). */
export function isWordCode(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95;
}

/** Matches JavaScript's `\s` (NaN, past either end, does not). */
export function isSpaceCode(c: number): boolean {
  if (c <= 32) return c === 32 || (c >= 9 && c <= 13);
  return (
    c >= 0xa0 &&
    (c === 0xa0 ||
      c === 0x1680 ||
      (c >= 0x2000 && c <= 0x200a) ||
      c === 0x2028 ||
      c === 0x2029 ||
      c === 0x202f ||
      c === 0x205f ||
      c === 0x3000 ||
      c === 0xfeff)
  );
}

/** The first index in an ascending list whose key is at least `value` (a binary search). */
export function lowerBound<T>(list: ArrayLike<T>, value: number, key: (item: T) => number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (key(list[mid]) < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export const identity = (n: number): number => n;
