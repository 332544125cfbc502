// A worker thread of the CLI: receives file jobs, answers with results, one at a time.
import { parentPort, workerData } from "node:worker_threads";
import { loadPython } from "../parsing/parser";
import type { CliOptions } from "./checkFile";
import { runJob, type FileJob } from "./pool";
import { installNodeHost } from "../node/host";

export interface WorkerRequest {
  index: number;
  job: FileJob;
}

async function main(): Promise<void> {
  const options = workerData as CliOptions;
  const parsing = await loadPython();
  const port = parentPort;
  if (!port) return;
  port.on("message", (req: WorkerRequest | null) => {
    if (req === null) {
      port.close();
      return;
    }
    try {
      port.postMessage({ index: req.index, result: runJob(parsing, req.job, options) });
    } catch (error) {
      port.postMessage({ index: req.index, error: error instanceof Error ? error.message : String(error) });
    }
  });
  port.postMessage({ ready: true });
}

installNodeHost();
void main();
