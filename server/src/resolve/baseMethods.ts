// The method a method overrides: in a base class of the same file, or of a module the file
// imports (read from that module's text, following a package's re-export and `six.moves`' aliases
// of standard-library modules). DOC002 reports a parameter once, where it is declared first.
import { LAST_IMPORT, qualify } from "../analysis/bindings";
import type { ClassInfo, FunctionInfo, ModuleModel } from "../analysis/model";
import { type TextClass, topLevelClasses } from "../analysis/textClasses";
import { path } from "../core/host";
import type { ImportResolver, ImportSettings } from "./importResolver";
import type { ModuleRef } from "./moduleSummary";

export interface Where {
  path: string | null;
  root: string | null;
  settings: ImportSettings;
}

const MAX_DEPTH = 4;

/** `six.moves` names made at run time for standard-library modules: read the module they stand for. */
const SIX_MOVES: Readonly<Record<string, string>> = {
  http_client: "http.client",
  BaseHTTPServer: "http.server",
  SimpleHTTPServer: "http.server",
  socketserver: "socketserver",
  queue: "queue",
  configparser: "configparser",
  xmlrpc_client: "xmlrpc.client",
  urllib_request: "urllib.request",
  "urllib.request": "urllib.request",
  http_cookiejar: "http.cookiejar",
  _thread: "_thread",
};

function sixMoved(ref: ModuleRef): ModuleRef {
  const m = /^six\.moves\.(.+)$/.exec(ref.module);
  const target = m && ref.level === 0 ? SIX_MOVES[m[1]] : undefined;
  return target ? { module: target, level: 0 } : ref;
}

/** `from concurrent.futures._base import (..., Future, ...)`: where a module takes the class from. */
function reexportedFrom(text: string, className: string): ModuleRef | null {
  const re = /^from[ \t]+(\.*)([\w.]*)[ \t]+import[ \t]+(\([^)]*\)|[^\n]*)/gm;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const names = m[3]
      .replace(/[()\\]/g, " ")
      .split(",")
      .map((n) => n.trim().split(/\s+as\s+/));
    if (names.some((n) => (n[1] ?? n[0]) === className && n[0] === className))
      return { module: m[2], level: m[1].length };
  }
  return null;
}

/** `..pkg.mod.Cls` → the module ref and the class name. */
function splitQualified(qualified: string): { ref: ModuleRef; className: string } | null {
  const level = /^\.*/.exec(qualified)?.[0].length ?? 0;
  const rest = qualified.slice(level);
  const dot = rest.lastIndexOf(".");
  if (dot < 0 && level === 0) return null;
  return { ref: { module: dot < 0 ? "" : rest.slice(0, dot), level }, className: dot < 0 ? rest : rest.slice(dot + 1) };
}

/** The classes of the module `ref` (from `fromPath`), read from its text; null when it has no source. */
function classesOf(resolver: ImportResolver, ref: ModuleRef, fromPath: string | null, where: Where) {
  const r = resolver.modules.resolve(sixMoved(ref), {
    fromPath: fromPath ? path.resolve(fromPath) : null,
    root: where.root,
    settings: where.settings,
  });
  if (r.kind !== "source") return null;
  const classes = resolver.index.factOf(r.file, "classes", topLevelClasses);
  return classes ? { file: r.file, classes } : null;
}

/** Where a text class was read: to follow a base it names through a module it imports (`socketserver.TCPServer`). */
interface TextSource {
  file: string;
  resolver: ImportResolver;
  where: Where;
}

/**
 * In another module: the method `name` of class `cls` there, or of its bases in that module or in
 * a module it imports whole (`class HTTPServer(socketserver.TCPServer)` after `import socketserver`).
 */
function inTextClass(
  classes: Map<string, TextClass>,
  cls: TextClass,
  name: string,
  depth: number,
  source: TextSource,
): string[] | null {
  const own = cls.methods.get(name);
  if (own) return own;
  if (depth >= MAX_DEPTH) return null;
  for (const b of cls.bases) {
    if (!b.includes(".")) {
      const base = classes.get(b);
      const found = base ? inTextClass(classes, base, name, depth + 1, source) : null;
      if (found) return found;
      continue;
    }
    const dot = b.lastIndexOf(".");
    const module = b.slice(0, dot);
    const text = source.resolver.index.factOf(source.file, "text", (t) => t);
    if (!text || !new RegExp(`^import[ \\t]+${module.replace(/\./g, "\\.")}[ \\t]*$`, "m").test(text)) continue;
    const read = classesOf(source.resolver, { module, level: 0 }, source.file, source.where);
    const base = read?.classes.get(b.slice(dot + 1));
    const found =
      read && base ? inTextClass(read.classes, base, name, depth + 1, { ...source, file: read.file }) : null;
    if (found) return found;
  }
  return null;
}

function inClass(
  model: ModuleModel,
  cls: ClassInfo,
  name: string,
  resolver: ImportResolver,
  where: Where,
  depth: number,
): string[] | null {
  if (depth >= MAX_DEPTH) return null;
  for (const base of cls.bases) {
    if (base === "object") continue;
    if (/^[A-Za-z_]\w*$/.test(base)) {
      const local = model.classes.find((c) => c.name === base && c !== cls && !c.parentClass && !c.parentFunction);
      if (local) {
        const method = local.methods.find((m) => m.name === name);
        if (method) {
          const own = method.parameters.map((p) => p.name);
          // `def __init__(self, *args, **kw)` hands the rest on: its base declares them
          if (!method.parameters.some((p) => p.kind === "var-keyword")) return own;
          return [...own, ...(inClass(model, local, name, resolver, where, depth + 1) ?? [])];
        }
        const deeper = inClass(model, local, name, resolver, where, depth + 1);
        if (deeper) return deeper;
        continue;
      }
    }
    const qualified = qualify(model, base.replace(/\s+/g, ""), LAST_IMPORT);
    const target = qualified ? splitQualified(qualified) : null;
    if (!target) continue;
    let read = classesOf(resolver, target.ref, where.path, where);
    let textClass = read?.classes.get(target.className);
    if (read && !textClass) {
      // a package that re-exports the class from a module of its own (`concurrent.futures`)
      const text = resolver.index.factOf(read.file, "text", (t) => t);
      const from = text ? reexportedFrom(text, target.className) : null;
      read = from ? classesOf(resolver, from, read.file, where) : null;
      textClass = read?.classes.get(target.className);
    }
    const found =
      read && textClass
        ? inTextClass(read.classes, textClass, name, depth + 1, { file: read.file, resolver, where })
        : null;
    if (found) return found;
  }
  return null;
}

/**
 * The parameter names of the method `fn` overrides (the nearest base class that defines one of
 * its name, in this file or a module it imports), or null when none can be found.
 */
export function overriddenParameters(
  model: ModuleModel,
  fn: FunctionInfo,
  resolver: ImportResolver,
  where: Where,
): string[] | null {
  const cls = fn.parentClass;
  if (!cls || fn.parentFunction) return null;
  return inClass(model, cls, fn.name, resolver, where, 0);
}
