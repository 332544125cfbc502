// `pyreview check`'s result cache: what it holds is what a fresh run finds, after a file, a
// setting or a star-imported module changes; two runs may share it; a bad entry is a miss;
// --no-cache writes nothing; the folder has its .gitignore and stays under its size.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { CLI, plainEnv, runCli } from "./support/cli.mjs";
import { commitAll, git } from "./support/git.mjs";

const STAR_SOURCE = `"""Names to share."""

__all__ = ["helper", "other"]


def helper():
    """Help."""


def other():
    """Other."""
`;
const STAR_USER = `"""Uses the names."""
import logging

from shared import *

LOG = logging.getLogger(__name__)


def run(timeout):
    """Run."""
    LOG.info("ran %s" % timeout)
    return helper()
`;
const CTX = `import os


def locked():
    yield


def use():
    with locked():
        os.getcwd()
`;

function project() {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), "pyreview-cache-"));
  fs.mkdirSync(path.join(d, "pkg"));
  fs.writeFileSync(path.join(d, "pkg", "__init__.py"), "");
  fs.writeFileSync(path.join(d, "pkg", "shared.py"), STAR_SOURCE);
  fs.writeFileSync(path.join(d, "pkg", "user.py"), STAR_USER.replace("from shared", "from .shared"));
  fs.writeFileSync(path.join(d, "ctx.py"), CTX);
  fs.writeFileSync(path.join(d, "pyproject.toml"), "[tool.pyreview]\n");
  return d;
}

/** A check's JSON findings (the run must succeed). */
function check(dir, args = [], env = {}) {
  const r = runCli(["check", "--preview", "--format", "json", "--exit-zero", ...args, "."], { cwd: dir, env });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout);
}

const fresh = (dir) => check(dir, ["--no-cache"]);

function entries(cacheDir) {
  const root = path.join(cacheDir, "entries");
  if (!fs.existsSync(root)) return [];
  return fs
    .readdirSync(root)
    .flatMap((shard) => fs.readdirSync(path.join(root, shard)).map((n) => path.join(root, shard, n)))
    .filter((f) => f.endsWith(".json"));
}

/** Drops the packs (each run's entries in one file): the entry files alone answer the next run. */
function dropPacks(cacheDir) {
  fs.rmSync(path.join(cacheDir, "packs"), { recursive: true, force: true });
}

function packs(cacheDir) {
  const root = path.join(cacheDir, "packs");
  return fs.existsSync(root)
    ? fs
        .readdirSync(root)
        .filter((n) => n.endsWith(".json"))
        .map((n) => path.join(root, n))
    : [];
}

/** The cache entry of `file` (found by the path its findings or key name). */
function entryOf(cacheDir, file) {
  const found = entries(cacheDir).filter((e) => fs.readFileSync(e, "utf8").includes(JSON.stringify(file)));
  assert.equal(found.length, 1, `one entry naming ${file}`);
  return found[0];
}

test("the cache sits beside pyproject.toml with a .gitignore, and a second run gives the same findings from it", () => {
  const dir = project();
  const first = check(dir);
  assert.ok(first.length >= 3, JSON.stringify(first));
  const cacheDir = path.join(dir, ".pyreview_cache");
  assert.equal(fs.readFileSync(path.join(cacheDir, ".gitignore"), "utf8").split("\n").includes("*"), true);
  assert.equal(entries(cacheDir).length, 4);
  assert.deepEqual(check(dir), first);
  assert.deepEqual(fresh(dir), first);
  // the second run took its results from the entries: a finding planted in one comes out
  dropPacks(cacheDir);
  const ctxEntry = entryOf(cacheDir, path.join(dir, "ctx.py"));
  const entry = JSON.parse(fs.readFileSync(ctxEntry, "utf8"));
  entry.result.findings[0].message = "planted";
  fs.writeFileSync(ctxEntry, JSON.stringify(entry));
  assert.ok(check(dir).some((f) => f.message === "planted"));
});

test("after a file changes, a setting changes, or a star-imported module changes, the cache gives what a fresh run does", () => {
  const dir = project();
  check(dir);
  // a file
  fs.appendFileSync(path.join(dir, "ctx.py"), "\n\ndef more():\n    print(1)\n    raise SystemExit(3)\n");
  assert.deepEqual(check(dir), fresh(dir));
  // a setting
  fs.writeFileSync(path.join(dir, "pyproject.toml"), '[tool.pyreview]\nignore = ["CTX001"]\n');
  const ignored = check(dir);
  assert.deepEqual(ignored, fresh(dir));
  assert.ok(!ignored.some((f) => f.code === "CTX001"));
  // a module the star import reads: its names change the finding of the file importing it
  const user = path.join(dir, "pkg", "user.py");
  const before = check(dir).filter((f) => f.path.endsWith("user.py") && f.code === "IMP001");
  assert.equal(before.length, 1, JSON.stringify(before));
  fs.writeFileSync(path.join(dir, "pkg", "shared.py"), STAR_SOURCE.replace('["helper", "other"]', '["other"]'));
  const after = check(dir);
  assert.deepEqual(after, fresh(dir));
  assert.notDeepEqual(
    after.filter((f) => f.path === path.relative(dir, user) || f.path.endsWith("user.py")),
    before,
    "the star import's finding follows the module it imports",
  );
});

test("a module that appears changes the findings of every file importing it, including those the resolver answered from memory", () => {
  const dir = project();
  // (one thread: the second file's import is answered from what the first one's found)
  for (const name of ["a", "b"])
    fs.writeFileSync(path.join(dir, "pkg", `${name}.py`), STAR_USER.replace("from shared", "from .later"));
  const env = { PYREVIEW_THREADS: "1" };
  const before = check(dir, [], env);
  assert.equal(before.filter((f) => f.code === "IMP001" && /later/.test(f.message)).length, 2);
  fs.writeFileSync(path.join(dir, "pkg", "later.py"), STAR_SOURCE);
  const after = check(dir, [], env);
  assert.deepEqual(after, fresh(dir));
  assert.notDeepEqual(after, before);
});

test("packaging metadata edited in place (a console script declared) changes the findings it decides", () => {
  const dir = project();
  const tool = `import sys


def run():
    sys.exit(2)
`;
  // two such modules, one thread: the second one's scripts come from what the first one read
  fs.writeFileSync(path.join(dir, "pkg", "tool1.py"), tool);
  fs.writeFileSync(path.join(dir, "pkg", "tool2.py"), tool);
  const cfg = path.join(dir, "setup.cfg");
  fs.writeFileSync(cfg, "[metadata]\nname = pkg\n");
  const env = { PYREVIEW_THREADS: "1" };
  const exits = (findings) => findings.filter((f) => f.code === "EXC001").map((f) => path.basename(f.path));
  assert.deepEqual(exits(check(dir, [], env)), ["tool1.py", "tool2.py"]);
  const folder = fs.statSync(dir).mtimeMs;
  fs.appendFileSync(cfg, "\n[options.entry_points]\nconsole_scripts =\n    pkg-tool = pkg.tool2:run\n");
  assert.equal(fs.statSync(dir).mtimeMs, folder, "the folder's mtime stays");
  const after = check(dir, [], env);
  assert.deepEqual(after, fresh(dir));
  assert.deepEqual(exits(after), ["tool1.py"]);
});

test("a file that is not Python appearing beside the project leaves the entries alone", () => {
  const dir = project();
  check(dir);
  const cacheDir = path.join(dir, ".pyreview_cache");
  // (an entry checked again is written again: a new file, renamed over the old one)
  const written = new Map(entries(cacheDir).map((e) => [e, fs.statSync(e).ino]));
  fs.writeFileSync(path.join(dir, "notes.txt"), "a note\n");
  fs.mkdirSync(path.join(path.dirname(dir), `${path.basename(dir)}-scratch`));
  fs.writeFileSync(path.join(dir, "pkg", "data.json"), "{}\n");
  const second = check(dir);
  assert.deepEqual(second, fresh(dir));
  for (const [e, ino] of written) assert.equal(fs.statSync(e).ino, ino, `${e} kept`);
});

test("a file's unchanged status vouches for its content; an edit that keeps its size and mtime is still seen", async () => {
  const dir = project();
  // (a file changed in the last two seconds is always hashed: its next change might not move its timestamps)
  await new Promise((resolve) => setTimeout(resolve, 2100));
  const first = check(dir);
  const cacheDir = path.join(dir, ".pyreview_cache");
  const ctx = path.join(dir, "ctx.py");
  const ctxEntry = entryOf(cacheDir, ctx);
  const entry = JSON.parse(fs.readFileSync(ctxEntry, "utf8"));
  assert.equal(typeof entry.stamp, "string");
  // the status is trusted: an entry whose hash no longer matches is still taken while the status holds
  fs.writeFileSync(ctxEntry, JSON.stringify({ ...entry, content: "not the hash" }));
  assert.deepEqual(check(dir), first);
  // same size, same mtime, other content: the ctime moved, so the file is read and checked again
  const { mtime } = fs.statSync(ctx);
  fs.writeFileSync(ctx, CTX.replace("def use():", "def xyz():"));
  fs.utimesSync(ctx, mtime, mtime);
  const after = check(dir);
  assert.deepEqual(after, fresh(dir));
  assert.notDeepEqual(after, first);
});

test("a run leaves a pack of the entries it used, read first by the next run of the same paths; a bad or stale pack is a miss", async () => {
  const dir = project();
  await new Promise((resolve) => setTimeout(resolve, 2100));
  const cacheDir = path.join(dir, ".pyreview_cache");
  const first = check(dir);
  assert.equal(packs(cacheDir).length, 1);
  const [pack] = packs(cacheDir);
  const held = JSON.parse(fs.readFileSync(pack, "utf8"));
  assert.equal(Object.keys(held.entries).length, 4);
  // the next run answers from the pack: a finding planted there comes out, and the pack is not rewritten
  const ctx = path.join(dir, "ctx.py");
  const key = Object.keys(held.entries).find((k) => JSON.stringify(held.entries[k]).includes(JSON.stringify(ctx)));
  const planted = structuredClone(held);
  planted.entries[key].result.findings[0].message = "planted";
  fs.writeFileSync(pack, JSON.stringify(planted));
  const before = fs.statSync(pack).mtimeMs;
  assert.ok(check(dir).some((f) => f.message === "planted"));
  assert.equal(fs.statSync(pack).mtimeMs, before, "not rewritten");
  // another set of paths has its own pack; the first is left alone
  runCli(["check", "--preview", "--format", "json", "--exit-zero", "ctx.py"], { cwd: dir });
  assert.equal(packs(cacheDir).length, 2);
  assert.ok(check(dir).some((f) => f.message === "planted"));
  // a pack entry whose file changed is not taken: the file is checked again and the pack rewritten
  fs.appendFileSync(ctx, "\n\ndef more():\n    print(1)\n");
  const changed = check(dir);
  assert.deepEqual(changed, fresh(dir));
  assert.ok(!changed.some((f) => f.message === "planted"));
  assert.ok(!fs.readFileSync(pack, "utf8").includes("planted"), "rewritten");
  // a damaged pack, or one of another format, is a miss: the entry files answer
  for (const bad of ["{not json", "[]", JSON.stringify({ format: 0, entries: held.entries })]) {
    fs.writeFileSync(pack, bad);
    assert.deepEqual(check(dir), changed);
  }
  // and a pack entry that is not an entry is passed over
  const damaged = JSON.parse(fs.readFileSync(pack, "utf8"));
  for (const k of Object.keys(damaged.entries)) damaged.entries[k] = { content: 3 };
  fs.writeFileSync(pack, JSON.stringify(damaged));
  assert.deepEqual(check(dir), changed);
  assert.deepEqual(first.length > 0, true);
});

test("a cache entry that is not an entry is ignored and written again", () => {
  const dir = project();
  const first = check(dir);
  const cacheDir = path.join(dir, ".pyreview_cache");
  const ctxEntry = entryOf(cacheDir, path.join(dir, "ctx.py"));
  dropPacks(cacheDir);
  for (const bad of ["{not json", "", JSON.stringify({ format: 1, content: "x" }), "[]"]) {
    fs.writeFileSync(ctxEntry, bad);
    dropPacks(cacheDir);
    assert.deepEqual(check(dir), first);
    assert.ok(JSON.parse(fs.readFileSync(ctxEntry, "utf8")).result, "rewritten");
  }
});

test("--no-cache neither reads nor writes a cache; --cache-dir and cache-dir choose the folder", () => {
  const dir = project();
  check(dir, ["--no-cache"]);
  assert.equal(fs.existsSync(path.join(dir, ".pyreview_cache")), false);
  const elsewhere = fs.mkdtempSync(path.join(os.tmpdir(), "pyreview-cache-dir-"));
  const first = check(dir, ["--cache-dir", path.join(elsewhere, "c")]);
  assert.equal(fs.existsSync(path.join(dir, ".pyreview_cache")), false);
  assert.equal(entries(path.join(elsewhere, "c")).length, 4);
  fs.writeFileSync(path.join(dir, "pyproject.toml"), '[tool.pyreview]\ncache-dir = "build/lint-cache"\n');
  assert.deepEqual(check(dir), first);
  assert.equal(entries(path.join(dir, "build", "lint-cache")).length, 4);
  // from the repository, a folder outside the project is not taken (the default is used)
  fs.writeFileSync(path.join(dir, "pyproject.toml"), `[tool.pyreview]\ncache-dir = ${JSON.stringify(elsewhere)}\n`);
  const r = runCli(["check", "--preview", "--format", "json", "--exit-zero", "."], { cwd: dir });
  assert.match(r.stderr, /cache-dir/);
  assert.equal(entries(path.join(dir, ".pyreview_cache")).length, 4);
});

test("standard input and --fix do not use the cache", () => {
  const dir = project();
  const r = runCli(["check", "--preview", "--stdin-filename", "ctx.py", "--exit-zero"], { cwd: dir, input: CTX });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(fs.existsSync(path.join(dir, ".pyreview_cache")), false);
  const f = runCli(["check", "--preview", "--fix", "--exit-zero", "."], { cwd: dir });
  assert.equal(f.status, 0, f.stderr);
  assert.equal(fs.existsSync(path.join(dir, ".pyreview_cache")), false);
});

test("--baseline, --write-baseline, --since and --add-noqa neither read nor write the cache", () => {
  const dir = project();
  git(dir, "init", "-q", "-b", "main");
  commitAll(dir);
  const cacheDir = path.join(dir, ".pyreview_cache");
  const run = (args) => {
    const r = runCli(["check", "--preview", "--format", "json", "--exit-zero", ...args], { cwd: dir });
    assert.equal(r.status, 0, `${args.join(" ")}: ${r.stderr}`);
    return r;
  };
  // a baseline of nothing: pkg/__init__.py has no findings
  run(["--write-baseline", "empty.json", "pkg/__init__.py"]);
  run(["--write-baseline", "all.json", "."]);
  run(["--baseline", "empty.json", "."]);
  run(["--since", "main", "."]);
  assert.equal(fs.existsSync(cacheDir), false, "no cache written");
  // a plain run writes the entries; ctx.py's is then made to hold no findings
  assert.ok(check(dir).some((f) => f.code === "CTX001"));
  const ctxEntry = entryOf(cacheDir, path.join(dir, "ctx.py"));
  const entry = JSON.parse(fs.readFileSync(ctxEntry, "utf8"));
  fs.writeFileSync(ctxEntry, JSON.stringify({ ...entry, result: { ...entry.result, findings: [] } }));
  dropPacks(cacheDir);
  assert.ok(!check(dir).some((f) => f.code === "CTX001"), "a plain run reads the planted entry");
  // the other runs check ctx.py afresh
  const ctxCodes = (file) =>
    JSON.parse(fs.readFileSync(path.join(dir, file), "utf8"))
      .findings.filter((f) => f.path === "ctx.py")
      .map((f) => f.code);
  run(["--write-baseline", "again.json", "."]);
  assert.deepEqual(ctxCodes("again.json"), ctxCodes("all.json"));
  assert.ok(ctxCodes("all.json").includes("CTX001"));
  const reported = JSON.parse(run(["--baseline", "empty.json", "."]).stdout);
  assert.ok(
    reported.some((f) => f.code === "CTX001"),
    "--baseline reports what a fresh check finds",
  );
  run(["--add-noqa", "."]);
  assert.match(fs.readFileSync(path.join(dir, "ctx.py"), "utf8"), /# noqa: CTX001/);
});

test("a project's baseline holds for results taken from the cache (entries keep the findings' identities)", () => {
  const dir = project();
  fs.writeFileSync(path.join(dir, "pyproject.toml"), '[tool.pyreview]\nbaseline = "ci/baseline.json"\n');
  const written = runCli(["check", "--preview", "--write-baseline", "ci/baseline.json", "."], { cwd: dir });
  assert.equal(written.status, 0, written.stderr);
  const cacheDir = path.join(dir, ".pyreview_cache");
  assert.deepEqual(check(dir), []);
  assert.equal(entries(cacheDir).length, 4);
  // the second run takes every file from its entry: every finding is still the baseline's
  assert.deepEqual(check(dir), []);
  // a new finding beside the cached ones is reported; without the baseline, the cache gives everything
  fs.writeFileSync(path.join(dir, "new.py"), CTX);
  const reported = check(dir);
  assert.deepEqual([...new Set(reported.map((f) => f.path))], ["new.py"]);
  assert.ok(reported.some((f) => f.code === "CTX001"));
  const all = check(dir, ["--no-baseline"]);
  assert.deepEqual(all, check(dir, ["--no-baseline", "--no-cache"]));
  assert.ok(all.some((f) => f.path === "ctx.py" && f.code === "CTX001"));
});

function runAsync(dir, cacheDir) {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [CLI, "check", "--preview", "--format", "json", "--exit-zero", "--cache-dir", cacheDir, "."],
      { cwd: dir, env: plainEnv({ PYREVIEW_THREADS: "2" }) },
    );
    let out = "";
    let err = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (err += d));
    child.on("error", reject);
    child.on("close", (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`exit ${code}: ${err}`))));
  });
}

test("two runs sharing a cache at once both give a fresh run's findings, and leave whole entries", async () => {
  const dir = project();
  // enough files for the threads, each with findings
  for (let i = 0; i < 24; i++) fs.writeFileSync(path.join(dir, `m${i}.py`), CTX.replace("locked", `locked${i}`));
  const cacheDir = path.join(dir, "shared-cache");
  const expected = fresh(dir);
  const [a, b] = await Promise.all([runAsync(dir, cacheDir), runAsync(dir, cacheDir)]);
  assert.deepEqual(a, expected);
  assert.deepEqual(b, expected);
  for (const e of entries(cacheDir)) assert.ok(JSON.parse(fs.readFileSync(e, "utf8")).result);
  assert.equal(
    fs.readdirSync(path.join(cacheDir, "entries"), { recursive: true }).filter((n) => String(n).endsWith(".tmp"))
      .length,
    0,
  );
  assert.deepEqual(await runAsync(dir, cacheDir), expected);
});

test("the cache is kept under its size: the entries written longest ago go first", () => {
  const dir = project();
  const cacheDir = path.join(dir, ".pyreview_cache");
  check(dir);
  const sizes = entries(cacheDir).map((e) => fs.statSync(e).size);
  const total = sizes.reduce((a, b) => a + b, 0);
  // age the first four entries, then add files: over the bound, the old ones are removed (the new
  // files go in a folder of their own: beside the old ones they would change DOC001's package convention)
  const old = new Set(entries(cacheDir));
  const past = new Date(Date.now() - 3600_000);
  for (const e of old) fs.utimesSync(e, past, past);
  fs.mkdirSync(path.join(dir, "more"));
  for (let i = 0; i < 4; i++) fs.writeFileSync(path.join(dir, "more", `n${i}.py`), CTX.replace("locked", `held${i}`));
  const expected = fresh(dir);
  assert.deepEqual(check(dir, [], { PYREVIEW_CACHE_MAX_BYTES: String(total + 1) }), expected);
  const left = entries(cacheDir);
  assert.ok(left.length < 8, `some entries removed (${left.length} left)`);
  assert.ok(
    left.every((e) => !old.has(e)),
    "the old entries went first",
  );
  assert.deepEqual(check(dir), expected);
});

test("what the interpreter said is kept beside the cache while its executable and sys.path hold; a script interpreter is always asked", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pyreview-interp-"));
  fs.mkdirSync(path.join(dir, "proj"));
  fs.mkdirSync(path.join(dir, "extra"));
  fs.writeFileSync(path.join(dir, "extra", "planted.py"), 'def helper():\n    """H."""\n');
  fs.writeFileSync(path.join(dir, "proj", "use.py"), "from planted import *\n\nhelper()\n");
  const python = fs.realpathSync("/usr/bin/python3");
  const link = path.join(dir, "py");
  fs.symlinkSync(python, link);
  const cacheDir = path.join(dir, "cache");
  const kept = path.join(cacheDir, "interpreters.json");
  const run = (interpreter) => {
    const r = runCli(
      [
        "check",
        "--select",
        "IMP001",
        "--preview",
        "--format",
        "json",
        "--exit-zero",
        "--cache-dir",
        cacheDir,
        "--python",
        interpreter,
        "proj",
      ],
      { cwd: dir },
    );
    assert.equal(r.status, 0, r.stderr);
    return JSON.parse(r.stdout)[0].message;
  };
  assert.match(run(link), /could not be found/);
  const record = JSON.parse(fs.readFileSync(kept, "utf8"));
  assert.equal(record.interpreters[0].command, link);
  // a sys.path planted in what was kept is what the next run sees: the interpreter was not asked
  record.interpreters[0].sysPath.push(path.join(dir, "extra"));
  fs.writeFileSync(kept, JSON.stringify(record));
  assert.doesNotMatch(run(link), /could not be found/);
  // the command now finds another executable: asked again, the planted folder is gone
  fs.rmSync(link);
  fs.symlinkSync(path.join(dir, "wrapper"), link);
  fs.writeFileSync(path.join(dir, "wrapper"), `#!/bin/sh\nexec ${python} "$@"\n`, { mode: 0o755 });
  assert.match(run(link), /could not be found/);
  // a script (a shim) chooses its interpreter when it runs: nothing is kept for it
  assert.deepEqual(JSON.parse(fs.readFileSync(kept, "utf8")).interpreters, []);
});

test("the CLI's compiled code is kept in the temporary folder per build and command, and a run from it gives the same output", () => {
  const dir = project();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "pyreview-tmp-"));
  const run = (env = {}) => {
    const r = runCli(["check", "--preview", "--format", "json", "--exit-zero", "--no-cache", "."], {
      cwd: dir,
      env: { TMPDIR: tmp, ...env },
    });
    assert.equal(r.status, 0, r.stderr);
    return r.stdout;
  };
  const codeCache = path.join(tmp, "pyreview-code-cache");
  const kept = () => (fs.existsSync(codeCache) ? fs.readdirSync(codeCache).filter((n) => n.endsWith(".bin")) : []);
  const off = run({ PYREVIEW_NO_CODE_CACHE: "1" });
  assert.deepEqual(kept(), [], "off: nothing kept");
  const first = run();
  assert.equal(kept().length, 1);
  assert.match(kept()[0], /-check\.bin$/);
  const before = fs.statSync(path.join(codeCache, kept()[0])).mtimeMs;
  assert.equal(run(), first);
  assert.equal(first, off);
  assert.equal(fs.statSync(path.join(codeCache, kept()[0])).mtimeMs, before, "taken, not written again");
  // a damaged cache is refused by V8: the run compiles, gives the same output, and keeps a good one
  fs.writeFileSync(path.join(codeCache, kept()[0]), "not code");
  assert.equal(run(), first);
  assert.ok(fs.statSync(path.join(codeCache, kept()[0])).size > 1000);
  // another command has its own
  assert.equal(runCli(["rules"], { env: { TMPDIR: tmp } }).status, 0);
  assert.equal(kept().length, 2);
});
