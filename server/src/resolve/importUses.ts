// Which module files a file's import statements read, and what they take from each: every
// name (`from m import *`), some names (`from m import a, b`) or the module object (`import m`,
// `from pkg import m`), whose attributes the file may read anywhere.
import { path } from "../core/host";
import type { ImportInfo } from "../analysis/model";
import type { ImportResolver, ImportSettings } from "./importResolver";
import type { Resolution, SearchContext } from "./moduleResolver";

export type ImportUse =
  | {
      kind: "star";
      /** The module file (and, for a stub, the runtime file beside it). */
      files: string[];
      /** Every file the names it copies are read from (further star imports, `__all__` references). */
      via: string[];
    }
  | {
      kind: "names";
      files: string[];
      names: string[];
      /** The files the module's own star imports take names from (it may pass these names on). */
      via: string[];
    }
  | {
      kind: "module";
      files: string[];
      /** How the file reaches the module object: `m`, `pkg.m` (after `import pkg.m`), an alias. */
      bound: string;
      /** As for "names". */
      via: string[];
    };

function filesOf(r: Resolution): string[] {
  if (r.kind !== "source") return [];
  return r.runtime && r.runtime !== r.file ? [r.file, r.runtime] : [r.file];
}

export function importUsesOf(
  imports: readonly ImportInfo[],
  file: string,
  root: string | null,
  settings: ImportSettings,
  resolver: ImportResolver,
): ImportUse[] {
  const ctx: SearchContext = { fromPath: path.resolve(file), root, settings };
  const resolve = (module: string, level: number): Resolution => resolver.modules.resolve({ module, level }, ctx);
  const out: ImportUse[] = [];
  const passedOn = (r: Resolution): string[] =>
    r.kind === "source" ? resolver.index.starSourcesOf(r.file, resolver.modules, settings, root) : [];
  const moduleUse = (module: string, level: number, bound: string): void => {
    const target = resolve(module, level);
    const files = filesOf(target);
    if (files.length) out.push({ kind: "module", files, bound, via: passedOn(target) });
  };
  for (const info of imports) {
    if (info.kind === "import") {
      for (const { name, alias } of info.names) {
        // `import a.b.c` binds `a` (its attributes lead to b and c); `import a.b as x` binds a.b
        const parts = name.split(".");
        if (alias) moduleUse(name, 0, alias);
        else
          for (let i = 1; i <= parts.length; i++)
            moduleUse(parts.slice(0, i).join("."), 0, parts.slice(0, i).join("."));
      }
      continue;
    }
    const module = info.module.slice(info.level);
    if (module === "__future__") continue;
    const target = resolve(module, info.level);
    const files = filesOf(target);
    if (info.star) {
      if (files.length && target.kind === "source")
        out.push({
          kind: "star",
          files,
          via: resolver.index.exportDependencies(target.file, resolver.modules, settings, root),
        });
      continue;
    }
    const names = info.names.map((n) => n.name);
    if (files.length) out.push({ kind: "names", files, names, via: passedOn(target) });
    // `from pkg import m` may import the submodule m
    if ((target.kind === "source" && target.isPackage) || target.kind === "namespace")
      for (const { name, alias } of info.names)
        moduleUse(module ? `${module}.${name}` : name, info.level, alias ?? name);
  }
  return out;
}
