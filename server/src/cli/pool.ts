// Checking many files: on the main thread for a few, else on worker threads (one per core),
// each file's result in its place whatever thread checked it.
import * as os from "node:os";
import * as path from "node:path";
import { Worker } from "node:worker_threads";
import { loadPython, type PythonParsing } from "../parsing/parser";
import { checkFile, type CliOptions, type FileResult } from "./checkFile";
import { fixFile } from "./fixFile";
import { checkNotebookFile, isNotebookPath } from "./notebookFile";
import { addNoqaToFile } from "./addNoqa";
import { checkOlderText } from "./olderText";
import { notChecked } from "./unchecked";

/** One file to check, or (with --fix or --diff) to fix, or (with --add-noqa) to suppress. */
export interface FileJob {
  file: string;
  /** Fix mode: apply only fixes that keep the module's names (fixPlan.ts). */
  keepInterface?: boolean;
  /** An older text of the file to check instead of what is on disk (--since: the merge base's). */
  text?: string;
}

type WorkerMessage = { ready: true } | { index: number; result: FileResult } | { index: number; error: string };

const SERIAL_LIMIT = 8;

/**
 * PYREVIEW_THREADS forces the number of threads (at most one per file; 1: the main thread only),
 * so tests can show that results do not depend on it; otherwise one per core, and none for a few files.
 */
export function threadCount(files: number): number {
  const forced = Math.floor(Number(process.env.PYREVIEW_THREADS));
  if (forced >= 1) return Math.min(forced, files);
  return Math.min(os.availableParallelism(), Math.ceil(files / SERIAL_LIMIT));
}

/**
 * What a thread runs for one job: an older text's check (never written), a notebook's own check
 * (it fixes its cells itself), else a fix, the noqa comments of --add-noqa, or a check.
 */
export function runJob(parsing: PythonParsing, job: FileJob, options: CliOptions): FileResult {
  if (job.text !== undefined) return checkOlderText(parsing, job.file, job.text, options);
  if (isNotebookPath(job.file)) return checkNotebookFile(parsing, job.file, options);
  if (options.fix || options.diff) return fixFile(parsing, job.file, options, job.keepInterface);
  return options.addNoqa ? addNoqaToFile(parsing, job.file, options) : checkFile(parsing, job.file, options);
}

export async function checkFiles(
  files: readonly string[] | readonly FileJob[],
  options: CliOptions,
): Promise<FileResult[]> {
  const jobs: FileJob[] = files.map((f) => (typeof f === "string" ? { file: f } : f));
  const results: FileResult[] = new Array(jobs.length);
  const threads = threadCount(jobs.length);
  // an error on one file is that file's (as in a worker thread), never the end of the run
  const failed = (i: number, message: string): FileResult => notChecked(jobs[i].file, `internal error: ${message}`);
  if (threads <= 1) {
    const parsing = await loadPython();
    jobs.forEach((job, i) => {
      try {
        results[i] = runJob(parsing, job, options);
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
            if (next >= jobs.length) {
              worker.postMessage(null);
              return;
            }
            current = next++;
            worker.postMessage({ index: current, job: jobs[current] });
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
