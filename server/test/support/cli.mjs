// Runs the bundled CLI (dist/cli.js) and captures its output.
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { REPO } from "./engine.mjs";

export const CLI = path.join(REPO, "dist/cli.js");

/** The test's environment without the colour switches (a test that wants them passes them in `env`). */
export function plainEnv(env = {}) {
  const out = { ...process.env };
  delete out.FORCE_COLOR;
  delete out.NO_COLOR;
  return { ...out, ...env };
}

export function runCli(args, { cwd = REPO, env = {}, timeout, input } = {}) {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd,
    env: plainEnv(env),
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
    timeout,
    input,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A fresh folder (named `pyreview-<prefix>-…` in the temporary folder) holding `files` ({relative path: text}). */
export function projectFolder(files, prefix = "project") {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `pyreview-${prefix}-`));
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  }
  return dir;
}
