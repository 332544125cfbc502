// Spreading files over worker threads (or the main thread, for a few files).
import * as os from "node:os";
import * as path from "node:path";
import { Worker } from "node:worker_threads";
import { loadPython } from "../parsing/parser";
import type { CliOptions, FileResult } from "./checkFile";
import { checkPath, itemPath, type CheckItem } from "./checkPath";
import { notChecked } from "./unchecked";

type WorkerMessage = { ready: true } | { index: number; result: FileResult } | { index: number; error: string };

const SERIAL_LIMIT = 8;

/** Checks each item (a file, or a file and an older text of it); results in the items' order. */
export async function checkFiles(files: readonly CheckItem[], options: CliOptions): Promise<FileResult[]> {
  const results: FileResult[] = new Array(files.length);
  const threads = Math.min(
    Number(process.env.PYREVIEW_THREADS) || os.availableParallelism(),
    Math.ceil(files.length / SERIAL_LIMIT),
  );
  // an error on one file is that file's (as in a worker thread), never the end of the run
  const failed = (i: number, message: string): FileResult =>
    notChecked(itemPath(files[i]), `internal error: ${message}`);
  if (threads <= 1) {
    const parsing = await loadPython();
    files.forEach((file, i) => {
      try {
        results[i] = checkPath(parsing, file, options);
      } catch (error) {
        results[i] = failed(i, error instanceof Error ? error.message : String(error));
      }
    });
    return results;
  }
  let next = 0;
  await Promise.all(
    Array.from(
      { length: threads },
      () =>
        new Promise<void>((resolve, reject) => {
          const worker = new Worker(path.join(__dirname, "worker.js"), { workerData: options });
          let current = -1;
          const feed = (): void => {
            if (next >= files.length) {
              worker.postMessage(null);
              return;
            }
            current = next++;
            worker.postMessage({ index: current, item: files[current] });
          };
          worker.on("message", (msg: WorkerMessage) => {
            if ("ready" in msg) return feed();
            results[msg.index] = "result" in msg ? msg.result : failed(msg.index, msg.error);
            current = -1;
            feed();
          });
          worker.on("error", (error) => {
            if (current >= 0) results[current] = failed(current, error.message);
            reject(error);
          });
          worker.on("exit", () => resolve());
        }),
    ),
  );
  return results;
}
