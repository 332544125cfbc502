// Asking git what a branch changed ("Review Changes", `--since REF`): the repository's root, the
// merge base (as `REF...HEAD` takes it), the changed lines against the working tree, the files'
// text at the base, the branch's upstream and the refs to pick from. git runs without a shell,
// and with what in a repository's own configuration could run a program turned off (an
// external diff, text conversion, the file-system monitor): reading a branch runs nothing of it.
import { execFile } from "node:child_process";
import * as path from "node:path";
import type { FileChange } from "../core/fileChange";
import type { GitRepositories } from "../core/host";
import { parseUnifiedDiff } from "./gitDiff";

export class GitError extends Error {}

/** Options before every command: nothing configured in the repository runs, paths are not quoted. */
const SAFE = ["-c", "core.fsmonitor=false", "-c", "core.quotePath=false", "--no-pager"];

const MAX_OUTPUT = 512 * 1024 * 1024;

function run(cwd: string, args: readonly string[], input?: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      "git",
      [...SAFE, ...args],
      {
        cwd,
        encoding: "buffer",
        maxBuffer: MAX_OUTPUT,
        // never a prompt for credentials; no lock taken for a read (a parallel `git commit` wins)
        env: { ...process.env, GIT_TERMINAL_PROMPT: "0", GIT_OPTIONAL_LOCKS: "0", LC_ALL: "C" },
      },
      (error, stdout, stderr) => {
        if (error) {
          const said = stderr.toString("utf8").trim().split("\n")[0];
          const missing = (error as NodeJS.ErrnoException).code === "ENOENT";
          reject(new GitError(missing ? "git is not installed (or not on PATH)" : said || error.message));
        } else resolve(stdout);
      },
    );
    if (input !== undefined) child.stdin?.end(input);
  });
}

async function text(cwd: string, args: readonly string[]): Promise<string> {
  return (await run(cwd, args)).toString("utf8").trim();
}

/** The root of the work tree holding `dir`, or null outside a repository. */
export async function repositoryRoot(dir: string): Promise<string | null> {
  try {
    return path.resolve(await text(dir, ["rev-parse", "--show-toplevel"]));
  } catch {
    return null;
  }
}

/** The commit a branch forked from `ref` (git's `ref...HEAD`): its full hash. */
export async function mergeBase(root: string, ref: string): Promise<string> {
  if (ref.startsWith("-")) throw new GitError(`${ref} is not a ref`);
  try {
    await text(root, ["rev-parse", "--verify", "--quiet", `${ref}^{commit}`]);
  } catch {
    throw new GitError(`${ref} is not a branch, tag or commit of ${root}`);
  }
  try {
    return await text(root, ["merge-base", ref, "HEAD"]);
  } catch {
    throw new GitError(`${ref} and HEAD have no commit in common`);
  }
}

/** The abbreviated hash of a commit, for reports. */
export async function shortHash(root: string, commit: string): Promise<string> {
  return text(root, ["rev-parse", "--short", commit]);
}

/**
 * What changed from `base` to the working tree: each file's added lines and deletions (renames
 * followed), plus untracked files (not ignored) as wholly new. Paths are relative to the root.
 */
export async function changedFiles(root: string, base: string): Promise<FileChange[]> {
  const diff = await run(root, [
    "diff",
    "-U0",
    "-M",
    "--no-color",
    "--no-ext-diff",
    "--no-textconv",
    "--src-prefix=a/",
    "--dst-prefix=b/",
    base,
    "--",
  ]);
  const changes = parseUnifiedDiff(diff.toString("utf8"));
  const untracked = await run(root, ["ls-files", "--others", "--exclude-standard", "-z"]);
  const known = new Set(changes.map((c) => c.path));
  for (const p of untracked.toString("utf8").split("\0")) {
    if (p && !known.has(p)) changes.push({ path: p, oldPath: null, whole: true, added: [], deletedAfter: [] });
  }
  return changes;
}

/**
 * The text of each path (relative to the root) at `commit`, one git process for all of them;
 * null for a path that is not there (or whose name git's batch input cannot carry).
 */
export async function textsAt(
  root: string,
  commit: string,
  paths: readonly string[],
): Promise<Map<string, string | null>> {
  const out = new Map<string, string | null>();
  const asked = paths.filter((p) => !/[\n\r]/.test(p));
  for (const p of paths) out.set(p, null);
  if (!asked.length) return out;
  const stdout = await run(root, ["cat-file", "--batch"], asked.map((p) => `${commit}:${p}\n`).join(""));
  let at = 0;
  for (const p of asked) {
    const headerEnd = stdout.indexOf(0x0a, at);
    if (headerEnd < 0) break;
    const header = stdout.subarray(at, headerEnd).toString("utf8");
    at = headerEnd + 1;
    const m = /^[0-9a-f]+ (\w+) (\d+)$/.exec(header);
    if (!m) continue; // "<spec> missing"
    const size = Number(m[2]);
    if (m[1] === "blob") out.set(p, stdout.subarray(at, at + size).toString("utf8"));
    at += size + 1;
  }
  return out;
}

/** The branch's upstream (`origin/main`), or null when it has none (or HEAD is detached). */
export async function upstreamOf(root: string): Promise<string | null> {
  try {
    return (await text(root, ["rev-parse", "--abbrev-ref", "--symbolic-full-name", "@{upstream}"])) || null;
  } catch {
    return null;
  }
}

/** The current branch's name, or null when HEAD is detached. */
export async function currentBranch(root: string): Promise<string | null> {
  try {
    const name = await text(root, ["symbolic-ref", "--quiet", "--short", "HEAD"]);
    return name || null;
  } catch {
    return null;
  }
}

/** Local branches, remote branches and tags, most recently committed first. */
export async function refsOf(root: string): Promise<string[]> {
  const out = await text(root, [
    "for-each-ref",
    "--sort=-committerdate",
    "--format=%(refname:short)",
    "refs/heads",
    "refs/remotes",
    "refs/tags",
  ]);
  return out.split("\n").filter((r) => r && !r.endsWith("/HEAD"));
}

/** git as the host offers it (core/host.ts). */
export const nodeGit: GitRepositories = {
  root: repositoryRoot,
  mergeBase,
  shortHash,
  changedFiles,
  textsAt,
  upstreamOf,
  currentBranch,
  refsOf,
};
