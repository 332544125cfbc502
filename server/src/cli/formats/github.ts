// --format github: GitHub Actions workflow commands (`::warning file=…,line=…::message`), which
// annotate the pull request's diff without code scanning, as ruff's and Bandit's users have them.
import type { Severity } from "../../core/types";
import type { FileResult } from "../checkFile";
import { recordsOf } from "../unchecked";
import { ciPath } from "./repoPaths";

const LEVEL: Record<Severity, string> = { error: "error", warning: "warning", information: "notice", hint: "notice" };

/** A command's message: %, CR and LF are escaped (GitHub's toolkit: escapeData). */
function escapeData(text: string): string {
  return text.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

/** A property's value: also `:` and `,`, which end it (escapeProperty). */
function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, "%3A").replace(/,/g, "%2C");
}

export function formatGithub(results: readonly FileResult[]): string {
  const out: string[] = [];
  for (const r of results) {
    for (const f of recordsOf(r)) {
      const properties = [
        `file=${escapeProperty(ciPath(f.path))}`,
        `line=${f.line}`,
        `col=${f.column}`,
        `endLine=${f.endLine}`,
        `endColumn=${f.endColumn}`,
        `title=${escapeProperty(`${f.code} ${f.name}`)}`,
      ];
      out.push(`::${LEVEL[f.severity]} ${properties.join(",")}::${escapeData(f.message)}`);
    }
  }
  return out.length ? `${out.join("\n")}\n` : "";
}
