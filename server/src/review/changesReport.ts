// The review of a branch (`pyreview review --since REF`, "Pyreview: Review Changes"): a summary,
// then per file the points the change brought, with links, the line quoted, why, and the fix.
// It reads as one pull-request comment.

/** Said of a new finding on a line the change did not touch (a deleted call left a logger unused). */
export const CAUSED_ELSEWHERE = "(This line did not change: a change elsewhere in the file brought this up.)";
import type { Severity } from "../core/types";
import { lineLink, linkDestination, reviewPoint, type ReviewFinding } from "./report";
import { readNotebook } from "../parsing/notebookJson";

export interface ChangedFileReview {
  displayPath: string;
  /** Where links point (a path relative to the report, or a URL); null: no links. */
  linkTarget: string | null;
  source: string;
  /** The change's findings (those a change elsewhere in the file caused say so in their message). */
  findings: readonly ReviewFinding[];
  /** Why the file was not reviewed, if it was not. */
  skipped?: string;
}

export interface ChangesReviewInput {
  /** What the change is compared with, as the user named it (`main`, `origin/main`). */
  ref: string;
  /** The merge base's short hash. */
  base: string;
  files: readonly ChangedFileReview[];
  /** Findings a baseline held (not shown), if a baseline applied. */
  baselined?: number;
}

const SEVERITY_ORDER: Severity[] = ["error", "warning", "information", "hint"];

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

export function changesReportMarkdown(input: ChangesReviewInput): string {
  const out = [`# Review of the changes since \`${input.ref}\``, ""];
  const reviewed = input.files.filter((f) => f.skipped === undefined);
  const findings = reviewed.flatMap((f) => f.findings);
  const withFindings = reviewed.filter((f) => f.findings.length);
  const severities = SEVERITY_ORDER.map((s) => [s, findings.filter((f) => f.severity === s).length] as const).filter(
    ([, n]) => n > 0,
  );
  const fixable = findings.filter((f) => f.fix).length;
  const compared = `Compared with ${input.base}, where this branch left \`${input.ref}\` (the working tree included)`;
  out.push(
    findings.length
      ? `${compared}: ${plural(reviewed.length, "Python file")} changed, **${plural(findings.length, "new finding")}** in ${plural(withFindings.length, "file")} (${severities.map(([s, n]) => `${n} ${s}`).join(", ")}); ${fixable} ${fixable === 1 ? "has a" : "have a"} quick fix.`
      : `${compared}: ${plural(reviewed.length, "Python file")} changed, **no new findings**.`,
    "",
  );
  if (input.baselined)
    out.push(
      `${plural(input.baselined, "finding")} recorded in the baseline ${input.baselined === 1 ? "is" : "are"} not shown.`,
      "",
    );
  let point = 0;
  for (const file of withFindings) {
    const title = file.linkTarget
      ? `[\`${file.displayPath}\`](${linkDestination(file.linkTarget)})`
      : `\`${file.displayPath}\``;
    out.push(`## ${title}`, "");
    const lines = file.source.split(/\r\n|\n|\r/);
    const notebook = file.findings.some((f) => f.cell) ? readNotebook(file.source) : null;
    for (const f of file.findings) {
      const where = f.cell ? `cell ${f.cell}, line ${f.line}` : lineLink(file.linkTarget, f.line);
      const line = f.cell
        ? notebook?.ok
          ? (notebook.notebook.cells[f.cell - 1]?.text.split(/\r\n|\n|\r/)[f.line - 1] ?? "")
          : ""
        : (lines[f.line - 1] ?? "");
      out.push(...reviewPoint(++point, f, where, line));
    }
  }
  const quiet = reviewed.filter((f) => !f.findings.length);
  if (quiet.length && withFindings.length) {
    out.push("## No new findings", "", quiet.map((f) => `\`${f.displayPath}\``).join(", "), "");
  }
  const skipped = input.files.filter((f) => f.skipped !== undefined);
  if (skipped.length)
    out.push("## Not reviewed", "", ...skipped.map((f) => `- \`${f.displayPath}\`: ${f.skipped}`), "");
  return out.join("\n");
}
