// Reading a source file from disk: binary, non-UTF-8, oversized and non-regular files are
// refused with a reason. The bytes and the file's status are kept for a later careful write.
import type * as fs from "node:fs";
import { decodeSource, MAX_FILE_BYTES } from "../parsing/sourceText";
import { readRegularFile } from "./fileRead";

export { MAX_FILE_BYTES };

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

export function readSource(file: string): SourceRead {
  const read = readRegularFile(file, MAX_FILE_BYTES);
  if (!read.ok) return read;
  const decoded = decodeSource(read.bytes);
  return decoded.ok ? { ...decoded, bytes: read.bytes, stat: read.stat } : decoded;
}
