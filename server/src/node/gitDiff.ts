// What `git diff -U0 -M` says changed, file by file: the new side's added lines and where lines
// were deleted, and the old path of a renamed file. Pure text in, data out (git.ts runs git).
import type { FileChange } from "../core/fileChange";

/** A path as git writes it in a diff: C-quoted (`"a/t\\303\\251st"`) when it holds unusual bytes. */
export function unquoteGitPath(raw: string): string {
  if (!raw.startsWith('"')) return raw;
  const bytes: number[] = [];
  const ESCAPES: Record<string, number> = { a: 7, b: 8, t: 9, n: 10, v: 11, f: 12, r: 13, '"': 34, "\\": 92 };
  for (let i = 1; i < raw.length - 1; i++) {
    const c = raw[i];
    if (c !== "\\") {
      bytes.push(...Buffer.from(c, "utf8"));
      continue;
    }
    const next = raw[i + 1];
    if (/[0-7]/.test(next)) {
      bytes.push(Number.parseInt(raw.slice(i + 1, i + 4), 8));
      i += 3;
    } else {
      bytes.push(ESCAPES[next] ?? next.charCodeAt(0));
      i += 1;
    }
  }
  return Buffer.from(bytes).toString("utf8");
}

function stripPrefix(p: string, prefix: string): string {
  return p.startsWith(prefix) ? p.slice(prefix.length) : p;
}

const HUNK = /^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@/;

/**
 * Parses the output of `git diff -U0 -M --src-prefix=a/ --dst-prefix=b/ BASE`. Deleted files are
 * left out (nothing of theirs can be reviewed); a file whose mode alone changed has no lines.
 */
export function parseUnifiedDiff(text: string): FileChange[] {
  const out: FileChange[] = [];
  let current: FileChange | null = null;
  let deleted = false;
  const finish = (): void => {
    if (current && !deleted && current.path) out.push(current);
    current = null;
    deleted = false;
  };
  for (const line of text.split("\n")) {
    if (line.startsWith("diff --git ")) {
      finish();
      current = { path: "", oldPath: null, whole: false, added: [], deletedAfter: [] };
      // the header's paths are ambiguous with spaces: the ---/+++ or rename lines say them exactly
      const m = /^diff --git (a\/.*) (b\/.*)$/.exec(line);
      if (m && !m[1].startsWith('"')) {
        current.oldPath = stripPrefix(m[1], "a/");
        current.path = stripPrefix(m[2], "b/");
      }
      continue;
    }
    if (!current) continue;
    const c: FileChange = current;
    if (line.startsWith("@@")) {
      const h = HUNK.exec(line);
      if (!h) continue;
      const start = Number(h[1]);
      const count = h[2] === undefined ? 1 : Number(h[2]);
      if (count === 0) c.deletedAfter.push(start);
      else c.added.push([start, start + count - 1]);
    } else if (line.startsWith("new file mode")) {
      c.oldPath = null;
      c.whole = true;
    } else if (line.startsWith("deleted file mode")) {
      deleted = true;
    } else if (line.startsWith("rename from ")) {
      c.oldPath = unquoteGitPath(line.slice("rename from ".length));
    } else if (line.startsWith("rename to ")) {
      c.path = unquoteGitPath(line.slice("rename to ".length));
    } else if (line.startsWith("--- ")) {
      // (git ends a name holding a space with a tab here)
      const p = unquoteGitPath(line.slice(4).replace(/\t$/, ""));
      if (p === "/dev/null") {
        c.oldPath = null;
        c.whole = true;
      } else c.oldPath = stripPrefix(p, "a/");
    } else if (line.startsWith("+++ ")) {
      const p = unquoteGitPath(line.slice(4).replace(/\t$/, ""));
      if (p === "/dev/null") deleted = true;
      else c.path = stripPrefix(p, "b/");
    }
  }
  finish();
  return out;
}
