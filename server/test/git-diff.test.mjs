// Reading `git diff -U0 -M` (node/gitDiff.ts) on output a real git wrote: added, rewritten and
// deleted lines, a rename with an edit, a new and a deleted file, a name git quotes.
import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import { api } from "./support/engine.mjs";
import { commitAll, git, makeRepo, writeFiles } from "./support/git.mjs";

test("what git diff says changed, file by file, against the working tree", (t) => {
  const dir = makeRepo({
    "x.py": "a\nb\nc\nd\ne\n",
    'we ird"n.py': "1\n2\n3\n",
    "del.py": "gone\n",
    "old.py": "r1\nr2\nr3\nr4\nr5\nr6\n",
  });
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  commitAll(dir);
  git(dir, "mv", "old.py", "new.py");
  git(dir, "rm", "-q", "del.py");
  writeFiles(dir, {
    "x.py": "a\nB\nc\ne\nf\n",
    "new.py": "r1\nr2\nr3\nr4\nr5\nr6\nr7\n",
    'we ird"n.py': "1\n2\n3\n4\n",
    "added.py": "n\n",
  });
  git(dir, "add", "added.py");
  const diff = git(
    dir,
    "-c",
    "core.quotePath=false",
    "diff",
    "-U0",
    "-M",
    "--no-color",
    "--src-prefix=a/",
    "--dst-prefix=b/",
    "HEAD",
    "--",
  );
  const changes = api.parseUnifiedDiff(diff);
  assert.deepEqual(changes, [
    { path: "added.py", oldPath: null, whole: true, added: [[1, 1]], deletedAfter: [] },
    { path: "new.py", oldPath: "old.py", whole: false, added: [[7, 7]], deletedAfter: [] },
    { path: 'we ird"n.py', oldPath: 'we ird"n.py', whole: false, added: [[4, 4]], deletedAfter: [] },
    {
      path: "x.py",
      oldPath: "x.py",
      whole: false,
      added: [
        [2, 2],
        [5, 5],
      ],
      deletedAfter: [3],
    },
  ]);
  const x = changes[3];
  assert.equal(api.touchesChange(x, 2, 2), true, "a rewritten line");
  assert.equal(api.touchesChange(x, 1, 1), false);
  assert.equal(api.touchesChange(x, 3, 4), true, "a deletion inside the range");
  assert.equal(api.touchesChange(x, 4, 4), false, "a deletion just above a line does not touch it");
});

test("git's C-quoted names are read back", () => {
  assert.equal(api.unquoteGitPath('"a/t\\303\\251st \\"q\\".py"'), 'a/tést "q".py');
  assert.equal(api.unquoteGitPath("a/plain.py"), "a/plain.py");
});
