// A file's own `__all__` as far as it can be read, including other modules' `__all__` it adds (IMP001).
import type { ImportResolver, ImportSettings } from "./importResolver";
import type { ModuleSummary } from "./moduleSummary";

/**
 * Names listed in the file's own `__all__` (they must exist, so a star import may be supplying
 * them), including other modules' `__all__` it concatenates; `exact` is false when some part is computed.
 */
export function ownAllNames(
  resolver: ImportResolver,
  summary: ModuleSummary,
  file: string | null,
  root: string | null,
  settings: ImportSettings,
): { names: string[]; exact: boolean; line: number } {
  const out = { names: [] as string[], exact: true, line: 0 };
  for (const op of summary.all ?? []) {
    if (op.op === "remove") continue;
    for (const p of op.parts) {
      if (p.kind === "names") out.names.push(...p.names);
      else if (p.kind === "ref") {
        const all = resolver.allOf(p.ref, file, root, settings);
        if (all) out.names.push(...all.names);
        if (!all?.exact) {
          out.exact = false;
          out.line ||= op.line;
        }
      } else if (p.kind === "dynamic") {
        out.exact = false;
        out.line ||= op.line;
      }
    }
  }
  return out;
}
