// The editor's view of a baseline (settings `baseline`, `baselineFindings`): findings the baseline
// holds are hidden, as the command line hides them, or shown as hints marked "(baseline)".
import type { Settings } from "../config/settings";
import type { Finding } from "../core/types";
import { loadBaseline, matchFile } from "../engine/baselineFile";
import type { FindingIdentity } from "../engine/fingerprint";

export interface BaselineView {
  findings: Finding[];
  /** How many the baseline holds that are hidden (0 when they are shown as hints). */
  baselined: number;
  /** Why the baseline could not be used (to log once), if so. */
  problem?: string;
}

export function baselineView(
  settings: Settings,
  path: string | null,
  findings: Finding[],
  identities: readonly FindingIdentity[] | undefined,
): BaselineView {
  if (!settings.baseline || !path || !identities) return { findings, baselined: 0 };
  const loaded = loadBaseline(settings.baseline);
  if ("problem" in loaded) return { findings, baselined: 0, problem: loaded.problem };
  const identified = findings.map((f, i) => ({
    finding: f,
    code: f.code,
    scope: identities[i].scope,
    fingerprint: identities[i].fingerprint,
    snippet: identities[i].code,
  }));
  const { known } = matchFile(loaded, path, identified);
  if (!known.length) return { findings, baselined: 0 };
  const old = new Set(known.map((k) => k.finding));
  if (settings.baselineFindings === "hide")
    return { findings: findings.filter((f) => !old.has(f)), baselined: old.size };
  return {
    findings: findings.map((f) => (old.has(f) ? { ...f, severity: "hint", message: `(baseline) ${f.message}` } : f)),
    baselined: 0,
  };
}
