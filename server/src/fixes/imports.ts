// Edit builders for imports: add one in the right group, remove names from one, delete lines.
import type { Node } from "web-tree-sitter";
import type { ImportedName, ImportInfo, ModuleModel } from "../analysis/model";
import { STDLIB_MODULES } from "../analysis/stdlib";
import { lineBreakOf } from "../parsing/lineIndex";
import { lineStartOf, nextLineStart } from "../analysis/syntax";
import type { TextEdit } from "../core/types";

/** Module-level imports only (not those inside functions, classes or `if` blocks). */
export function topLevelImports(model: ModuleModel): ImportInfo[] {
  return model.imports.filter((i) => i.node.parent?.type === "module");
}

function sortKey(info: ImportInfo): string {
  const module = info.kind === "import" ? (info.names[0]?.name ?? "") : info.module;
  return module.toLowerCase();
}

function isStdlib(info: ImportInfo): boolean {
  if (info.kind === "from" && (info.level > 0 || info.module === "__future__")) return false;
  const module = info.kind === "import" ? (info.names[0]?.name ?? "") : info.module;
  return STDLIB_MODULES.has(module.split(".")[0]);
}

/**
 * An edit adding `statement` (e.g. `import contextlib`) among the module's top-level imports,
 * in the standard-library group, in alphabetical place; or before the first import; or after
 * the module docstring and `__future__` imports when the file has no imports.
 */
export function addStdlibImport(model: ModuleModel, statement: string, module: string): TextEdit {
  const text = model.text;
  const nl = lineBreakOf(text);
  const imports = topLevelImports(model).filter((i) => i.node.startPosition.column === 0);
  const stdlib = imports.filter((i) => isStdlib(i));
  const key = module.toLowerCase();
  if (stdlib.length) {
    const after = stdlib.find((i) => sortKey(i) > key);
    if (after) {
      const at = lineStartOf(text, after.node.startIndex);
      return { start: at, end: at, newText: statement + nl };
    }
    const last = stdlib[stdlib.length - 1];
    const at = nextLineStart(text, last.node.endIndex);
    return {
      start: at,
      end: at,
      newText: (at === text.length && !text.endsWith("\n") && !text.endsWith("\r") ? nl : "") + statement + nl,
    };
  }
  const nonFuture = imports.filter((i) => !(i.kind === "from" && i.module === "__future__"));
  if (nonFuture.length) {
    const at = lineStartOf(text, nonFuture[0].node.startIndex);
    return { start: at, end: at, newText: statement + nl + nl };
  }
  // No imports: after the docstring and any __future__ import.
  let anchor: Node | null = model.docstring?.parent ?? null;
  const future = imports.filter((i) => i.kind === "from" && i.module === "__future__");
  if (future.length) anchor = future[future.length - 1].node;
  if (anchor) {
    const at = nextLineStart(text, anchor.endIndex);
    const prefix = at === text.length && !/[\r\n]$/.test(text) ? nl : "";
    return { start: at, end: at, newText: `${prefix}${nl}${statement}${nl}` };
  }
  // Keep a leading shebang / encoding comment block first.
  let at = 0;
  while (at < text.length && text[at] === "#") at = nextLineStart(text, at);
  // two blank lines before a top-level definition (PEP 8), one before other code
  const definition = /^(?:@|def\s|class\s|async\s+def\s)/.test(text.slice(at, at + 16));
  return { start: at, end: at, newText: statement + nl + (at < text.length ? nl + (definition ? nl : "") : "") };
}

/** The edit deleting whole lines [first line of `node`, last line of `node`] including the break. */
export function deleteLinesOf(text: string, node: Node): TextEdit {
  return { start: lineStartOf(text, node.startIndex), end: nextLineStart(text, node.endIndex), newText: "" };
}

/** Is the statement alone on its line(s), so deleting its lines deletes nothing else? */
export function standsAlone(text: string, node: Node): boolean {
  const before = text.slice(lineStartOf(text, node.startIndex), node.startIndex);
  if (before.trim() !== "") return false;
  const end = nextLineStart(text, node.endIndex);
  const after = text.slice(node.endIndex, end).trim();
  return after === "" || after.startsWith("#");
}

/**
 * Edits removing `remove` (imported names, by their bound name) from an import statement.
 * When nothing would remain, the statement's lines are deleted (or it becomes `pass` where a
 * block would otherwise be empty).
 */
export function removeImportedNames(text: string, info: ImportInfo, remove: ReadonlySet<string>): TextEdit[] {
  const names = info.names;
  const keep = names.map((n) => !remove.has(n.alias ?? n.name));
  if (keep.every((k) => k)) return [];
  if (keep.every((k) => !k)) {
    if (standsAlone(text, info.node)) {
      const parent = info.node.parent;
      const onlyStatement =
        parent && parent.type === "block" && parent.namedChildren.filter((c) => c && c.type !== "comment").length === 1;
      if (onlyStatement) return [{ start: info.node.startIndex, end: info.node.endIndex, newText: "pass" }];
      return [deleteLinesOf(text, info.node)];
    }
    return [{ start: info.node.startIndex, end: info.node.endIndex, newText: "pass" }];
  }
  const lastKept = keep.lastIndexOf(true);
  const edits: TextEdit[] = [];
  // In a parenthesised import with one name per line, a removed name takes its whole line.
  const ownLine = (n: ImportedName): TextEdit | null => {
    const lineStart = lineStartOf(text, n.node.startIndex);
    const lineEnd = nextLineStart(text, n.node.endIndex);
    const before = text.slice(lineStart, n.node.startIndex);
    const after = text.slice(n.node.endIndex, lineEnd).trim();
    if (before.trim() !== "" || !/^,?\s*(#.*)?$/.test(after)) return null;
    return { start: lineStart, end: lineEnd, newText: "" };
  };
  const perLine = names.map(ownLine);
  if (
    names.every((_n, i) => keep[i] || perLine[i]) &&
    names.some(
      (n, i) => perLine[i] && text.slice(n.node.endIndex, nextLineStart(text, n.node.endIndex)).trim().startsWith(","),
    )
  ) {
    return names.flatMap((_, i) => (keep[i] ? [] : [perLine[i] as TextEdit]));
  }
  for (let i = 0; i < lastKept; i++) {
    if (!keep[i]) edits.push({ start: names[i].node.startIndex, end: names[i + 1].node.startIndex, newText: "" });
  }
  if (lastKept < names.length - 1) {
    edits.push({ start: names[lastKept].node.endIndex, end: names[names.length - 1].node.endIndex, newText: "" });
  }
  return edits;
}
