// The top-level classes of a module read from its text alone (no tree): their bases and their
// methods' parameter names. What DOC002 reads of a base class in another module.
import { defParametersText, stringLiteralEnd } from "./textSearch";

export interface TextClass {
  /** Base-class expressions as written (`base.PowerInterface`). */
  bases: string[];
  /** Method name → its parameter names (without `*`, `**`). */
  methods: Map<string, string[]>;
}

const TOP_CLASS = /^class[ \t]+([A-Za-z_][A-Za-z0-9_]*)[ \t]*([(:])/gm;
const METHOD = /(?:async[ \t]+)?def[ \t]+([A-Za-z_][A-Za-z0-9_]*)[ \t]*\(/y;

/** The text inside the brackets opening at `open`, split at its top-level commas; null when unbalanced. */
function topLevelItems(text: string, open: number): { items: string[]; end: number } | null {
  const items: string[] = [];
  let depth = 0;
  let from = open + 1;
  for (let i = open; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 40 || c === 91 || c === 123) depth++;
    else if (c === 41 || c === 93 || c === 125) {
      if (--depth === 0) {
        items.push(text.slice(from, i));
        return { items: items.map((s) => s.replace(/#[^\n\r]*/g, "").trim()).filter(Boolean), end: i + 1 };
      }
    } else if (c === 44 && depth === 1) {
      items.push(text.slice(from, i));
      from = i + 1;
    } else if (c === 34 || c === 39) {
      const end = stringLiteralEnd(text, i);
      if (end < 0) return null;
      i = end - 1;
    } else if (c === 35) {
      while (i < text.length && text.charCodeAt(i) !== 10 && text.charCodeAt(i) !== 13) i++;
    }
  }
  return null;
}

function parameterNames(params: string): string[] {
  const inner = topLevelItems(params, 0);
  if (!inner) return [];
  return inner.items.map((item) => /^\*{0,2}\s*([A-Za-z_][A-Za-z0-9_]*)/.exec(item)?.[1] ?? "").filter((n) => n !== "");
}

/** The methods defined directly in the class body that starts at `bodyStart` (lines indented under column 0). */
function methodsFrom(text: string, bodyStart: number): Map<string, string[]> {
  const methods = new Map<string, string[]>();
  let indent: string | null = null;
  const line = /^([ \t]*)(\S?)/gm;
  line.lastIndex = bodyStart;
  for (let m = line.exec(text); m; m = line.exec(text)) {
    if (m.index === line.lastIndex) line.lastIndex++; // an empty line: move on
    if (!m[2] || m[2] === "#") continue;
    if (!m[1]) break; // back at column 0: the class has ended
    indent ??= m[1];
    const at = m.index + m[1].length;
    if (m[1] === indent) {
      METHOD.lastIndex = at;
      const def = METHOD.exec(text);
      const params = def ? defParametersText(text, at) : undefined;
      if (def && params !== undefined) {
        if (!methods.has(def[1])) methods.set(def[1], parameterNames(params));
        line.lastIndex = at + def[0].length + params.length - 1;
        continue;
      }
    }
    // a triple-quoted string opening on this line may hold lines at column 0: skip past it
    const eol = text.slice(at).search(/\r|\n|$/);
    const rest = text.slice(at, at + eol);
    const triple = rest.search(/"""|'''/);
    if (triple >= 0 && !rest.slice(0, triple).includes("#")) {
      const end = stringLiteralEnd(text, at + triple);
      if (end < 0) break;
      line.lastIndex = end;
    }
  }
  return methods;
}

/** The module's top-level classes by name (the first definition of a name). */
export function topLevelClasses(text: string): Map<string, TextClass> {
  const out = new Map<string, TextClass>();
  if (!text.includes("class")) return out;
  TOP_CLASS.lastIndex = 0;
  for (let m = TOP_CLASS.exec(text); m; m = TOP_CLASS.exec(text)) {
    let bases: string[] = [];
    let after = m.index + m[0].length;
    if (m[2] === "(") {
      const list = topLevelItems(text, after - 1);
      if (!list) continue;
      bases = list.items.filter((b) => !b.includes("="));
      after = list.end;
    }
    const eol = text.slice(after).search(/\r|\n|$/);
    if (!out.has(m[1])) out.set(m[1], { bases, methods: methodsFrom(text, after + eol) });
    TOP_CLASS.lastIndex = after;
  }
  return out;
}
