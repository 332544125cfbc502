// The names a module's text imports with `from X import a, b as c`, or reads as attributes of a
// module it imports (`import pkg.metrics as metrics` ... `metrics.log`), anywhere in the file, read
// without a tree: what LOG002 learns of the modules beside a file, to tell a logger they use from
// it (`from ._log import log`, `metrics.log.debug(...)`) from one nobody uses.
const FROM_IMPORT = /^[ \t]*from[ \t]+(\.*)([\w.]*)[ \t]+import[ \t]+/gm;
const IMPORT = /^[ \t]*import[ \t]+([^\n#;]+)/gm;

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
 * How a module is named in the keys: the last part of a relative path (`..util._log` → `_log`), the
 * last two of an absolute dotted one (`pkg.metrics` → `pkg.metrics`: which package's `metrics` it is
 * matters: `datalad.utils` is not `datalad/tests/utils.py`), a lone absolute name as written.
 */
function moduleKey(dots: string, path: string): string {
  const parts = path.split(".");
  return dots === "" && parts.length > 1 ? parts.slice(-2).join(".") : (parts.at(-1) ?? "");
}

/**
 * `module:name` for each name imported from a module, `module` as moduleKey gives it
 * (`from ..util._log import log as _global_log` → `_log:log`; `from . import LOG` → `:LOG`;
 * `from pkg.log import LOG` → `pkg.log:LOG`), and for each attribute read of a module the text
 * imports (`import pkg.metrics as metrics`, `import pkg.metrics`, then `metrics.log` or
 * `pkg.metrics.log` → `pkg.metrics:log`; `from pkg import metrics` then `metrics.log` → `metrics:log`).
 */
export function namesImportedFrom(text: string): Set<string> {
  const out = new Set<string>();
  if (!text.includes("import")) return out;
  /** The names modules may be bound to here (an alias, an imported name, a dotted path), with the module's last part. */
  const modules = new Map<string, string>();
  FROM_IMPORT.lastIndex = 0;
  for (let m = FROM_IMPORT.exec(text); m; m = FROM_IMPORT.exec(text)) {
    const module = moduleKey(m[1], m[2]);
    const list = importList(text, m.index + m[0].length);
    for (const item of list.split(",")) {
      const named = /^\s*([A-Za-z_]\w*)(?:\s+as\s+([A-Za-z_]\w*))?/.exec(item.replace(/#[^\n]*/g, ""));
      if (!named) continue;
      out.add(`${module}:${named[1]}`);
      modules.set(named[2] ?? named[1], named[1]);
    }
  }
  IMPORT.lastIndex = 0;
  for (let m = IMPORT.exec(text); m; m = IMPORT.exec(text)) {
    for (const item of m[1].split(",")) {
      const named = /^\s*([A-Za-z_][\w.]*)(?:\s+as\s+([A-Za-z_]\w*))?\s*$/.exec(item);
      if (!named) continue;
      const path = named[1];
      modules.set(named[2] ?? path, moduleKey("", path));
    }
  }
  for (const [bound, module] of modules) {
    const read = new RegExp(`(?<![\\w.])${bound.replace(/\./g, "\\s*\\.\\s*")}\\s*\\.\\s*([A-Za-z_]\\w*)`, "g");
    for (let r = read.exec(text); r; r = read.exec(text)) out.add(`${module}:${r[1]}`);
  }
  return out;
}
