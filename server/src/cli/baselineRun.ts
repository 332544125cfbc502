// Baselines on the command line: --write-baseline FILE records the findings of this run;
// --baseline FILE (or `baseline` in [tool.pyreview]) removes from each file's results the
// findings its baseline holds; --show-stale-baseline lists the entries nothing matched any more.
import { randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import {
  BaselineMatcher,
  baselineEntries,
  parseBaseline,
  serializeBaseline,
  type BaselineEntry,
  type IdentifiedFinding,
} from "../engine/baseline";
import { baselinePath, loadBaseline } from "../engine/baselineFile";
import { describeIoError } from "../node/fileRead";
import type { FileResult } from "./checkFile";

/** A result's findings as the baseline sees them (their identities, computed in the worker). */
function identified(r: FileResult): Array<IdentifiedFinding & { index: number }> {
  const ids = r.identities ?? [];
  return r.findings.flatMap((f, index) => {
    const id = ids[index];
    return id ? [{ code: f.code, scope: id.scope, fingerprint: id.fingerprint, snippet: id.code, index }] : [];
  });
}

/** Keeps the findings at the given indexes, and what goes with each of them (previews, fix edits, identities). */
export function keepFindings(r: FileResult, keep: ReadonlySet<number>): void {
  const pick = <T>(list: T[] | undefined): T[] | undefined => list?.filter((_, i) => keep.has(i));
  r.findings = r.findings.filter((_, i) => keep.has(i));
  r.previews = pick(r.previews);
  r.fixEdits = pick(r.fixEdits);
  r.identities = pick(r.identities);
}

export interface BaselineOutcome {
  /** How many baseline files applied. */
  baselines: number;
  /** Findings the baselines held (not reported). */
  known: number;
  /** Per baseline file, its entries nothing matched (fixed findings), among the files checked or gone. */
  stale: Map<string, BaselineEntry[]>;
  /** Baselines that could not be read: configuration problems. */
  problems: string[];
}

/** Removes the findings each file's baseline holds from its results. */
export function applyBaselines(results: readonly FileResult[]): BaselineOutcome {
  const outcome: BaselineOutcome = { baselines: 0, known: 0, stale: new Map(), problems: [] };
  const matchers = new Map<string, { matcher: BaselineMatcher; entries: BaselineEntry[] } | null>();
  for (const r of results) {
    if (!r.baseline || r.skipped !== undefined) continue;
    let m = matchers.get(r.baseline);
    if (m === undefined) {
      const loaded = loadBaseline(r.baseline);
      if ("problem" in loaded) outcome.problems.push(loaded.problem);
      m = "problem" in loaded ? null : { matcher: new BaselineMatcher(loaded.entries), entries: loaded.entries };
      matchers.set(r.baseline, m);
    }
    if (!m) continue;
    const { known, fresh } = m.matcher.match(baselinePath(r.baseline, r.path), identified(r));
    outcome.known += known.length;
    keepFindings(r, new Set(fresh.map((f) => f.index)));
  }
  for (const [file, m] of matchers) {
    if (!m) continue;
    outcome.baselines++;
    const stale = m.matcher.stale();
    // entries of files that are gone are stale too (a file checked in this run is seen)
    const seen = new Set(stale.map((e) => `${e.path}\0${e.fingerprint}`));
    for (const e of m.entries) {
      if (seen.has(`${e.path}\0${e.fingerprint}`)) continue;
      if (!fs.existsSync(path.join(path.dirname(file), e.path))) stale.push(e);
    }
    if (stale.length) outcome.stale.set(file, stale);
  }
  return outcome;
}

/** Lines for --show-stale-baseline (on stderr): each stale entry, and what to do. */
export function staleLines(stale: ReadonlyMap<string, BaselineEntry[]>, display: (file: string) => string): string[] {
  const out: string[] = [];
  for (const [file, entries] of stale) {
    const n = entries.reduce((sum, e) => sum + e.count, 0);
    out.push(
      `pyreview: ${display(file)}: ${n} finding${n === 1 ? "" : "s"} in the baseline no longer found (fixed or gone); \`pyreview check --write-baseline ${display(file)}\` drops ${n === 1 ? "it" : "them"}:`,
    );
    for (const e of entries) {
      const where = e.scope ? ` in ${e.scope}` : "";
      out.push(`  ${e.path}: ${e.code}${where}: ${e.snippet || e.fingerprint}${e.count > 1 ? ` (×${e.count})` : ""}`);
    }
  }
  return out;
}

/**
 * Writes this run's findings as the baseline `file` (absolute). Entries of files this run did
 * not check are kept from the file already there, unless their file is gone: a run over a part
 * of the project does not forget the rest. Never throws: a failed write comes back with its reason.
 */
export function writeBaseline(
  file: string,
  results: readonly FileResult[],
): { ok: true; findings: number; entries: number } | { ok: false; reason: string } {
  const folder = path.dirname(file);
  const checked = results.filter((r) => r.skipped === undefined);
  const files = checked.map((r) => ({ path: baselinePath(file, r.path), findings: identified(r) }));
  const covered = new Set(files.map((f) => f.path));
  let kept: BaselineEntry[] = [];
  if (fs.existsSync(file)) {
    try {
      kept = parseBaseline(fs.readFileSync(file, "utf8")).filter(
        (e) => !covered.has(e.path) && fs.existsSync(path.join(folder, e.path)),
      );
    } catch {
      // an unreadable old baseline is replaced
    }
  }
  const entries = [...kept, ...baselineEntries(files)];
  // a new file of a random name, created exclusively (a link planted there is not followed), then
  // renamed over the baseline: a reader never sees half of it
  const temp = `${file}.${randomBytes(8).toString("hex")}.tmp`;
  try {
    fs.mkdirSync(folder, { recursive: true });
    fs.writeFileSync(temp, serializeBaseline(entries), { flag: "wx" });
    fs.renameSync(temp, file);
  } catch (error) {
    fs.rmSync(temp, { force: true });
    return { ok: false, reason: `cannot write ${file}: ${describeIoError(error)}` };
  }
  return { ok: true, findings: entries.reduce((n, e) => n + e.count, 0), entries: entries.length };
}
