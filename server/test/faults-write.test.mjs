// `--fix` never loses or corrupts a byte (issue 12, item 2): an unpredictable temporary file
// created exclusively, links resolved but never followed out of the checked tree, hard links,
// mode and owner kept, read-only files left alone, BOM and line endings kept, and an edit saved
// meanwhile never overwritten. Write failures are named per file, in serial and threaded runs.
import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import { createRequire } from "node:module";
import * as os from "node:os";
import * as path from "node:path";
import { api } from "./support/engine.mjs";
import { runCli } from "./support/cli.mjs";

const LOG = 'from neutron._i18n import _LE\n\n\ndef f(log):\n    log.error(_LE("x"))\n';
const LOG_FIXED = '\n\ndef f(log):\n    log.error("x")\n';
const VICTIM = "the victim's own text\n";

/** A folder with a pyproject.toml selecting LOG001 only, and `files` written into it. */
function project(files = {}) {
  const d = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "pyreview-write-")));
  fs.writeFileSync(path.join(d, "pyproject.toml"), '[tool.pyreview]\nselect = ["LOG001"]\n');
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(d, name)), { recursive: true });
    fs.writeFileSync(path.join(d, name), text);
  }
  return d;
}

/** What readSource gives the writer for `file`. */
function readState(file) {
  const read = api.readSource(file);
  assert.ok(read.ok, read.reason);
  return read;
}

/** Records the paths the writer creates (opened with O_CREAT), and their flags. */
function recordCreates(fn) {
  // the module object itself (the bundle reads its functions from it at each call)
  const nodeFs = createRequire(import.meta.url)("node:fs");
  const created = [];
  const original = nodeFs.openSync;
  nodeFs.openSync = (p, flags, ...rest) => {
    if (typeof flags === "number" && flags & fs.constants.O_CREAT) created.push({ path: String(p), flags });
    return original(p, flags, ...rest);
  };
  try {
    return { result: fn(), created };
  } finally {
    nodeFs.openSync = original;
  }
}

test("the temporary file: a link planted at the name the old code used is left alone, as is its target", (t) => {
  const d = project({ "m.py": LOG });
  const file = path.join(d, "m.py");
  const victim = path.join(os.tmpdir(), `pyreview-victim-${process.pid}-${Date.now()}`);
  fs.writeFileSync(victim, VICTIM);
  // the old code's name: pid and millisecond clock, both known to a local attacker
  const now = Date.now();
  t.mock.timers.enable({ apis: ["Date"], now });
  const planted = path.join(d, `.m.py.pyreview-${process.pid}-${now}.tmp`);
  fs.symlinkSync(victim, planted);
  const outcome = api.writeFixed(file, readState(file), Buffer.from(LOG_FIXED), [d]);
  t.mock.timers.reset();
  assert.deepEqual(outcome, { written: true, target: file });
  assert.equal(fs.readFileSync(file, "utf8"), LOG_FIXED);
  assert.equal(fs.readFileSync(victim, "utf8"), VICTIM);
  assert.equal(fs.readlinkSync(planted), victim);
  fs.rmSync(victim);
});

test("the temporary file: its name is random, created with O_EXCL and O_NOFOLLOW; a link at the name drawn is left alone", () => {
  const d = project({ "m.py": LOG });
  const file = path.join(d, "m.py");
  const victim = path.join(d, "victim.txt");
  fs.writeFileSync(victim, VICTIM);
  const planted = path.join(d, ".m.py.taken.tmp");
  fs.symlinkSync(victim, planted);
  // the first name drawn is the planted link's: the writer must not open it, and must go on
  const { result, created } = recordCreates(() =>
    api.writeFixed(file, readState(file), Buffer.from(LOG_FIXED), [d], { tempName: () => planted }),
  );
  assert.equal(result.written, true);
  assert.equal(fs.readFileSync(victim, "utf8"), VICTIM);
  assert.equal(fs.readlinkSync(planted), victim);
  assert.equal(fs.readFileSync(file, "utf8"), LOG_FIXED);
  assert.equal(created.length, 2, JSON.stringify(created));
  for (const c of created) {
    const exclusive = fs.constants.O_CREAT | fs.constants.O_EXCL | fs.constants.O_NOFOLLOW;
    assert.equal(c.flags & exclusive, exclusive, `${c.path} is not created exclusively`);
  }
  // two writes draw two names, each with at least 96 random bits, and nothing from the clock or pid
  fs.writeFileSync(file, LOG);
  const again = recordCreates(() => api.writeFixed(file, readState(file), Buffer.from(LOG_FIXED), [d]));
  const names = [created[1].path, again.created[0].path].map((p) => path.basename(p));
  assert.notEqual(names[0], names[1]);
  for (const name of names) {
    assert.match(name, /^\.m\.py\.pyreview-[0-9a-f]{24}\.tmp$/);
    assert.ok(!name.includes(String(process.pid)));
  }
  assert.deepEqual(
    fs.readdirSync(d).filter((n) => n.endsWith(".tmp")),
    [".m.py.taken.tmp"],
  );
});

test("a link named on the command line: its target is fixed and the link stays a link", () => {
  const d = project({ "pkg/real.py": LOG });
  fs.symlinkSync("pkg/real.py", path.join(d, "link.py"));
  const r = runCli(["check", "--fix", path.join(d, "link.py")]);
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.ok(fs.lstatSync(path.join(d, "link.py")).isSymbolicLink());
  assert.equal(fs.readFileSync(path.join(d, "pkg/real.py"), "utf8"), LOG_FIXED);
});

test("a link out of the checked tree is never followed by --fix: named on stderr, exit 2", () => {
  const outside = project({ "victim.py": LOG });
  const d = project({ "ok.py": LOG });
  fs.symlinkSync(path.join(outside, "victim.py"), path.join(d, "evil.py"));
  // named by a shell glob: checked (it is what was asked for), but not written through
  const r = runCli(["check", "--fix", path.join(d, "evil.py"), path.join(d, "ok.py")]);
  assert.equal(r.status, 2, r.stdout + r.stderr);
  assert.match(r.stderr, /evil\.py: not written: it links to .*victim\.py, outside the folders being checked/);
  assert.equal(fs.readFileSync(path.join(outside, "victim.py"), "utf8"), LOG);
  assert.equal(fs.readFileSync(path.join(d, "ok.py"), "utf8"), LOG_FIXED);
  assert.ok(fs.lstatSync(path.join(d, "evil.py")).isSymbolicLink());
  // a folder walk does not follow links at all
  fs.writeFileSync(path.join(d, "ok.py"), LOG);
  const walk = runCli(["check", "--fix", d]);
  assert.equal(walk.status, 0, walk.stdout + walk.stderr);
  assert.equal(fs.readFileSync(path.join(outside, "victim.py"), "utf8"), LOG);
});

test("hard links: the file is written in place, every name sees the fix, no backup is left", () => {
  const d = project({ "m.py": LOG });
  const other = path.join(d, "m-copy.txt");
  fs.linkSync(path.join(d, "m.py"), other);
  const ino = fs.statSync(other).ino;
  const r = runCli(["check", "--fix", d]);
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.equal(fs.readFileSync(other, "utf8"), LOG_FIXED);
  assert.equal(fs.statSync(path.join(d, "m.py")).ino, ino);
  assert.equal(fs.statSync(other).nlink, 2);
  assert.deepEqual(
    fs.readdirSync(d).filter((n) => n.endsWith(".tmp")),
    [],
  );
});

test("mode (group-write, despite the umask) and owner are kept", { skip: os.platform() === "win32" }, () => {
  const d = project({ "m.py": LOG, "n.py": LOG });
  fs.chmodSync(path.join(d, "m.py"), 0o664);
  fs.chmodSync(path.join(d, "n.py"), 0o750);
  const root = process.getuid() === 0;
  if (root) fs.chownSync(path.join(d, "n.py"), 4321, 4321);
  const r = runCli(["check", "--fix", d], { env: { PYREVIEW_THREADS: "1" } });
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.equal(fs.readFileSync(path.join(d, "m.py"), "utf8"), LOG_FIXED);
  assert.equal(fs.statSync(path.join(d, "m.py")).mode & 0o7777, 0o664);
  const n = fs.statSync(path.join(d, "n.py"));
  assert.equal(n.mode & 0o7777, 0o750);
  if (root) assert.deepEqual([n.uid, n.gid], [4321, 4321]);
  assert.equal(fs.readFileSync(path.join(d, "n.py"), "utf8"), LOG_FIXED);
});

test("read-only files are left alone with a message per file and exit 2, in serial and threaded runs", () => {
  for (const threads of ["1", "4"]) {
    const files = {};
    for (let i = 0; i < 12; i++) files[`m${i}.py`] = LOG;
    const d = project(files);
    for (const i of [3, 9]) fs.chmodSync(path.join(d, `m${i}.py`), 0o444);
    const r = runCli(["check", "--fix", d], { env: { PYREVIEW_THREADS: threads }, cwd: d });
    assert.equal(r.status, 2, r.stdout + r.stderr);
    assert.deepEqual(r.stderr.trim().split("\n").sort(), [
      "pyreview: m3.py: not written: it is read-only",
      "pyreview: m9.py: not written: it is read-only",
    ]);
    assert.doesNotMatch(r.stdout + r.stderr, /\n\s+at /, "no stack trace");
    assert.match(r.stdout, /Fixed 20 findings in 10 file\(s\)\./);
    assert.match(r.stdout, /m3\.py:5:15: LOG001/, "what was not fixed is still reported");
    for (let i = 0; i < 12; i++) {
      const expected = i === 3 || i === 9 ? LOG : LOG_FIXED;
      assert.equal(fs.readFileSync(path.join(d, `m${i}.py`), "utf8"), expected, `m${i}.py`);
    }
  }
});

test("the BOM and every line ending are kept byte for byte", () => {
  const bom = Buffer.from([0xef, 0xbb, 0xbf]);
  // CRLF, with an LF-only line the fix does not touch
  const text = 'from neutron._i18n import _LE\r\n\r\n\r\ndef f(log):\n    x = 1\r\n    log.error(_LE("x"))\r\n';
  const d = project();
  fs.writeFileSync(path.join(d, "m.py"), Buffer.concat([bom, Buffer.from(text)]));
  const r = runCli(["check", "--fix", d]);
  assert.equal(r.status, 0, r.stdout + r.stderr);
  const after = fs.readFileSync(path.join(d, "m.py"));
  assert.deepEqual(after.subarray(0, 3), bom);
  assert.equal(after.subarray(3).toString("utf8"), '\r\n\r\ndef f(log):\n    x = 1\r\n    log.error("x")\r\n');
});

test("an edit saved while --fix runs is kept: the write is skipped with the reason", () => {
  for (const links of [1, 2]) {
    const d = project({ "m.py": LOG });
    const file = path.join(d, "m.py");
    if (links === 2) fs.linkSync(file, path.join(d, "m-link.txt")); // the in-place path
    const read = readState(file);
    const saved = `${LOG}# saved by the editor meanwhile\n`;
    const outcome = api.writeFixed(file, read, Buffer.from(LOG_FIXED), [d], {
      beforeCommit: () => fs.writeFileSync(file, saved),
    });
    assert.deepEqual(outcome, {
      written: false,
      reason: "not written: it changed on disk while pyreview was fixing it",
    });
    assert.equal(fs.readFileSync(file, "utf8"), saved);
    assert.deepEqual(
      fs.readdirSync(d).filter((n) => n.endsWith(".tmp")),
      [],
    );
  }
  // a file replaced by another (a rename by an editor) is not written either
  const d = project({ "m.py": LOG });
  const file = path.join(d, "m.py");
  const read = readState(file);
  fs.writeFileSync(path.join(d, "new.py"), LOG);
  fs.renameSync(path.join(d, "new.py"), file);
  const outcome = api.writeFixed(file, read, Buffer.from(LOG_FIXED), [d]);
  assert.equal(outcome.written, false);
  assert.match(outcome.reason, /replaced on disk/);
});
