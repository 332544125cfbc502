// Runs the bundled CLI (dist/cli.js) and captures its output.
import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { REPO } from "./engine.mjs";

export const CLI = path.join(REPO, "dist/cli.js");

export function runCli(args, { cwd = REPO, env = {}, timeout } = {}) {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd,
    env: { ...process.env, ...env },
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
    timeout,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}
