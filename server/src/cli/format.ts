// Output formats of `pyreview check`: text, json (the fixed contract) and SARIF 2.1.0; the others
// are in formats/.
import * as path from "node:path";
import { ALL_RULES } from "../rules";
import { ruleUrl } from "../rules/docs";
import type { Severity } from "../core/types";
import type { FileResult, OutputFinding } from "./checkFile";
import { RECORD_KINDS, RECORDS_URL } from "./records";
import { countsLine, recordsOf } from "./unchecked";
import { PLAIN, type Palette } from "./colour";
import { notificationDescriptors, sarifArtifact, sarifFixes, sarifRun, securityProperties } from "./formats/sarif";

export function displayPath(file: string): string {
  const rel = path.relative(process.cwd(), file);
  return rel && !rel.startsWith("..") && !path.isAbsolute(rel) ? rel : file;
}

export function formatText(results: readonly FileResult[], fixMode: boolean, p: Palette = PLAIN): string {
  const out: string[] = [];
  for (const r of results) {
    for (const f of recordsOf(r)) {
      const marker = f.fix?.safe ? p.fixable(" [*]") : "";
      out.push(
        `${p.path(displayPath(f.path))}:${f.cell ? `cell ${f.cell}:` : ""}${f.line}:${f.column}: ${p.code(f.code, f.severity)}${marker} ${f.message} ${p.dim(`(${f.name}, ${f.severity})`)}`,
      );
    }
  }
  return [...out, ...summaryLines(results, fixMode)].join("\n") + "\n";
}

/** What text and grouped end with: fixes made, findings found (and fixable), files checked. */
export function summaryLines(results: readonly FileResult[], fixMode: boolean): string[] {
  const out: string[] = [];
  let total = 0;
  let fixable = 0;
  for (const r of results) {
    for (const f of recordsOf(r)) {
      if (f.code !== "E902") total++;
      if (f.fix?.safe) fixable++;
    }
  }
  const applied = results.reduce((n, r) => n + r.fixesApplied, 0);
  if (fixMode && applied)
    out.push(
      `Fixed ${applied} finding${applied === 1 ? "" : "s"} in ${results.filter((r) => r.fixesApplied).length} file(s).`,
    );
  const allChecked = results.length > 0 && results.every((r) => r.skipped === undefined);
  if (total) {
    out.push(`Found ${total} finding${total === 1 ? "" : "s"}.`);
    if (fixable && !fixMode) out.push(`[*] ${fixable} fixable with \`pyreview check --fix\`.`);
  } else {
    // (never "passed" when a file was not checked, or none was)
    out.push(allChecked ? "All checks passed." : "No findings in the files checked.");
  }
  out.push(countsLine(results));
  return out;
}

export function formatJson(results: readonly FileResult[]): string {
  const all: OutputFinding[] = results.flatMap((r) => recordsOf(r).map((f) => ({ ...f, path: displayPath(f.path) })));
  return JSON.stringify(all, null, 2) + "\n";
}

const SARIF_LEVEL: Record<Severity, string> = { error: "error", warning: "warning", information: "note", hint: "note" };

export function formatSarif(results: readonly FileResult[], version: string): string {
  const rules = ALL_RULES.map((r) => ({
    id: r.meta.code,
    name: r.meta.name,
    shortDescription: { text: r.meta.summary },
    fullDescription: { text: r.meta.rationale },
    help: {
      text: `${r.meta.summary} ${r.meta.rationale}`,
      markdown: `${r.meta.summary}\n\n${r.meta.rationale}\n\nUse instead:\n\n\`\`\`python\n${r.meta.useInstead}\n\`\`\``,
    },
    helpUri: ruleUrl(r.meta),
    defaultConfiguration: { level: SARIF_LEVEL[r.meta.severity] },
    properties: {
      category: r.meta.category,
      tags: [r.meta.category, ...(r.meta.cwe ? [`external/cwe/cwe-${r.meta.cwe}`] : [])],
      ...(r.meta.bandit ? { bandit: r.meta.bandit } : {}),
      ...securityProperties(r.meta),
    },
  }));
  for (const kind of RECORD_KINDS) {
    rules.push({
      id: kind.code,
      name: kind.name,
      shortDescription: { text: kind.summary },
      fullDescription: { text: kind.summary },
      help: { text: kind.summary, markdown: kind.summary },
      helpUri: RECORDS_URL,
      defaultConfiguration: { level: "error" },
      properties: { category: "errors", tags: ["errors"] },
    });
  }
  const index = new Map(rules.map((r, i) => [r.id, i]));
  const sarifResults = results.flatMap((r) =>
    recordsOf(r).map((f) => ({
      ...sarifFixes(r, f),
      ruleId: f.code,
      ruleIndex: index.get(f.code) ?? 0,
      level: SARIF_LEVEL[f.severity],
      message: { text: f.message },
      locations: [
        {
          physicalLocation: {
            artifactLocation: sarifArtifact(f.path),
            region: { startLine: f.line, startColumn: f.column, endLine: f.endLine, endColumn: f.endColumn },
          },
        },
      ],
      ...(f.fix || f.cell
        ? { properties: { ...(f.fix ? { fix: f.fix } : {}), ...(f.cell ? { cell: f.cell } : {}) } }
        : {}),
    })),
  );
  const log = {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "pyreview",
            version,
            informationUri: ruleUrl(ALL_RULES[0].meta).split("#")[0],
            rules,
            notifications: notificationDescriptors(),
          },
        },
        results: sarifResults,
        columnKind: "unicodeCodePoints",
        ...sarifRun(results),
      },
    ],
  };
  return JSON.stringify(log, null, 2) + "\n";
}
