// Preloaded into a CLI run (node --import) to report the process's peak memory, worker threads
// included, as the last line on stderr.
import { writeSync } from "node:fs";

process.on("exit", () => {
  writeSync(2, `\nmaxrss-kb: ${process.resourceUsage().maxRSS}\n`);
});
