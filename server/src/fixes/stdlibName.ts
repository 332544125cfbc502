// Naming a member of a standard-library module (`contextlib.contextmanager`) in a file, in the
// import style the file already uses.
import type { ModuleModel } from "../analysis/model";
import type { TextEdit } from "../core/types";
import { addStdlibImport, topLevelImports } from "./imports";

/**
 * How the file can name `module.name` (`module` a top-level module: no dots) and the edits that
 * make it so: the name a `from module import name` binds; else `alias.name` through an
 * `import module`; else the name added to an existing `from module import ...` (in sorted place
 * when its names are sorted); else `module.name` with `import module` added.
 */
export function stdlibName(
  model: ModuleModel,
  module: string,
  name: string,
): { name: string; importEdits: TextEdit[] } {
  const imports = topLevelImports(model);
  for (const i of imports) {
    if (i.kind === "from" && i.module === module) {
      const bound = i.names.find((n) => n.name === name);
      if (bound) return { name: bound.alias ?? name, importEdits: [] };
    }
  }
  for (const i of imports) {
    if (i.kind !== "import") continue;
    const mod = i.names.find((n) => n.name === module);
    if (mod) return { name: `${mod.alias ?? module}.${name}`, importEdits: [] };
  }
  const from = imports.find((i) => i.kind === "from" && i.module === module && !i.star && i.names.length > 0);
  if (from) {
    const names = from.names;
    const sorted = names.every((n, k) => k === 0 || names[k - 1].name <= n.name);
    const before = sorted ? names.find((n) => n.name > name) : undefined;
    const edit: TextEdit = before
      ? { start: before.node.startIndex, end: before.node.startIndex, newText: `${name}, ` }
      : {
          start: names[names.length - 1].node.endIndex,
          end: names[names.length - 1].node.endIndex,
          newText: `, ${name}`,
        };
    return { name, importEdits: [edit] };
  }
  return { name: `${module}.${name}`, importEdits: [addStdlibImport(model, `import ${module}`, module)] };
}
