// Where the CLI's report goes: standard output, or the file named by --output-file. A reader that
// goes away (`pyreview rules | head -1`) ends the output quietly: no stack trace, no more writes.
import * as fs from "node:fs";
import * as path from "node:path";
import { describeIoError } from "../node/fileRead";

let stdoutClosed = false;

/** Installs the quiet end of a closed pipe; call once, before the first write. */
export function guardStdout(): void {
  process.stdout.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE" || error.code === "ERR_STREAM_DESTROYED") {
      stdoutClosed = true;
      return;
    }
    throw error;
  });
}

/** Writes to standard output unless its reader has gone. */
export function writeStdout(text: string | Buffer): void {
  if (!stdoutClosed) process.stdout.write(text);
}

/** Writes the report to `file` (making its folders), or says why not. */
export function writeOutputFile(file: string, text: string): string | null {
  try {
    fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    fs.writeFileSync(file, text);
    return null;
  } catch (error) {
    return `cannot write ${file}: ${describeIoError(error)}`;
  }
}
