// LOG001: oslo.i18n log-translation markers (_LE, _LI, _LW, _LC) are deprecated and removed.
import type { FunctionInfo } from "../analysis/model";
import { LOG_TRANSLATION_MARKERS } from "../analysis/logging";
import { translatedLogMessages, translatorImports } from "../analysis/messageTranslation";
import { loggerBindingReads } from "../analysis/loggers";
import type { ImportInfo, ModuleModel } from "../analysis/model";
import type { LineIndex } from "../parsing/lineIndex";
import { tidyBlankLines } from "../fixes/blankLines";
import { removeImportedNames } from "../fixes/imports";
import { unwrapCallEdit } from "../fixes/unwrapCall";
import type { Fix, TextEdit } from "../core/types";
import { inScope, type ReportScope } from "./reportScope";
import type { Rule } from "./types";

export const logTranslation: Rule = {
  meta: {
    code: "LOG001",
    name: "log-translation",
    category: "logging",
    reviewPoint: 8,
    preview: true,
    severity: "warning",
    fixable: "always",
    summary:
      "Log messages are translated: oslo.i18n's log-translation markers (_LE, _LI, _LW, _LC), or a gettext `_()` around a log message.",
    rationale:
      "oslo.i18n dropped log translation (the markers are deprecated no-ops and the catalogs are gone); OpenStack's hacking check N537 forbids them, " +
      "and `_()` inside a log call as well. They add noise and an import, and operators search and aggregate logs in English.",
    notReported:
      "`_()` that is not a gettext translator: it must be imported as `_` from an `i18n`/`_i18n` module (oslo.i18n's pattern) or be a gettext " +
      "function (`from swift import gettext_ as _`); sphinx's `__()` and `sphinx.locale._` (console messages translated on purpose) are left alone. " +
      '`_()` elsewhere (exception messages, user-facing text), log messages that only contain a translated piece (`_("a") + x`), ' +
      "logs other than debug in OpenStackClient and its plugins (modules importing `osc_lib` or `openstackclient`: their logger writes to the user's terminal, and OSC's \"Command Logs\" guide asks for every log but debug to be translated), " +
      "and a deprecation notice in a command of another command-line client (a class with cliff's `take_action`).",
    fixes:
      "Removing the markers is safe (they are no-ops) and done for the whole file, with their import. Unwrapping `_()` is offered only for " +
      "oslo.i18n's `_`, for the whole file (its import goes when nothing else uses it), and is unsafe: under a translated locale the logged text changes.",
    example: 'from neutron._i18n import _LE\nLOG.error(_LE("Agent failed: %s"), err)',
    useInstead: 'LOG.error("Agent failed: %s", err)',
    // (a use is judged by its call and its receiver; which names are loggers is read of every
    // segment; one fix covers every use in the file, so the segments holding one re-run)
    scope: "segment",
    sharedFixes: true,
  },
  readsOfSegment: loggerBindingReads,
  check(context) {
    checkMarkers(context.model, context.report, context.only);
    checkTranslator(context.model, context.report, context.lines, context.only);
  },
};

type Report = Parameters<Rule["check"]>[0]["report"];

/** `LOG.x(_(...))` with a gettext `_`: one finding per call; the unwrap fix only for oslo.i18n's `_`. */
function checkTranslator(model: ModuleModel, report: Report, lines: LineIndex, only: ReportScope | null): void {
  if (!model.text.includes("_(")) return;
  const imports = translatorImports(model);
  if (!imports.length) return;
  const { bound, origin, oslo } = imports[imports.length - 1];
  // (every use with a fix is in `only`: the shared fix is the same as a whole run's)
  const osc = importsOpenStackClient(model);
  const uses = translatedLogMessages(model, bound, (calls) => inScope(only, calls))
    .filter(
      ({ translated, method }) =>
        !(
          (osc && method !== "debug") ||
          (inCommandLineCommand(translated.context.fn) &&
            DEPRECATION.test(model.text.slice(translated.start, translated.node.endIndex)))
        ),
    )
    .map(({ translated }) => translated);
  if (!uses.length) return;
  let fix: Fix | null = null;
  if (oslo) {
    const edits = uses.map(unwrapCallEdit).filter((e): e is TextEdit => e !== null);
    // The import goes when nothing else in the file uses `_` (exception messages usually do).
    const unwrapped = new Set(uses.map((u) => u.calleeNode.startIndex));
    const otherUses = model
      .identifiersNamed(bound)
      .some(
        (id) =>
          !unwrapped.has(id.startIndex) && id.parent?.type !== "dotted_name" && id.parent?.type !== "aliased_import",
      );
    if (!otherUses && edits.length === uses.length) {
      const removals = imports.flatMap((i) => removeImportedNames(model.text, i.info, new Set([bound])));
      edits.push(...removals, ...tidyBlankLines(model.text, removals, lines));
    }
    fix = {
      title: `Unwrap every \`${bound}()\` around a log message in this file (unsafe: under a translated locale the logged text changes)`,
      safe: false,
      edits,
    };
  }
  for (const call of uses) {
    report({
      start: call.node.startIndex,
      end: call.node.endIndex,
      message:
        `Log message translated with \`${bound}()\` (\`${origin}\`): log messages are not translated (hacking N537), ` +
        `so operators can search and aggregate them: pass the plain string${fix ? "" : " (no automatic fix for a translator other than oslo.i18n's)"}.`,
      fixes: fix ? [fix] : [],
    });
  }
}

/** A message that tells the user something is deprecated. */
const DEPRECATION = /\bdeprecat/i;

/**
 * In a command of a command-line client (a subclass with cliff's `take_action`)? Its logger
 * writes to the user's terminal: a deprecation notice there is what the client tells its user,
 * translated on purpose. (Other logs of a project's own cliff commands follow its log policy:
 * neutron-debug's are not translated; OpenStackClient's plugins are matched by their imports.)
 */
function inCommandLineCommand(fn: FunctionInfo | null): boolean {
  for (let f = fn; f; f = f.parentFunction) {
    const cls = f.parentClass;
    // (a subclass of the module's own command, `OldListQueues(ListQueues)`, keeps the protocol)
    if (cls?.methods.some((m) => m.name === "take_action") && cls.bases.length) return true;
  }
  return false;
}

/** Is the module part of OpenStackClient or one of its plugins (it imports `osc_lib` or `openstackclient`)? */
function importsOpenStackClient(model: ModuleModel): boolean {
  const osc = /^(?:osc_lib|openstackclient)(?:\.|$)/;
  if (!model.text.includes("osc_lib") && !model.text.includes("openstackclient")) return false;
  return model.imports.some((info) =>
    info.kind === "from" ? osc.test(info.module) : info.names.some((n) => osc.test(n.name)),
  );
}

/** The `_LE`-style markers: their imports and every use, one fix for the whole file. */
function checkMarkers(model: ModuleModel, report: Report, only: ReportScope | null): void {
  const markerImports: Array<{ info: ImportInfo; bound: string; node: ImportInfo["names"][number]["node"] }> = [];
  for (const info of model.imports) {
    // (a marker import spells `_L`: others are not parsed)
    if (info.kind !== "from" || !model.text.slice(info.node.startIndex, info.node.endIndex).includes("_L")) continue;
    for (const n of info.names) {
      if (LOG_TRANSLATION_MARKERS.has(n.name)) markerImports.push({ info, bound: n.alias ?? n.name, node: n.node });
    }
  }
  if (!markerImports.length) return;
  const bound = new Set(markerImports.map((m) => m.bound));
  // (every use has the shared fix, so its segment is in `only`)
  const uses = inScope(only, model.calls).filter((c) => c.callee !== null && bound.has(c.callee));
  const unwraps = uses.map(unwrapCallEdit);
  // Every other reference to a marker (passed as a value, say) must keep the import.
  const referenced = new Set<string>();
  for (const name of bound) {
    for (const id of model.identifiersNamed(name)) {
      const p = id.parent;
      const isCallee = p?.type === "call" && p.childForFieldName("function")?.id === id.id;
      const inImport = p?.type === "dotted_name" || p?.type === "aliased_import";
      if (!isCallee && !inImport) referenced.add(name);
    }
  }
  const edits: TextEdit[] = unwraps.filter((e): e is TextEdit => e !== null);
  const removable = new Set(
    [...bound].filter(
      (name) => !referenced.has(name) && uses.every((u, k) => u.callee !== name || unwraps[k] !== null),
    ),
  );
  const seen = new Set<ImportInfo>();
  for (const m of markerImports) {
    if (seen.has(m.info)) continue;
    seen.add(m.info);
    edits.push(...removeImportedNames(model.text, m.info, removable));
  }
  const fix: Fix = {
    title: "Remove log-translation markers (every one in this file) and their import",
    safe: true,
    edits,
  };
  for (const m of markerImports) {
    report({
      start: m.node.startIndex,
      end: m.node.endIndex,
      message: `\`${m.bound}\` is an oslo.i18n log-translation marker; log translation is deprecated and removed (hacking N537): log plain strings.`,
      fixes: [fix],
    });
  }
  uses.forEach((call) => {
    report({
      start: call.node.startIndex,
      end: call.node.endIndex,
      message: `Log message wrapped in \`${call.callee}()\`: log translation is deprecated and removed (hacking N537); pass the plain string.`,
      fixes: [fix],
    });
  });
}
