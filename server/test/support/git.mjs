// Real git repositories for the tests: made in a temporary folder, committed with a fixed author
// and dates, so that what `--since` and "Review Changes" see is what a user's git would show.
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

const ENV = {
  ...process.env,
  GIT_AUTHOR_NAME: "Test",
  GIT_AUTHOR_EMAIL: "test@example.com",
  GIT_COMMITTER_NAME: "Test",
  GIT_COMMITTER_EMAIL: "test@example.com",
  GIT_AUTHOR_DATE: "2024-01-01T00:00:00Z",
  GIT_COMMITTER_DATE: "2024-01-01T00:00:00Z",
  // the machine's own git configuration stays out of the tests
  GIT_CONFIG_GLOBAL: "/dev/null",
  GIT_CONFIG_NOSYSTEM: "1",
};

export function git(dir, ...args) {
  return execFileSync("git", args, { cwd: dir, env: ENV, encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
}

/** A new repository on branch `main`; `files` maps paths in it to their text. */
export function makeRepo(files = {}, prefix = "pyreview-git-") {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), prefix)));
  git(dir, "init", "-q", "-b", "main");
  writeFiles(dir, files);
  return dir;
}

export function writeFiles(dir, files) {
  for (const [rel, text] of Object.entries(files)) {
    const file = path.join(dir, rel);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
  }
}

export function commitAll(dir, message = "commit") {
  git(dir, "add", "-A");
  git(dir, "commit", "-q", "-m", message);
}
