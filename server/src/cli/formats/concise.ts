// --format concise: one line per finding (`path:line:column: CODE message`) and nothing else, the
// shape editors' generic lint plugins and `errorformat`s parse.
import { PLAIN, type Palette } from "../colour";
import type { FileResult } from "../checkFile";
import { displayPath } from "../format";
import { recordsOf } from "../unchecked";

export function formatConcise(results: readonly FileResult[], p: Palette = PLAIN): string {
  const out: string[] = [];
  for (const r of results) {
    for (const f of recordsOf(r)) {
      const marker = f.fix?.safe ? p.fixable(" [*]") : "";
      out.push(
        `${p.path(displayPath(f.path))}:${f.line}:${f.column}: ${p.code(f.code, f.severity)}${marker} ${f.message}`,
      );
    }
  }
  return out.length ? `${out.join("\n")}\n` : "";
}
