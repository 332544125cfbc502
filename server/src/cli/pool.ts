// Checking many files: on the main thread, helped by worker threads when there are enough files
// (one thread per core in all, the main thread being one of them), each file's result in its
// place whatever thread checked it. The threads take the next files from a counter they share
// (no round trip per file), and the workers send their results back in batches.
import * as os from "node:os";
import * as path from "node:path";
import { Worker } from "node:worker_threads";
import { host, type InterpreterInfo } from "../core/host";
import { loadPython } from "../parsing/parser";
import { interpreterCommand } from "../resolve/interpreterInfo";
import { knownInterpreters } from "../node/interpreter";
import { type CliOptions, type FileResult, settingsFor } from "./checkFile";
import { enabledRules } from "../engine/check";
import type { Settings } from "../config/settings";
import { type FileJob, jobRunner } from "./jobs";
import { notChecked } from "./unchecked";

export type { FileJob } from "./jobs";

/** What a worker thread is given: every job, and the counter the threads take them from. */
export interface WorkerInput {
  options: CliOptions;
  jobs: FileJob[];
  /** Int32Array [next job, then per worker: the job it is running, or -1] over a SharedArrayBuffer. */
  shared: SharedArrayBuffer;
  slot: number;
  /** How many threads take jobs (the chunk a thread takes shrinks as the jobs run out). */
  threads: number;
  /** A rule that runs may ask the interpreter: the worker waits for its answer (WorkerNews) first. */
  awaitsInterpreter: boolean;
}

/** A batch of results from a worker (its last batch has `done`). */
export interface WorkerBatch {
  results: Array<{ index: number; result: FileResult } | { index: number; error: string }>;
  done: boolean;
}

/** Sent to a worker when the main thread knows it: what the interpreter said (asked once per run). */
export interface WorkerNews {
  interpreters: InterpreterInfo[];
}

const SERIAL_LIMIT = 8;
/** The most files a thread takes at once: files of a folder checked by one thread share what they read of their siblings. */
const MAX_CHUNK = 8;

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
 * The next jobs for a thread from the shared counter: consecutive files (the walk's order keeps a
 * folder's files together), fewer as the jobs run out so that the threads finish together.
 */
export function takeJobs(counter: Int32Array, total: number, threads: number): { start: number; end: number } {
  const left = total - Atomics.load(counter, 0);
  const size = Math.max(1, Math.min(MAX_CHUNK, Math.floor(left / (threads * 4))));
  const start = Atomics.add(counter, 0, size);
  return { start, end: Math.min(total, start + size) };
}

/**
 * Runs jobs taken with `take` until none is left (the loop of the main thread and of each worker);
 * `running` is told each job's index before it starts (a worker that dies is blamed for that file).
 */
export function drainJobs(
  jobs: readonly FileJob[],
  run: (job: FileJob) => FileResult,
  take: () => { start: number; end: number },
  deliver: (index: number, outcome: { result: FileResult } | { error: string }) => void,
  running: (index: number) => void = () => {},
): void {
  for (let chunk = take(); chunk.start < jobs.length; chunk = take()) {
    for (let i = chunk.start; i < chunk.end; i++) {
      running(i);
      try {
        deliver(i, { result: run(jobs[i]) });
      } catch (error) {
        deliver(i, { error: error instanceof Error ? error.message : String(error) });
      }
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
  const threads = threadCount(jobs.length);
  const workers = threads - 1;
  const awaitsInterpreter = mayUseInterpreter(jobs, options);
  const shared = new SharedArrayBuffer(4 * (1 + Math.max(0, workers)));
  const counter = new Int32Array(shared);
  // the workers start (each loads the code and the parser) while the main thread already checks
  const started = Array.from({ length: workers }, (_, w) =>
    startWorker({ options, jobs, shared, slot: w + 1, threads, awaitsInterpreter }, deliver, failed),
  );
  const finished = Promise.all(started.map((w) => w.finished));
  finished.catch(() => {}); // (awaited below: a worker's failure must not go unhandled meanwhile)
  const parsing = await loadPython();
  // the interpreter is asked once for all threads (the launcher or the run may have asked it in
  // the background: its answer is awaited, never asked again by a thread that cannot wait), when
  // a rule that runs may find modules through it
  if (awaitsInterpreter) await host().python.warm(interpreterCommand(options.python ?? null));
  if (started.length) {
    const news: WorkerNews = { interpreters: knownInterpreters() };
    for (const w of started) w.worker.postMessage(news);
  }
  drainJobs(jobs, jobRunner(parsing, options), () => takeJobs(counter, jobs.length, threads), deliver);
  await finished;
  return results;
}

/**
 * Whether a rule that may ask the interpreter (`usesInterpreter`) runs on some job: per the
 * settings of each job's folder, before per-file ignores (a rule they switch off still counts).
 */
function mayUseInterpreter(jobs: readonly FileJob[], options: CliOptions): boolean {
  const seen = new Set<Settings>();
  for (const job of jobs) {
    const { settings } = settingsFor(job.file, options);
    if (seen.has(settings)) continue;
    seen.add(settings);
    if (rulesAskInterpreter(settings)) return true;
  }
  return false;
}

/** Whether these settings run a rule that may ask the interpreter (before per-file ignores). */
export function rulesAskInterpreter(settings: Settings): boolean {
  return enabledRules({ ...settings, perFileIgnores: {} }, null, null).some((r) => r.meta.usesInterpreter);
}

function startWorker(
  input: WorkerInput,
  deliver: (index: number, outcome: { result: FileResult } | { error: string }) => void,
  failed: (index: number, message: string) => FileResult,
): { worker: Worker; finished: Promise<void> } {
  const running = new Int32Array(input.shared);
  running[input.slot] = -1;
  const worker = new Worker(path.join(__dirname, "worker.js"), { workerData: input });
  const finished = new Promise<void>((resolve, reject) => {
    let done = false;
    worker.on("message", (batch: WorkerBatch) => {
      for (const { index, ...outcome } of batch.results) deliver(index, outcome);
      done ||= batch.done;
    });
    worker.on("error", (error) => {
      const current = Atomics.load(running, input.slot);
      if (current >= 0) deliver(current, { result: failed(current, error.message) });
      reject(error);
    });
    worker.on("exit", (code) => {
      if (done || code === 0) resolve();
      else reject(new Error(`a worker thread stopped (exit code ${code}) before its files were checked`));
    });
  });
  return { worker, finished };
}
