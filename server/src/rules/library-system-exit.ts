// EXC001: a library function that ends the process (SystemExit, sys.exit, exit, quit, os._exit).
import type { Node } from "web-tree-sitter";
import { LAST_IMPORT } from "../analysis/bindings";
import { entryPointsOf } from "../analysis/entryPoints";
import {
  exitBelongsToProgram,
  mayCatch,
  ownErrorClass,
  passesOnCaughtStatus,
  systemExitCatchers,
} from "../analysis/exitIntent";
import { exitsOf } from "../analysis/exits";
import { DEFAULT_LINE_LENGTH } from "../fixes/callLayout";
import { type ExitStatus, exitFixes, exitStatus } from "../fixes/exitReplacement";
import type { Rule } from "./types";

/** Why no fix is offered, for the message. */
function noFixReason(status: ExitStatus, where: string, ownError: string | null): string {
  if (status.kind === "failure" && ownError)
    return ` (no automatic fix: \`${where}\` reports failures with its own \`${ownError}\`; raise that, or another specific exception)`;
  if (status.kind === "other")
    return ` (no automatic fix: the exit status${status.code ? ` \`${status.code}\`` : ""} may be a protocol its callers rely on, which an exception would lose)`;
  return "";
}

export const librarySystemExit: Rule = {
  meta: {
    code: "EXC001",
    name: "library-system-exit",
    category: "errors",
    reviewPoint: 4,
    preview: true,
    severity: "warning",
    fixable: "sometimes",
    skipsTestFiles: true,
    summary:
      "A library function ends the process with a failure (raise SystemExit, sys.exit(), exit() with a message or a failing status).",
    rationale:
      "Exiting is the program's decision, not a library's: a function that raises SystemExit takes the choice away from every caller, " +
      "slips past `except Exception`, and kills test runners and long-lived services. " +
      "Raise an exception that says what went wrong and let the entry point (`main`, a CLI command) turn it into an exit status.",
    notReported:
      "Exits that report no failure: with success (`sys.exit()`, `sys.exit(0)`, `raise SystemExit`, `quit()`: a quit button, `--help`, a kernel's stop hook), `os._exit` (a forked child's or a watchdog's way out), and a status computed or passed on (`sys.exit(code)`, `sys.exit(self.conf.exit_code)`, a child's status): on held-out projects 1 in 5 of those was true. " +
      "Entry points (`main`, `*_main`, `cli`, click/typer commands, distutils/setuptools/cliff/Django command classes and classes of cliff's protocol (`take_action`) under a base named like cliff's, `do_*` handlers of a command table (three or more, as `cmd.Cmd` and OpenStack clients' shells dispatch them), console scripts declared in " +
      "`entry_points.txt`, `[project.scripts]` or setup.cfg, functions that read the command line (`sys.argv`, `parser.parse_args()` with no arguments, which reads it) or a module's copy such as " +
      '`compat.sysargv`, or whose docstring summary says so ("run the command in sys.argv", "Parse the command-line options"): runners and ' +
      'argument parsers; command-line option callbacks (`add_option("--list", callback=f)`); private helpers (`_run_print_help`) that only ' +
      "entry points use), program modules " +
      "(`__main__.py`, `cmd/`, `cli`, `*_cli/`, `cli_*/`, `scripts/`, an OpenStack client's `<name>client/shell.py`), methods of an argument parser's class (`class Parser(optparse.OptionParser)`), a function that parses the command line its caller hands it (`def run(argv): parser.parse_args(argv)`), standalone scripts (a `__main__` guard, and arguments read at import: `sys.argv[1]`, or a `#!` line naming Python), module-level functions named for ending the program (`_exit`, `die`, `fatal_error`; a method so named is still reported), module-level code; in a module " +
      'run under a `__main__` guard whose docstring says it is a program ("Implementation module for the `keygen` command"), functions only its entry points use (subcommand handlers); option methods of a command-line options ' +
      "class (`opt_ciphers` of a `usage.Options` subclass); signal handlers (functions, lambdas and `functools.partial`s given to `signal.signal` " +
      'or `add_signal_handler`, or to a wrapper with a signal\'s name: `handlers.add_handler("SIGTERM", f)`, `signals.update(SIGTERM=f)`, ' +
      '`signals["SIGINT"] = f`); functions whose docstring summary says they exit, terminate, raise SystemExit or "return from the module", or ' +
      'whose docstring says "the program exits" (documenting `:raises SystemExit:` is not enough), and private helpers only such functions use; ' +
      "turning Ctrl-C into a quiet exit with any status (`except KeyboardInterrupt: raise SystemExit`, `sys.exit(1)`: callers lose nothing " +
      "`except Exception` would catch); " +
      "`sys.exit()` in a thread's `run` (SystemExit ends only that thread), `os._exit` in a thread's `run` (an exception would end only the thread), or in a function whose docstring says why no exception may " +
      "leave it; exits in a function that forks workers (itself or in a nested function) and waits for them (`os.wait()`); " +
      "`--help`/`--version` printers (named for help, usage, version or options) exiting with success; exits right after printing the usage " +
      "(`parser.print_usage()`, as argparse does); exits guarded by a parameter named for exiting or quitting (`if exit_on_error:`, " +
      "`if force_quit_timeout:`) or an attribute so named, not an exit code (`if self.exit:`, unittest's flag; `if conf.abort_on_empty:`); functions given as a child process's target (`multiprocessing.Process(target=f)`: their status is the child's exit code) or set as the interpreter's hook (`sys.excepthook = f`); exit statuses that speak to another process: a status other than 0 and 1 (written, or a constant such " +
      "as `self.BOOT_ERROR` with `BOOT_ERROR = 3`) that the module reads back from a child (`if exit_code != 3:`, " +
      "`if exitcode == self.BOOT_ERROR:`, a reloader restarting its child) or documents in its docstring, and a child's status passed on " +
      "(`sys.exit(subprocess.call(args))`, `sys.exit(proc.returncode)`, or a function of the module returning one); `os._exit` under a " +
      "comment that says why the process ends without cleanup; " +
      "exits in either branch of an `if` on the result of `os.fork()`, `os._exit` anywhere in a forking function, exits in a daemonizer " +
      "(forks and calls `os.setsid()`), exits after an `os.exec*` call, exits under a comment that says what their exit status means " +
      '("results in an exit code of 1"). In a module that catches SystemExit itself without re-raising (its own error signal), exits that ' +
      "handler may catch are information-level findings without fixes, and the runner's exit with the status a handler saved " +
      "(`sys.exit(self.exitcode)`) is not reported.",
    fixes:
      'Never safe (callers then see an exception; uncaught, it prints a traceback). Offered only for exits with status 1 (`sys.exit(1)`, `sys.exit("message")`, a local bound to a message: `sys.exit(err)` with `err = "..."`, a message formatted from a local one: `raise SystemExit(msg % subs)`), keeping the message and the layout of its continuation lines (an exit with status 1 right after a failure is logged, `LOG.error("Cannot load %s", name)`, also a local bound only to messages, `LOG.error(txt)`, `logging.warning(...)` on the root logger, or one mapping for `%(name)s` fields, raises with that message): an exit with success would become ' +
      "a failure, and another status may be a protocol (a supervisor restarting its child on status 3). `RuntimeError` is not offered in a " +
      "function that raises an exception class of the project's own (`raise ArgError(...)`): its callers handle failures through that " +
      "class, which RuntimeError would slip past; re-raising a caught exception still is.",
    example:
      'def load_driver(conf):\n    try:\n        return importutils.import_object(conf.driver)\n    except ImportError:\n        LOG.error("Cannot load %s", conf.driver)\n        raise SystemExit(1)',
    useInstead:
      'def load_driver(conf):\n    try:\n        return importutils.import_object(conf.driver)\n    except ImportError:\n        LOG.error("Cannot load %s", conf.driver)\n        raise',
  },
  check({ model, path, root, settings, lines, report }) {
    const exits = exitsOf(model, LAST_IMPORT);
    if (!exits.length) return;
    const entry = entryPointsOf(model, path, root, settings);
    // A program's own modules may exit (tests, skipped by the engine, exit on purpose too).
    if (entry.programFile) return;
    let catchers: Node[] | null = null;
    for (const exit of exits) {
      const fn = exit.context.fn;
      if (!fn) continue;
      // Only an exit that reports a failure (a message, or a failing status written as a number):
      // `os._exit` (a forked child's or a watchdog's way out), an exit with success (a quit button,
      // `--help`, a kernel's stop hook) and a status computed or passed on (a protocol, a child's
      // status) were true in 1 of 5 of the labelled samples: an exception would say nothing more.
      // (asked first: it reads only the exit)
      if (exit.hard) continue;
      const status = exitStatus(exit, model);
      if (status.kind === "success" || (status.kind === "other" && !/^-?\d+$/.test(status.code))) continue;
      if (entry.covers(exit.context, exit.node.startIndex) || exitBelongsToProgram(model, exit, fn)) continue;
      const where = fn.parentClass ? `${fn.parentClass.name}.${fn.name}` : fn.name;
      catchers ??= systemExitCatchers(model);
      if (catchers.length && passesOnCaughtStatus(model, exit, catchers)) continue;
      const catcher = catchers.find((c) => mayCatch(model, c, exit, fn));
      if (catcher) {
        const line = lines.positionAt(catcher.startIndex).line + 1;
        report({
          start: exit.node.startIndex,
          end: exit.node.endIndex,
          severity: "information",
          message:
            `\`${exit.what}\` in \`${where}\` raises SystemExit, which this module catches itself (\`except SystemExit\` on line ${line}) ` +
            "as its own error signal; pyreview cannot see whether every caller goes through that handler, and those that do not exit: " +
            "a specific exception would say what went wrong to every caller.",
        });
        continue;
      }
      const how = `\`${exit.what}\` in \`${where}\` ends the process`;
      const advice = exit.context.except
        ? "re-raise (or raise a specific exception) and let the entry point decide to exit"
        : "raise an exception that says what went wrong and let the entry point decide to exit";
      const ownError = ownErrorClass(fn);
      const fixes = exitFixes(model, exit, status, ownError, settings.lineLength ?? DEFAULT_LINE_LENGTH);
      report({
        start: exit.node.startIndex,
        end: exit.node.endIndex,
        message: `${how}: \`${where}\` is not an entry point, so its callers cannot handle the failure; ${advice}${fixes.length ? "" : noFixReason(status, where, ownError)}.`,
        fixes,
      });
    }
  },
};
