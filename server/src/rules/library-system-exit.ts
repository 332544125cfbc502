// EXC001: a library function that ends the process (SystemExit, sys.exit, exit, quit, os._exit).
import { LAST_IMPORT } from "../analysis/bindings";
import { entryPointsOf } from "../analysis/entryPoints";
import { exitsOf, forks } from "../analysis/exits";
import { exitFixes } from "../fixes/exitReplacement";
import type { Rule } from "./types";

export const librarySystemExit: Rule = {
  meta: {
    code: "EXC001",
    name: "library-system-exit",
    category: "errors",
    reviewPoint: 4,
    severity: "warning",
    fixable: "sometimes",
    skipsTestFiles: true,
    summary: "A library function ends the process (raise SystemExit, sys.exit(), exit(), quit(), os._exit()).",
    rationale:
      "Exiting is the program's decision, not a library's: a function that raises SystemExit takes the choice away from every caller, " +
      "slips past `except Exception`, and kills test runners and long-lived services. " +
      "Raise an exception that says what went wrong and let the entry point (`main`, a CLI command) turn it into an exit status.",
    example:
      'def load_driver(conf):\n    try:\n        return importutils.import_object(conf.driver)\n    except ImportError:\n        LOG.error("Cannot load %s", conf.driver)\n        raise SystemExit(1)',
    useInstead:
      'def load_driver(conf):\n    try:\n        return importutils.import_object(conf.driver)\n    except ImportError:\n        LOG.error("Cannot load %s", conf.driver)\n        raise',
  },
  check({ model, path, root, settings, report }) {
    const exits = exitsOf(model, LAST_IMPORT);
    if (!exits.length) return;
    const entry = entryPointsOf(model, path, root, settings);
    // A program's own modules may exit (tests, skipped by the engine, exit on purpose too).
    if (entry.programFile) return;
    for (const exit of exits) {
      const fn = exit.context.fn;
      if (!fn || entry.covers(exit.context)) continue;
      // After os.fork() the child must leave with os._exit (no cleanup of the parent's state).
      if (exit.hard && forks(model, fn, LAST_IMPORT)) continue;
      const where = fn.parentClass ? `${fn.parentClass.name}.${fn.name}` : fn.name;
      const how = exit.hard
        ? `\`${exit.what}\` in \`${where}\` ends the process at once, without cleanup or \`finally\` blocks`
        : `\`${exit.what}\` in \`${where}\` ends the process`;
      const advice = exit.context.except
        ? "re-raise (or raise a specific exception) and let the entry point decide to exit"
        : "raise an exception that says what went wrong and let the entry point decide to exit";
      report({
        start: exit.node.startIndex,
        end: exit.node.endIndex,
        message: `${how}: \`${where}\` is not an entry point, so its callers cannot handle the failure; ${advice}.`,
        fixes: exitFixes(model, exit),
      });
    }
  },
};
