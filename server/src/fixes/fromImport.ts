// Writing a `from m import a, b` statement: names in isort/ruff order, wrapped in parentheses
// (one name per line, trailing comma) when the line would be longer than the line length.

/** isort's and ruff's default order: CONSTANTS, then Classes, then everything else; case-insensitive within each. */
export function sortImportedNames(names: Iterable<string>): string[] {
  const group = (n: string): number => {
    const bare = n.replace(/^_+/, "");
    if (bare.length > 1 && bare === bare.toUpperCase() && /[A-Z]/.test(bare)) return 0;
    if (/^[A-Z]/.test(bare)) return 1;
    return 2;
  };
  return [...new Set(names)].sort(
    (a, b) =>
      group(a) - group(b) || a.toLowerCase().localeCompare(b.toLowerCase(), "en") || (a < b ? -1 : a > b ? 1 : 0),
  );
}

/** Length in characters (code points), as line-length checkers count. */
function width(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

export interface FromImportOptions {
  /** Indentation of the statement's line. */
  indent: string;
  /** One level of indentation in this file (four spaces, or a tab). */
  unit: string;
  lineLength: number;
  lineBreak: string;
  /** A comment that follows the statement on its line (kept: after `(` when wrapped). */
  comment: string | null;
  /** Text between the statement and the comment on its line. */
  gap: string;
}

/**
 * The statement text (without the leading indentation, which stays in the document). Returns
 * `wrapped` so the caller knows whether the comment was moved inside.
 */
export function formatFromImport(
  module: string,
  names: readonly string[],
  o: FromImportOptions,
): { text: string; wrapped: boolean } {
  const flat = `from ${module} import ${names.join(", ")}`;
  const full = o.indent + flat + (o.comment ? o.gap + o.comment : "");
  if (width(full) <= o.lineLength || names.length === 0) return { text: flat, wrapped: false };
  const head = `from ${module} import (${o.comment ? `  ${o.comment}` : ""}`;
  const body = names.map((n) => `${o.indent}${o.unit}${n},`).join(o.lineBreak);
  return { text: `${head}${o.lineBreak}${body}${o.lineBreak}${o.indent})`, wrapped: true };
}

/** The file's indentation unit: a tab if its first indented line starts with one, else four spaces. */
export function indentUnitOf(text: string): string {
  const m = /\n([ \t]+)\S/.exec(text);
  return m?.[1].startsWith("\t") ? "\t" : "    ";
}
