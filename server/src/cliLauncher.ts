// `pyreview`: starts what a run will wait for (the interpreter's answer) before the CLI's bundle
// (cli-main.js) is loaded, then runs it, compiled from V8's code cache when there (node/codeCache.ts).
import * as path from "node:path";
import { runWithCodeCache } from "./node/codeCache";
import { startEarly } from "./node/earlyInterpreter";

startEarly(process.argv.slice(2));
runWithCodeCache(path.join(__dirname, "cli-main.js"), process.argv[2] ?? "");
