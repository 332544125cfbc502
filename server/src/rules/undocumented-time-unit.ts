// DOC002: a parameter named like a time quantity whose unit (or kind, for a timestamp) nothing states.
import { docstringStyleFor, type ParsedDocstring, parseDocstring } from "../analysis/docstrings";
import type { FunctionInfo, ModuleModel, ParameterInfo } from "../analysis/model";
import { defParametersText } from "../analysis/textSearch";
import type { Node } from "web-tree-sitter";
import { trailingComment } from "../analysis/comments";
import { isTrivialExceptionClass } from "../analysis/undocumentedByDesign";
import { forwardedByPublicCaller, isClockCallable, isUnread, unitEvidentFromUse } from "../analysis/timeUse";
import {
  mayBeInstant,
  mentionsUnit,
  namesUnitOf,
  statesUnit,
  TimeNameFinder,
  timeParameterNeedsUnit,
} from "../analysis/timeUnits";
import { overriddenParameters } from "../resolve/baseMethods";
import { sharedImportResolver } from "../resolve/importResolver";
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
    name: "undocumented-time-unit",
    category: "documentation",
    reviewPoint: 5,
    severity: "warning",
    fixable: "sometimes",
    skipsTestFiles: true,
    summary:
      "A parameter named like a time quantity (timeout, delay, *_time, …) has no unit in its name, type or docstring.",
    rationale:
      "`timeout=5` is five seconds to one library and five milliseconds to the next, and `heart_beat_time` may be a duration or a timestamp (naive or UTC?): unit mix-ups are silent bugs. " +
      "A unit suffix (`timeout_s`), a `datetime`/`timedelta` annotation or one word in the docstring settles it. " +
      "The fix adds the parameter to the docstring (its parameter list, or a new one, in the file's style) with a TODO unit placeholder, so it is unsafe: offered in the lightbulb, never applied by `--fix`.",
    notReported:
      "a unit in the name (`timeout_s`, `delay_ms`; a lone `_min` suffix reads as minutes), a time-typed annotation (`timedelta`, `datetime`), a default that carries one (`timedelta(...)`, `CONF.delay_s`), a flag or string default. " +
      "A unit stated in the docstring (the parameter's entry, or prose naming it), by pointing at something documented (`defaults to CONF.report_interval`, `:func:` references, `see wait_for()`), in another docstring of the same class that names the parameter, or in a comment on the parameter's line. " +
      "An override of a method whose base class (in the file, or in a module it imports) declares the parameter: it is reported once, at the base. " +
      "A private helper (or a method of a private class) with no docstring at all (documentation is not expected of it, as DOC001 does not ask for it), that hands the value straight to a callee or keyword that names the unit (`time.sleep`, `settimeout`, `timeout=`, `timedelta(seconds=...)`, `stop_after_delay`) or adds it to a clock (`time.monotonic() + timeout`), or whose public caller in the file hands it its own parameter of that name, directly or through other private functions (documented or reported there). " +
      "The parameters of an exception class that only keeps the values its message shows. " +
      "Clock callables (`get_time`, `time_func`, `clock`, a `Callable` annotation, a parameter the body calls), a parameter the body never reads (a signature kept for compatibility; an interface's stub body is still read), `@overload` stubs, closures, test files. " +
      "A default written as arithmetic (`timeout=20 * 60`) still is a finding, unless a comment on its line says the unit.",
    example: 'def is_agent_down(heart_beat_time):\n    """Tell whether an agent is down."""',
    useInstead:
      'def is_agent_down(heart_beat_time):\n    """Tell whether an agent is down.\n\n    :param heart_beat_time: UTC datetime of the agent\'s last heartbeat\n    """',
  },
  check({ model, text, path: file, root, settings, resolver, report }) {
    if (!settings.timeParameters.length) return;
    const finder = new TimeNameFinder(settings.timeParameters);
    for (const fn of model.functions) {
      if (fn.parentFunction) continue; // a closure's parameters are read with their caller
      // cheap text filter before reading parameters from the tree (the parameter list read from
      // the text when the tree has no errors, for it costs nothing of the tree)
      const ptext =
        (!model.hasSyntaxErrors && defParametersText(text, fn.node.startIndex)) ||
        text.slice(fn.parametersNode.startIndex, fn.parametersNode.endIndex);
      if (!finder.foundIn(ptext)) continue;
      if (fn.decorators.some((d) => d.name !== null && OVERLOAD.test(d.name))) continue;
      // an exception that only keeps the values its message shows (the timeout it reports)
      if (fn.parentClass && isTrivialExceptionClass(model, fn.parentClass)) continue;
      const names = fn.parameters.map((p) => p.name);
      const timed = fn.parameters.filter((p) => timeParameterNeedsUnit(p, settings.timeParameters, names));
      if (!timed.length) continue;
      const docs = docstringsFor(fn, text);
      let undocumented = timed.filter(
        (p) => !docs.some((d) => statesUnit(d, p.name)) && !mentionsUnit(trailingComment(model, p.node) ?? ""),
      );
      // a clock passed in, or a value this body never reads: its unit does not matter here
      undocumented = undocumented.filter((p) => !isClockCallable(model, fn, p) && !isUnread(model, fn, p));
      // A private helper: documentation is not expected of it when it has no docstring at all
      // (DOC001's convention); else its unit may show where the value goes, or a public caller
      // that hands it its own parameter carries the documentation.
      if (isPrivate(fn)) {
        if (!fn.docstring) continue;
        undocumented = undocumented.filter(
          (p) => !unitEvidentFromUse(model, fn, p) && !forwardedByPublicCaller(model, fn, p),
        );
      }
      if (undocumented.length && fn.parentClass) {
        const others = otherClassDocstrings(fn, text);
        undocumented = undocumented.filter((p) => !others.some((d) => namesUnitOf(d, p.name)));
      }
      if (undocumented.length && fn.parentClass?.bases.length) {
        // an override: the parameter is reported (or documented) where the base declares it
        const where = { path: file, root, settings };
        const base = overriddenParameters(model, fn, resolver ?? sharedImportResolver(model.tree.language), where);
        if (base) undocumented = undocumented.filter((p) => !base.includes(p.name));
      }
      if (!undocumented.length) continue;
      const fix = buildFix(fn, undocumented, docs, text, model, settings.docstringStyle, settings.lineLength);
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

/** A private function, or any method of a private class: its public callers carry the documentation. */
function isPrivate(fn: FunctionInfo): boolean {
  const dunder = /^__\w+__$/.test(fn.name);
  return (fn.name.startsWith("_") && !dunder) || !!fn.parentClass?.name.startsWith("_");
}

/** The docstrings of the method's class other than its own (and, for `__init__`, the class's, read already). */
function otherClassDocstrings(fn: FunctionInfo, text: string): ParsedDocstring[] {
  const cls = fn.parentClass;
  if (!cls) return [];
  const nodes = cls.methods.filter((m) => m !== fn && m.docstring).map((m) => m.docstring as Node);
  if (fn.name !== "__init__" && cls.docstring) nodes.push(cls.docstring);
  return nodes.map((n) => parseDocstring(text, n)).filter((d): d is ParsedDocstring => d !== null);
}

/** The function's docstring and, for `__init__`, its class's (constructor parameters often live there). */
function docstringsFor(fn: FunctionInfo, text: string): ParsedDocstring[] {
  const out: ParsedDocstring[] = [];
  const own = fn.docstring ? parseDocstring(text, fn.docstring) : null;
  if (own) out.push(own);
  if (fn.name === "__init__" && fn.parentClass?.docstring) {
    const cls = parseDocstring(text, fn.parentClass.docstring);
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
  const entries: DocParam[] = params.map((p) => ({
    name: p.name,
    annotation: p.annotation ? p.annotation.text.replace(/\s+/g, " ") : null,
    description: timePlaceholder(p.name),
  }));
  const names = params.map((p) => `\`${p.name}\``).join(", ");
  const title = `Document the ${params.length > 1 ? "units" : "unit"} of ${names} in the docstring (TODO placeholder)`;
  const edits = documentParamsEdits(model, fn, entries, docs, style, unit, lineLength ?? 79);
  return edits?.length ? { title, safe: false, edits } : null;
}
