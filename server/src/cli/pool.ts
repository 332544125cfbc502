// Checking many files: on the main thread, helped by worker threads when there are enough files
// (one thread per core in all, the main thread being one of them), each file's result in its
// place whatever thread checked it. The threads take the next file from a counter they share
// (no round trip per file), and the workers send their results back in batches.
import * as os from "node:os";
import * as path from "node:path";
import { Worker } from "node:worker_threads";
import { loadPython, type PythonParsing } from "../parsing/parser";
import { checkFile, type CliOptions, type FileResult } from "./checkFile";
import { fixFile } from "./fixFile";
import { checkNotebookFile, isNotebookPath } from "./notebookFile";
import { notChecked } from "./unchecked";

/** One file to check, or (with --fix or --diff) to fix. */
export interface FileJob {
  file: string;
  /** Fix mode: apply only fixes that keep the module's names (fixPlan.ts). */
  keepInterface?: boolean;
}

/** What a worker thread is given: every job, and the counter the threads take them from. */
export interface WorkerInput {
  options: CliOptions;
  jobs: FileJob[];
  /** Int32Array [next job, then per worker: the job it is running, or -1] over a SharedArrayBuffer. */
  shared: SharedArrayBuffer;
  slot: number;
}

/** A batch of results from a worker (its last batch has `done`). */
export interface WorkerBatch {
  results: Array<{ index: number; result: FileResult } | { index: number; error: string }>;
  done: boolean;
}

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

/** What a thread runs for one job: a notebook's own check (it fixes its cells itself), else a fix or a check. */
export function runJob(parsing: PythonParsing, job: FileJob, options: CliOptions): FileResult {
  if (isNotebookPath(job.file)) return checkNotebookFile(parsing, job.file, options);
  return options.fix || options.diff
    ? fixFile(parsing, job.file, options, job.keepInterface)
    : checkFile(parsing, job.file, options);
}

/**
 * Runs jobs taken from `next` until none is left (the loop of the main thread and of each worker);
 * `running` is told each job's index before it starts (a worker that dies is blamed for that file).
 */
export function drainJobs(
  parsing: PythonParsing,
  jobs: readonly FileJob[],
  options: CliOptions,
  next: () => number,
  deliver: (index: number, outcome: { result: FileResult } | { error: string }) => void,
  running: (index: number) => void = () => {},
): void {
  for (let i = next(); i < jobs.length; i = next()) {
    running(i);
    try {
      deliver(i, { result: runJob(parsing, jobs[i], options) });
    } catch (error) {
      deliver(i, { error: error instanceof Error ? error.message : String(error) });
    }
  }
}

export async function checkFiles(
  files: readonly string[] | readonly FileJob[],
  options: CliOptions,
): Promise<FileResult[]> {
  const jobs: FileJob[] = files.map((f) => (typeof f === "string" ? { file: f } : f));
  const results: FileResult[] = new Array(jobs.length);
  // an error on one file is that file's (as in a worker thread), never the end of the run
  const failed = (i: number, message: string): FileResult => notChecked(jobs[i].file, `internal error: ${message}`);
  const deliver = (i: number, outcome: { result: FileResult } | { error: string }): void => {
    results[i] = "result" in outcome ? outcome.result : failed(i, outcome.error);
  };
  const workers = threadCount(jobs.length) - 1;
  const shared = new SharedArrayBuffer(4 * (1 + Math.max(0, workers)));
  const counter = new Int32Array(shared);
  const take = (): number => Atomics.add(counter, 0, 1);
  // the workers start (each loads the code and the parser) while the main thread already checks
  const finished = Promise.all(
    Array.from({ length: workers }, (_, w) => runWorker(jobs, options, shared, w + 1, deliver, failed)),
  );
  finished.catch(() => {}); // (awaited below: a worker's failure must not go unhandled meanwhile)
  const parsing = await loadPython();
  drainJobs(parsing, jobs, options, take, deliver);
  await finished;
  return results;
}

function runWorker(
  jobs: FileJob[],
  options: CliOptions,
  shared: SharedArrayBuffer,
  slot: number,
  deliver: (index: number, outcome: { result: FileResult } | { error: string }) => void,
  failed: (index: number, message: string) => FileResult,
): Promise<void> {
  const running = new Int32Array(shared);
  running[slot] = -1;
  return new Promise<void>((resolve, reject) => {
    const input: WorkerInput = { options, jobs, shared, slot };
    const worker = new Worker(path.join(__dirname, "worker.js"), { workerData: input });
    let done = false;
    worker.on("message", (batch: WorkerBatch) => {
      for (const { index, ...outcome } of batch.results) deliver(index, outcome);
      done ||= batch.done;
    });
    worker.on("error", (error) => {
      const current = Atomics.load(running, slot);
      if (current >= 0) deliver(current, { result: failed(current, error.message) });
      reject(error);
    });
    worker.on("exit", (code) => {
      if (done || code === 0) resolve();
      else reject(new Error(`a worker thread stopped (exit code ${code}) before its files were checked`));
    });
  });
}
