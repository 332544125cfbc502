// A baseline file on disk: read with a bound, parsed, indexed by path, and cached by path and
// modification time (the editor asks on every analysis; the file changes when it is rewritten).
import { files, path } from "../core/host";
import { BaselineError, BaselineMatcher, parseBaseline, type BaselineEntry, type IdentifiedFinding } from "./baseline";

/** A baseline larger than this is not read (Neutron's whole baseline is about 1 MB). */
export const MAX_BASELINE_BYTES = 64 * 1024 * 1024;

export interface LoadedBaseline {
  file: string;
  entries: BaselineEntry[];
  /** Entries by path (relative to the file's folder, `/` separators). */
  byPath: ReadonlyMap<string, BaselineEntry[]>;
}

const cache = new Map<string, { mtimeMs: number; size: number; loaded: LoadedBaseline }>();

/** The baseline at `file` (absolute), or why it cannot be used. */
export function loadBaseline(file: string): LoadedBaseline | { problem: string } {
  const stat = files().stat(file);
  if (!stat)
    return { problem: `baseline ${file} does not exist (write it with \`pyreview check --write-baseline ${file}\`)` };
  const hit = cache.get(file);
  if (hit && hit.mtimeMs === stat.mtimeMs && hit.size === stat.size) return hit.loaded;
  const read = files().readBounded(file, MAX_BASELINE_BYTES);
  if (!read.ok) return { problem: `cannot read baseline ${file}: ${read.reason}` };
  let entries: BaselineEntry[];
  try {
    entries = parseBaseline(new TextDecoder().decode(read.bytes));
  } catch (error) {
    if (error instanceof BaselineError) return { problem: `baseline ${file}: ${error.message}` };
    throw error;
  }
  const byPath = new Map<string, BaselineEntry[]>();
  for (const e of entries) {
    const list = byPath.get(e.path);
    if (list) list.push(e);
    else byPath.set(e.path, [e]);
  }
  const loaded = { file, entries, byPath };
  cache.set(file, { mtimeMs: stat.mtimeMs, size: stat.size, loaded });
  return loaded;
}

/** How a baseline names a file: relative to the baseline's folder, with `/` separators. */
export function baselinePath(baselineFile: string, file: string): string {
  return path.relative(path.dirname(baselineFile), file).split(path.sep).join("/");
}

/** One file's findings split by its baseline entries (the editor's view of one document). */
export function matchFile<T extends IdentifiedFinding>(
  baseline: LoadedBaseline,
  file: string,
  findings: readonly T[],
): { known: T[]; fresh: T[] } {
  const rel = baselinePath(baseline.file, file);
  const entries = baseline.byPath.get(rel);
  if (!entries) return { known: [], fresh: [...findings] };
  return new BaselineMatcher(entries).match(rel, findings);
}
