// Baselines: today's findings recorded so that only new ones are reported (adopting pyreview on
// a legacy codebase). Entries are matched by path, rule and fingerprint (see fingerprint.ts),
// with a count for identical code in the same definition, then by path, rule and code alone. The file is sorted and has one entry
// per line, so a change to it reads well in a pull request.

export interface BaselineEntry {
  /** Relative to the baseline file's folder, with `/` separators. */
  path: string;
  code: string;
  scope: string;
  fingerprint: string;
  count: number;
  /** The normalised code: for people reading the file, and matched when the definition around it changed. */
  snippet: string;
}

export interface IdentifiedFinding {
  code: string;
  scope: string;
  fingerprint: string;
  snippet: string;
}

export const BASELINE_VERSION = 1;

function compareEntries(a: BaselineEntry, b: BaselineEntry): number {
  return cmp(a.path, b.path) || cmp(a.code, b.code) || cmp(a.scope, b.scope) || cmp(a.fingerprint, b.fingerprint) || 0;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

const key = (path: string, code: string, fingerprint: string): string => `${path}\u0000${code}\u0000${fingerprint}`;

/** Builds baseline entries from each file's identified findings (paths already relative). */
export function baselineEntries(
  files: ReadonlyArray<{ path: string; findings: readonly IdentifiedFinding[] }>,
): BaselineEntry[] {
  const byKey = new Map<string, BaselineEntry>();
  for (const file of files) {
    for (const f of file.findings) {
      const k = key(file.path, f.code, f.fingerprint);
      const entry = byKey.get(k);
      if (entry) entry.count++;
      else
        byKey.set(k, {
          path: file.path,
          code: f.code,
          scope: f.scope,
          fingerprint: f.fingerprint,
          count: 1,
          snippet: f.snippet,
        });
    }
  }
  return [...byKey.values()].sort(compareEntries);
}

/** The baseline file's text: stable order, one entry per line. */
export function serializeBaseline(entries: readonly BaselineEntry[]): string {
  const sorted = [...entries].sort(compareEntries);
  const lines = sorted.map((e) =>
    JSON.stringify({
      path: e.path,
      code: e.code,
      scope: e.scope,
      fingerprint: e.fingerprint,
      count: e.count,
      snippet: e.snippet,
    }),
  );
  return `{\n  "tool": "pyreview",\n  "version": ${BASELINE_VERSION},\n  "findings": [${lines.length ? `\n    ${lines.join(",\n    ")}\n  ` : ""}]\n}\n`;
}

export class BaselineError extends Error {}

/** Reads a baseline file's text; throws BaselineError with a reason a user can act on. */
export function parseBaseline(text: string): BaselineEntry[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new BaselineError(`not JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  const d = data as { tool?: unknown; version?: unknown; findings?: unknown };
  if (!d || typeof d !== "object" || d.tool !== "pyreview" || !Array.isArray(d.findings)) {
    throw new BaselineError('not a pyreview baseline (expected {"tool": "pyreview", "version": 1, "findings": [...]})');
  }
  if (d.version !== BASELINE_VERSION) throw new BaselineError(`baseline version ${String(d.version)} is not supported`);
  return d.findings.map((raw, i) => {
    const e = raw as Partial<BaselineEntry>;
    const ok =
      typeof e.path === "string" &&
      typeof e.code === "string" &&
      typeof e.fingerprint === "string" &&
      (e.count === undefined || (Number.isInteger(e.count) && (e.count as number) > 0));
    if (!ok) throw new BaselineError(`entry ${i + 1} is malformed`);
    return {
      path: e.path as string,
      code: e.code as string,
      scope: typeof e.scope === "string" ? e.scope : "",
      fingerprint: e.fingerprint as string,
      count: e.count ?? 1,
      snippet: typeof e.snippet === "string" ? e.snippet : "",
    };
  });
}

/**
 * Matches findings against a baseline, file by file. Each entry absorbs up to `count` findings
 * with its path, rule and fingerprint; then, for what is left, up to what is left of its count
 * with its path, rule and code whatever the definition around it (a method whose class was
 * renamed, code moved into another function: the same finding, not a new one). What no entry
 * absorbs is new. After every file has been matched, `stale()` lists the entries (or the part
 * of their count) nothing matched: fixed findings.
 */
export class BaselineMatcher {
  private readonly slots: Array<{ entry: BaselineEntry; left: number }> = [];
  private readonly byFingerprint = new Map<string, Array<{ entry: BaselineEntry; left: number }>>();
  private readonly byCode = new Map<string, Array<{ entry: BaselineEntry; left: number }>>();
  private readonly seenPaths = new Set<string>();

  /** `byCodeAlone`: false matches by fingerprint only (the definition around must be the same). */
  constructor(entries: readonly BaselineEntry[], byCodeAlone = true) {
    for (const entry of entries) {
      const slot = { entry, left: entry.count };
      this.slots.push(slot);
      push(this.byFingerprint, key(entry.path, entry.code, entry.fingerprint), slot);
      // (an entry without its code, written by hand, matches by fingerprint only)
      if (entry.snippet && byCodeAlone) push(this.byCode, key(entry.path, entry.code, entry.snippet), slot);
    }
  }

  /** Splits one file's findings (in document order) into those the baseline knows and the new ones. */
  match<T extends IdentifiedFinding>(path: string, findings: readonly T[]): { known: T[]; fresh: T[] } {
    this.seenPaths.add(path);
    const take = (slots: Array<{ left: number }> | undefined): boolean => {
      const slot = slots?.find((s) => s.left > 0);
      if (!slot) return false;
      slot.left--;
      return true;
    };
    const known = new Set<T>();
    for (const f of findings) if (take(this.byFingerprint.get(key(path, f.code, f.fingerprint)))) known.add(f);
    for (const f of findings) {
      if (!known.has(f) && f.snippet && take(this.byCode.get(key(path, f.code, f.snippet)))) known.add(f);
    }
    return { known: findings.filter((f) => known.has(f)), fresh: findings.filter((f) => !known.has(f)) };
  }

  /** Entries not matched by any finding, among files that were checked (`allPaths`: every file counts). */
  stale(allPaths = false): BaselineEntry[] {
    const out: BaselineEntry[] = [];
    for (const { entry, left } of this.slots) {
      if (left <= 0) continue;
      if (!allPaths && !this.seenPaths.has(entry.path)) continue;
      out.push({ ...entry, count: left });
    }
    return out.sort(compareEntries);
  }
}

function push<V>(map: Map<string, V[]>, k: string, value: V): void {
  const list = map.get(k);
  if (list) list.push(value);
  else map.set(k, [value]);
}
