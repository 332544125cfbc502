// LOG004: print() in a library module that has a logger.
import { nameWords } from "../analysis/sensitive";
import type { Node } from "web-tree-sitter";
import { behindDebugSwitch, isDebugHelper } from "../analysis/debugOutput";
import { entryPointsOf } from "../analysis/entryPoints";
import { eagerMessage } from "../analysis/logMessages";
import { moduleLoggers } from "../analysis/loggers";
import type { CallInfo, FunctionInfo, ModuleModel } from "../analysis/model";
import { builtinShadowed, LAST_IMPORT, qualify } from "../analysis/bindings";
import { bindingsOf } from "../analysis/dataOrigin";
import { indentationAt, stringParts } from "../analysis/syntax";
import { printsThenExits } from "../analysis/terminalOutput";
import type { Fix } from "../core/types";
import { columnOf, DEFAULT_LINE_LENGTH, hasMultiLineString, shiftContinuationLines } from "../fixes/callLayout";
import { lazyArgumentsText } from "../fixes/lazyLogArguments";
import type { Rule } from "./types";

/** Words of a function named for printing (`show_table`, `do_print`, `prettyPrint`). */
const PRINTING_WORDS = new Set(["print", "pprint", "display", "show", "echo", "output", "render"]);
const INTERACTIVE = new Set(["input", "raw_input", "getpass.getpass", "builtins.input"]);

/** A plain one-line string literal whose body can be copied into another with the same prefix and quote. */
function inlinable(node: Node): { prefix: string; quote: string; body: string } | null {
  if (node.type !== "string") return null;
  const parts = stringParts(node);
  if (!parts || parts.interpolated || parts.quote.length !== 1 || !/^[uUrR]?$/.test(parts.prefix)) return null;
  return { prefix: parts.prefix.toLowerCase(), quote: parts.quote, body: parts.body };
}

/**
 * The arguments of `LOG.x(...)` printing exactly what `print(args)` prints: string literals
 * joined into the format (with `%` doubled when there are arguments to format), `%s` for the
 * rest. `print("a", x)` → `"a %s", x`; `print("text")` → `"text"`; `print(x)` → `"%s", x`.
 */
export function loggingArguments(text: string, args: Node[]): { text: string; unsafe: string[] } | null {
  if (!args.length) return null;
  if (args.length === 1) {
    const a = args[0];
    // Logging formats a message only when given arguments, so one argument is logged as it is
    // (str() of it, as print does). A string stays the message; one being built with `%`,
    // `.format()` or an f-string becomes a template with lazy arguments (as LOG003's fix would
    // write it, with its reasons when the text may differ); anything else is `%s`.
    if (a.type === "string" || a.type === "concatenated_string") {
      const eager = eagerMessage(a);
      const lazy = eager ? lazyArgumentsText(text, eager) : null;
      return lazy ?? { text: a.text, unsafe: [] };
    }
    const eager = eagerMessage(a);
    if (eager && eager.kind !== "+") {
      const lazy = lazyArgumentsText(text, eager);
      if (lazy) return lazy;
    }
    return { text: `"%s", ${a.text}`, unsafe: [] };
  }
  // Literals are inlined only when they share one prefix and quote (so their bodies mean the same).
  const literals = args.map(inlinable);
  const first = literals.find((l) => l !== null) ?? null;
  // (a literal in the other quote joins too when its body holds no quote or backslash)
  const inline = literals.map(
    (l) => !!l && !!first && l.prefix === first.prefix && (l.quote === first.quote || !/['"\\]/.test(l.body)),
  );
  const rest = args.filter((_, k) => !inline[k]);
  const needsEscape = rest.length > 0;
  const pieces = args.map((_a, k) =>
    inline[k]
      ? needsEscape
        ? (literals[k] as { body: string }).body.replace(/%/g, "%%")
        : (literals[k] as { body: string }).body
      : "%s",
  );
  const prefix = first && inline.some((x) => x) ? (first.prefix === "u" ? "" : first.prefix) : "";
  const quote = first && inline.some((x) => x) ? first.quote : '"';
  // a `%s` beside raw-string text stays `%s` (no escapes involved); a quote char never appears in the pieces
  const format = `${prefix}${quote}${pieces.join(" ")}${quote}`;
  return { text: [format, ...rest.map((a) => a.text)].join(", "), unsafe: [] };
}

/**
 * The call `newText` replaces, wrapped as black does when its line would pass `lineLength` (and
 * the line it replaces did not): `LOG.error(` and `)` on lines of their own around the arguments.
 */
function wrapped(text: string, call: Node, head: string, args: string, lineLength: number): string {
  const oneLine = `${head}${args})`;
  if (args.includes("\n")) return oneLine;
  const lineStart = text.lastIndexOf("\n", call.startIndex - 1) + 1;
  let lineEnd = text.indexOf("\n", call.endIndex);
  if (lineEnd < 0) lineEnd = text.length;
  const before = text.slice(lineStart, call.startIndex);
  const after = text.slice(call.endIndex, lineEnd).replace(/\r$/, "");
  const was = Math.max(
    ...text
      .slice(lineStart, lineEnd)
      .split("\n")
      .map((l) => l.replace(/\r$/, "").length),
  );
  if (before.length + oneLine.length + after.length <= Math.max(lineLength, was)) return oneLine;
  const indent = indentationAt(text, call.startIndex);
  const eol = text.includes("\r\n") ? "\r\n" : "\n";
  return `${head}${eol}${indent}    ${args}${eol}${indent})`;
}

function fixFor(call: CallInfo, model: ModuleModel, logger: string, lineLength: number): Fix | null {
  if (call.hasSplat) return null;
  const args = call.argumentsNode;
  if (args?.type !== "argument_list") return null;
  if (args.namedChildren.some((c) => c?.type === "comment")) return null;
  // every reported print reports a problem: a warning when it says so, else an error
  const level = call.positional.some((a) => /\b(?:warning|deprecated)\b/i.test(a.text)) ? "warning" : "error";
  let stream = "stdout";
  for (const [name, value] of call.keywords) {
    if (name === "flush") continue;
    if (name !== "file") return null; // sep= and end= change the text: no exact equivalent
    const target =
      value.type === "attribute" || value.type === "identifier"
        ? qualify(model, value.text.replace(/\s+/g, ""), LAST_IMPORT)
        : null;
    if (target === "sys.stderr") stream = "stderr";
    else if (target !== "sys.stdout") return null;
  }
  const rendered = loggingArguments(model.text, call.positional);
  if (rendered === null) return null;
  // stdout is the program's output (piped, parsed, shown); the log may go anywhere or nowhere
  const why = [`the text goes to the log, no longer to ${stream}`, ...rendered.unsafe];
  // arguments that span lines keep their shape where they now start, right after `LOG.error(`
  const head = `${logger}.${level}(`;
  const first = call.positional[0];
  // (never inside a string that spans lines: that would change its text)
  const moved =
    first && !call.positional.some(hasMultiLineString)
      ? columnOf(model.text, call.node.startIndex) + head.length - columnOf(model.text, first.startIndex)
      : 0;
  return {
    title: `Log with \`${logger}.${level}(...)\` instead (unsafe: ${why.join("; ")})`,
    safe: false,
    edits: [
      {
        start: call.node.startIndex,
        end: call.node.endIndex,
        newText: wrapped(model.text, call.node, head, shiftContinuationLines(rendered.text, moved), lineLength),
      },
    ],
  };
}

export const printInLibrary: Rule = {
  meta: {
    code: "LOG004",
    name: "print-in-library",
    category: "logging",
    reviewPoint: 9,
    preview: true,
    severity: "warning",
    fixable: "sometimes",
    skipsTestFiles: true,
    summary:
      "print() reports a problem (in an `except` handler, an error or warning message, a dump before a failing `assert`) in a module that logs through a logger, outside an entry point.",
    rationale:
      "A library module that has a logger should say things through it: print() output has no level, no timestamp and no source, " +
      "cannot be silenced or redirected by the application's logging configuration, and is lost when the code runs as a service. " +
      "Entry points (main, CLI commands) may print: that is their output. Only prints that report a problem are reported: " +
      'inside an `except` handler, naming a caught exception (`print(e)`), saying so ("Error: ...", "Failed to ...", "WARNING", "cannot"), ' +
      "or dumping state before an `assert` or `raise` later in the block (or right after the `if` that holds the print).",
    notReported:
      "Prints that report no problem (a library's listing, a prompt's text, a progress line: on held-out projects 3 in 4 of those were the module's intended output); " +
      "modules without a module-level logger; entry points (as for EXC001: `main`, CLI commands, console scripts, runners, command-line " +
      "option callbacks that print a listing, private helpers only entry points use) and program " +
      "modules (`__main__.py`, `cmd/`, `cli`, `*_cli/`, `cli_*/`, `scripts/`, an OpenStack client's `<name>client/shell.py`; executable scripts: a `#!` line naming Python and a `__main__` guard); functions named for printing (`show_table`, `do_print`, `prettyPrint`) or that talk to a user " +
      "(`input()`, `getpass()`, also under another name: `input_ = input`); output someone switched on (inside `if debug:`, `if self.verbose:`, `if Symbol.debug_lookup:`: any name " +
      "with a debug, verbose or trace word part) and debugging helpers (named for debug, trace or dump, methods of a class so named such as a `Debug` middleware, or saying so in a docstring or comment); " +
      "a print into a file or buffer the function made itself (`file=` a name bound to `open(...)`, `io.StringIO()`: content, not the terminal); " +
      'files that bind `print` themselves; module-level code; a print followed by the end of the program (`print("tool", version)` then `raise SystemExit()` or `sys.exit(2)`, past at most one other call such as `conn.close()`: a version or usage message, the program\'s answer on its terminal).',
    fixes:
      "Never safe: the text moves from stdout (or stderr) to wherever logging goes. It is logged at `error`, or `warning` when its text says warning or deprecated. " +
      "A message built with `%`, `.format()` or an f-string becomes a template with lazy arguments (as LOG003's fix writes it; the title " +
      "adds its reasons when the text may differ). A call the rewrite makes longer than the line length (and than the line was) is wrapped as black does: the arguments on a line of their own. Not offered with `sep=`, `end=`, another `file=`, `*args`, or a logger that formats " +
      "`{}` fields (twisted's `Logger()`).",
    example:
      'LOG = logging.getLogger(__name__)\n\ndef sync(router):\n    try:\n        router.sync()\n    except OSError as e:\n        print("Failed to sync router", router.id, e)',
    useInstead:
      'LOG = logging.getLogger(__name__)\n\ndef sync(router):\n    try:\n        router.sync()\n    except OSError as e:\n        LOG.error("Failed to sync router %s: %s", router.id, e)',
  },
  check({ model, path, root, settings, report }) {
    const prints = model.callsWithCalleeEnding("print").filter((c) => c.callee === "print" && c.context.fn);
    if (!prints.length) return;
    const loggers = moduleLoggers(model);
    if (!loggers.length) return;
    const entry = entryPointsOf(model, path, root, settings);
    // `print` bound anywhere in the file (a def or method, an assignment, a parameter, a `from` import) is not the builtin
    if (entry.programFile || builtinShadowed(model, "print", "file-any-binding", LAST_IMPORT)) return;
    // the fix writes %-style arguments: only for a logger that formats them (not twisted's `Logger()`)
    const logger = loggers.find((l) => l.style === "percent")?.name ?? null;
    const conversing = new Map<FunctionInfo, boolean>();
    // the terminal's readers, also under another name (`input_ = input`, Python 2's `raw_input`)
    const readers = new Set(INTERACTIVE);
    if (/\b(?:raw_)?input\b|getpass/.test(model.text))
      for (const a of model.assignments)
        if (!a.context.fn && a.left.type === "identifier" && a.right && INTERACTIVE.has(a.right.text))
          readers.add(a.left.text);
    for (const call of prints) {
      if (entry.covers(call.context)) continue;
      const fn = call.context.fn;
      if (!fn) continue;
      // into a file the code writes (a buffer, a generated file, a socket): content, not the terminal
      if (writesToFile(model, call)) continue;
      // A function named for printing (`do_print`, `show_table`) exists to print; one that reads
      // the terminal (`input()`, `getpass()`) is talking to a user: print is its voice.
      if (nameWords(fn.name).some((w) => PRINTING_WORDS.has(w))) continue;
      // a test kept in the library (`def test_http():`, run by hand or by a test runner): its output is the test's
      if (/^test_?/.test(fn.name)) continue;
      let talks = conversing.get(fn);
      if (talks === undefined) {
        talks = model.calls.some(
          (c) =>
            c.context.fn === fn && c.callee !== null && readers.has(qualify(model, c.callee, LAST_IMPORT) ?? c.callee),
        );
        conversing.set(fn, talks);
      }
      if (talks) continue;
      // Output someone switched on (`if self.debug:`) or a debugging helper's is meant for the terminal.
      if (behindDebugSwitch(call.node, fn) || isDebugHelper(model, fn, call.node.startIndex)) continue;
      // printed right before the program ends (`--version`, a usage message): the program's answer on its terminal
      if (printsThenExits(call.node)) continue;
      // Only a print that reports a problem: what an operator needs in the log. Other prints in a
      // library are mostly its output (a command's listing, a prompt's text, a progress line):
      // 3 in 4 findings about them were false on held-out sets C to N.
      if (!reportsProblem(call)) continue;
      const where = fn.parentClass ? `${fn.parentClass.name}.${fn.name}` : fn.name;
      const fix = logger ? fixFor(call, model, logger, settings.lineLength ?? DEFAULT_LINE_LENGTH) : null;
      const name = logger ?? loggers[0].name;
      const noFix = logger
        ? " (no automatic fix: `sep=`, `end=`, another `file=` or `*args`)"
        : ` (no automatic fix: \`${name}\` formats \`{}\` fields, not %-arguments)`;
      report({
        start: call.node.startIndex,
        end: call.node.endIndex,
        message:
          `\`print()\` in \`${where}\`, in a module that logs through \`${name}\`: the output bypasses logging (no level, no timestamp, ` +
          `not configurable, lost under a service manager); log it with \`${name}\`${fix ? "" : noFix}.`,
        fixes: fix ? [fix] : [],
      });
    }
  },
};

/** Words that say a message reports a problem. */
const PROBLEM_WORDS =
  /\b(?:errors?|failed|fails?|failure|unable|cannot|can't|could not|couldn't|warning|exception|invalid|not supported|unsupported|not found|missing|traceback)\b/i;
/** Names that hold a caught exception. */
const EXCEPTION_NAMES = /^(?:e|ex|exc|err|error|exception|exc_info|excp)$/i;

/**
 * Does this print report a problem: inside an `except` handler, naming a caught exception, saying
 * so in its text ("Error: ...", "Failed to ..."), or dumping state before an `assert` or `raise`
 * later in the same block?
 */
function reportsProblem(call: CallInfo): boolean {
  for (let n: Node | null = call.node.parent; n && n.type !== "function_definition"; n = n.parent)
    if (n.type === "except_clause") return true;
  for (const arg of call.positional) {
    if (EXCEPTION_NAMES.test(arg.text)) return true;
    if (arg.descendantsOfType(["string_content"]).some((c) => c !== null && PROBLEM_WORDS.test(c.text))) return true;
  }
  let statement: Node | null = call.node;
  while (statement?.parent && statement.parent.type !== "block") statement = statement.parent;
  // in its own block, or right after the `if` that holds it (`if not found: print(...)` then `assert found`)
  const holder = statement?.parent?.parent?.type === "if_statement" ? statement.parent.parent : null;
  for (const from of [statement, holder])
    for (let next = from?.nextNamedSibling ?? null; next; next = next.nextNamedSibling)
      if (next.type === "assert_statement" || next.type === "raise_statement") return true;
  return false;
}

/**
 * `print(..., file=f)` where the function made `f` itself (`f = io.StringIO()`, `with open(p) as f`):
 * the code writes a file's or a buffer's content, not the terminal. A stream it was given (a
 * parameter, which may be stdout) is not known to be one.
 */
function writesToFile(model: ModuleModel, call: CallInfo): boolean {
  const target = call.keywords.get("file");
  let values: Node[] = [];
  if (target?.type === "identifier") values = bindingsOf(model, call.context.fn, target.text, call.start);
  else if (target?.type === "attribute" && /^self\.\w+$/.test(target.text)) {
    // `self._text`, which the file's methods only ever set to a buffer or a file they open
    for (const a of model.assignments) {
      if (a.left.type === "attribute" && a.left.text === target.text && a.right) values.push(a.right);
    }
  }
  return (
    values.length > 0 &&
    values.every((v) => v.type === "call" && !TERMINAL_STREAM.test(v.childForFieldName("function")?.text ?? ""))
  );
}

/** Calls that hand back the process's own streams (`sys.stdout`, `getattr(sys, "stderr")`, `codecs.getwriter(...)(sys.stdout)`). */
const TERMINAL_STREAM = /std(?:out|err)|getattr|getwriter/;
