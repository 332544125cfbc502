// --format grouped: the findings under each file's name, then text's summary.
import { PLAIN, type Palette } from "../colour";
import type { FileResult } from "../checkFile";
import { displayPath, summaryLines } from "../format";
import { recordsOf } from "../unchecked";

export function formatGrouped(results: readonly FileResult[], fixMode: boolean, p: Palette = PLAIN): string {
  const out: string[] = [];
  for (const r of results) {
    const records = recordsOf(r);
    if (!records.length) continue;
    const at = records.map((f) => `${f.line}:${f.column}`);
    const width = Math.max(...at.map((a) => a.length));
    out.push(`${p.path(displayPath(r.path))}:`);
    records.forEach((f, i) => {
      const marker = f.fix?.safe ? p.fixable(" [*]") : "";
      out.push(`  ${at[i].padEnd(width)}  ${p.code(f.code, f.severity)}${marker} ${f.message}`);
    });
    out.push("");
  }
  return [...out, ...summaryLines(results, fixMode)].join("\n") + "\n";
}
