// Never silently green (issue 12 item 5, issue 14 item 5): a syntax error is E999 and a file asked
// for but not checked is E902, in every format; files not checked, paths that yield nothing and
// missing paths are named, and the exit status says so; the text summary counts both.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import Ajv from "ajv-draft-04";
import { REPO } from "./support/engine.mjs";
import { runCli } from "./support/cli.mjs";

const CTX = "import os\n\n\ndef locked():\n    yield\n\n\ndef use():\n    with locked():\n        os.getcwd()\n";
const CLEAN = '"""Nothing to say."""\n\nVALUE = 1\n';
const CONTRACT_KEYS = ["code", "column", "endColumn", "endLine", "fix", "line", "message", "name", "path", "severity"];
const canMkfifo = os.platform() !== "win32" && spawnSync("mkfifo", ["--version"]).status === 0;

const schema = JSON.parse(fs.readFileSync(path.join(REPO, "server/test/schemas/sarif-2.1.0-rtm.5.json"), "utf8"));
const validateSarif = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false }).compile(schema);

function project(files = {}) {
  const d = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "pyreview-unchecked-")));
  fs.writeFileSync(path.join(d, "pyproject.toml"), '[tool.pyreview]\nselect = ["CTX001"]\n');
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(d, name)), { recursive: true });
    fs.writeFileSync(path.join(d, name), text);
  }
  return d;
}

test("a syntax error is E999 at its first error in text, json and sarif; the file is still analysed", () => {
  const d = project({ "syn.py": `${CTX}\n\ndef f(:\n    pass\n` });
  const text = runCli(["check", "syn.py"], { cwd: d });
  assert.equal(text.status, 1);
  assert.match(text.stdout, /^syn\.py:4:5: CTX001 /m, "the rest of the file is analysed");
  assert.match(text.stdout, /^syn\.py:13:7: E999 Syntax error: missing `\)` \(syntax-error, error\)$/m);
  assert.match(text.stdout, /^Found 2 findings\.$/m);
  assert.match(text.stdout, /^Checked 1 file\.$/m);
  assert.equal(runCli(["check", "--exit-zero", "syn.py"], { cwd: d }).status, 0);

  const json = JSON.parse(runCli(["check", "--format", "json", "syn.py"], { cwd: d }).stdout);
  const e999 = json.find((f) => f.code === "E999");
  assert.deepEqual(Object.keys(e999).sort(), CONTRACT_KEYS);
  assert.deepEqual(e999, {
    path: "syn.py",
    code: "E999",
    name: "syntax-error",
    severity: "error",
    line: 13,
    column: 7,
    endLine: 13,
    endColumn: 7,
    message: "Syntax error: missing `)`",
    fix: null,
  });

  const sarif = JSON.parse(runCli(["check", "--format", "sarif", "syn.py"], { cwd: d }).stdout);
  assert.ok(validateSarif(sarif), JSON.stringify(validateSarif.errors?.slice(0, 5), null, 2));
  const run = sarif.runs[0];
  const result = run.results.find((r) => r.ruleId === "E999");
  assert.equal(run.tool.driver.rules[result.ruleIndex].id, "E999");
  assert.equal(result.level, "error");
  assert.deepEqual(result.locations[0].physicalLocation.region, {
    startLine: 13,
    startColumn: 7,
    endLine: 13,
    endColumn: 7,
  });
});

test("files asked for and not checked are E902 in text, json and sarif, and exit 2 even with --exit-zero", () => {
  const d = project({ "good.py": CLEAN, "latin1.py": "", "bin.py": "" });
  fs.writeFileSync(path.join(d, "latin1.py"), Buffer.from("x = '\xe9'\n", "latin1"));
  fs.writeFileSync(path.join(d, "bin.py"), Buffer.from([0x00, 0x01, 0x02, 0x50]));
  fs.writeFileSync(path.join(d, "big.py"), "");
  fs.truncateSync(path.join(d, "big.py"), 11 * 1024 * 1024);
  fs.writeFileSync(Buffer.from(`${d}/bad\xff.py`, "latin1"), CLEAN);
  fs.symlinkSync("loop.py", path.join(d, "loop.py"));
  const named = ["loop.py"];
  const expected = {
    "big.py": "larger than 10 MB (11534336 bytes)",
    "bin.py": "binary file (contains NUL bytes)",
    "latin1.py": "not valid UTF-8",
    "bad\ufffd.py": "the file name is not valid UTF-8",
    "loop.py": "too many levels of symbolic links",
  };
  if (canMkfifo) {
    assert.equal(spawnSync("mkfifo", [path.join(d, "fifo.py")]).status, 0);
    named.push("fifo.py");
    expected["fifo.py"] = "not a regular file (a FIFO)";
  }
  if (process.getuid?.() !== 0) {
    // (root reads anything: this case only runs for other users)
    fs.writeFileSync(path.join(d, "secret.py"), CLEAN);
    fs.chmodSync(path.join(d, "secret.py"), 0);
    expected["secret.py"] = "permission denied";
  }
  const args = ["check", "--exit-zero", ".", ...named];
  // (a FIFO waited on would never end)
  const options = { cwd: d, timeout: 20000 };

  const json = runCli([...args, "--format", "json"], options);
  assert.equal(json.status, 2, json.stderr);
  const records = JSON.parse(json.stdout);
  for (const r of records) assert.deepEqual(Object.keys(r).sort(), CONTRACT_KEYS);
  const e902 = Object.fromEntries(records.filter((r) => r.code === "E902").map((r) => [r.path, r]));
  assert.deepEqual(Object.keys(e902).sort(), Object.keys(expected).sort());
  for (const [file, reason] of Object.entries(expected)) {
    assert.deepEqual(e902[file], {
      path: file,
      code: "E902",
      name: "io-error",
      severity: "error",
      line: 1,
      column: 1,
      endLine: 1,
      endColumn: 1,
      message: reason,
      fix: null,
    });
    assert.ok(json.stderr.includes(`${file}: ${reason}`), `${file} named on stderr:\n${json.stderr}`);
  }

  const text = runCli(args, options);
  assert.equal(text.status, 2);
  assert.match(text.stdout, /^bin\.py:1:1: E902 binary file \(contains NUL bytes\) \(io-error, error\)$/m);
  assert.doesNotMatch(text.stdout, /All checks passed/);
  const failed = Object.keys(expected).length;
  assert.match(
    text.stdout,
    new RegExp(
      `^No findings in the files checked\\.\\nChecked 1 file; ${failed} could not be checked \\(E902\\)\\.\\n$`,
      "m",
    ),
  );

  const sarif = runCli([...args, "--format", "sarif"], options);
  assert.equal(sarif.status, 2);
  const log = JSON.parse(sarif.stdout);
  assert.ok(validateSarif(log), JSON.stringify(validateSarif.errors?.slice(0, 5), null, 2));
  const results = log.runs[0].results.filter((r) => r.ruleId === "E902");
  assert.equal(results.length, failed);
  for (const r of results) assert.equal(log.runs[0].tool.driver.rules[r.ruleIndex].name, "io-error");
  assert.ok(results.some((r) => r.message.text === "binary file (contains NUL bytes)"));
});

test("a path that yields no file is named on stderr; a missing one exits 2 and the rest is still checked", () => {
  const d = project({ "ctx.py": CTX, "generated/g.py": CTX, "vendored/v.py": CTX, "empty/notes.txt": "" });
  fs.writeFileSync(path.join(d, ".gitignore"), "generated/\n");
  fs.writeFileSync(path.join(d, "pyproject.toml"), '[tool.pyreview]\nselect = ["CTX001"]\nexclude = ["v.py"]\n');
  const ignored = runCli(["check", "generated"], { cwd: d });
  assert.equal(ignored.status, 0);
  assert.equal(
    ignored.stderr,
    "pyreview: generated: nothing to check: the folder is excluded by a .gitignore above it\n",
  );
  assert.equal(ignored.stdout, "No findings in the files checked.\nChecked 0 files.\n");
  const excluded = runCli(["check", "vendored", "empty"], { cwd: d });
  assert.match(excluded.stderr, /^pyreview: vendored: nothing to check: everything in it is excluded/m);
  assert.match(excluded.stderr, /^pyreview: empty: nothing to check: no Python file in it$/m);

  const missing = runCli(["check", "--format", "json", "nope.py", "ctx.py"], { cwd: d });
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /nope\.py: no such file or directory/);
  const records = JSON.parse(missing.stdout);
  assert.deepEqual(
    records.map((r) => `${r.path} ${r.code}`),
    ["ctx.py CTX001", "nope.py E902"],
  );
  assert.equal(runCli(["check", "--diff", "nope.py", "ctx.py"], { cwd: d }).status, 2);
});

test("review names what it could not check, and exits 2 for it", () => {
  const d = project({ "ctx.py": CTX });
  fs.writeFileSync(path.join(d, "bin.py"), Buffer.from([0x00, 0x01]));
  const folder = runCli(["review", "--exit-zero", "."], { cwd: d });
  assert.equal(folder.status, 2);
  assert.match(folder.stdout, /## Not reviewed\n\n- bin\.py: binary file \(contains NUL bytes\)/);
  const missing = runCli(["review", "nope.py", "ctx.py"], { cwd: d });
  assert.equal(missing.status, 2);
  assert.match(missing.stdout, /# Review of `nope\.py`\n\nNot reviewed: no such file or directory\./);
  assert.match(missing.stdout, /CTX001 undecorated-context-manager/);
  const [data] = JSON.parse(runCli(["review", "--format", "json", "bin.py"], { cwd: d }).stdout);
  assert.match(data.markdown, /Not reviewed: binary file/);
});
