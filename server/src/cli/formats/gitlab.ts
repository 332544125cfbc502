// --format gitlab: GitLab's Code Quality report (a subset of the Code Climate spec), for
// `artifacts: reports: codequality:`; GitLab shows new and fixed findings on the merge request.
import { createHash } from "node:crypto";
import type { Severity } from "../../core/types";
import { ruleByCode } from "../../rules";
import type { Category } from "../../rules/types";
import type { FileResult } from "../checkFile";
import { recordsOf } from "../unchecked";
import { ciPath } from "./repoPaths";

const SEVERITY: Record<Severity, string> = { error: "critical", warning: "major", information: "minor", hint: "info" };

/** Code Climate's categories. */
const CATEGORY: Record<Category, string> = {
  imports: "Style",
  configuration: "Clarity",
  "context-managers": "Bug Risk",
  errors: "Bug Risk",
  documentation: "Clarity",
  security: "Security",
  logging: "Style",
  suppression: "Style",
};

/**
 * GitLab tells new findings from old by fingerprint, comparing the branch with its base. A line
 * number would make every finding below an edit new, so the fingerprint is the file, the rule, the
 * message without its numbers (often line numbers), and which occurrence of these it is.
 */
function fingerprint(file: string, code: string, message: string, occurrence: number): string {
  return createHash("sha256")
    .update(`${file}\0${code}\0${message.replace(/\d+/g, "#")}\0${occurrence}`)
    .digest("hex")
    .slice(0, 32);
}

export function formatGitlab(results: readonly FileResult[]): string {
  const issues: object[] = [];
  for (const r of results) {
    const seen = new Map<string, number>();
    for (const f of recordsOf(r)) {
      const file = ciPath(f.path);
      const key = `${f.code}\0${f.message.replace(/\d+/g, "#")}`;
      const occurrence = seen.get(key) ?? 0;
      seen.set(key, occurrence + 1);
      const category = ruleByCode(f.code)?.meta.category;
      issues.push({
        type: "issue",
        check_name: f.code,
        description: `${f.code} ${f.message}`,
        categories: [category ? CATEGORY[category] : "Bug Risk"],
        severity: SEVERITY[f.severity],
        fingerprint: fingerprint(file, f.code, f.message, occurrence),
        location: { path: file, lines: { begin: f.line, end: f.endLine } },
      });
    }
  }
  return `${JSON.stringify(issues, null, 2)}\n`;
}
