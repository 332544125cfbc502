// Reading a source file from disk: binary, non-UTF-8, oversized and non-regular files are
// refused with a reason. The bytes and the file's status are kept for a later careful write.
import type * as fs from "node:fs";
import { readRegularFile } from "./fileRead";

export const MAX_FILE_BYTES = 10 * 1024 * 1024;

export type SourceRead =
  | {
      ok: true;
      /** The text, without the byte order mark (see `bom`). */
      text: string;
      bom: boolean;
      /** The bytes as read: what a write checks the file still holds before replacing it. */
      bytes: Buffer;
      stat: fs.Stats;
    }
  | { ok: false; reason: string };

// ignoreBOM keeps a leading BOM in the output (the default would drop it silently), so that
// `bom` can be told and the BOM written back
const decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

export function readSource(file: string): SourceRead {
  const read = readRegularFile(file, MAX_FILE_BYTES);
  if (!read.ok) return read;
  const decoded = decodeSource(read.bytes);
  return decoded.ok ? { ...decoded, bytes: read.bytes, stat: read.stat } : decoded;
}

/** The text of source bytes (from a file, or from standard input), or why they are not Python source. */
export function decodeSource(bytes: Buffer): { ok: true; text: string; bom: boolean } | { ok: false; reason: string } {
  if (bytes.subarray(0, 8192).includes(0)) return { ok: false, reason: "binary file (contains NUL bytes)" };
  let text: string;
  try {
    text = decoder.decode(bytes);
  } catch {
    return { ok: false, reason: "not valid UTF-8" };
  }
  const bom = text.charCodeAt(0) === 0xfeff;
  return { ok: true, text: bom ? text.slice(1) : text, bom };
}
