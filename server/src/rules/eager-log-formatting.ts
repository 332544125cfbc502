// LOG003: a log call whose message is formatted before the call (`%`, f-string, `.format()`, `+`).
import {
  type EagerFormatting,
  eagerMessage,
  firstArgumentIsPlainLiteral,
  logMessageArgument,
} from "../analysis/logMessages";
import { braceLoggerReads, braceLoggerReceivers } from "../analysis/braceLogTemplates";
import { callsEndingWith, LoggerReceivers, loggerBindingReads, moduleLoggers } from "../analysis/loggers";
import { LOG_METHOD_NAMES, logCallee } from "../analysis/logging";
import { DEFAULT_LINE_LENGTH } from "../fixes/callLayout";
import { lazyArgumentsFix } from "../fixes/lazyLogArguments";
import type { ClassInfo, Context, ModuleModel } from "../analysis/model";
import { sharedImportResolver } from "../resolve/importResolver";
import type { ModuleRef } from "../resolve/moduleSummary";
import { inScope } from "./reportScope";
import type { Rule } from "./types";

const DESCRIBE: Record<EagerFormatting, string> = {
  "%": "with `%`",
  "f-string": "with an f-string",
  ".format()": "with `.format()`",
  "+": "by concatenation (`+`)",
};

/** The keywords of a stdlib logging call (`level` only on `log()`, whose own keyword it is not). */
const LOGGING_KEYWORDS = new Set(["exc_info", "stack_info", "stacklevel", "extra"]);

export const eagerLogFormatting: Rule = {
  meta: {
    code: "LOG003",
    commentBlind: true,
    name: "eager-log-formatting",
    category: "logging",
    reviewPoint: 9,
    preview: false,
    severity: "warning",
    fixable: "sometimes",
    // diagnostics of a test run: nothing to save, nothing aggregated
    skipsTestFiles: true,
    summary:
      "A log message is formatted before the call (`%`, f-string, `.format()`, `+`) instead of lazily by the logger.",
    rationale:
      'The logger formats its arguments only when a record is actually emitted, so `LOG.debug("x %s", y)` costs almost nothing when debug is off, while an eagerly built message is formatted every time. ' +
      "Lazy arguments also keep the message template constant, which log aggregation and OpenStack's hacking check H904 rely on.",
    notReported:
      "Loggers that do not format %-placeholders: twisted's `Logger()`, logbook's, loguru's `logger` (they format `{}` fields from keyword " +
      'arguments). A `+` that only joins strings already built (`prefix + "start"`, `" " + filename`: a template being put together, with ' +
      'nothing to defer). Any eager message with arguments beside it: the eager part builds the template they fill (`"%(x)s " + tail, args`, `"{fn}() failed: %s".format(**names), err`), or the receiver is no stdlib-style logger (`logger.debug(msg % x, "parser")`, a source tag). `+` is reported when an operand formats ' +
      "a value (`%`, an f-string, `.format()`, `str()`, `.join()`). Receivers that are not loggers (bound to a list, a file...; a module " +
      "of the project, `import pkg.log as log` or `from .. import log` with `log.py` beside, whose `log.warn(msg)` is that module's own " +
      "function and may take no arguments), and " +
      "`x % y` or `x.format(...)` whose template is neither a literal nor named like a message (`msg`, `fmt`, `template`), and test files (a test's diagnostics: no cost or aggregation at stake).",
    fixes:
      'Safe only when every value logs the same text and raises the same errors: `"%s" % value` when the value cannot be a tuple (a literal, ' +
      "a tuple literal of the right length, `str(...)`, a number), a mapping literal for `%(name)s`, f-string and `.format()` fields with " +
      "`!r`/`!s` or a literal value, and only `%s`/`%r`/`%a` conversions, on a logger the module binds itself (a name, or `self.log` bound in the call's class; with a keyword stdlib logging does not take, such as `token=`, only a module logger a logging factory made: `LOG.debug(msg, instance=i)` on oslo.log's adapter; " +
      "one a base class in another module binds may be a project's own whose `warning(msg)` takes no arguments). Otherwise unsafe, and the title says why: a tuple value would be " +
      "formatted item by item, `{}` uses format() where `%s` uses str() (they differ for some types), `%d`-style conversions fail inside " +
      "logging instead of at the call. A rewritten line longer than the line length is wrapped (black's style). `+` has no automatic fix; " +
      'nor has a bytes template (`b"node %s" % x`, `(b"a " + b"%s") % x`, reported like any other): logging formats `str(msg) % args`, ' +
      "so lazy arguments cannot reproduce bytes formatting. On a logger the file calls with `{}` templates and arguments " +
      '(`log.debug("size: {}", n)`: one that formats with str.format), `.format()` becomes that template with the values after it ' +
      "(unsafe: the logger's formatting is inferred), and `%` or an f-string gets no fix.",
    example: 'LOG.debug("Port %s bound to %s" % (port_id, host))\nLOG.info(f"Agent {agent_id} is up")',
    useInstead: 'LOG.debug("Port %s bound to %s", port_id, host)\nLOG.info("Agent %s is up", agent_id)',
    // (a log call is judged by itself and its receiver: which names are loggers is read of every
    // segment by loggerBindingReads; the fix rewrites the call only)
    scope: "segment",
  },
  // which names are loggers, and which of them the file calls with `{}` templates (their fixes keep `{}`)
  readsOfSegment: (segment, text) => `${loggerBindingReads(segment, text)}|${braceLoggerReads(segment, text)}`,
  check({ model, text, settings, only, path, root, resolver, report }) {
    const receivers = new LoggerReceivers(model);
    const modules = new Map<string, boolean>();
    const isModule = (receiver: string): boolean => {
      let hit = modules.get(receiver);
      if (hit === undefined) {
        hit = importsPackageModule(model, receiver, path, (ref) =>
          (resolver ?? sharedImportResolver(model.tree.language)).isPackageModule(ref, path, root, settings),
        );
        modules.set(receiver, hit);
      }
      return hit;
    };
    let braceLoggers: Set<string> | null = null;
    const textual = !model.hasSyntaxErrors;
    let bound: Map<string, boolean> | undefined;
    for (const call of callsEndingWith(model, LOG_METHOD_NAMES, (calls) => inScope(only, calls))) {
      const callee = call.callee;
      const log = logCallee(callee);
      if (!callee || !log) continue;
      // most messages are plain literals: seen in the text, they need no look at the tree
      if (log.method !== "log" && textual && firstArgumentIsPlainLiteral(text, call.start)) continue;
      if (!receivers.isLogger(log.receiver)) continue;
      // `import pkg.log as log`, `from .. import log`: a module of the project (`log.warn(msg)`), not a logger
      if (isModule(log.receiver)) continue;
      const message = logMessageArgument(call, log.messageIndex);
      const eager = message && eagerMessage(message);
      if (!eager) continue;
      // Arguments beside an eager message: the eager part builds the template its arguments fill
      // (`"%(x)s on " + template, args`, `"{fn}() failed: %s".format(**names), err`), or the
      // receiver is no stdlib-style logger (`logger.debug(msg % x, "parser")`: a source tag, which
      // `%`-formatting would reject). Either way there is nothing to pass lazily.
      if (call.positional.length > log.messageIndex + 1 || call.hasSplat) continue;
      const lineLength = settings.lineLength ?? DEFAULT_LINE_LENGTH;
      // a bytes template has no lazy equivalent: logging formats `str(msg) % args`
      // a logger the file calls with `{}` templates and arguments formats them itself (read only when needed)
      const braces = () => (braceLoggers ??= braceLoggerReceivers(callsEndingWith(model, LOG_METHOD_NAMES), text));
      let fix = eager.bytes
        ? null
        : lazyArgumentsFix(text, eager, call.node, message, lineLength, braces().has(log.receiver));
      // `self.log` bound in another module (a base class's `self.log = Logger()`): whether its
      // methods take arguments is not seen here (a project's own `warning(msg)` would raise)
      // (the assignments read are loggers' by name: what readsOfSegment records of every segment)
      if (fix?.safe && log.receiver.includes(".")) {
        bound ??= new Map();
        const cls = classOf(call.context);
        const key = `${cls?.start ?? ""}:${log.receiver}`;
        let here = bound.get(key);
        if (here === undefined) bound.set(key, (here = boundInModule(model, log.receiver, cls)));
        if (!here) {
          const why = `\`${log.receiver}\` is bound in another module, whose methods may not take arguments`;
          fix = { ...fix, safe: false, title: `${fix.title} (unsafe: ${why})` };
        }
      }
      // keywords stdlib logging does not take (`handler.error(msg, token=t)`: a project's reporter,
      // whose next parameter would take the argument)
      // (a module logger a logging factory made takes them the same before and after: an adapter
      // passes them on, a stdlib logger rejects them either way)
      const foreign = [...call.keywords.keys()].find((k) => !LOGGING_KEYWORDS.has(k));
      if (fix?.safe && foreign && !moduleLoggers(model).some((l) => l.name === log.receiver)) {
        const why = `\`${foreign}=\` is no keyword of stdlib logging: the receiver may not take %-arguments`;
        fix = { ...fix, safe: false, title: `${fix.title} (unsafe: ${why})` };
      }
      const { kind, target, wrapper } = eager;
      const where = wrapper ? ` inside \`${wrapper.childForFieldName("function")?.text}()\`` : "";
      const lazy = eager.bytes
        ? "from a bytes template, which logging records as its `b'...'` repr: write a str template with %-placeholders and pass the values as arguments (no automatic fix: lazy arguments cannot reproduce bytes formatting)"
        : kind === "+"
          ? "build it from one template with %-placeholders and pass the values as arguments"
          : "pass the values as arguments so the logger formats only records it emits";
      report({
        start: target.startIndex,
        end: target.endIndex,
        message: `Log message for \`${callee}()\` is formatted eagerly ${DESCRIBE[kind]}${where}${eager.bytes ? " " : ": "}${lazy}.`,
        fixes: fix ? [fix] : [],
      });
    }
  },
};

/** Modules whose functions are logging's own (`import logging as log`: `log.info(fmt, *args)`). */
const LOGGING_MODULES = /^(?:logging|oslo_log\.log)$/;

/**
 * Is `receiver` a module of the project, not a logger: bound by `import pkg.log as log` (or read as
 * `pkg.log` after `import pkg.log`), or imported from its package (`from .. import log`, `from pkg
 * import log` inside `pkg/`) where the name is a module beside the file? `isModule` answers for a
 * relative import; an absolute one from the file's own package is asked as the relative one it
 * means, so no interpreter is needed.
 */
function importsPackageModule(
  model: ModuleModel,
  receiver: string,
  filePath: string | null,
  isModule: (ref: ModuleRef) => boolean,
): boolean {
  for (const info of model.imports) {
    if (info.star) continue;
    if (info.kind === "import") {
      for (const n of info.names) {
        if (LOGGING_MODULES.test(n.name)) continue;
        if (n.alias ? n.alias === receiver : n.name === receiver && receiver.includes(".")) return true;
      }
      continue;
    }
    if (receiver.includes(".")) continue;
    const level = info.level || ownPackageLevel(filePath, info.module);
    if (!level) continue;
    const base = info.level ? info.module.slice(info.level) : info.module.split(".").slice(1).join(".");
    for (const n of info.names) {
      if ((n.alias ?? n.name) !== receiver) continue;
      if (isModule({ module: base ? `${base}.${n.name}` : n.name, level })) return true;
    }
  }
  return false;
}

/**
 * `from pkg.sub import x` in a file under a folder named `pkg`: the level of the relative import
 * that names the same package (`pkg/deb/f.py`: 2), or 0 when no folder above the file has that name.
 */
function ownPackageLevel(filePath: string | null, module: string): number {
  if (!filePath || !module) return 0;
  const top = module.split(".")[0];
  const folders = filePath.split(/[\\/]/).slice(0, -1);
  for (let i = folders.length - 1, level = 1; i >= 0 && level <= 8; i--, level++) {
    if (folders[i] === top) return level;
  }
  return 0;
}

/**
 * Does the module bind the attribute receiver itself (`self.log = logging.getLogger(...)` in the
 * call's class, or its class attribute `log = ...` read as `self.log`/`cls.log`; another object's
 * `app.logger` assigned anywhere in the module)? Then what it is can be seen here.
 */
function boundInModule(model: ModuleModel, receiver: string, cls: ClassInfo | null): boolean {
  const last = receiver.slice(receiver.lastIndexOf(".") + 1);
  const viaSelf = /^(?:self|cls)\.\w+$/.test(receiver);
  return model.assignments.some((a) => {
    const left = a.left.text.replace(/\s+/g, "");
    if (!viaSelf) return left === receiver;
    // (of the call's own class: another class's `self.log` is another object's)
    if (!cls || classOf(a.context) !== cls) return false;
    return left === receiver || (left === last && !a.context.fn);
  });
}

/** The class whose code a context is: a method's class, or the class body itself. */
function classOf(context: Context): ClassInfo | null {
  return context.fn ? context.fn.parentClass : context.cls;
}
