// A file written whole: a temporary file of a name no other process or thread uses, renamed over
// it, so a reader sees the old file or the new one, never half of one (the result cache, the kept
// interpreter answers, the code cache).
import { randomBytes } from "node:crypto";
import * as fs from "node:fs";
import { threadId } from "node:worker_threads";

/** Writes `file` whole (with `mode` for a new file); the temporary file goes on failure, and the error is thrown. */
export function writeWhole(file: string, data: string | Uint8Array, mode?: number): void {
  const temp = `${file}.${process.pid}.${threadId}.${randomBytes(4).toString("hex")}.tmp`;
  try {
    fs.writeFileSync(temp, data, mode === undefined ? undefined : { mode });
    fs.renameSync(temp, file);
  } catch (error) {
    fs.rmSync(temp, { force: true });
    throw error;
  }
}
