// Fixing one file for `--fix` and `--diff`, as a worker runs it: the fixed text, computed
// against every other file as it is on disk before the run, what the fixed file takes from other
// modules and how the fixes change what it offers them. Nothing is written here: the plan
// (fixPlan.ts) decides, once every file's result is known, and the CLI writes.
import type { PythonParsing } from "../parsing/parser";
import { fixAll, type AcceptText } from "../engine/fixAll";
import { sharedImportResolver } from "../resolve/importResolver";
import { importUsesOf } from "../resolve/importUses";
import { interfaceChange, interfaceOf, type ModuleInterface } from "../resolve/moduleInterface";
import type { SourceRead } from "../node/sourceFile";
import { findingsInto, prepareFile, type CliOptions, type FileResult } from "./checkFile";

/**
 * `keepInterface`: only fixes that leave the module's names as they are (what `import *`
 * gives, its `__all__`, every name it binds), because another file of the run needs them.
 */
export function fixFile(
  parsing: PythonParsing,
  file: string,
  options: CliOptions,
  keepInterface = false,
  given?: SourceRead,
): FileResult {
  const prepared = prepareFile(parsing, file, options, given);
  if (!prepared.ok) return prepared.result;
  const { result, text, settings, checkOptions, budgeted } = prepared;
  const root = checkOptions.root;
  result.source = text;
  result.bom = prepared.bom;
  const resolver = sharedImportResolver(parsing.language);
  // one parse of the file serves fix-all's first pass and the module's interface before the fixes
  const sourceTree = budgeted.parsing.parser.parse(text) ?? undefined;
  if (!sourceTree) {
    result.skipped = budgeted.overBudget() ?? "the parser returned no tree";
    return result;
  }
  try {
    let before: ModuleInterface | undefined;
    const interfaceBefore = (): ModuleInterface =>
      (before ??= interfaceOf(resolver, file, settings, root, text, sourceTree));
    let accept: AcceptText | undefined;
    if (keepInterface) {
      const kept = interfaceBefore();
      accept = (candidate) => interfaceChange(kept, interfaceOf(resolver, file, settings, root, candidate)) === null;
    }
    const fixed = fixAll(budgeted.parsing, text, checkOptions, options.unsafeFixes, { accept, tree: sourceTree });
    const over = budgeted.overBudget();
    if (over) {
      result.skipped = over;
      return result;
    }
    result.fixesConverged = fixed.converged;
    const changed = fixed.text !== text;
    if (changed) {
      result.fixedText = fixed.text;
      result.fixesApplied = fixed.applied;
      if (!keepInterface) interfaceBefore();
    }
    findingsInto(parsing, prepared, fixed.text, options, (checked) => {
      result.imports = importUsesOf(checked.model.imports, file, root, settings, resolver);
      if (changed && before && !keepInterface) {
        const after = interfaceOf(resolver, file, settings, root, fixed.text, checked.model.tree);
        const change = interfaceChange(before, after);
        if (change) result.interfaceChange = change;
      }
    });
  } finally {
    sourceTree.delete();
  }
  return result;
}
