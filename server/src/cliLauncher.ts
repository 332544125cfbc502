// `pyreview`: starts what a run will wait for (the interpreter's answer) before the CLI's bundle
// (cli-main.js) is loaded and compiled, then runs it.
import * as path from "node:path";
import { startEarly } from "./node/earlyInterpreter";

startEarly(process.argv.slice(2));
require(path.join(__dirname, "cli-main.js"));
