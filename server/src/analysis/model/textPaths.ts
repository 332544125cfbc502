// Text fast paths: facts read straight from the source text where the tree has no syntax
// errors, so that the common case costs no call into the wasm tree (each costs ~1 µs).

export const DOTTED = /^[A-Za-z_][A-Za-z0-9_]*(?:\s*\.\s*[A-Za-z_][A-Za-z0-9_]*)*$/;
/** A dotted name without whitespace then `(`: most calls. */
const TIGHT_DOTTED_THEN_PAREN = /[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*(?=\()/y;
/** A dotted name then `(` (whitespace between only), read at a call's start. */
const DOTTED_THEN_PAREN = /[A-Za-z_][A-Za-z0-9_]*(?:\s*\.\s*[A-Za-z_][A-Za-z0-9_]*)*(?=\s*\()/y;
/** The same, also allowing comments and line continuations before the `(`. */
const DOTTED_THEN_PAREN_LOOSE =
  /[A-Za-z_][A-Za-z0-9_]*(?:\s*\.\s*[A-Za-z_][A-Za-z0-9_]*)*(?:\s|#[^\r\n]*|\\(?:\r\n|\r|\n))*\(/y;

/**
 * A call's dotted callee read from the text at its start, without asking the tree for the
 * callee node: exact in a tree without syntax errors. The function part starts where the call
 * does; a dotted name there followed by `(` is the whole function part unless another call
 * starts at the same place (`f(x)(y)`, `f(x).g()`: the function part holds that call, so it is
 * not a dotted name). `undefined`: cannot tell from the text (ask the tree).
 */
export function calleeFromText(text: string, start: number, startsCall: boolean): string | null | undefined {
  if (startsCall) return null;
  const c = text.charCodeAt(start);
  // the function part's text must start like a name
  if (!((c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95)) return null;
  TIGHT_DOTTED_THEN_PAREN.lastIndex = start;
  if (TIGHT_DOTTED_THEN_PAREN.test(text)) return text.slice(start, TIGHT_DOTTED_THEN_PAREN.lastIndex);
  DOTTED_THEN_PAREN.lastIndex = start;
  const m = DOTTED_THEN_PAREN.exec(text);
  if (m) return m[0].replace(/\s+/g, "");
  // A dotted function part is followed by its arguments' `(`, with only whitespace, comments
  // or line continuations between: without that shape it is not dotted.
  DOTTED_THEN_PAREN_LOOSE.lastIndex = start;
  return DOTTED_THEN_PAREN_LOOSE.test(text) ? undefined : null;
}

/** `from <module> import <rest>` (spaces or line continuations around the keywords). */
export const FROM_IMPORT =
  /^from(?![A-Za-z0-9_])(?:\s|\\(?:\r\n|\r|\n))*((?:\.\s*)*(?:[A-Za-z_][A-Za-z0-9_]*(?:\s*\.\s*[A-Za-z_][A-Za-z0-9_]*)*)?)(?:\s|\\(?:\r\n|\r|\n))*import(?![A-Za-z0-9_])(?:\s|\\(?:\r\n|\r|\n))*([^]*)$/;
export const PLAIN_IMPORT = /^import(?![A-Za-z0-9_])(?:\s|\\(?:\r\n|\r|\n))*([^]*)$/;
/** Spaces and line continuations at the start or the end of an imported name's part. */
export const LEADING_GAP = /^(?:\s|\\(?:\r\n|\r|\n))*/;
export const TRAILING_GAP = /(?:\s|\\(?:\r\n|\r|\n))*$/;
export const IMPORT_ITEM =
  /^([A-Za-z_][A-Za-z0-9_]*(?:[ \t\f\r\n]*\.[ \t\f\r\n]*[A-Za-z_][A-Za-z0-9_]*)*)(?:[ \t\f\r\n]+as[ \t\f\r\n]+([A-Za-z_][A-Za-z0-9_]*))?$/;
