// The browser's file system: files come from the client (vscode.workspace.fs), asynchronously,
// while the engine asks synchronously. Each synchronous call answers from what is known; what is
// not known yet is answered as absent, noted, and fetched in one request by `fetchUnanswered`
// (core/settle.ts then runs the computation again). Answers are kept until a watched change or
// `forget`; a source file's or pyproject.toml's bytes come with its first stat, saving a round.
import type { FileRead, FileStat, FileSystem, Listing, RemoteFiles } from "../core/host";
import { dirname, resolve } from "../core/posixPath";
import { MAX_FILE_BYTES } from "../parsing/sourceText";
import { type FileAnswer, type FileQuery, fromBase64 } from "./protocol";

interface Known {
  stat: FileStat | null;
  /** Why the file could not be reached (stat is then null). */
  error?: string;
  /** undefined: not asked yet. */
  listing?: Listing | null;
  content?: FileRead;
}

interface Wanted {
  list: boolean;
  read: boolean;
}

/** Files whose bytes are fetched with their stat: what the engine reads after asking whether they exist. */
const READ_WITH_STAT = /(?:\.pyi?|\/pyproject\.toml|\/\.gitignore)$/;
/** Paths asked in one request at most (the rest go in the next). */
const BATCH = 256;
/** Past this many known paths, everything is forgotten (and fetched again when needed). */
const MAX_KNOWN = 50_000;

export class RemoteFileSystem implements FileSystem, RemoteFiles {
  private readonly known = new Map<string, Known>();
  private readonly wanted = new Map<string, Wanted>();
  private readonly inFlight = new Set<Promise<void>>();
  private readonly listeners: Array<(paths: readonly string[]) => void> = [];

  /**
   * `ask` sends queries to the client (it may reject, or time out: the paths are then taken as
   * unreachable until forgotten); `uriOf` names a path for it.
   */
  constructor(
    private readonly ask: (queries: FileQuery[]) => Promise<FileAnswer[]>,
    private readonly uriOf: (path: string) => string,
  ) {}

  get remote(): RemoteFiles {
    return this;
  }

  get pending(): boolean {
    return this.wanted.size > 0 || this.inFlight.size > 0;
  }

  stat(path: string): FileStat | null {
    const k = this.known.get(path);
    if (k) return k.stat;
    this.want(path, { list: false, read: READ_WITH_STAT.test(path) });
    return null;
  }

  listDirectory(path: string): Listing | null {
    const k = this.known.get(path);
    if (k && (k.listing !== undefined || k.stat?.kind !== "dir")) return k.listing ?? null;
    this.want(path, { list: true, read: false });
    return null;
  }

  readFile(path: string): Uint8Array {
    const read = this.readBounded(path, MAX_FILE_BYTES);
    if (read.ok) return read.bytes;
    throw new Error(read.reason);
  }

  readBounded(path: string, maxBytes: number): FileRead {
    const k = this.known.get(path);
    if (k?.stat === null) return { ok: false, reason: k.error ?? "no such file or directory" };
    if (k?.stat && k.stat.kind !== "file") {
      return { ok: false, reason: `not a regular file (${k.stat.kind === "dir" ? "a folder" : "not a regular file"})` };
    }
    if (k?.content) {
      if (k.content.ok && k.content.bytes.length > maxBytes) return { ok: false, reason: tooLarge(maxBytes) };
      return k.content;
    }
    this.want(path, { list: false, read: true });
    return { ok: false, reason: "not read yet" };
  }

  /** There are no links to resolve in the editor's file systems. */
  realpath(path: string): string {
    return resolve(path);
  }

  onAnswered(listener: (paths: readonly string[]) => void): void {
    this.listeners.push(listener);
  }

  forget(path?: string): void {
    if (path === undefined) {
      this.known.clear();
      return;
    }
    this.known.delete(path);
    this.known.delete(dirname(path)); // its listing may have changed
  }

  async fetchUnanswered(): Promise<void> {
    while (this.wanted.size) {
      const batch = [...this.wanted].slice(0, BATCH);
      for (const [path] of batch) this.wanted.delete(path);
      const fetching = this.fetch(batch);
      this.inFlight.add(fetching);
      void fetching.finally(() => this.inFlight.delete(fetching));
    }
    await Promise.all([...this.inFlight]);
  }

  private want(path: string, what: Wanted): void {
    const w = this.wanted.get(path);
    if (w) {
      w.list ||= what.list;
      w.read ||= what.read;
    } else {
      this.wanted.set(path, { ...what });
    }
  }

  private async fetch(batch: Array<[string, Wanted]>): Promise<void> {
    const queries: FileQuery[] = batch.map(([path, w]) => ({
      uri: this.uriOf(path),
      ...(w.list ? { list: true } : {}),
      ...(w.read ? { read: MAX_FILE_BYTES } : {}),
    }));
    let answers: FileAnswer[];
    try {
      answers = await this.ask(queries);
      if (!Array.isArray(answers) || answers.length !== queries.length) throw new Error("a malformed answer");
    } catch (error) {
      const why = `the editor did not say (${error instanceof Error ? error.message : String(error)})`;
      answers = queries.map(() => ({ stat: null, error: why }));
    }
    if (this.known.size > MAX_KNOWN) this.known.clear();
    const paths = batch.map(([path]) => path);
    paths.forEach((path, i) => {
      this.known.set(path, merge(this.known.get(path), answers[i]));
    });
    for (const listener of this.listeners) listener(paths);
  }
}

function merge(before: Known | undefined, answer: FileAnswer): Known {
  const stat: FileStat | null = answer.stat
    ? { kind: answer.stat.type, mtimeMs: answer.stat.mtime, size: answer.stat.size }
    : null;
  const known: Known = { stat, error: answer.error };
  // a folder listed or a file read before, unchanged since: keep what was learnt
  if (before && stat && before.stat?.mtimeMs === stat.mtimeMs && before.stat.size === stat.size) {
    known.listing = before.listing;
    known.content = before.content;
  }
  if (answer.entries !== undefined) known.listing = answer.entries ? new Map(answer.entries) : null;
  if (answer.content !== undefined) known.content = { ok: true, bytes: fromBase64(answer.content) };
  else if (answer.readError !== undefined) known.content = { ok: false, reason: answer.readError };
  return known;
}

function tooLarge(maxBytes: number): string {
  return `larger than ${maxBytes >= 1024 * 1024 ? `${maxBytes / 1024 / 1024} MB` : `${maxBytes} bytes`}`;
}
