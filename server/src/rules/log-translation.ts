// LOG001: oslo.i18n log-translation markers (_LE, _LI, _LW, _LC) are deprecated and removed.
import { LOG_TRANSLATION_MARKERS } from "../analysis/logging";
import type { ImportInfo } from "../analysis/model";
import { removeImportedNames } from "../fixes/imports";
import { unwrapCallEdit } from "../fixes/unwrapCall";
import type { Fix, TextEdit } from "../core/types";
import type { Rule } from "./types";

export const logTranslation: Rule = {
  meta: {
    code: "LOG001",
    name: "log-translation",
    category: "logging",
    reviewPoint: 8,
    severity: "warning",
    fixable: "always",
    summary: "Log messages are wrapped in oslo.i18n log-translation markers (_LE, _LI, _LW, _LC).",
    rationale:
      "oslo.i18n dropped log translation (the markers are deprecated no-ops and the catalogs are gone); OpenStack's hacking check N537 forbids them. " +
      "They add noise and an import, and operators search logs in English.",
    example: 'from neutron._i18n import _LE\nLOG.error(_LE("Agent failed: %s"), err)',
    useInstead: 'LOG.error("Agent failed: %s", err)',
  },
  check({ model, report }) {
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
    const uses = model.calls.filter((c) => c.callee !== null && bound.has(c.callee));
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
  },
};
