// The result cache in a run of `check`: before the run, the main thread takes every file whose
// entry still holds (same content, and everything its check read unchanged); the threads check the
// others (jobs.ts), recording what each check reads, and write their entries.
import * as fs from "node:fs";
import { host } from "../core/host";
import { readRegularFile } from "../node/fileRead";
import { MAX_FILE_BYTES } from "../node/sourceFile";
import { type CliOptions, type FileResult, settingsFor } from "./checkFile";
import { currentState, type Dependency } from "./dependencies";
import type { CacheUse, FileJob } from "./jobs";
import { isNotebookPath } from "./notebookFile";
import type { Settings } from "../config/settings";
import { fileStamp } from "../node/fileStatus";
import { type CacheEntry, contentHash, entryKey, ResultCache, settingsKey } from "./resultCache";

function statStamp(file: string): string | null {
  try {
    return fileStamp(fs.statSync(file));
  } catch {
    return null;
  }
}

export interface CacheLookup {
  /** Per file: its result from the cache, or null (then `jobs` holds it). */
  found: Array<FileResult | null>;
  /** The files to check, with the entries to write. */
  jobs: FileJob[];
  /** Their places in `found`. */
  places: number[];
  /** How many of them had no entry at all (the cache grows). */
  absent: number;
  /** The entries that held, by pack key (what the run's pack keeps, with the jobs' new entries). */
  held: Map<string, CacheEntry>;
  /** Per file: its key in the pack (packKey). */
  packKeys: Array<string | undefined>;
  /** Whether every entry that held came from the pack read: then the pack needs no rewrite if no job ran. */
  allPacked: boolean;
}

/** Finds the files whose cached result holds; the others become jobs that write their entries. */
export async function lookUpCached(files: readonly string[], options: CliOptions, use: CacheUse): Promise<CacheLookup> {
  const cache = ResultCache.at(use.dir);
  if (use.pack) cache.readPack(use.pack);
  const out: CacheLookup = {
    found: files.map(() => null),
    jobs: [],
    places: [],
    absent: 0,
    held: new Map(),
    packKeys: [],
    allPacked: true,
  };
  const candidates: Array<{ index: number; entry: CacheEntry; packed: boolean }> = [];
  /** Per file: its entry file's name, a hash, made only when needed (no pack entry that holds). */
  const keys: Array<(() => string) | undefined> = [];
  files.forEach((file, index) => {
    // (a notebook is checked as cells: not kept)
    if (isNotebookPath(file)) return;
    const { settings, root } = settingsFor(file, options);
    const pk = packKey(file, root, settings, !!options.keepEdits);
    out.packKeys[index] = pk;
    let made: string | undefined;
    const key = (): string =>
      (made ??= entryKey({ tool: use.tool, file, root, settings, keepEdits: !!options.keepEdits }));
    keys[index] = key;
    let stamp: string | null | undefined;
    let hash: string | null | undefined;
    const holds = (entry: CacheEntry): boolean => {
      if (entry.stamp !== undefined && entry.stamp === (stamp === undefined ? (stamp = statStamp(file)) : stamp))
        return true;
      if (hash === undefined) {
        const read = readRegularFile(file, MAX_FILE_BYTES);
        hash = read.ok ? contentHash(read.bytes) : null;
      }
      return hash === entry.content;
    };
    const packed = cache.packed(pk);
    if (packed && holds(packed)) {
      candidates.push({ index, entry: packed, packed: true });
      return;
    }
    const entry = cache.read(key());
    if (entry === "absent") out.absent++;
    if (!entry || entry === "absent") return;
    if (holds(entry)) candidates.push({ index, entry, packed: false });
  });
  // the interpreters the entries rest on are asked at once, in the background
  const commands = new Set(
    candidates.flatMap(({ entry }) => entry.dependencies.filter((d) => d[0] === "p")).map((d) => d[1]),
  );
  await Promise.all([...commands].map((c) => host().python.warm(c)));
  const base = host();
  const seen = new Map<string, string>();
  const holds = (d: Dependency): boolean => {
    const key = `${d[0]}\0${d[1]}`;
    let now = seen.get(key);
    if (now === undefined) seen.set(key, (now = currentState(base, d)));
    return now === d[2];
  };
  for (const { index, entry, packed } of candidates) {
    const file = files[index];
    const { settings, problems, notices } = settingsFor(file, options);
    // a baseline is matched by the findings' identities: an entry without them is checked again
    if (settings.baseline && entry.result.identities?.length !== entry.result.findings.length) continue;
    if (!entry.dependencies.every(holds)) continue;
    out.held.set(out.packKeys[index] as string, entry);
    if (!packed) out.allPacked = false;
    out.found[index] = {
      path: file,
      ...entry.result,
      failures: [],
      configProblems: problems,
      ...(notices.length ? { configNotices: notices } : {}),
      ...(settings.baseline ? { baseline: settings.baseline } : {}),
      fixesApplied: 0,
    };
  }
  files.forEach((file, index) => {
    if (out.found[index]) return;
    if (out.packKeys[index] !== undefined) out.allPacked = false;
    out.jobs.push({ file, cacheKey: keys[index]?.() });
    out.places.push(index);
  });
  return out;
}

/**
 * Leaves the run's pack: the entries that held and those its jobs wrote (read back from their
 * files); not rewritten when the run took everything from it.
 */
export function leavePack(use: CacheUse, looked: CacheLookup): void {
  if (!use.pack || (looked.allPacked && !looked.jobs.length)) return;
  const cache = ResultCache.at(use.dir);
  const entries = new Map(looked.held);
  looked.jobs.forEach((job, k) => {
    const pk = looked.packKeys[looked.places[k]];
    if (!job.cacheKey || pk === undefined) return;
    const entry = cache.read(job.cacheKey);
    if (entry && entry !== "absent") entries.set(pk, entry);
  });
  cache.writePack(use.pack, entries);
}

/**
 * A file's key in a pack: its path, root, settings (their hash, computed once per settings) and
 * whether edits are kept. No hash per file: the pack itself is named for the tool and the paths.
 */
function packKey(file: string, root: string | null, settings: Settings, keepEdits: boolean): string {
  return `${settingsKey(settings)}\0${root ?? ""}\0${keepEdits ? 1 : 0}\0${file}`;
}
