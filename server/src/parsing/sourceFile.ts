// Reading a source file for the CLI: binary, non-UTF-8 and oversized files are refused with a reason.
import * as fs from "node:fs";

export const MAX_FILE_BYTES = 10 * 1024 * 1024;

export type SourceRead = { ok: true; text: string; bom: boolean } | { ok: false; reason: string };

const decoder = new TextDecoder("utf-8", { fatal: true });

export function readSource(file: string): SourceRead {
  let bytes: Buffer;
  try {
    const stat = fs.statSync(file);
    if (stat.size > MAX_FILE_BYTES)
      return { ok: false, reason: `larger than ${MAX_FILE_BYTES / 1024 / 1024} MB (${stat.size} bytes)` };
    bytes = fs.readFileSync(file);
  } catch (error) {
    return { ok: false, reason: error instanceof Error ? error.message : String(error) };
  }
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
