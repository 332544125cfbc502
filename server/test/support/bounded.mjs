// Runs the bundled CLI with a bound on its time and memory: a regression (a read of /dev/zero,
// an open of a FIFO) is killed, not left to take the machine with it. Reports the peak memory
// (from the preload maxrss.mjs) and the time taken.
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { CLI } from "./cli.mjs";
import { REPO } from "./engine.mjs";

const PRELOAD = pathToFileURL(path.join(REPO, "server/test/support/maxrss.mjs")).href;

/** Resident memory of a running process in MB (Linux), or null. */
function rssOf(pid) {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Number(m[1]) / 1024 : null;
  } catch {
    return null;
  }
}

/**
 * { status, stdout, stderr, peakMB, elapsedMs, killed } where killed is "time", "memory" or null.
 */
export function runBounded(args, { cwd = REPO, env = {}, timeoutMs = 10000, maxMB = 600 } = {}) {
  return new Promise((resolve) => {
    const start = performance.now();
    const child = spawn(process.execPath, ["--import", PRELOAD, CLI, ...args], {
      cwd,
      env: { ...process.env, ...env },
    });
    let stdout = "";
    let stderr = "";
    let killed = null;
    child.stdout.setEncoding("utf8").on("data", (s) => (stdout += s));
    child.stderr.setEncoding("utf8").on("data", (s) => (stderr += s));
    const kill = (why) => {
      killed ??= why;
      child.kill("SIGKILL");
    };
    const timer = setTimeout(() => kill("time"), timeoutMs);
    const poll = setInterval(() => {
      const rss = rssOf(child.pid);
      if (rss !== null && rss > maxMB) kill("memory");
    }, 25);
    child.on("close", (status) => {
      clearTimeout(timer);
      clearInterval(poll);
      const m = /\nmaxrss-kb: (\d+)\n$/.exec(stderr);
      resolve({
        status,
        stdout,
        stderr: m ? stderr.slice(0, m.index) : stderr,
        peakMB: m ? Number(m[1]) / 1024 : null,
        elapsedMs: performance.now() - start,
        killed,
      });
    });
  });
}
