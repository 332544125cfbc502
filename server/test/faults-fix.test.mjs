// Fixes that compose (issue 12): `--fix` over several files leaves every module behaving as
// before (proved by running them with python3 before and after), whatever the number of worker
// threads; `--diff` prints exactly what `--fix` writes; unsafe fixes do not cascade into the
// importers of a re-exporting module; a second `--fix` changes nothing.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { createTwoFilesPatch } from "diff";
import { REPO } from "./support/engine.mjs";
import { projectFolder, runCli } from "./support/cli.mjs";

const WIDE = "/root/.cache/pyreview-corpus-wide/root/usr/lib/python3/dist-packages";
const PYPARSING = path.join(WIDE, "pip/_vendor/pyparsing");
const THREADS = ["1", "2"];
const IMP001_ONLY = '[tool.pyreview]\nselect = ["IMP001"]\n';

/** A fresh folder holding `files` ({relative path: text}). */
const project = (files) => projectFolder(files, "compose");

/** A copy of a folder (`into` names the copy inside a fresh folder). */
function copyOf(source, into, extra = {}) {
  const dir = project(extra);
  fs.cpSync(source, path.join(dir, into), { recursive: true, filter: (f) => !f.includes("__pycache__") });
  return dir;
}

/** Every .py file under `dir`: {relative path: text}. */
function snapshot(dir) {
  const out = {};
  for (const rel of fs.readdirSync(dir, { recursive: true }).sort()) {
    if (rel.endsWith(".py")) out[rel] = fs.readFileSync(path.join(dir, rel), "utf8");
  }
  return out;
}

/** The dotted module name of each .py file under `dir` (packages by their `__init__`). */
function modulesOf(dir) {
  return Object.keys(snapshot(dir)).map((rel) => ({
    name: rel
      .replace(/\.py$/, "")
      .replace(/[\\/]__init__$/, "")
      .split(/[\\/]/)
      .join("."),
    isPackage: rel.endsWith("__init__.py"),
  }));
}

// One python3 process per module: run it (`-m`, or an import for a package) and print the names
// it bound; paths of the folder are replaced by <root> so that two copies compare equal.
const DRIVER = `
import json, os, subprocess, sys
root, specs = sys.argv[1], json.loads(sys.argv[2])
env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1", PYTHONHASHSEED="0")
probe = """
import importlib, json, runpy, sys
name, package = sys.argv[1], sys.argv[2] == "1"
names = dir(importlib.import_module(name)) if package else runpy.run_module(name, run_name="__main__", alter_sys=True)
sys.stdout.flush()
sys.stderr.write("@@names@@" + json.dumps(sorted(names)))
"""
out = {}
for spec in specs:
    r = subprocess.run([sys.executable, "-c", probe, spec["name"], "1" if spec["isPackage"] else "0"], cwd=root, env=env, capture_output=True, text=True, timeout=60)
    marker = r.stderr.rfind("@@names@@")
    names = json.loads(r.stderr[marker + 9:]) if marker >= 0 else None
    err = r.stderr[:marker] if marker >= 0 else r.stderr
    out[spec["name"]] = {"names": names, "stdout": r.stdout.replace(root, "<root>"), "stderr": err.replace(root, "<root>"), "status": r.returncode}
print(json.dumps(out))
`;

/** How each module behaves: stdout, stderr and exit status of running it, and the names it binds. */
function behaviour(dir) {
  const r = spawnSync("python3", ["-c", DRIVER, dir, JSON.stringify(modulesOf(dir))], {
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout);
}

/** Modules that some module of `files` star-imports (absolute or relative), as dotted names. */
function starImported(files) {
  const out = new Set();
  for (const [rel, text] of Object.entries(files)) {
    const pkg = rel.split(/[\\/]/).slice(0, -1);
    for (const m of text.matchAll(/^[ \t]*from[ \t]+(\.*)([\w.]*)[ \t]+import[ \t]+\*/gm)) {
      const [, dots, name] = m;
      const base = dots ? pkg.slice(0, pkg.length - (dots.length - 1)) : [];
      out.add([...base, ...(name ? name.split(".") : [])].join("."));
    }
  }
  return out;
}

/**
 * The run kept behaviour: every module runs with the same stdout, stderr and exit status as
 * before, and a module that another one star-imports after the run offers the same
 * public names (what `import *` copies from its `dir()`).
 */
function assertSameBehaviour(before, after, textsAfter) {
  const star = starImported(textsAfter);
  const exported = (names) => names.filter((n) => !n.startsWith("_"));
  for (const [name, b] of Object.entries(before)) {
    const a = after[name];
    assert.equal(a.status, b.status, `${name}: exit status (stderr: ${a.stderr})`);
    assert.equal(a.stdout, b.stdout, `${name}: stdout`);
    assert.equal(a.stderr, b.stderr, `${name}: stderr`);
    if (star.has(name))
      assert.deepEqual(
        exported(a.names),
        exported(b.names),
        `${name} is star-imported: its public names must not change`,
      );
  }
}

/** `--fix` in a copy of `dir` with `threads` workers: the files after it, and the CLI's result. */
function fixCopy(dir, args, threads, targets) {
  const copy = fs.mkdtempSync(path.join(os.tmpdir(), "pyreview-compose-run-"));
  fs.cpSync(dir, copy, { recursive: true });
  const r = runCli(["check", "--fix", ...args, ...targets], { cwd: copy, env: { PYREVIEW_THREADS: threads } });
  return { copy, run: r, files: snapshot(copy) };
}

/** The unified diff `--diff` should print for the change from `before` to `after`. */
function expectedDiff(before, after) {
  let out = "";
  for (const rel of Object.keys(before)) {
    if (before[rel] === after[rel]) continue;
    const name = rel.split(path.sep).join("/");
    out += createTwoFilesPatch(`a/${name}`, `b/${name}`, before[rel], after[rel], "", "");
  }
  return out;
}

/**
 * The whole contract on one project: for each thread count, `--fix` keeps every module's
 * behaviour and writes the same files; a second `--fix` changes nothing; `--diff` prints exactly
 * what `--fix` wrote. Returns the fixed files.
 */
function assertComposes(dir, args, threadCounts = THREADS, targets = ["."]) {
  const textsBefore = snapshot(dir);
  const before = behaviour(dir);
  let written = null;
  for (const threads of threadCounts) {
    const { copy, run, files } = fixCopy(dir, args, threads, targets);
    assert.ok(run.status === 0 || run.status === 1, run.stderr);
    assertSameBehaviour(before, behaviour(copy), files);
    if (written) assert.deepEqual(files, written, `the files written with ${threads} threads differ`);
    else assertIdempotent(copy, args, targets);
    written = files;
  }
  // the same plan, printed: (its independence from the thread count is shown above)
  const diff = runCli(["check", "--diff", ...args, ...targets], { cwd: dir, env: { PYREVIEW_THREADS: "2" } });
  assert.equal(diff.stdout, expectedDiff(textsBefore, written), "--diff prints what --fix writes");
  assert.deepEqual(snapshot(dir), textsBefore, "--diff writes nothing");
  return written;
}

/** After a first `--fix` in `dir`, a second one changes no byte and applies no fix. */
function assertIdempotent(dir, args, targets = ["."]) {
  const once = snapshot(dir);
  const second = runCli(["check", "--fix", ...args, ...targets], { cwd: dir });
  assert.ok(second.status === 0 || second.status === 1, second.stderr);
  assert.deepEqual(snapshot(dir), once, "the second --fix changed files");
  assert.doesNotMatch(second.stdout, /^Fixed \d+/m);
}

/** Runs `--fix` in `dir`, then checks that a second run changes nothing; returns the first run. */
function fixTwice(dir, args) {
  const first = runCli(["check", "--fix", ...args, "."], { cwd: dir });
  assert.ok(first.status === 0 || first.status === 1, first.stderr);
  assertIdempotent(dir, args);
  return first;
}

/** Runs `compute` once, for the tests that share its result. */
function once(compute) {
  let result;
  return () => (result ??= { value: compute() }).value;
}

// The scenarios share two projects (one run each, with every thread count). Their modules have no
// `__all__`, so every IMP001 fix here is unsafe (it drops public names): the first project is fixed
// with --unsafe-fixes too, and shows that what importers take is kept; the second that deleting
// a re-exporting import does not cascade. Each test then reads its own scenario's files.
const SAFE = {
  "pyproject.toml": IMP001_ONLY,
  // the case: b takes `exists` from a, which takes it from os.path
  "chain/__init__.py": "",
  "chain/a.py": 'from os.path import *\n\nprint(join("a", "b"))\n',
  "chain/b.py": 'from chain.a import *\n\nprint(exists("/"))\n',
  // every module keeps what its importers take from it
  "full/__init__.py": "",
  "full/a.py": 'from os.path import *\n\nprint(join("a", "b"))\n',
  "full/b.py": 'from full.a import *\n\nprint(join("c", "d"))\n',
  "full/c.py": 'from full.b import *\n\nprint(join("e", "f"))\n',
  // b is not in the run (not named): c takes `exists` from a through it
  "outside/__init__.py": "",
  "outside/a.py": 'from os.path import *\n\nprint(join("a", "b"))\n',
  "outside/b.py": '"""Re-exports a."""\nfrom outside.a import *\n',
  "outside/c.py": 'from outside.b import *\n\nprint(exists("/"))\n',
};
const safeRun = once(() =>
  assertComposes(project(SAFE), ["--unsafe-fixes"], THREADS, ["chain", "full", "outside/a.py", "outside/c.py"]),
);

const UNSAFE = {
  "pyproject.toml": IMP001_ONLY,
  "cascade/__init__.py": "",
  // a facade: it exists to re-export os.path (its fix is unsafe: it would delete the import)
  "cascade/a.py": '"""Re-exports os.path."""\nfrom os.path import *\n',
  "cascade/b.py": 'from cascade.a import *\n\nprint(exists("/"))\n',
  "cascade/c.py": 'from cascade.b import *\n\nprint(exists("/tmp"), isdir("/"))\n',
};
const unsafeRun = once(() => {
  // pyparsing chains star imports through its package (__init__ star-imports core, which star-imports others)
  const dir = fs.existsSync(PYPARSING) ? copyOf(PYPARSING, "pyparsing", UNSAFE) : project(UNSAFE);
  return assertComposes(dir, ["--unsafe-fixes"]);
});

test("--fix on two modules chaining star imports: both still run, whatever the thread count", () => {
  const after = safeRun();
  // b takes `exists` from a explicitly; a keeps the star import that supplies it
  assert.equal(after["chain/b.py"], 'from chain.a import exists\n\nprint(exists("/"))\n');
  assert.equal(after["chain/a.py"], SAFE["chain/a.py"]);
});

test("a chain whose modules all keep what their importers take from them is fixed throughout", () => {
  const after = safeRun();
  assert.equal(after["full/a.py"], 'from os.path import join\n\nprint(join("a", "b"))\n');
  assert.equal(after["full/b.py"], 'from full.a import join\n\nprint(join("c", "d"))\n');
  assert.equal(after["full/c.py"], 'from full.b import join\n\nprint(join("e", "f"))\n');
});

test("a module whose names reach a file of the run through a module outside it keeps them", () => {
  const after = safeRun();
  assert.equal(after["outside/a.py"], SAFE["outside/a.py"]);
  assert.equal(after["outside/b.py"], SAFE["outside/b.py"]);
  assert.equal(after["outside/c.py"], 'from outside.b import exists\n\nprint(exists("/"))\n');
});

test("--unsafe-fixes deleting a re-exporting star import does not cascade into its importers", () => {
  const after = unsafeRun();
  assert.equal(after["cascade/a.py"], UNSAFE["cascade/a.py"]);
  // b keeps its star import too: c takes `isdir` from it
  assert.equal(after["cascade/b.py"], UNSAFE["cascade/b.py"]);
  assert.equal(after["cascade/c.py"], 'from cascade.b import exists, isdir\n\nprint(exists("/tmp"), isdir("/"))\n');
});

test("pyparsing: --fix --unsafe-fixes keeps every module's behaviour, and a second run changes nothing", {
  skip: !fs.existsSync(PYPARSING) && "corpus not installed",
}, () => {
  const after = unsafeRun();
  // __init__ star-imports core and helpers: their own star imports stay, or its names would change
  assert.match(after["pyparsing/core.py"], /^from \.exceptions import \*$/m);
  assert.match(after["pyparsing/helpers.py"], /^from \.core import \*$/m);
  // common.py is imported by name only: its star import is replaced
  assert.doesNotMatch(after["pyparsing/common.py"], /import \*/);
});

test("--fix is idempotent: eleven and more conflicting fixes in one signature converge in one run", () => {
  const attrs = Array.from({ length: 14 }, (_, i) => `        self.v${i}_limit = ${i + 2}\n`).join("");
  const params = Array.from({ length: 14 }, (_, i) => `a${i}_timeout`).join(", ");
  const dir = project({
    "pyproject.toml": '[tool.pyreview]\nselect = ["CFG001", "DOC002"]\n',
    "cfg.py": `"""Mod."""\n\n\nclass Big(object):\n    """Big."""\n\n    def __init__(self, func):\n        """Init."""\n        self.func = func\n${attrs}`,
    "doc.py": `"""Mod."""\n\n\ndef wait(${params}):\n    """Wait.\n\n    :param x: y\n    """\n`,
  });
  const first = fixTwice(dir, ["--unsafe-fixes"]);
  assert.match(first.stdout, /^Fixed 28 findings in 2 file\(s\)\.$/m);
  // (the signature grown too long is wrapped as black does: one parameter per line)
  assert.match(fs.readFileSync(path.join(dir, "cfg.py"), "utf8"), /^ {8}v13_limit=15,\n {4}\):/m);
});

// (the corpus folder's second run is in the pyparsing test above, as in every scenario's)
test("--fix is idempotent on the fixtures (every rule)", () => {
  fixTwice(copyOf(path.join(REPO, "server/test/fixtures"), "fixtures"), ["--unsafe-fixes"]);
});
