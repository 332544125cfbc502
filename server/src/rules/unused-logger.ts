// LOG002: a module-level logger that nothing in the module uses.
import type { Node } from "web-tree-sitter";
import { moduleIsOnlyLoggers, moduleLoggers, type ModuleLogger } from "../analysis/loggers";
import type { ImportInfo, ModuleModel } from "../analysis/model";
import { isWordCode } from "../analysis/chars";
import { isBindingOccurrence } from "../analysis/syntax";
import { indexOfFast, TextFinder } from "../analysis/textSearch";
import { tidyBlankLines } from "../fixes/blankLines";
import { deleteLinesOf, removeImportedNames, standsAlone, topLevelImports } from "../fixes/imports";
import type { Fix, TextEdit } from "../core/types";
import { sharedImportResolver } from "../resolve/importResolver";
import type { Rule } from "./types";

/** Is `name` mentioned as a string literal (`__all__ = ["LOG"]`, `globals()["LOG"]`, `getattr(m, "LOG")`)? */
function mentionedAsString(text: string, name: string): boolean {
  return indexOfFast(text, `"${name}"`) >= 0 || indexOfFast(text, `'${name}'`) >= 0;
}

/**
 * Is `name` read anywhere outside `except` (not bound, not an `x.name` attribute, not a `global`
 * declaration)? Found by text and confirmed in the tree, stopping at the first use: a used
 * logger is usually read a few lines below its definition.
 */
function isUsed(model: ModuleModel, name: string, except: Node | null): boolean {
  const text = model.text;
  const n = name.length;
  if (!n) return false;
  // `name` not inside a longer word (a TextFinder: far cheaper than a regex with look-behind;
  // wordOccurrences, a generator with a finder lookup per step, measured ~3% slower here)
  const finder = new TextFinder(name);
  const exceptStart = except ? except.startIndex : -1;
  const exceptEnd = except ? except.endIndex : -1;
  for (let i = finder.next(text, 0); i >= 0; ) {
    if ((i > 0 && isWordCode(text.charCodeAt(i - 1))) || isWordCode(text.charCodeAt(i + n))) {
      i = finder.next(text, i + 1);
      continue;
    }
    if (i >= exceptStart && i < exceptEnd) {
      i = finder.next(text, exceptEnd);
      continue;
    }
    const id = model.root.descendantForIndex(i, i + n);
    if (
      id &&
      id.type === "identifier" &&
      id.startIndex === i &&
      id.parent?.type !== "global_statement" &&
      !isBindingOccurrence(id)
    )
      return true;
    i = finder.next(text, i + n);
  }
  return false;
}

/** The import binding the logger factory's receiver (`logging` in `logging.getLogger`), if top-level. */
function factoryImport(model: ModuleModel, logger: ModuleLogger): { info: ImportInfo; bound: string } | null {
  const callee = logger.call.callee;
  if (!callee) return null;
  const head = callee.split(".")[0];
  let found: { info: ImportInfo; bound: string } | null = null;
  for (const info of topLevelImports(model)) {
    if (info.star) continue;
    for (const n of info.names) {
      const bound = n.alias ?? (info.kind === "import" ? n.name.split(".")[0] : n.name);
      if (bound === head && (info.kind === "from" || n.alias || !n.name.includes("."))) found = { info, bound };
    }
  }
  return found;
}

export const unusedLogger: Rule = {
  meta: {
    code: "LOG002",
    commentBlind: true,
    name: "unused-logger",
    category: "logging",
    reviewPoint: 9,
    preview: false,
    severity: "information",
    fixable: "sometimes",
    summary: "A module-level logger is created but nothing in the module uses it.",
    rationale:
      "An unused `LOG = logging.getLogger(__name__)` suggests logging that was removed or never written, and keeps an import alive for nothing. " +
      "Remove it, or log what the module should be logging.",
    notReported:
      "Loggers read anywhere in the module, named in a string " +
      '(`__all__`, `getattr(mod, "LOG")`, `mock.patch.object(mod, "LOG")`), or bound more than once at module level; shared loggers: ' +
      "a module that holds nothing but its loggers (and imports), and a logger another module of the package imports " +
      "(`from ._log import log`) or reads as an attribute of the module (`import pkg.metrics as metrics` … `metrics.log.debug(...)`). " +
      "Loggers made by `logging.getLogger`, oslo.log, adapters, `getChild`, and logger classes (`logging.Logger(...)`, twisted's `Logger()`).",
    fixes:
      "Removing a private logger (`_LOG`) is safe; removing a public one is unsafe, since a module outside the package may import it " +
      "or a test patch it (the package's own modules are read: a logger they import is not reported). " +
      "The factory's import goes too when nothing else uses it.",
    example:
      "from oslo_log import log as logging\n\nLOG = logging.getLogger(__name__)\n\n\ndef add(a, b):\n    return a + b",
    useInstead: "def add(a, b):\n    return a + b",
  },
  check({ model, text, lines, path, resolver, report }) {
    const loggers = moduleLoggers(model);
    if (!loggers.length) return;
    for (const logger of loggers) {
      const name = logger.name;
      if (mentionedAsString(text, name)) continue; // exported (`__all__`) or reached by name
      if (isUsed(model, name, logger.assignment.node)) continue;
      // Another module-level binding of the same name makes this one just one of several.
      if (loggers.some((l) => l !== logger && l.name === name)) continue;
      // a module that holds nothing but its loggers exists to export them
      if (moduleIsOnlyLoggers(model)) return;
      // a module beside it imports it (`from ._log import log`): it is a shared logger
      const siblings = path ? (resolver ?? sharedImportResolver(model.tree.language)).siblings : null;
      if (siblings && path && siblings.namesImportedFromFile(path, [name]).size) continue;
      const statement = logger.assignment.node.parent;
      let fix: Fix | null = null;
      if (statement && statement.type === "expression_statement" && standsAlone(text, statement)) {
        const edits: TextEdit[] = [deleteLinesOf(text, statement)];
        const imp = factoryImport(model, logger);
        // The import goes too when the removed logger was its only use.
        if (imp && !isUsed(model, imp.bound, statement) && !mentionedAsString(text, imp.bound)) {
          edits.push(...removeImportedNames(text, imp.info, new Set([imp.bound])));
        }
        edits.push(...tidyBlankLines(text, edits, lines));
        // Another module may import it or a test may patch it (`mock.patch.object(mod, "LOG")`):
        // one file cannot tell, so removing a public name is not applied automatically.
        fix = { title: `Remove the unused logger \`${name}\``, safe: name.startsWith("_"), edits };
      }
      report({
        start: logger.assignment.left.startIndex,
        end: logger.assignment.left.endIndex,
        message: `Module logger \`${logger.name}\` is never used in this module: remove it, or log what should be logged.`,
        fixes: fix ? [fix] : [],
      });
    }
  },
};
