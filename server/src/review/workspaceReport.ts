// The summary report of a workspace or folder review: findings per file, top rules.
import { ruleByCode } from "../rules";
import { linkDestination } from "./report";

export interface FileCounts {
  /** Display path (relative to the workspace when possible). */
  path: string;
  /** Link target: a path relative to the report, or a URI. */
  link: string;
  codes: string[];
  skipped?: string;
}

export function workspaceReportMarkdown(
  title: string,
  files: readonly FileCounts[],
  total: number,
  cancelled: boolean,
): string {
  const out = [`# ${title}`, ""];
  const findings = files.reduce((n, f) => n + f.codes.length, 0);
  const withFindings = files.filter((f) => f.codes.length);
  out.push(
    `${cancelled ? `**Cancelled** after ${files.length} of ${total} files. ` : ""}Reviewed ${files.length} file${files.length === 1 ? "" : "s"}: ` +
      `${findings} finding${findings === 1 ? "" : "s"} in ${withFindings.length} file${withFindings.length === 1 ? "" : "s"}.`,
    "",
  );
  const byRule = new Map<string, number>();
  for (const f of files) for (const c of f.codes) byRule.set(c, (byRule.get(c) ?? 0) + 1);
  if (byRule.size) {
    out.push("## Top rules", "", "| rule | findings |", "|---|---:|");
    for (const [code, n] of [...byRule].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))) {
      out.push(`| ${code} ${ruleByCode(code)?.meta.name ?? ""} | ${n} |`);
    }
    out.push("");
  }
  if (withFindings.length) {
    out.push("## Findings per file", "", "| file | findings | rules |", "|---|---:|---|");
    for (const f of [...withFindings].sort((a, b) => b.codes.length - a.codes.length || a.path.localeCompare(b.path))) {
      out.push(
        `| [${f.path}](${linkDestination(f.link)}) | ${f.codes.length} | ${[...new Set(f.codes)].sort().join(", ")} |`,
      );
    }
    out.push("");
  }
  const skipped = files.filter((f) => f.skipped);
  if (skipped.length) out.push("## Not reviewed", "", ...skipped.map((f) => `- ${f.path}: ${f.skipped}`), "");
  return out.join("\n");
}
