// A worker thread of the CLI (dist/worker.js): runs worker-main.js (cli/worker.ts), compiled from
// V8's code cache when there (node/codeCache.ts), as the main thread runs cli-main.js.
import * as path from "node:path";
import { runWithCodeCache } from "../node/codeCache";

runWithCodeCache(path.join(__dirname, "worker-main.js"), "worker");
