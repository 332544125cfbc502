// --select / --ignore / settings: codes (CTX001), prefixes (DOC, LOG00) or names (log-translation).
import type { RuleMeta } from "../rules/types";

export function matchesSelector(meta: RuleMeta, selector: string): boolean {
  const s = selector.trim();
  if (!s) return false;
  if (s.toUpperCase() === "ALL") return true;
  if (s.toLowerCase() === meta.name) return true;
  return meta.code.startsWith(s.toUpperCase());
}

/** The selector names this one rule (its whole code or its name), not a family or ALL. */
function namesRule(meta: RuleMeta, selector: string): boolean {
  const s = selector.trim();
  return s.toUpperCase() === meta.code || s.toLowerCase() === meta.name;
}

/** What decides whether a rule runs. */
export interface Selection {
  /** The rules to run, or null for the default set (stable rules; preview ones too with `preview`). */
  select: readonly string[] | null;
  /** Added to the default set when `select` is null (with a `select`, already folded into it). */
  extendSelect: readonly string[];
  ignore: readonly string[];
  preview: boolean;
}

/**
 * A selector picks a preview rule when it names it, or when preview is on; a prefix or ALL picks
 * only stable rules otherwise (as ruff's preview rules need `preview`, except that naming one
 * here is enough: the user asked for it).
 */
function picks(meta: RuleMeta, selector: string, preview: boolean): boolean {
  if (!matchesSelector(meta, selector)) return false;
  return !meta.preview || preview || namesRule(meta, selector);
}

export function isSelected(meta: RuleMeta, selection: Selection): boolean {
  const { select, extendSelect, ignore, preview } = selection;
  const chosen = select
    ? select.some((s) => picks(meta, s, preview))
    : !meta.preview || preview || extendSelect.some((s) => picks(meta, s, preview));
  return chosen && !ignore.some((s) => matchesSelector(meta, s));
}

/** Selectors that match no rule: reported as a usage or configuration problem. */
export function unknownSelectors(metas: readonly RuleMeta[], selectors: readonly string[]): string[] {
  return selectors.filter((s) => !metas.some((m) => matchesSelector(m, s)));
}
