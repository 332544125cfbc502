// Source text from a file's bytes: binary and non-UTF-8 files are refused with a reason, and a
// byte order mark is noted (so that a fix can write it back) and left out of the text.
import { files } from "../core/host";

/** The CLI reads files up to this size; larger ones are not checked. */
export const MAX_FILE_BYTES = 10 * 1024 * 1024;

export type SourceText = { ok: true; text: string; bom: boolean } | { ok: false; reason: string };

// ignoreBOM keeps a leading BOM in the output (the default would drop it silently), so that
// `bom` can be told and the BOM written back
const decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

export function decodeSource(bytes: Uint8Array): SourceText {
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

/** A file's text, read through the host with the CLI's bound, or why it cannot be checked. */
export function readSourceText(path: string): SourceText {
  const read = files().readBounded(path, MAX_FILE_BYTES);
  return read.ok ? decodeSource(read.bytes) : read;
}
