// The names a module's text imports with `from X import a, b as c` (anywhere in the file, read
// without a tree): what LOG002 learns of the modules beside a file, to tell a logger they import
// from it (`from ._log import log`) from one nobody uses.
const FROM_IMPORT = /^[ \t]*from[ \t]+(\.*)([\w.]*)[ \t]+import[ \t]+/gm;

/** The text of an import list starting at `at`: up to the matching `)`, or the end of the logical line. */
function importList(text: string, at: number): string {
  if (text.charCodeAt(at) === 40) {
    const close = text.indexOf(")", at);
    return text.slice(at + 1, close < 0 ? text.length : close);
  }
  let end = at;
  for (;;) {
    const nl = text.indexOf("\n", end);
    if (nl < 0) return text.slice(at);
    if (text.charCodeAt(nl - 1) === 92 || (text.charCodeAt(nl - 1) === 13 && text.charCodeAt(nl - 2) === 92)) {
      end = nl + 1; // a `\` continuation
      continue;
    }
    return text.slice(at, nl);
  }
}

/**
 * `module:name` for each name imported from a module, `module` being the last part of its path
 * (`from ..util._log import log as _global_log` → `_log:log`; `from . import LOG` → `:LOG`).
 */
export function namesImportedFrom(text: string): Set<string> {
  const out = new Set<string>();
  if (!text.includes("import")) return out;
  FROM_IMPORT.lastIndex = 0;
  for (let m = FROM_IMPORT.exec(text); m; m = FROM_IMPORT.exec(text)) {
    const path = m[2];
    const module = path.slice(path.lastIndexOf(".") + 1);
    const list = importList(text, m.index + m[0].length);
    for (const item of list.split(",")) {
      const name = /^\s*([A-Za-z_]\w*)/.exec(item.replace(/#[^\n]*/g, ""))?.[1];
      if (name) out.add(`${module}:${name}`);
    }
  }
  return out;
}
