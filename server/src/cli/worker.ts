// A worker thread of the CLI: takes file jobs from the counter it shares with the other threads
// and sends their results back in batches (the main thread reads them when it is free).
import { parentPort, workerData } from "node:worker_threads";
import { loadPython } from "../parsing/parser";
import { drainJobs, takeJobs, type WorkerBatch, type WorkerInput, type WorkerNews } from "./pool";
import { jobRunner } from "./jobs";
import { installNodeHost } from "../node/host";
import { seedInterpreters } from "../node/interpreter";

/** Results per message: fewer messages, yet the main thread's memory fills as it goes. */
const BATCH = 16;

async function main(): Promise<void> {
  const { options, jobs, shared, slot, threads, awaitsInterpreter } = workerData as WorkerInput;
  const port = parentPort;
  if (!port) return;
  // what the main thread learnt meanwhile (the interpreter's answer), taken while the parser loads;
  // when a rule may ask it, awaited: a thread that asked it itself would start Python again
  let told: () => void = () => {};
  const news = new Promise<void>((resolve) => {
    told = resolve;
  });
  port.on("message", (message: WorkerNews) => {
    seedInterpreters(message.interpreters);
    told();
  });
  const counter = new Int32Array(shared);
  const parsing = await loadPython();
  if (awaitsInterpreter) await news;
  port.unref(); // (listening does not keep the thread alive once its jobs are done)
  let batch: WorkerBatch["results"] = [];
  drainJobs(
    jobs,
    jobRunner(parsing, options),
    () => takeJobs(counter, jobs.length, threads),
    (index, outcome) => {
      batch.push({ index, ...outcome });
      if (batch.length < BATCH) return;
      port.postMessage({ results: batch, done: false } satisfies WorkerBatch);
      batch = [];
    },
    (index) => Atomics.store(counter, slot, index),
  );
  Atomics.store(counter, slot, -1);
  port.postMessage({ results: batch, done: true } satisfies WorkerBatch);
}

installNodeHost();
void main();
