// `pyreview` installed the way users get it: the npm package (npm pack, then npm install -g of the
// tarball) is exactly what pre-commit does for a `language: node` hook, and what `npx` runs. The
// test packs a copy of this working tree (its `prepare` script builds it there), installs the
// tarball into a temporary prefix, and runs the hook's entry from .pre-commit-hooks.yaml on files,
// far from any node_modules: the bundle must run on its own.
//
// pre-commit first runs `npm install --include=dev` in its clone; here the copy borrows this
// repository's node_modules instead (a link), so the test needs no network.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { REPO } from "./support/engine.mjs";

const VERSION = JSON.parse(fs.readFileSync(path.join(REPO, "package.json"), "utf8")).version;
const NPM = process.platform === "win32" ? "npm.cmd" : "npm";

let top;
let prefix;
let tarball;
let packed;

/** npm with its own cache and no registry chatter, from `cwd`. */
function npm(args, cwd) {
  return execFileSync(NPM, args, {
    cwd,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, npm_config_cache: path.join(top, "npm-cache"), npm_config_update_notifier: "false" },
    timeout: 240_000,
  });
}

/** An environment with no trace of this repository: the installed program must not need it. */
function cleanEnv() {
  const env = { ...process.env, PATH: `${path.join(prefix, "bin")}${path.delimiter}${process.env.PATH}` };
  for (const k of ["NODE_PATH", "FORCE_COLOR", "NO_COLOR"]) delete env[k];
  return env;
}

before(() => {
  top = fs.mkdtempSync(path.join(os.tmpdir(), "pyreview-install-"));
  const copy = path.join(top, "repo");
  // the working tree as git sees it (committed or not, nothing ignored): what a clone would hold
  const files = execFileSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], {
    cwd: REPO,
    encoding: "utf8",
  })
    .split("\0")
    .filter(Boolean);
  for (const f of files) {
    const from = path.join(REPO, f);
    if (!fs.existsSync(from) || !fs.statSync(from).isFile()) continue; // deleted, or a submodule
    fs.mkdirSync(path.dirname(path.join(copy, f)), { recursive: true });
    fs.copyFileSync(from, path.join(copy, f));
  }
  fs.symlinkSync(path.join(REPO, "node_modules"), path.join(copy, "node_modules"), "dir");
  [packed] = JSON.parse(npm(["pack", "--json", "--pack-destination", top], copy));
  tarball = path.join(top, packed.filename);
  prefix = path.join(top, "prefix");
  npm(["install", "--global", "--prefix", prefix, tarball], top);
});

after(() => fs.rmSync(top, { recursive: true, force: true }));

test("the npm package holds only what the command line runs", () => {
  assert.deepEqual(packed.files.map((f) => f.path).sort(), [
    "LICENSE",
    "README.md",
    "dist/cli-main.js",
    "dist/cli.js",
    "dist/tree-sitter-python.wasm",
    "dist/tree-sitter.wasm",
    "dist/worker-main.js",
    "dist/worker.js",
    "package.json",
  ]);
  const manifest = JSON.parse(fs.readFileSync(path.join(REPO, "package.json"), "utf8"));
  assert.deepEqual(manifest.dependencies ?? {}, {}, "everything is bundled: no dependency at run time");
});

test("npm install -g puts a working `pyreview` on PATH that prints the package's version", () => {
  const installed = path.join(prefix, "lib", "node_modules", "pyreview");
  assert.ok(fs.existsSync(path.join(prefix, "bin", "pyreview")), "bin/pyreview");
  assert.equal(fs.existsSync(path.join(installed, "node_modules")), false, "no dependency installed");
  const r = spawnSync("pyreview", ["--version"], { cwd: top, env: cleanEnv(), encoding: "utf8" });
  assert.equal(r.stderr, "");
  assert.equal(r.stdout, `pyreview ${VERSION}\n`);
  assert.equal(r.status, 0);
});

test("npx runs the package's `pyreview`", () => {
  const r = spawnSync(NPM, ["exec", "--yes", `--package=${tarball}`, "--", "pyreview", "--version"], {
    cwd: top,
    env: { ...cleanEnv(), npm_config_cache: path.join(top, "npm-cache") },
    encoding: "utf8",
    timeout: 120_000,
  });
  assert.equal(r.stdout, `pyreview ${VERSION}\n`, r.stderr);
  assert.equal(r.status, 0);
});

test(".pre-commit-hooks.yaml's hook, installed as pre-commit installs it, reviews the files it is given", () => {
  const hooks = fs.readFileSync(path.join(REPO, ".pre-commit-hooks.yaml"), "utf8");
  assert.match(hooks, /^- id: pyreview$/m);
  assert.match(hooks, /^ {2}language: node$/m);
  assert.match(hooks, /^ {2}types_or: \[python, pyi\]$/m);
  assert.doesNotMatch(hooks, /pass_filenames: false/);
  const entry = /^ {2}entry: (.+)$/m.exec(hooks)[1].trim().split(/\s+/);
  const project = path.join(top, "project");
  fs.mkdirSync(path.join(project, "vendored"), { recursive: true });
  fs.writeFileSync(
    path.join(project, "pyproject.toml"),
    '[tool.pyreview]\nselect = ["CTX001"]\nextend-exclude = ["vendored"]\n',
  );
  const ctx = "def locked():\n    yield\n\n\ndef use():\n    with locked():\n        pass\n";
  fs.writeFileSync(path.join(project, "bad.py"), ctx);
  fs.writeFileSync(path.join(project, "vendored", "lib.py"), ctx);
  fs.writeFileSync(path.join(project, "good.pyi"), "def f() -> int: ...\n");
  // pre-commit runs the entry with the file names appended, from the repository's root
  const hook = (files) =>
    spawnSync(path.join(prefix, "bin", entry[0]), [...entry.slice(1), ...files], {
      cwd: project,
      env: cleanEnv(),
      encoding: "utf8",
    });
  const bad = hook(["bad.py", "good.pyi"]);
  assert.equal(bad.status, 1, bad.stderr);
  assert.match(bad.stdout, /^bad\.py:1:5: CTX001 /m);
  const good = hook(["good.pyi", "vendored/lib.py"]);
  assert.equal(good.status, 0, good.stdout + good.stderr);
  assert.doesNotMatch(good.stdout, /lib\.py/, "the project's excludes apply to the files pre-commit passes");
});
