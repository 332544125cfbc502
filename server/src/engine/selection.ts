// --select / --ignore / settings: codes (CTX001), prefixes (DOC, LOG00) or names (log-translation).
import type { RuleMeta } from "../rules/types";

export function matchesSelector(meta: RuleMeta, selector: string): boolean {
  const s = selector.trim();
  if (!s) return false;
  if (s.toUpperCase() === "ALL") return true;
  if (s.toLowerCase() === meta.name) return true;
  return meta.code.startsWith(s.toUpperCase());
}

export function isSelected(meta: RuleMeta, select: readonly string[] | null, ignore: readonly string[]): boolean {
  if (select && !select.some((s) => matchesSelector(meta, s))) return false;
  return !ignore.some((s) => matchesSelector(meta, s));
}

/** Selectors that match no rule: reported as a usage or configuration problem. */
export function unknownSelectors(metas: readonly RuleMeta[], selectors: readonly string[]): string[] {
  return selectors.filter((s) => !metas.some((m) => matchesSelector(m, s)));
}
