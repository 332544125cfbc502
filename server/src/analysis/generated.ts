// Generated files: code written by a tool (a parser generator, Django's makemigrations, protoc),
// which nobody reviews line by line: the fix belongs in the generator or its input. Recognised by
// the marker such tools put in the file's first lines.

/** The markers generators write in a header comment or docstring. */
const MARKER =
  /\b(?:auto(?:matically)?[- ]?generated|generated (?:automatically|by)\b|(?:form|file|code) generated from\b|changes (?:made )?(?:in|to) this file will be lost\b|do not edit\b|don'?t edit this file|@generated\b)/i;

/** How much of the file's start is read: the header comment and the module docstring. */
const HEADER_LINES = 15;

/** The marker found in the file's header (its leading comment lines and docstring), or null. */
export function generatedMarker(text: string): string | null {
  let end = 0;
  for (let line = 0; line < HEADER_LINES && end < text.length; line++) {
    const next = text.indexOf("\n", end);
    end = next < 0 ? text.length : next + 1;
  }
  const header = text.slice(0, end);
  // only comments and string literals count: a marker in code (a variable name) is not a header
  for (const m of header.matchAll(/#[^\n]*|"""[^]*?(?:"""|$)|'''[^]*?(?:'''|$)/g)) {
    const found = MARKER.exec(m[0]);
    if (found) return found[0];
  }
  return null;
}
