// Jupyter notebooks on the command line: `check` walks and reads *.ipynb (nbformat 4), reports
// `path:cell N:line:col` (text) and `cell` plus the cell's line and columns (JSON), and `--fix`
// writes only the changed cells' sources back, every other byte as it was.
import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { runCli } from "./support/cli.mjs";
import { REPO } from "./support/engine.mjs";

const FIXTURE = path.join(REPO, "server/test/notebook");

/** A scratch copy of the fixture folder (the notebook and the module it star-imports). */
function scratch() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pyreview-nb-cli-"));
  for (const name of fs.readdirSync(FIXTURE)) fs.copyFileSync(path.join(FIXTURE, name), path.join(dir, name));
  return dir;
}

test("text: each finding as path:cell N:line:col, with lines and columns in the cell", () => {
  const dir = scratch();
  const r = runCli(["check", "--preview", "analysis.ipynb"], { cwd: dir });
  assert.equal(r.status, 1, r.stderr);
  assert.deepEqual(
    r.stdout
      .split("\n")
      .filter((l) => l.startsWith("analysis.ipynb"))
      .map((l) => l.split(" ").slice(0, 3).join(" ")),
    [
      "analysis.ipynb:cell 1:5:1: LOG002",
      "analysis.ipynb:cell 3:1:1: IMP001",
      "analysis.ipynb:cell 3:5:5: DOC001",
      "analysis.ipynb:cell 3:5:16: DOC002",
      "analysis.ipynb:cell 3:6:14: LOG003",
    ],
  );
  assert.match(r.stdout, /cell 3:1:1: IMP001 \[\*\] .*uses 2 of its names: join_path, path_exists/);
  assert.equal(r.stderr, "");
});

test("json: the contract's fields, then `cell`; a Python file's objects have no `cell`", () => {
  const dir = scratch();
  // (a module holding only a logger exports it: a private function makes this one merely unused)
  fs.writeFileSync(
    path.join(dir, "plain.py"),
    '"""Plain."""\nimport logging\n\nLOG = logging.getLogger(__name__)\n\n\ndef _f():\n    return 1\n',
  );
  const r = runCli(["check", "--preview", "--format", "json", "."], { cwd: dir });
  assert.equal(r.status, 1, r.stderr);
  const findings = JSON.parse(r.stdout);
  const contract = ["path", "code", "name", "severity", "line", "column", "endLine", "endColumn", "message", "fix"];
  const inNotebook = findings.filter((f) => f.path === "analysis.ipynb");
  assert.equal(inNotebook.length, 5, "the folder walk takes the notebook");
  for (const f of inNotebook) assert.deepEqual(Object.keys(f), [...contract, "cell"]);
  assert.deepEqual(
    inNotebook.map((f) => [f.code, f.cell, f.line, f.column, f.endLine, f.endColumn]),
    [
      ["LOG002", 1, 5, 1, 5, 6],
      ["IMP001", 3, 1, 1, 1, 22],
      ["DOC001", 3, 5, 5, 5, 9],
      ["DOC002", 3, 5, 16, 5, 23],
      ["LOG003", 3, 6, 14, 6, 55],
    ],
  );
  const plain = findings.filter((f) => f.path === "plain.py");
  assert.deepEqual(
    plain.map((f) => f.code),
    ["LOG002"],
  );
  assert.deepEqual(Object.keys(plain[0]), contract);
});

test("--fix writes the fixed cells back and keeps every other byte; the notebook then checks clean of them", () => {
  const dir = scratch();
  const file = path.join(dir, "analysis.ipynb");
  const before = fs.readFileSync(file, "utf8");
  const r = runCli(["check", "--preview", "--fix", "analysis.ipynb"], { cwd: dir });
  assert.match(r.stdout, /Fixed 2 findings in 1 file/);
  const expected = before
    .replace('"from helpers import *\\n",', '"from helpers import join_path, path_exists\\n",')
    .replace(
      '"    LOG.info(\\"loading %s\\" % (join_path(\\"data\\", name),))\\n",',
      '"    LOG.info(\\"loading %s\\", join_path(\\"data\\", name))\\n",',
    );
  assert.notEqual(expected, before);
  assert.equal(fs.readFileSync(file, "utf8"), expected);
  const again = runCli(["check", "--preview", "--format", "json", "analysis.ipynb"], { cwd: dir });
  assert.deepEqual(
    JSON.parse(again.stdout).map((f) => f.code),
    ["LOG002", "DOC001", "DOC002"],
  );
});

test("--fix keeps a notebook's own layout: a source written as one string, two-space indent, no final newline", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pyreview-nb-layout-"));
  const notebook = {
    nbformat: 4,
    nbformat_minor: 2,
    metadata: { language_info: { name: "python" } },
    cells: [
      { cell_type: "code", metadata: {}, outputs: [], execution_count: 1, source: "import logging\nimport hashlib" },
      {
        cell_type: "code",
        metadata: { tags: ["é"] },
        outputs: [],
        execution_count: 2,
        source: ["LOG = logging.getLogger(__name__)\n", "LOG.info(f\"digest {hashlib.md5(b'x')!s}\")"],
      },
    ],
  };
  const text = JSON.stringify(notebook, null, 2);
  const file = path.join(dir, "layout.ipynb");
  fs.writeFileSync(file, text);
  runCli(["check", "--preview", "--fix", "--select", "LOG003", "layout.ipynb"], { cwd: dir });
  const after = fs.readFileSync(file, "utf8");
  assert.equal(
    after,
    text.replace("LOG.info(f\\\"digest {hashlib.md5(b'x')!s}\\\")", "LOG.info(\\\"digest %s\\\", hashlib.md5(b'x'))"),
  );
  assert.ok(!after.endsWith("\n"));
});

test("--diff shows the notebook's change without writing it", () => {
  const dir = scratch();
  const file = path.join(dir, "analysis.ipynb");
  const before = fs.readFileSync(file, "utf8");
  const r = runCli(["check", "--preview", "--diff", "analysis.ipynb"], { cwd: dir });
  assert.match(r.stdout, /^-\s+"from helpers import \*\\n",$/m);
  assert.match(r.stdout, /^\+\s+"from helpers import join_path, path_exists\\n",$/m);
  assert.equal(fs.readFileSync(file, "utf8"), before);
});

test("review: a notebook's points quote their cell's line", () => {
  const dir = scratch();
  const r = runCli(["review", "--preview", "analysis.ipynb"], { cwd: dir });
  assert.match(r.stdout, /\*\*IMP001 wildcard-import\*\* \(warning, cell 3, line 1\)/);
  assert.match(r.stdout, /```python\n {3}from helpers import \*\n/);
  assert.match(
    r.stdout,
    /\(information, cell 1, line 5\).*\n\n {3}```python\n {3}AUDIT = logging\.getLogger\("audit"\)/,
  );
});

test("notebooks of other languages are ignored; unreadable ones are not checked (E902, exit 2)", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pyreview-nb-skip-"));
  fs.writeFileSync(
    path.join(dir, "r.ipynb"),
    JSON.stringify({ nbformat: 4, metadata: { kernelspec: { language: "R" } }, cells: [] }),
  );
  fs.writeFileSync(path.join(dir, "old.ipynb"), JSON.stringify({ nbformat: 3, worksheets: [] }));
  fs.writeFileSync(path.join(dir, "broken.ipynb"), "{ not json");
  const r = runCli(["check", "--preview", "."], { cwd: dir });
  assert.equal(r.status, 2, r.stdout);
  assert.match(r.stderr, /ignored r\.ipynb: a R notebook, not Python/);
  assert.doesNotMatch(r.stdout, /r\.ipynb/);
  assert.match(r.stderr, /skipped old\.ipynb: not an nbformat 4 notebook/);
  assert.match(r.stderr, /skipped broken\.ipynb: not a notebook: invalid JSON/);
});
