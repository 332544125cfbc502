// Top-level functions read from a module's text alone (no tree): what DOC001 learns of the
// sibling modules of a file, many of which it never parses.
import { isSpaceCode } from "./chars";
import { defParametersText, stringLiteralEnd } from "./textSearch";

/** `def name(` / `async def name(` at the start of a line: a top-level definition. */
const TOP_DEF = /^(?:async[ \t]+)?def[ \t]+([A-Za-z][A-Za-z0-9_]*)[ \t]*\(/gm;

/**
 * Where the def's body starts: just past the `:` that ends its header (after the parameter list
 * and any `-> annotation`), or -1 when the text does not read plainly.
 */
function headerEnd(text: string, start: number): number {
  const params = defParametersText(text, start);
  if (params === undefined) return -1;
  return colonEnding(text, text.indexOf("(", start) + params.length);
}

/**
 * Just past the first `:` at bracket depth 0 from `at` (strings skipped; a header may span lines
 * inside brackets or after a backslash), or -1 when a line ends first or the text does not read plainly.
 */
function colonEnding(text: string, at: number): number {
  let depth = 0;
  for (let i = at; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 40 || c === 91 || c === 123) depth++;
    else if (c === 41 || c === 93 || c === 125) depth--;
    else if (c === 34 || c === 39) {
      const end = stringLiteralEnd(text, i);
      if (end < 0) return -1;
      i = end - 1;
    } else if (c === 58 && depth === 0) return i + 1;
    else if ((c === 10 || c === 13) && depth === 0 && text.charCodeAt(i - 1) !== 92) return -1;
  }
  return -1;
}

/** Does the body starting at `at` open with a string literal (a docstring)? */
function opensWithString(text: string, at: number): boolean {
  let i = at;
  for (;;) {
    while (i < text.length && isSpaceCode(text.charCodeAt(i))) i++;
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) {
      i++;
      continue;
    }
    if (c === 35) {
      while (i < text.length && text.charCodeAt(i) !== 10 && text.charCodeAt(i) !== 13) i++;
      continue;
    }
    break;
  }
  // an optional prefix (r, u: a docstring is never an f-string or bytes)
  if (/[rRuU]/.test(text.charAt(i)) && /["']/.test(text.charAt(i + 1))) i++;
  const q = text.charCodeAt(i);
  return q === 34 || q === 39;
}

/** The public top-level functions of a module's text, split by whether they open with a docstring. */
function publicFunctions(text: string, documented: boolean): Set<string> {
  const out = new Set<string>();
  if (!text.includes("def")) return out;
  TOP_DEF.lastIndex = 0;
  for (let m = TOP_DEF.exec(text); m; m = TOP_DEF.exec(text)) {
    const defAt = m.index + m[0].indexOf("def");
    const body = headerEnd(text, defAt);
    if (body < 0) continue;
    if (opensWithString(text, body) === documented) out.add(m[1]);
    TOP_DEF.lastIndex = body;
  }
  return out;
}

/** `class Name(` / `class Name:` at the start of a line: a top-level class. */
const TOP_CLASS = /^class[ \t]+([A-Za-z][A-Za-z0-9_]*)[ \t]*[(:]/gm;

/**
 * The public top-level classes of a module's text that have no docstring: a plugin class whose
 * name its framework requires (`class ActionModule(ActionBase)` in every action plugin).
 */
export function undocumentedPublicClasses(text: string): Set<string> {
  const out = new Set<string>();
  if (!text.includes("class")) return out;
  TOP_CLASS.lastIndex = 0;
  for (let m = TOP_CLASS.exec(text); m; m = TOP_CLASS.exec(text)) {
    const body = colonEnding(text, m.index + m[0].length - 1);
    if (body < 0) continue;
    if (!opensWithString(text, body)) out.add(m[1]);
    TOP_CLASS.lastIndex = body;
  }
  return out;
}

/** The public top-level functions of a module's text that have no docstring. */
export function undocumentedPublicFunctions(text: string): Set<string> {
  return publicFunctions(text, false);
}

/** The public top-level functions of a module's text that have a docstring. */
export function documentedPublicFunctions(text: string): Set<string> {
  return publicFunctions(text, true);
}

/** Does the module's text open (after comments and blank lines) with a string: a module docstring? */
export function hasModuleDocstring(text: string): boolean {
  return opensWithString(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, 0);
}
