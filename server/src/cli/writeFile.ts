// Writing a fixed file the way careful editors do: nothing is lost that the fix did not mean to
// change, and nothing outside the files being checked is written.
//
// - A link is resolved and its target written (the link stays a link), but only when the target
//   lies inside a folder being checked: a link planted in a repository cannot aim a fix elsewhere.
// - The new content goes to a temporary file with a random name, created exclusively (O_EXCL, no
//   link followed), given the file's mode and, where allowed, its owner, then renamed over it.
// - A file with several hard links is written in place instead: a rename would give this name a
//   new file and leave the other names holding the old text. The original bytes go to a backup
//   first (removed once done), and are written back if the write fails half-way.
// - So is a file whose owner cannot be kept (the rename would hand it to us).
// - A read-only file is left alone. The bytes on disk are compared with those read just before the
//   commit: an edit saved meanwhile is never overwritten.
import { randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { describeIoError, readRegularFile } from "../node/fileRead";

/** What was read (readSource): the fix replaces exactly these bytes or nothing. */
export interface ReadState {
  bytes: Buffer;
  /** Which file was read (a plain copy travels from a worker thread). */
  stat: Pick<fs.Stats, "dev" | "ino">;
}

/** Test seams: the write itself never needs them. */
export interface WriteHooks {
  /** Called just before the new content replaces the file (a test changes the file here). */
  beforeCommit?: (target: string) => void;
  /** The temporary file's name for the first attempt (a test plants a link there). */
  tempName?: (target: string) => string;
}

export type WriteOutcome = { written: true; target: string } | { written: false; reason: string };

const O_NOFOLLOW = fs.constants.O_NOFOLLOW ?? 0;
const CREATE_EXCLUSIVE = fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL | O_NOFOLLOW;
const TEMP_ATTEMPTS = 8;

class NotWritten extends Error {}

/** The UTF-8 bytes of a fixed text, with the byte order mark the file had. */
export function encodeSource(text: string, bom: boolean): Buffer {
  const body = Buffer.from(text, "utf8");
  return bom ? Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), body]) : body;
}

function randomTempName(target: string): string {
  return path.join(path.dirname(target), `.${path.basename(target)}.pyreview-${randomBytes(12).toString("hex")}.tmp`);
}

function isInside(folder: string, file: string): boolean {
  const rel = path.relative(folder, file);
  return rel !== "" && !rel.startsWith(`..${path.sep}`) && rel !== ".." && !path.isAbsolute(rel);
}

/**
 * Replaces the file `file` (as read: `read`) by `content`. `trees` are the real paths of the
 * folders being checked. Never throws: a file not written comes back with the reason.
 */
export function writeFixed(
  file: string,
  read: ReadState,
  content: Buffer,
  trees: readonly string[],
  hooks: WriteHooks = {},
): WriteOutcome {
  try {
    const target = fs.realpathSync(file);
    if (!trees.some((t) => isInside(t, target)))
      throw new NotWritten(`it links to ${target}, outside the folders being checked`);
    const stat = fs.lstatSync(target);
    if (!stat.isFile() || stat.dev !== read.stat.dev || stat.ino !== read.stat.ino)
      throw new NotWritten("it was replaced on disk while pyreview was fixing it");
    if ((stat.mode & 0o222) === 0) throw new NotWritten("it is read-only");
    fs.accessSync(target, fs.constants.W_OK);
    if (stat.nlink > 1 || !replaceByRename(target, stat, read, content, hooks))
      writeInPlace(target, read, content, hooks);
    return { written: true, target };
  } catch (error) {
    const reason = error instanceof NotWritten ? error.message : describeIoError(error);
    return { written: false, reason: `not written: ${reason}` };
  }
}

/** Fails (NotWritten) unless `target` still holds exactly the bytes that were read. */
function assertUnchanged(target: string, read: ReadState, fd?: number): void {
  let now: Buffer | null;
  if (fd === undefined) {
    const again = readRegularFile(target, read.bytes.length + 1);
    now = again.ok ? again.bytes : null;
  } else {
    // one byte more than was read: a file that grew differs
    const buffer = Buffer.alloc(read.bytes.length + 1);
    let length = 0;
    while (length < buffer.length) {
      const n = fs.readSync(fd, buffer, length, buffer.length - length, length);
      if (n === 0) break;
      length += n;
    }
    now = buffer.subarray(0, length);
  }
  if (!now?.equals(read.bytes)) throw new NotWritten("it changed on disk while pyreview was fixing it");
}

/** Exclusively creates a temporary file beside `target` holding `bytes`; returns its path and descriptor. */
function createTemp(target: string, bytes: Buffer, hooks: WriteHooks): { tmp: string; fd: number } {
  for (let attempt = 0; ; attempt++) {
    const tmp = attempt === 0 && hooks.tempName ? hooks.tempName(target) : randomTempName(target);
    let fd: number;
    try {
      fd = fs.openSync(tmp, CREATE_EXCLUSIVE, 0o600);
    } catch (error) {
      // a name taken (perhaps by a planted link) is left alone: try another
      if ((error as { code?: string }).code === "EEXIST" && attempt + 1 < TEMP_ATTEMPTS) continue;
      throw error;
    }
    try {
      writeAll(fd, bytes);
      return { tmp, fd };
    } catch (error) {
      fs.closeSync(fd);
      fs.rmSync(tmp, { force: true });
      throw error;
    }
  }
}

function writeAll(fd: number, bytes: Buffer): void {
  for (let done = 0; done < bytes.length; ) done += fs.writeSync(fd, bytes, done, bytes.length - done, done);
}

/** The temp-and-rename write; false (nothing changed) when the owner cannot be kept. */
function replaceByRename(target: string, stat: fs.Stats, read: ReadState, content: Buffer, hooks: WriteHooks): boolean {
  const { tmp, fd } = createTemp(target, content, hooks);
  let committed = false;
  try {
    if (stat.uid !== process.getuid?.() || stat.gid !== process.getgid?.()) {
      try {
        fs.fchownSync(fd, stat.uid, stat.gid);
      } catch {
        return false;
      }
    }
    // after chown, which clears set-id bits; and not from the umask
    fs.fchmodSync(fd, stat.mode & 0o7777);
    fs.fsyncSync(fd);
    hooks.beforeCommit?.(target);
    assertUnchanged(target, read);
    fs.renameSync(tmp, target);
    committed = true;
    syncFolder(path.dirname(target));
    return true;
  } finally {
    fs.closeSync(fd);
    if (!committed) fs.rmSync(tmp, { force: true });
  }
}

/** Overwrites the file's own bytes (hard links, owner): backup first, restore on failure. */
function writeInPlace(target: string, read: ReadState, content: Buffer, hooks: WriteHooks): void {
  const fd = fs.openSync(target, fs.constants.O_RDWR | O_NOFOLLOW);
  try {
    const stat = fs.fstatSync(fd);
    if (!stat.isFile() || stat.dev !== read.stat.dev || stat.ino !== read.stat.ino)
      throw new NotWritten("it was replaced on disk while pyreview was fixing it");
    hooks.beforeCommit?.(target);
    assertUnchanged(target, read, fd);
    const backup = createTemp(target, read.bytes, {});
    fs.fsyncSync(backup.fd);
    fs.closeSync(backup.fd);
    try {
      writeAll(fd, content);
      fs.ftruncateSync(fd, content.length);
      fs.fsyncSync(fd);
    } catch (error) {
      let restored = false;
      try {
        writeAll(fd, read.bytes);
        fs.ftruncateSync(fd, read.bytes.length);
        fs.fsyncSync(fd);
        restored = true;
      } catch {}
      if (!restored) throw new NotWritten(`${describeIoError(error)}; the original is kept in ${backup.tmp}`);
      fs.rmSync(backup.tmp, { force: true });
      throw new NotWritten(`${describeIoError(error)}; the file was left as it was`);
    }
    fs.rmSync(backup.tmp, { force: true });
  } finally {
    fs.closeSync(fd);
  }
}

/** Makes a rename durable (best effort: not every file system lets a folder be synced). */
function syncFolder(dir: string): void {
  try {
    const fd = fs.openSync(dir, fs.constants.O_RDONLY);
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  } catch {}
}
