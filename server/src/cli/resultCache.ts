// `pyreview check`'s result cache (as ruff's .ruff_cache): one entry per file and run settings,
// holding the file's content hash, what its check read besides the file (dependencies.ts) and its
// result. An entry is used when the content and every read still match; otherwise the file is
// checked and the entry replaced. Entries are written whole (a temporary file renamed over the
// entry), so runs sharing the folder see an entry or none, never half of one; an entry that cannot
// be read or does not parse is a miss. The folder holds a .gitignore (`*`) and is kept under a size.
// A run also leaves a pack: the entries it used, in one file named for what the run was asked to
// check, so that the next such run reads one file instead of one per source file. A pack's entry
// is checked as any entry is (content, and what its check read); one that does not hold, or a pack
// that cannot be read, sends the run to the entry files.
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { writeWhole } from "../node/writeWhole";
import type { Settings } from "../config/settings";
import type { Dependency } from "./dependencies";
import type { FileResult } from "./checkFile";

/** Bumped when an entry's shape or meaning changes (older entries are then misses). */
const FORMAT = 2;
/** The folder's size above which the oldest entries are removed (PYREVIEW_CACHE_MAX_BYTES overrides). */
const MAX_BYTES = 256 * 1024 * 1024;
/** A temporary file older than this was left by a run that died: removed when the folder is tidied. */
const STALE_TEMP_MS = 60 * 60 * 1000;
const ENTRIES = "entries";
const PACKS = "packs";
/** A pack's own format (its keys: packKey in cachedCheck.ts), beside its entries'. */
const PACK_FORMAT = `${FORMAT}.2`;

/**
 * The result fields an entry keeps (the configuration's problems and the baseline's file are the
 * run's, found again). The findings' identities are kept when the settings name a baseline (they
 * are part of the key), as the baseline is matched against them after the run.
 */
export type CachedResult = Pick<
  FileResult,
  "findings" | "unchecked" | "syntaxError" | "ignored" | "fixEdits" | "identities"
>;

export interface CacheEntry {
  format: number;
  /** sha256 of the file's bytes as checked. */
  content: string;
  /** The file's status when it was read (node/fileStatus.ts fileStamp), when that status can vouch for the content. */
  stamp?: string;
  dependencies: Dependency[];
  result: CachedResult;
}

export function contentHash(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("base64url");
}

const settingsKeys = new WeakMap<Settings, string>();

/** The settings that decide a file's findings, as a hash (the cache folder itself is not one of them). */
export function settingsKey(settings: Settings): string {
  let key = settingsKeys.get(settings);
  if (key === undefined) {
    const { cacheDir: _, ...decisive } = settings;
    key = createHash("sha256").update(JSON.stringify(decisive)).digest("base64url");
    settingsKeys.set(settings, key);
  }
  return key;
}

/** What an entry is found by: the tool, the file, its settings and root, and what the run keeps. */
export function entryKey(parts: {
  tool: string;
  file: string;
  root: string | null;
  settings: Settings;
  keepEdits: boolean;
}): string {
  return createHash("sha256")
    .update(JSON.stringify([FORMAT, parts.tool, parts.file, parts.root, settingsKey(parts.settings), parts.keepEdits]))
    .digest("hex");
}

/** A result worth keeping: checked, with no rule that failed (a failure may not happen again). */
export function cacheable(result: FileResult): boolean {
  return result.skipped === undefined && result.writeError === undefined && result.failures.length === 0;
}

export function cachedPart(result: FileResult): CachedResult {
  const out: CachedResult = { findings: result.findings, unchecked: result.unchecked };
  if (result.syntaxError) out.syntaxError = result.syntaxError;
  if (result.ignored !== undefined) out.ignored = result.ignored;
  if (result.fixEdits) out.fixEdits = result.fixEdits;
  if (result.identities) out.identities = result.identities;
  return out;
}

function isEntry(value: unknown): value is CacheEntry {
  if (!value || typeof value !== "object") return false;
  const e = value as Partial<CacheEntry>;
  return (
    e.format === FORMAT &&
    typeof e.content === "string" &&
    (e.stamp === undefined || typeof e.stamp === "string") &&
    Array.isArray(e.dependencies) &&
    e.dependencies.every(
      (d) =>
        Array.isArray(d) && d.length === 3 && "slmrp".includes(String(d[0])) && d.every((x) => typeof x === "string"),
    ) &&
    !!e.result &&
    typeof e.result === "object" &&
    Array.isArray(e.result.findings) &&
    Array.isArray(e.result.unchecked) &&
    (e.result.identities === undefined || Array.isArray(e.result.identities))
  );
}

export function maxCacheBytes(): number {
  const forced = Number(process.env.PYREVIEW_CACHE_MAX_BYTES);
  return Number.isFinite(forced) && forced > 0 ? forced : MAX_BYTES;
}

export class ResultCache {
  private readonly shards = new Set<string>();
  /** The entries of the pack read (readPack), by key. */
  private pack = new Map<string, unknown>();

  private constructor(readonly dir: string) {}

  /** The cache in `dir` (made if need be, with its .gitignore), or null when it cannot be made. */
  static open(dir: string): ResultCache | null {
    try {
      fs.mkdirSync(path.join(dir, ENTRIES), { recursive: true });
      const ignore = path.join(dir, ".gitignore");
      if (!fs.existsSync(ignore)) writeWhole(ignore, "# Automatically created by pyreview.\n*\n");
      const tag = path.join(dir, "CACHEDIR.TAG");
      if (!fs.existsSync(tag))
        writeWhole(
          tag,
          "Signature: 8a477f597d28d172789f06886806bc55\n# This file is a cache directory tag created by pyreview.\n",
        );
      return new ResultCache(dir);
    } catch {
      return null;
    }
  }

  /** Reopens a cache another thread opened (its folder exists). */
  static at(dir: string): ResultCache {
    return new ResultCache(dir);
  }

  private entryPath(key: string): string {
    return path.join(this.dir, ENTRIES, key.slice(0, 2), `${key}.json`);
  }

  private packPath(name: string): string {
    return path.join(this.dir, PACKS, `${name}.json`);
  }

  /** Reads the pack `name` (a run's entries, writePack): `packed` then answers from it. */
  readPack(name: string): void {
    try {
      const value: unknown = JSON.parse(fs.readFileSync(this.packPath(name), "utf8"));
      const entries = value && typeof value === "object" ? (value as { format?: unknown; entries?: unknown }) : {};
      if (entries.format === PACK_FORMAT && entries.entries && typeof entries.entries === "object") {
        this.pack = new Map(Object.entries(entries.entries));
      }
    } catch {
      // (no pack yet, or a damaged one: the entry files answer)
    }
  }

  /** The entry under `key` in the pack read, or undefined. */
  packed(key: string): CacheEntry | undefined {
    const value = this.pack.get(key);
    if (value === undefined) return undefined;
    const entry = { format: FORMAT, ...(value as object) };
    return isEntry(entry) ? entry : undefined;
  }

  /** Writes the pack `name` whole: these entries by key (a pack that cannot be written is only a slower next run). */
  writePack(name: string, entries: ReadonlyMap<string, CacheEntry>): void {
    const packed: Record<string, Omit<CacheEntry, "format">> = {};
    for (const [key, { format: _, ...entry }] of entries) packed[key] = entry;
    try {
      fs.mkdirSync(path.join(this.dir, PACKS), { recursive: true });
      writeWhole(this.packPath(name), JSON.stringify({ format: PACK_FORMAT, entries: packed }));
    } catch {
      // (read-only or full)
    }
  }

  /** The entry under `key`, "absent", or null when it cannot be read or is not an entry (a miss all the same). */
  read(key: string): CacheEntry | "absent" | null {
    let text: string;
    try {
      text = fs.readFileSync(this.entryPath(key), "utf8");
    } catch (error) {
      return (error as { code?: string }).code === "ENOENT" ? "absent" : null;
    }
    try {
      const value: unknown = JSON.parse(text);
      return isEntry(value) ? value : null;
    } catch {
      return null;
    }
  }

  /** Writes the entry whole; a cache that cannot be written is only a slower next run. */
  write(key: string, entry: Omit<CacheEntry, "format">): void {
    const file = this.entryPath(key);
    try {
      const shard = path.dirname(file);
      if (!this.shards.has(shard)) {
        fs.mkdirSync(shard, { recursive: true });
        this.shards.add(shard);
      }
      writeWhole(file, JSON.stringify({ format: FORMAT, ...entry }));
    } catch {
      // (read-only or full: the run's results stand)
    }
  }

  /**
   * Keeps the folder under `maxBytes`: removes the entries written longest ago until it holds at
   * most three quarters of that, and temporary files a run left behind.
   */
  tidy(maxBytes = maxCacheBytes()): void {
    const entries: Array<{ file: string; size: number; mtimeMs: number }> = [];
    let total = 0;
    const now = Date.now();
    let shards: string[];
    try {
      shards = fs.readdirSync(path.join(this.dir, ENTRIES)).map((shard) => path.join(ENTRIES, shard));
    } catch {
      return;
    }
    // (a pack is an entry like the others here: the oldest go first)
    if (fs.existsSync(path.join(this.dir, PACKS))) shards.push(PACKS);
    for (const shard of shards) {
      const folder = path.join(this.dir, shard);
      let names: string[];
      try {
        names = fs.readdirSync(folder);
      } catch {
        continue;
      }
      for (const name of names) {
        const file = path.join(folder, name);
        try {
          const st = fs.statSync(file);
          if (name.endsWith(".tmp")) {
            if (now - st.mtimeMs > STALE_TEMP_MS) fs.rmSync(file, { force: true });
            continue;
          }
          entries.push({ file, size: st.size, mtimeMs: st.mtimeMs });
          total += st.size;
        } catch {
          // (removed meanwhile by another run)
        }
      }
    }
    if (total <= maxBytes) return;
    entries.sort((a, b) => a.mtimeMs - b.mtimeMs);
    for (const e of entries) {
      if (total <= maxBytes * 0.75) break;
      try {
        fs.rmSync(e.file, { force: true });
      } catch {
        // (another run's tidying got there first)
      }
      total -= e.size;
    }
  }
}
