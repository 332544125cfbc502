// Output formats of `pyreview check`: text, json (the fixed contract) and SARIF 2.1.0.
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { ALL_RULES } from "../rules";
import { ruleUrl } from "../rules/docs";
import type { Severity } from "../core/types";
import type { FileResult, OutputFinding } from "./checkFile";

export function displayPath(file: string): string {
  const rel = path.relative(process.cwd(), file);
  return rel && !rel.startsWith("..") && !path.isAbsolute(rel) ? rel : file;
}

export function formatText(results: readonly FileResult[], fixMode: boolean): string {
  const out: string[] = [];
  let total = 0;
  let fixable = 0;
  for (const r of results) {
    for (const f of r.findings) {
      total++;
      const marker = f.fix?.safe ? " [*]" : "";
      if (f.fix?.safe) fixable++;
      out.push(
        `${displayPath(f.path)}:${f.line}:${f.column}: ${f.code}${marker} ${f.message} (${f.name}, ${f.severity})`,
      );
    }
  }
  const applied = results.reduce((n, r) => n + r.fixesApplied, 0);
  if (fixMode && applied)
    out.push(
      `Fixed ${applied} finding${applied === 1 ? "" : "s"} in ${results.filter((r) => r.fixesApplied).length} file(s).`,
    );
  if (total) {
    out.push(`Found ${total} finding${total === 1 ? "" : "s"}.`);
    if (fixable && !fixMode) out.push(`[*] ${fixable} fixable with \`pyreview check --fix\`.`);
  } else {
    out.push("All checks passed.");
  }
  return out.join("\n") + "\n";
}

export function formatJson(results: readonly FileResult[]): string {
  const all: OutputFinding[] = results.flatMap((r) => r.findings.map((f) => ({ ...f, path: displayPath(f.path) })));
  return JSON.stringify(all, null, 2) + "\n";
}

/**
 * A SARIF artifact URI: a relative reference (each path segment percent-encoded) for a file
 * under the working folder, else an absolute `file:` URI.
 */
export function artifactUri(file: string): string {
  const shown = displayPath(file);
  if (path.isAbsolute(shown)) return pathToFileURL(shown).href;
  return shown.split(path.sep).map(encodeURIComponent).join("/");
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
    },
  }));
  const index = new Map(rules.map((r, i) => [r.id, i]));
  const sarifResults = results.flatMap((r) =>
    r.findings.map((f) => ({
      ruleId: f.code,
      ruleIndex: index.get(f.code) ?? 0,
      level: SARIF_LEVEL[f.severity],
      message: { text: f.message },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: artifactUri(f.path) },
            region: { startLine: f.line, startColumn: f.column, endLine: f.endLine, endColumn: f.endColumn },
          },
        },
      ],
      ...(f.fix ? { properties: { fix: f.fix } } : {}),
    })),
  );
  const log = {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: { name: "pyreview", version, informationUri: ruleUrl(ALL_RULES[0].meta).split("#")[0], rules },
        },
        results: sarifResults,
        columnKind: "unicodeCodePoints",
      },
    ],
  };
  return JSON.stringify(log, null, 2) + "\n";
}
