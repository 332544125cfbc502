// Loggers: which names hold one (bound to a logger factory, or named like a logger). Shared by the
// logging rules (LOG002, LOG003, LOG004); the words they go by are in logging.ts.
import { LAST_IMPORT, qualify } from "./bindings";
import {
  BRACE_LOGGER_FACTORIES,
  BRACE_LOGGING_PACKAGES,
  LOGGER_ATTRIBUTES,
  LOGGER_CLASSES,
  LOGGER_FACTORIES,
  LOGGER_FACTORY_NAMES,
  LOGGER_NAMES,
  type LogStyle,
} from "./logging";
import type { AssignmentInfo, CallInfo, ModuleModel } from "./model";
import type { Segment } from "./model/segments";
import { indexOfFast } from "./textSearch";
import { lastName } from "./syntax";

/** Does this call make a logger? `logging.getLogger(__name__)`, `log.getLogger(...)`, `getLogger(...)`. */
export function isLoggerFactoryCall(call: CallInfo | null): boolean {
  const callee = call?.callee;
  if (!callee) return false;
  const name = lastName(callee);
  if (name === "getChild") return callee !== name; // `LOG.getChild("x")`
  return LOGGER_FACTORIES.has(name);
}

/**
 * Calls whose (dotted) callee is `name(...)` or `a.b.name(...)` for one of `names`, in document
 * order; with `among`, of those it picks from the module's calls (a rule's scope: the segments an
 * edit changed, whose callees alone are read).
 */
export function callsEndingWith(
  model: ModuleModel,
  names: readonly string[],
  among?: (calls: readonly CallInfo[]) => readonly CallInfo[],
): CallInfo[] {
  const lists: CallInfo[][] = [];
  if (names.length > 4 || among) {
    // many names (or a few segments): one pass over the calls' callees (cheap: read from the text)
    // beats a text search per name
    const wanted = new Set(names);
    const out: CallInfo[] = [];
    for (const call of among ? among(model.calls) : model.calls) {
      const callee = call.callee;
      if (callee !== null && wanted.has(callee.slice(callee.lastIndexOf(".") + 1))) out.push(call);
    }
    return out;
  } else {
    for (const n of names) {
      // found by text (see ModuleModel.callsWithCalleeEnding): other calls' callees are never read
      const list = model.callsWithCalleeEnding(n).filter((c) => {
        const callee = c.callee as string;
        return callee.length === n.length || callee.charCodeAt(callee.length - n.length - 1) === 46; // "."
      });
      if (list.length) lists.push(list);
    }
  }
  if (lists.length <= 1) return lists[0] ?? [];
  return lists.flat().sort((a, b) => a.node.startIndex - b.node.startIndex);
}

export interface ModuleLogger {
  /** The bound name (`LOG`). */
  name: string;
  assignment: AssignmentInfo;
  /** The factory call on the right (`logging.getLogger(__name__)`). */
  call: CallInfo;
  /** How it formats messages: `%` (stdlib and the like) or `{}` (twisted's `Logger()`). */
  style: LogStyle;
}

const loggersCache = new WeakMap<ModuleModel, ModuleLogger[]>();

/** Module-level statements `NAME = <logger factory>(...)`, in order. */
export function moduleLoggers(model: ModuleModel): ModuleLogger[] {
  let out = loggersCache.get(model);
  if (out) return out;
  out = [];
  for (const { call, assignment, style } of factoryAssignments(model)) {
    if (assignment.isModuleLevel && assignment.left.type === "identifier")
      out.push({ name: assignment.left.text, assignment, call, style });
  }
  loggersCache.set(model, out);
  return out;
}

interface FactoryAssignment {
  call: CallInfo;
  assignment: AssignmentInfo;
  style: LogStyle;
}

const assignmentsCache = new WeakMap<ModuleModel, FactoryAssignment[]>();

/** The style of a logger class constructed by `call` (`twisted.logger.Logger()`), or null. */
function loggerClassStyle(model: ModuleModel, call: CallInfo): LogStyle | null {
  return LOGGER_CLASSES.get(qualify(model, call.callee, LAST_IMPORT) ?? "") ?? null;
}

/** Assignments whose value makes a logger (`x = logging.getLogger(...)`, `log = Logger()`), anywhere. */
function factoryAssignments(model: ModuleModel): FactoryAssignment[] {
  let out = assignmentsCache.get(model);
  if (out) return out;
  out = [];
  if (
    indexOfFast(model.text, "Logger") >= 0 ||
    indexOfFast(model.text, "getChild") >= 0 ||
    indexOfFast(model.text, "make_logger") >= 0
  ) {
    const made: Array<{ call: CallInfo; style: LogStyle }> = [];
    for (const call of callsEndingWith(model, LOGGER_FACTORY_NAMES))
      if (isLoggerFactoryCall(call)) made.push({ call, style: "percent" });
    for (const call of callsEndingWith(model, ["Logger"])) {
      const style = loggerClassStyle(model, call);
      if (style) made.push({ call, style });
    }
    for (const call of callsEndingWith(model, ["make_logger"]))
      if (BRACE_LOGGER_FACTORIES.has(qualify(model, call.callee, LAST_IMPORT) ?? ""))
        made.push({ call, style: "brace" });
    for (const { call, style } of made) {
      const parent = call.node.parent;
      if (parent?.type !== "assignment" || parent.childForFieldName("right")?.id !== call.node.id) continue;
      const assignment = model.assignmentOf(parent);
      if (assignment) out.push({ call, assignment, style });
    }
    out.sort((a, b) => a.call.node.startIndex - b.call.node.startIndex);
  }
  assignmentsCache.set(model, out);
  return out;
}

const receiversCache = new WeakMap<ModuleModel, Map<string, LogStyle>>();

/**
 * Receivers bound to a logger anywhere in the file, with its style: `LOG`, `self._log`,
 * `logger` for `LOG = logging.getLogger(...)`, `self._log = log.getLogger(...)`,
 * `logger = getLogger(...)`; a class attribute `log = Logger()` also as `self.log` and `cls.log`.
 * A receiver bound both ways counts as %-style (the common case wins).
 */
export function loggerBindings(model: ModuleModel): ReadonlyMap<string, LogStyle> {
  let out = receiversCache.get(model);
  if (out) return out;
  out = new Map();
  const add = (receiver: string, style: LogStyle): void => {
    if ((out as Map<string, LogStyle>).get(receiver) !== "percent") (out as Map<string, LogStyle>).set(receiver, style);
  };
  for (const { assignment, style } of factoryAssignments(model)) {
    const left = assignment.left;
    if (left.type === "identifier" || left.type === "attribute") {
      const text = left.text.replace(/\s+/g, "");
      if (!/^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)?$/.test(text)) continue;
      add(text, style);
      if (left.type === "identifier" && assignment.context.cls && !assignment.context.fn) {
        add(`self.${text}`, style);
        add(`cls.${text}`, style);
      }
    }
  }
  receiversCache.set(model, out);
  return out;
}

/** Could `receiver` be a logger by its name alone (`LOG`, `self._log`, `self.app.logger`)? */
function namedLikeLogger(receiver: string): boolean {
  const dot = receiver.indexOf(".");
  if (dot < 0) return LOGGER_NAMES.has(receiver);
  return (
    (/^(self|cls)$/.test(receiver.slice(0, dot)) && LOGGER_ATTRIBUTES.has(receiver.slice(dot + 1))) ||
    LOGGER_CHAIN_ENDS.has(receiver.slice(receiver.lastIndexOf(".") + 1))
  );
}

/** The last names of calls whose value factoryAssignments may take for a logger (factories, `Logger` classes). */
const LOGGER_MAKERS: ReadonlySet<string> = new Set([...LOGGER_FACTORY_NAMES, "Logger"]);

/**
 * What LoggerReceivers reads of one segment (for findings reuse in the editor): its assignments
 * of a logger factory's value, and its assignments to names that could be loggers by name, with
 * the kind of value. Another segment's log calls depend on no more of it.
 */
export function loggerBindingReads(segment: Segment, text: string): string {
  const out: string[] = [];
  for (const a of segment.facts.assignments) {
    // most assignments name no logger nor logger maker in their text: ruled out without the tree
    if (!MAY_BIND_LOGGER.test(text.slice(a.start, a.end))) continue;
    const left = a.left;
    if (left.type !== "identifier" && left.type !== "attribute") continue;
    const name = left.text.replace(/\s+/g, "");
    const right = a.right;
    const callee = right?.type === "call" ? (right.childForFieldName("function")?.text ?? "") : "";
    const factory = callee !== "" && LOGGER_MAKERS.has(lastName(callee));
    if (factory || namedLikeLogger(name)) {
      const classLevel = !!a.context.cls && !a.context.fn;
      out.push(`${name}${classLevel ? "@class" : ""}=${right?.type ?? ""}:${callee}`);
    }
  }
  return out.join(";");
}

/** Right-hand sides that show a name is not a logger (`log = []`, `self.log = open(...)`). */
const NOT_LOGGER_VALUES = new Set([
  "list",
  "dictionary",
  "tuple",
  "set",
  "string",
  "concatenated_string",
  "integer",
  "float",
  "true",
  "false",
  "list_comprehension",
  "dictionary_comprehension",
]);
const NOT_LOGGER_CALLS = /^(open|io\.open|codecs\.open|list|dict|set|tuple|str|collections\.\w+)$/;

/** Attributes that name a logger at the end of a longer chain (`self.app.logger`, `current_app.logger`). */
const LOGGER_CHAIN_ENDS = new Set(["logger", "_logger", "LOGGER", "_LOGGER", "LOG", "_LOG"]);

/** Text that an assignment binding a logger, or a name that could be one, holds: one of those names. */
const MAY_BIND_LOGGER = new RegExp(
  [...LOGGER_MAKERS, ...LOGGER_NAMES, ...LOGGER_ATTRIBUTES, ...LOGGER_CHAIN_ENDS]
    .map((n) => n.replace(/\W/g, "\\$&"))
    .join("|"),
);

/**
 * Which receivers of a file's calls are %-style loggers: those bound to a logger factory in the
 * file, and those named like one (`LOG`, `self._log`, `self.app.logger`) that the file binds to
 * nothing plainly not a logger, nor imports from a `{}`-formatting logging package. One per
 * check: it remembers what it has read.
 */
export class LoggerReceivers {
  private bound: ReadonlyMap<string, LogStyle> | null = null;
  private readonly assigned = new Map<string, AssignmentInfo[]>();

  constructor(private readonly model: ModuleModel) {}

  /** Is `receiver` (a dotted name: `LOG`, `self._log`) a logger that formats `%`-placeholders? */
  isLogger(receiver: string): boolean {
    this.bound ??= loggerBindings(this.model);
    const style = this.bound.get(receiver);
    if (style) return style === "percent";
    if (!namedLikeLogger(receiver)) return false;
    // `from loguru import logger`, `from twisted.logger import ...`
    if (BRACE_LOGGING_PACKAGES.test(qualify(this.model, receiver, LAST_IMPORT) ?? "")) return false;
    // A name that the file binds to something plainly not a logger is not one.
    for (const a of this.assignmentsTo(receiver)) {
      const right = a.right;
      if (!right) continue;
      if (NOT_LOGGER_VALUES.has(right.type)) return false;
      if (right.type === "call" && NOT_LOGGER_CALLS.test(right.childForFieldName("function")?.text ?? "")) return false;
    }
    return true;
  }

  /** Assignments to `receiver` (found by text first: most receivers are never assigned but once). */
  private assignmentsTo(receiver: string): AssignmentInfo[] {
    let hit = this.assigned.get(receiver);
    if (hit) return hit;
    hit = [];
    const escaped = receiver.replace(/\./g, "\\s*\\.\\s*");
    if (new RegExp(`(?<![A-Za-z0-9_.])${escaped}\\s*(?::[^=\\n]*)?=(?!=)`).test(this.model.text)) {
      for (const a of this.model.assignments) {
        const left = a.left;
        if ((left.type === "identifier" || left.type === "attribute") && left.text.replace(/\s+/g, "") === receiver)
          hit.push(a);
      }
    }
    this.assigned.set(receiver, hit);
    return hit;
  }
}

/**
 * Does the module hold nothing but its loggers (besides imports, the docstring and `__all__`)?
 * Then it exists to export them (`_log.py`: `log = logging.getLogger()`, imported by its
 * package), and "unused in this module" is the wrong test.
 */
export function moduleIsOnlyLoggers(model: ModuleModel): boolean {
  const loggers = moduleLoggers(model);
  if (!loggers.length) return false;
  const doc = model.docstring;
  for (const s of model.statements) {
    if (/^(?:import_statement|import_from_statement|future_import_statement)$/.test(s.type)) continue;
    if (doc && s.startIndex <= doc.startIndex && doc.endIndex <= s.endIndex) continue;
    const expr = s.type === "expression_statement" ? s.namedChild(0) : null;
    if (expr?.type === "assignment") {
      const left = expr.childForFieldName("left")?.text;
      if (left === "__all__" || loggers.some((l) => l.assignment.node.startIndex === expr.startIndex)) continue;
    }
    return false;
  }
  return true;
}
