// DOC002: a parameter named like a time quantity whose unit (or kind, for a timestamp) nothing states.
import type { Node } from "web-tree-sitter";
import { docstringStyleFor, type ParsedDocstring, parseDocstring } from "../analysis/docstrings";
import type { ClassInfo, FunctionInfo, ModuleModel, ParameterInfo } from "../analysis/model";
import { defParametersText } from "../analysis/textSearch";
import { identity, lowerBound } from "../analysis/chars";
import { trailingComment } from "../analysis/comments";
import {
  forwardedByPublicCaller,
  followsStandardSignature,
  isClockCallable,
  isHopCount,
  isUnread,
  restoresOption,
  unitEvidentFromUse,
  usedAsNonDuration,
} from "../analysis/timeUse";
import { literalAll } from "../analysis/publicNames";
import {
  forwardsToSameName,
  isBareEntryPoint,
  isTrivialExceptionClass,
  keptForExceptionMessage,
} from "../analysis/undocumentedByDesign";
import { declaresItselfPrivate, docstringAssigned, inPrivatePackage } from "../analysis/undocumentedByConvention";
import {
  describesParameter,
  listsChoicesOf,
  mayBeInstant,
  mentionsUnit,
  namesUnitOf,
  pointsElsewhereFor,
  statesUnit,
  TimeNameFinder,
  timeParameterNeedsUnit,
} from "../analysis/timeUnits";
import { overriddenParameters } from "../resolve/baseMethods";
import { sharedImportResolver } from "../resolve/importResolver";
import { hookClasses } from "../resolve/siblingModules";
import type { DocstringStyle } from "../config/settings";
import { type DocParam, documentParamsEdits, indentUnit, timePlaceholder } from "../fixes/docstrings";
import type { Fix } from "../core/types";
import type { Rule } from "./types";

function paramNameNode(p: ParameterInfo): { start: number; end: number } {
  return { start: p.node.startIndex, end: p.node.startIndex + p.name.length };
}

const OVERLOAD = /(?:^|\.)overload$/;

export const undocumentedTimeUnit: Rule = {
  meta: {
    code: "DOC002",
    usesInterpreter: true,
    name: "undocumented-time-unit",
    category: "documentation",
    reviewPoint: 5,
    preview: true,
    severity: "warning",
    fixable: "sometimes",
    skipsTestFiles: true,
    summary:
      "A parameter named like a time quantity (timeout, delay, *_time, …) has no unit in its name, type or docstring.",
    rationale:
      "`timeout=5` is five seconds to one library and five milliseconds to the next, and `heart_beat_time` may be a duration or a timestamp (naive or UTC?): unit mix-ups are silent bugs. " +
      "A unit suffix (`timeout_s`), a `datetime`/`timedelta` annotation or one word in the docstring settles it. " +
      "The fix adds the parameter to the docstring (its parameter list, or a new one, in the file's style) with a TODO unit placeholder (none for a parameter the docstring already describes in a list of its own, `* period: ...`: no second entry), so it is unsafe: offered in the lightbulb, never applied by `--fix`.",
    notReported:
      "a unit in the name (`timeout_s`, `delay_ms`; a lone `_min` suffix reads as minutes), a time-typed annotation (`timedelta`, `datetime`), a default that carries one (`timedelta(...)`, `CONF.delay_s`) or is a library's default-timeout sentinel (`socket._GLOBAL_DEFAULT_TIMEOUT`: seconds; `Timeout.DEFAULT_TIMEOUT`: that library's `Timeout` object), a flag or string default. " +
      "A one-statement forwarder without a docstring that returns a call to a callee of its own name (`def get_flow(a, retry_interval=None): return FLOWS.get_flow(a, retry_interval)`): the callee documents the parameter. " +
      'A unit stated in the docstring (the parameter\'s entry, `:param`/`:arg`/`:kwarg`, or prose naming it, or an example value such as `2014-08-19T11:53:57Z`), by pointing at something documented (`defaults to CONF.report_interval`, `:func:` references, `see wait_for()`, "-1 means self.timeout", "See expect() for other arguments", a one-paragraph docstring ending "See RPCClient.prepare()."), by listing the values the parameter takes ("Possible values: PERIOD_OVERALL, ...": a selector, not a quantity), in another docstring of the same class that names the parameter, or in a comment on the parameter\'s line. ' +
      "An override of a method whose base class (in the file, or in a module it imports, a package's re-export and `six.moves` followed: `concurrent.futures.Future.result(timeout)`, `http.client.HTTPConnection(timeout=...)`, `socketserver.BaseServer.serve_forever(poll_interval)` behind `http.server.HTTPServer`, also through a base whose method hands on `**kwargs`) declares the parameter: it is reported once, at the base; but a private base of the same file (`_BaseCallContext`, or a class its literal `__all__` leaves out) overridden by a public class is not reported: the public override, which users call, is. " +
      "Code that is not a public API: a module in a private package (`_pkg/`, `internal/`) or whose docstring calls it private, and, in a module with a literal `__all__`, the functions and classes it leaves out (treated as private helpers, below). " +
      "A parameter the body shows is not a duration: a divisor of a count (`calls % interval`), an object whose attributes are read (`interval.second_precision`, `timeout.total_seconds()`); a `ttl` that counts hops (beside a multicast address `maddr`, or given to `setsockopt(..., IP_MULTICAST_TTL, ttl)`). " +
      "A saved option value handed back to the setter of the option its name ends with (`set_option('connection_timeout', original_connection_timeout)`): the option's unit is its unit. " +
      "A method that follows the standard library's interface of its name (`timeout` of `settimeout`, `join`, `wait`, `acquire`: seconds), when it hands the value straight to a callee taking seconds (`self._done.wait(timeout=timeout)`) or its class's docstring says it is that kind of object (socket-like). " +
      'A click command\'s parameter whose option says the unit in its `help=` (`@click.option("--ttl", help="TTL in seconds")`): a click command\'s docstring is its `--help` text, so no docstring fix is offered there either. ' +
      "A function whose `__doc__` is assigned from another object at import (`f.__doc__ = Cls.__doc__`: documented, or reported, there); a parameter the docstring says is passed on to a class of the same file that states its unit (`a ``Signer`` that is passed ``timeout```). " +
      "In a program's module (one defining `main`) or a `testing/` package: a parameter whose unit the body shows (`time.time() - start < timeout`), also by handing it on to a function of the file that shows it (`interval=interval` on to a helper passing `timeout=interval`). " +
      "Points in time named `expires`/`expire` are not durations and not in scope. " +
      "A private helper (or a method of a private class, or of a framework's plugin class such as `ActionModule` that the package's other modules define without a docstring) with no docstring at all (documentation is not expected of it, as DOC001 does not ask for it), that hands the value straight to a callee or keyword that names the unit (`time.sleep`, `settimeout`, `timeout=`, `timedelta(seconds=...)`, `stop_after_delay`) or adds it to a clock (`time.monotonic() + timeout`), or whose public caller in the file hands it its own parameter of that name, directly or through other private functions (documented or reported there). " +
      "The parameters of an exception class that only keeps the values its message shows. " +
      "Clock callables and event handlers (`get_time`, `time_func`, `clock`, `on_interval`, `retry_cb`, a `Callable` annotation, a parameter the body calls), a parameter the body never reads (a signature kept for compatibility, or overwritten before any read: `timeout = (self.timeout,)`; an interface's stub body is still read), `@overload` stubs, closures, test files. " +
      "A default written as arithmetic (`timeout=20 * 60`) still is a finding, unless a comment on its line says the unit.",
    example: 'def is_agent_down(heart_beat_time):\n    """Tell whether an agent is down."""',
    useInstead:
      'def is_agent_down(heart_beat_time):\n    """Tell whether an agent is down.\n\n    :param heart_beat_time: UTC datetime of the agent\'s last heartbeat\n    """',
  },
  check({ model, text, path: file, root, settings, resolver, report }) {
    if (!settings.timeParameters.length) return;
    const finder = new TimeNameFinder(settings.timeParameters);
    const parsed = new ParsedDocstrings(text);
    // not a public API: a private module or package (its public entry points are elsewhere);
    // inside a public one, names a literal `__all__` leaves out are private helpers
    if (inPrivatePackage(file, root) || declaresItselfPrivate(model)) return;
    const exported = literalAll(model);
    // a program's module (it defines `main`) or test support: its own code, not a library's API
    const programModule =
      /[\\/]testing[\\/]/.test(file ?? "") ||
      model.functions.some((f) => !f.parentClass && !f.parentFunction && isBareEntryPoint(f, settings.entryPoints));
    const plugins = new Map<ClassInfo, boolean>();
    const pluginClass = (cls: ClassInfo): boolean => {
      let known = plugins.get(cls);
      if (known === undefined) {
        const siblings = (resolver ?? sharedImportResolver(model.tree.language)).siblings;
        known = !cls.parentClass && !cls.docstring && hookClasses([cls.name], file, siblings).has(cls.name);
        plugins.set(cls, known);
      }
      return known;
    };
    for (const fn of model.functions) {
      if (fn.parentFunction) continue; // a closure's parameters are read with their caller
      // cheap text filter before reading parameters from the tree (the parameter list read from
      // the text when the tree has no errors, for it costs nothing of the tree)
      const ptext =
        (!model.hasSyntaxErrors && defParametersText(text, fn.start)) ||
        text.slice(fn.parametersNode.startIndex, fn.parametersNode.endIndex);
      if (!finder.foundIn(ptext)) continue;
      if (fn.decorators.some((d) => d.name !== null && OVERLOAD.test(d.name))) continue;
      // an exception that only keeps the values its message shows (the timeout it reports)
      if (fn.parentClass && isTrivialExceptionClass(model, fn.parentClass)) continue;
      // a forwarder to a callee of its own name (`return FLOWS.get_flow(a, retry_interval)`): documented there
      if (!fn.docstring && forwardsToSameName(fn)) continue;
      const names = fn.parameters.map((p) => p.name);
      const timed = fn.parameters.filter((p) => timeParameterNeedsUnit(p, settings.timeParameters, names));
      if (!timed.length) continue;
      const docs = docstringsFor(fn, parsed);
      // a unit stated, the arguments documented where the docstring points, or a selector of
      // listed values ("Possible values: PERIOD_OVERALL, ...")
      // (a click command's parameters are documented by their options' `help=`)
      const optionHelp = clickOptionHelp(fn);
      let undocumented = timed.filter(
        (p) =>
          !docs.some((d) => statesUnit(d, p.name) || pointsElsewhereFor(d, p.name) || listsChoicesOf(d, p.name)) &&
          !mentionsUnit(trailingComment(model, p.node) ?? "") &&
          !mentionsUnit(optionHelp.get(p.name) ?? ""),
      );
      // a clock passed in, or a value this body never reads: its unit does not matter here
      undocumented = undocumented.filter(
        (p) => !isClockCallable(model, fn, p) && !isUnread(model, fn, p) && !usedAsNonDuration(model, fn, p),
      );
      // not a duration (a hop count), a saved option handed back to its setter, or the standard
      // library's `timeout` (`join(timeout=None)`, `settimeout(timeout)`): its unit is known
      undocumented = undocumented.filter(
        (p) => !isHopCount(model, fn, p) && !restoresOption(model, fn, p) && !followsStandardSignature(model, fn, p),
      );
      // an exception's `__init__` keeping the value its `__str__` shows (however that builds the message)
      undocumented = undocumented.filter((p) => !keptForExceptionMessage(model, fn, p.name));
      // its docstring is overwritten at import (`f.__doc__ = Other.__doc__`): documented there
      if (!fn.parentClass && docstringAssigned(model, fn.name)) continue;
      // A private helper: documentation is not expected of it when it has no docstring at all
      // (DOC001's convention); else its unit may show where the value goes, or a public caller
      // that hands it its own parameter carries the documentation.
      // (a method of a framework's plugin class, `ActionModule` in each plugin, is the plugin's own)
      // a private class's method that a public class of the file overrides: reported (or
      // documented) at the public override, which is what users call
      if (undocumented.length && fn.parentClass && isPrivateClass(fn.parentClass, exported)) {
        const override = publicOverrideInFile(model, fn.parentClass, fn.name, exported);
        if (override) undocumented = undocumented.filter((p) => !override.parameters.some((q) => q.name === p.name));
        if (!undocumented.length) continue;
      }
      if (
        isPrivate(fn) ||
        (exported && !exported.has(topLevelName(fn))) ||
        (undocumented.length && fn.parentClass && pluginClass(fn.parentClass))
      ) {
        if (!fn.docstring) continue;
        undocumented = undocumented.filter(
          (p) => !unitEvidentFromUse(model, fn, p) && !forwardedByPublicCaller(model, fn, p),
        );
      }
      // a program's or test support's function whose body shows the unit (`time.time() - start < timeout`)
      if (programModule) undocumented = undocumented.filter((p) => !unitEvidentFromUse(model, fn, p));
      if (undocumented.length) {
        // "is passed ``timeout``" in a docstring that names a class of this file documenting it
        undocumented = undocumented.filter(
          (p) => !pointedDocstrings(model, docs, p.name, parsed).some((d) => namesUnitOf(d, p.name)),
        );
      }
      if (undocumented.length && fn.parentClass) {
        const others = otherClassDocstrings(
          fn,
          parsed,
          undocumented.map((p) => p.name),
        );
        undocumented = undocumented.filter((p) => !others.some((d) => namesUnitOf(d, p.name)));
      }
      if (
        undocumented.length &&
        fn.parentClass?.bases.length &&
        !overridesPrivateInFile(model, fn.parentClass, fn.name, exported)
      ) {
        // an override: the parameter is reported (or documented) where the base declares it
        // (not at a private base of this file: the public override is what users call)
        const where = { path: file, root, settings };
        const base = overriddenParameters(model, fn, resolver ?? sharedImportResolver(model.tree.language), where);
        if (base) undocumented = undocumented.filter((p) => !base.includes(p.name));
      }
      if (!undocumented.length) continue;
      // a click command's docstring is its `--help` text: a placeholder there would show to users
      // (the unit belongs in the option's `help=`)
      const fix = isClickCommand(fn)
        ? null
        : buildFix(fn, undocumented, docs, text, model, settings.docstringStyle, settings.lineLength);
      for (const p of undocumented) {
        const { start, end } = paramNameNode(p);
        const message = mayBeInstant(p.name)
          ? `\`${p.name}\` is a time value, but nothing says what kind: a duration (in what unit?) or a point in time (a datetime? epoch seconds? UTC?). ` +
            "State it in the docstring, the name or a type annotation."
          : `\`${p.name}\` is a duration with no unit: its name, type and docstring do not say whether it is seconds, milliseconds or minutes. ` +
            `Add a unit suffix (\`${p.name}_s\`), a \`timedelta\` annotation, or the unit in the docstring.`;
        report({ start, end, message, fixes: fix ? [fix] : [] });
      }
    }
  },
};

/** The call of a decorator written with arguments (`@click.option(...)`), or null. */
function callOf(decorator: Node): Node | null {
  const expression = decorator.type === "decorator" ? decorator.namedChild(0) : decorator;
  return expression?.type === "call" ? expression : null;
}

/** Decorators that make a function a click (or cloup, asyncclick) command. */
const CLICK_COMMAND = /(?:^|\.)(?:command|group)$/;

/** `@click.command()`, `@cli.command("name")`, `@click.group()`: the docstring is the command's help. */
function isClickCommand(fn: FunctionInfo): boolean {
  return fn.decorators.some((d) => d.name !== null && CLICK_COMMAND.test(d.name) && callOf(d.node) !== null);
}

/**
 * The `help=` text of each parameter a click option or argument declares on the function
 * (`@click.option("--ttl", help="TTL in seconds")` → ttl): where a click command documents them.
 */
function clickOptionHelp(fn: FunctionInfo): Map<string, string> {
  const out = new Map<string, string>();
  for (const d of fn.decorators) {
    if (!d.name || !/(?:^|\.)(?:option|argument)$/.test(d.name)) continue;
    const args = callOf(d.node)?.childForFieldName("arguments");
    if (!args) continue;
    let help = "";
    const names: string[] = [];
    for (const a of args.namedChildren) {
      if (!a) continue;
      if (a.type === "keyword_argument" && a.childForFieldName("name")?.text === "help")
        help = a.childForFieldName("value")?.text ?? "";
      else if (a.type === "string") {
        const declared = a.text.replace(/^[rbuRBU]*["']|["']$/g, "");
        // `"--dns-ttl"` names `dns_ttl`; a word without dashes names the parameter itself
        names.push(declared.replace(/^-+/, "").replace(/-/g, "_").toLowerCase());
      }
    }
    for (const n of names) if (help) out.set(n, help);
  }
  return out;
}

/** A private function, or any method of a private class: its public callers carry the documentation. */
function isPrivate(fn: FunctionInfo): boolean {
  const dunder = /^__\w+__$/.test(fn.name);
  return (fn.name.startsWith("_") && !dunder) || !!fn.parentClass?.name.startsWith("_");
}

/** A class users are not meant to name: `_Base`, or one a literal `__all__` leaves out. */
function isPrivateClass(cls: ClassInfo, exported: ReadonlySet<string> | null): boolean {
  return cls.name.startsWith("_") || (!!exported && !cls.parentClass && !exported.has(cls.name));
}

function topLevelClass(model: ModuleModel, name: string): ClassInfo | undefined {
  return model.classes.find((c) => c.name === name && !c.parentClass && !c.parentFunction);
}

/** The nearest base class of this file (through its bases of this file) that defines `method`. */
function inFileBaseDefining(model: ModuleModel, cls: ClassInfo, method: string, depth = 0): ClassInfo | null {
  if (depth > 10) return null;
  for (const b of cls.bases) {
    const base = topLevelClass(model, b);
    if (!base || base === cls) continue;
    if (base.methods.some((m) => m.name === method)) return base;
    const further = inFileBaseDefining(model, base, method, depth + 1);
    if (further) return further;
  }
  return null;
}

/** A public class's method of this file that overrides `method` of the private class `cls`, if any. */
function publicOverrideInFile(
  model: ModuleModel,
  cls: ClassInfo,
  method: string,
  exported: ReadonlySet<string> | null,
): FunctionInfo | null {
  for (const c of model.classes) {
    if (c === cls || c.parentClass || c.parentFunction || isPrivateClass(c, exported)) continue;
    const override = c.methods.find((m) => m.name === method);
    if (override && inFileBaseDefining(model, c, method) === cls) return override;
  }
  return null;
}

/** Is `cls` public, overriding `method` of a private class of this file (which is not reported)? */
function overridesPrivateInFile(
  model: ModuleModel,
  cls: ClassInfo,
  method: string,
  exported: ReadonlySet<string> | null,
): boolean {
  if (isPrivateClass(cls, exported)) return false;
  const base = inFileBaseDefining(model, cls, method);
  return !!base && isPrivateClass(base, exported);
}

/**
 * Docstrings parsed once per check: a class's are read for each of its methods with a time
 * parameter (hundreds of methods in a large class).
 */
class ParsedDocstrings {
  private readonly parsed = new Map<FunctionInfo | ClassInfo, ParsedDocstring | null>();
  private readonly found = new Map<string, number[]>();
  constructor(private readonly text: string) {}
  /** Where `name` occurs in the text, in order (once per check: several methods may ask). */
  occurrences(name: string): number[] {
    let at = this.found.get(name);
    if (!at) {
      at = [];
      for (let i = this.text.indexOf(name); i >= 0; i = this.text.indexOf(name, i + 1)) at.push(i);
      this.found.set(name, at);
    }
    return at;
  }
  of(def: FunctionInfo | ClassInfo): ParsedDocstring | null {
    let d = this.parsed.get(def);
    if (d === undefined) {
      const node = def.docstring;
      d = node ? parseDocstring(this.text, node) : null;
      this.parsed.set(def, d);
    }
    return d;
  }
}

/** The top-level name a function is reached by: its own, or its class's. */
function topLevelName(fn: FunctionInfo): string {
  let cls = fn.parentClass;
  while (cls?.parentClass) cls = cls.parentClass;
  return cls ? cls.name : fn.name;
}

/** Words that say a value is handed on to something else, which documents it. */
const HANDED_ON = /\b(?:pass(?:es|ed)?|hand(?:s|ed)?|forward(?:s|ed)?|given to|see)\b/i;

/**
 * The docstrings of the classes of this file that `docs` name (`passed to ``AuthCookieSigner```):
 * a parameter handed on to such a class is documented where that class documents it.
 */
function pointedDocstrings(
  model: ModuleModel,
  docs: ParsedDocstring[],
  name: string,
  parsed: ParsedDocstrings,
): ParsedDocstring[] {
  const out: ParsedDocstring[] = [];
  // the paragraphs (or `:param` entries) that name the parameter
  const word = new RegExp(`\\b${name}\\b`);
  const said = docs
    .flatMap((d) => d.node.text.split(/\n\s*\n|\n\s*:/))
    .filter((chunk) => word.test(chunk) && HANDED_ON.test(chunk))
    .join("\n");
  if (!said) return out;
  for (const cls of model.classes) {
    if (cls.parentFunction || !new RegExp(`\\b${cls.name}\\b`).test(said)) continue;
    const init = cls.methods.find((m) => m.name === "__init__");
    for (const def of init ? [cls, init] : [cls]) {
      const doc = parsed.of(def);
      if (doc && !docs.some((d) => d.node.id === doc.node.id)) out.push(doc);
    }
  }
  return out;
}

/**
 * The docstrings of the method's class other than its own (and, for `__init__`, the class's, read
 * already) that may name the unit of one of `names`: only those of methods whose text holds one of
 * the names are read (a docstring names a parameter's unit only by naming the parameter).
 */
function otherClassDocstrings(fn: FunctionInfo, parsed: ParsedDocstrings, names: readonly string[]): ParsedDocstring[] {
  const cls = fn.parentClass;
  if (!cls) return [];
  const holdsName = (m: FunctionInfo): boolean =>
    names.some((name) => {
      const at = parsed.occurrences(name);
      const k = lowerBound(at, m.start, identity);
      return k < at.length && at[k] < m.end;
    });
  const defs: Array<FunctionInfo | ClassInfo> = cls.methods.filter((m) => m !== fn && holdsName(m));
  if (fn.name !== "__init__") defs.push(cls);
  return defs.map((d) => parsed.of(d)).filter((d): d is ParsedDocstring => d !== null);
}

/** The function's docstring and, for `__init__`, its class's (constructor parameters often live there). */
function docstringsFor(fn: FunctionInfo, parsed: ParsedDocstrings): ParsedDocstring[] {
  const out: ParsedDocstring[] = [];
  const own = parsed.of(fn);
  if (own) out.push(own);
  if (fn.name === "__init__" && fn.parentClass) {
    const cls = parsed.of(fn.parentClass);
    if (cls) out.push(cls);
  }
  return out;
}

function buildFix(
  fn: FunctionInfo,
  params: ParameterInfo[],
  docs: ParsedDocstring[],
  text: string,
  model: ModuleModel,
  fallback: DocstringStyle,
  lineLength: number | null,
): Fix | null {
  const style = docstringStyleFor(model, fallback);
  const unit = indentUnit(text);
  // a parameter the docstring already describes in a list of its own (`* period: ...`) gets no
  // second entry (one that has an entry gets the placeholder in it)
  const described = (name: string): boolean =>
    docs.some((d) => describesParameter(d, name)) && !docs.some((d) => d.entries.some((e) => e.name === name));
  const added = params.filter((p) => !described(p.name));
  if (!added.length) return null;
  const entries: DocParam[] = added.map((p) => ({
    name: p.name,
    annotation: p.annotation ? p.annotation.text.replace(/\s+/g, " ") : null,
    description: timePlaceholder(p.name),
  }));
  const names = added.map((p) => `\`${p.name}\``).join(", ");
  const title = `Document the ${added.length > 1 ? "units" : "unit"} of ${names} in the docstring (TODO placeholder)`;
  const edits = documentParamsEdits(model, fn, entries, docs, style, unit, lineLength ?? 79);
  return edits?.length ? { title, safe: false, edits } : null;
}
