// What other modules can see of a module: the names `from m import *` gives, its `__all__`, and
// the names it binds (which `from m import x` and `m.x` read); and how a new text of the module
// changes them. The CLI's fix plan uses it to keep fixes on one file from breaking another.
import { path } from "../core/host";
import type { Tree } from "web-tree-sitter";
import type { ImportResolver, ImportSettings } from "./importResolver";
import type { ModuleExports } from "./exportIndex";

export interface ModuleInterface {
  exports: ModuleExports;
  /** The names of its `__all__` (inexact and empty when it has none). */
  all: ModuleExports;
  attributes: Set<string>;
}

export interface InterfaceChange {
  /** `from m import *` gives other names, or the same ones with other certainty or notes. */
  exportsChanged: boolean;
  /** Names `from m import *` gave and no longer gives. */
  lostExports: string[];
  /** Names the module bound and no longer binds; `__all__` when its value changed. */
  lost: string[];
}

/**
 * The interface of `file` as it is on disk, or (with `text`) as it would be with that text (`tree`:
 * its parse, if the caller has one); every other module as it is on disk.
 */
export function interfaceOf(
  resolver: ImportResolver,
  file: string,
  settings: ImportSettings,
  root: string | null,
  text?: string,
  tree?: Tree,
): ModuleInterface {
  const abs = path.resolve(file);
  const read = (): ModuleInterface => ({
    exports: resolver.index.exportsOf(abs, resolver.modules, settings, root),
    all: resolver.index.allOf(abs, resolver.modules, settings, root),
    attributes: resolver.index.attributesOf(abs, resolver.modules, settings, root),
  });
  if (text === undefined) return read();
  resolver.index.setOverlay(abs, text, tree);
  try {
    return read();
  } finally {
    resolver.index.clearOverlay(abs);
  }
}

function sameSet(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  return a.size === b.size && [...a].every((x) => b.has(x));
}

function sameExports(a: ModuleExports, b: ModuleExports): boolean {
  return (
    a.exact === b.exact &&
    sameSet(a.names, b.names) &&
    sameSet(a.conditional, b.conditional) &&
    a.notes.join("\n") === b.notes.join("\n")
  );
}

/** How `after` differs from `before` for the module's importers; null when it does not. */
export function interfaceChange(before: ModuleInterface, after: ModuleInterface): InterfaceChange | null {
  const lost = [...before.attributes].filter((n) => !after.attributes.has(n));
  // a name `__all__` still lists but the module no longer binds makes `import *` fail
  const exportsChanged = !sameExports(before.exports, after.exports) || lost.some((n) => after.exports.names.has(n));
  if (!sameExports(before.all, after.all) && !lost.includes("__all__")) lost.push("__all__");
  if (!exportsChanged && !lost.length) return null;
  const lostExports = [...before.exports.names].filter((n) => !after.exports.names.has(n));
  return { exportsChanged, lostExports: lostExports.sort(), lost: lost.sort() };
}
