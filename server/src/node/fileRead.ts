// Reading a file from disk with a bound on the bytes actually read: the size field is only a
// hint (0 for /dev/zero and FIFOs), and opening a FIFO must never wait for a writer.
import * as fs from "node:fs";

export type FileRead = { ok: true; bytes: Buffer; stat: fs.Stats } | { ok: false; reason: string };

// (0 where the platform lacks the flag: Windows has no FIFOs to block on)
const O_NONBLOCK = fs.constants.O_NONBLOCK ?? 0;
const O_NOCTTY = fs.constants.O_NOCTTY ?? 0;

/** What a non-regular file is, in words. */
export function fileKind(stat: fs.Stats): string {
  if (stat.isDirectory()) return "a folder";
  if (stat.isFIFO()) return "a FIFO";
  if (stat.isCharacterDevice()) return "a character device";
  if (stat.isBlockDevice()) return "a block device";
  if (stat.isSocket()) return "a socket";
  return "not a regular file";
}

const ERRNO_WORDS: Record<string, string> = {
  ENOENT: "no such file or directory",
  EACCES: "permission denied",
  EPERM: "operation not permitted",
  EISDIR: "is a folder",
  ENOTDIR: "a part of the path is not a folder",
  ELOOP: "too many levels of symbolic links",
  EIO: "input/output error",
  ENOSPC: "no space left on device",
  EROFS: "read-only file system",
  EXDEV: "crosses file systems",
  EMFILE: "too many open files",
  ENAMETOOLONG: "file name too long",
};

/** An I/O error as a short phrase ("permission denied"), without the stack or the path. */
export function describeIoError(error: unknown): string {
  const code = error instanceof Error && "code" in error ? String((error as { code: unknown }).code) : "";
  if (ERRNO_WORDS[code]) return ERRNO_WORDS[code];
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/^[A-Z]+: /, "").replace(/, \w+ '.*'$/, "");
}

/**
 * Reads a regular file whole, refusing anything else and anything over `maxBytes`.
 * The type is checked twice: by stat before opening (opening a device can have effects of its
 * own) and by fstat on the open descriptor (the name may have been swapped in between). The
 * open is non-blocking, so a FIFO swapped in at that moment does not wait for a writer.
 */
export function readRegularFile(file: string, maxBytes: number): FileRead {
  let fd: number;
  try {
    const before = fs.statSync(file);
    if (!before.isFile()) return { ok: false, reason: `not a regular file (${fileKind(before)})` };
    fd = fs.openSync(file, fs.constants.O_RDONLY | O_NONBLOCK | O_NOCTTY);
  } catch (error) {
    return { ok: false, reason: describeIoError(error) };
  }
  try {
    const stat = fs.fstatSync(fd);
    if (!stat.isFile()) return { ok: false, reason: `not a regular file (${fileKind(stat)})` };
    if (stat.size > maxBytes) return { ok: false, reason: tooLarge(maxBytes, stat.size) };
    // read until end of file, never more than maxBytes + 1 (a file may grow while we read)
    let buffer = Buffer.allocUnsafe(Math.min(maxBytes + 1, stat.size + 1));
    let length = 0;
    for (;;) {
      if (length === buffer.length) {
        if (length > maxBytes) return { ok: false, reason: tooLarge(maxBytes, null) };
        const bigger = Buffer.allocUnsafe(Math.min(maxBytes + 1, Math.max(64 * 1024, buffer.length * 2)));
        buffer.copy(bigger, 0, 0, length);
        buffer = bigger;
      }
      const n = fs.readSync(fd, buffer, length, buffer.length - length, null);
      if (n === 0) break;
      length += n;
    }
    return { ok: true, bytes: buffer.subarray(0, length), stat };
  } catch (error) {
    return { ok: false, reason: describeIoError(error) };
  } finally {
    fs.closeSync(fd);
  }
}

function tooLarge(maxBytes: number, size: number | null): string {
  const limit = maxBytes >= 1024 * 1024 ? `${maxBytes / 1024 / 1024} MB` : `${maxBytes} bytes`;
  return size === null ? `larger than ${limit}` : `larger than ${limit} (${size} bytes)`;
}
