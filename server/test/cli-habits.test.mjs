// Habits users bring from ruff: stdin for editors' lint plugins, a default path, extend-select /
// extend-ignore / extend-exclude, --force-exclude, colour on a terminal (NO_COLOR, FORCE_COLOR), a
// closed pipe, --show-settings, `pyreview rule CODE`, .git/info/exclude, and one JSON shape for
// `review`.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { CLI, plainEnv, projectFolder, runCli } from "./support/cli.mjs";

const CTX = `import os


def locked():
    yield


def use():
    with locked():
        os.getcwd()
`;
const CTX_FIXED = `import contextlib
import os


@contextlib.contextmanager
def locked():
    yield


def use():
    with locked():
        os.getcwd()
`;
const LOG = `from neutron._i18n import _LE


def f(log):
    log.error(_LE("x"))
`;

/** A fresh folder holding `files` ({relative path: text}). */
const project = (files) => projectFolder(files, "habits");

const codes = (r) => JSON.parse(r.stdout).map((f) => `${f.path} ${f.code}`);

test("stdin: `check - --stdin-filename` reviews the text as that file, with that file's settings", () => {
  const d = project({
    "pyproject.toml": '[tool.pyreview]\nselect = ["CTX001", "LOG001"]\n',
    "quiet/pyproject.toml": '[tool.pyreview]\nselect = ["CTX001", "LOG001"]\nignore = ["CTX001"]\n',
  });
  const r = runCli(["check", "-", "--stdin-filename", "app/ctx.py"], { cwd: d, input: CTX });
  assert.equal(r.status, 1, r.stderr);
  assert.match(r.stdout, /^app\/ctx\.py:4:5: CTX001 `locked`/m);
  const quiet = runCli(["check", "--format", "json", "-", "--stdin-filename", "quiet/ctx.py"], { cwd: d, input: CTX });
  assert.deepEqual(JSON.parse(quiet.stdout), [], "quiet/pyproject.toml ignores CTX001");
  assert.equal(quiet.status, 0);
  // no file is read or written: the name need not exist
  assert.equal(fs.existsSync(path.join(d, "app")), false);
  const bare = runCli(["check", "--format", "json", "-"], { cwd: d, input: CTX });
  assert.deepEqual(codes(bare), ["- CTX001"]);
  const binary = runCli(["check", "-"], { cwd: d, input: Buffer.from([0, 1, 2]) });
  assert.equal(binary.status, 2);
  assert.match(binary.stdout, /^-:1:1: E902 binary file/m);
});

test("stdin with --fix prints the fixed text on stdout and what is left on stderr", () => {
  // CTX001's fix is unsafe (the `with` stops failing): --unsafe-fixes applies it
  const d = project({ "pyproject.toml": '[tool.pyreview]\nselect = ["CTX001", "SEC002"]\n' });
  const safeOnly = runCli(["check", "--fix", "-", "--stdin-filename", "m.py"], { cwd: d, input: CTX });
  assert.equal(safeOnly.stdout, CTX, "no safe fix: the text comes back as it was");
  assert.match(safeOnly.stderr, /^m\.py:4:5: CTX001 /m);
  const r = runCli(["check", "--fix", "--unsafe-fixes", "-", "--stdin-filename", "m.py"], { cwd: d, input: CTX });
  assert.equal(r.stdout, CTX_FIXED);
  assert.equal(r.status, 0, r.stderr);
  const left = runCli(["check", "--fix", "--unsafe-fixes", "--stdin-filename", "m.py"], {
    cwd: d,
    input: `${CTX}\n\ndef run(code):\n    return eval(input(code))\n`,
  });
  assert.equal(left.stdout, `${CTX_FIXED}\n\ndef run(code):\n    return eval(input(code))\n`);
  assert.match(left.stderr, /^m\.py:16:12: SEC002 /m, "the remaining finding, at its line in the fixed text");
  assert.doesNotMatch(left.stderr, /CTX001/);
  assert.equal(left.status, 1);
  const untouched = runCli(["check", "--fix", "-"], { cwd: d, input: "VALUE = 1\n" });
  assert.equal(untouched.stdout, "VALUE = 1\n");
  const diff = runCli(["check", "--diff", "--unsafe-fixes", "-", "--stdin-filename", "m.py"], { cwd: d, input: CTX });
  assert.match(diff.stdout, /^\+@contextlib\.contextmanager$/m);
  assert.equal(diff.status, 1);
});

test("with no PATH, check and review look at the current folder", () => {
  const d = project({ "pyproject.toml": '[tool.pyreview]\nselect = ["CTX001"]\n', "pkg/ctx.py": CTX });
  const r = runCli(["check", "--format", "json"], { cwd: d });
  assert.equal(r.status, 1, r.stderr);
  assert.deepEqual(codes(r), ["pkg/ctx.py CTX001"]);
  const review = runCli(["review"], { cwd: d });
  assert.equal(review.status, 1);
  assert.match(review.stdout, /^# Review of `\.`/);
});

test("extend-select and extend-ignore, in [tool.pyreview] and as --extend-select, add to select and ignore", () => {
  const d = project({ "ctx.py": CTX, "log.py": LOG });
  const conf = (lines) => fs.writeFileSync(path.join(d, "pyproject.toml"), `[tool.pyreview]\n${lines.join("\n")}\n`);
  const run = (...args) => codes(runCli(["check", "--format", "json", ...args, "."], { cwd: d })).sort();
  conf(['select = ["CTX001"]']);
  assert.deepEqual(run(), ["ctx.py CTX001"]);
  assert.deepEqual(run("--extend-select", "LOG001"), ["ctx.py CTX001", "log.py LOG001", "log.py LOG001"]);
  conf(['select = ["CTX001"]', 'extend-select = ["log-translation"]']);
  assert.deepEqual(run(), ["ctx.py CTX001", "log.py LOG001", "log.py LOG001"]);
  // as in ruff, --select starts over: the project's extend-select goes with its select
  assert.deepEqual(run("--select", "CTX"), ["ctx.py CTX001"]);
  conf(['select = ["CTX001", "LOG001"]', 'extend-ignore = ["LOG"]']);
  assert.deepEqual(run(), ["ctx.py CTX001"]);
  assert.equal(runCli(["check", "--extend-select", "NOPE999", "."], { cwd: d }).status, 2, "an unknown code");
});

test("extend-exclude adds to exclude; --force-exclude applies them to files named on the command line", () => {
  const d = project({
    "pyproject.toml": '[tool.pyreview]\nselect = ["CTX001"]\nexclude = ["vendored"]\nextend-exclude = ["generated"]\n',
    "app.py": CTX,
    "vendored/v.py": CTX,
    "generated/g.py": CTX,
    "build_tools/b.py": CTX,
  });
  const run = (...args) => codes(runCli(["check", "--format", "json", ...args], { cwd: d })).sort();
  assert.deepEqual(run("."), ["app.py CTX001", "build_tools/b.py CTX001"]);
  assert.deepEqual(run("--extend-exclude", "build_tools", "."), ["app.py CTX001"]);
  assert.deepEqual(run("generated/g.py", "app.py"), ["app.py CTX001", "generated/g.py CTX001"]);
  assert.deepEqual(run("--force-exclude", "generated/g.py", "vendored/v.py", "app.py"), ["app.py CTX001"]);
  const none = runCli(["check", "--force-exclude", "generated/g.py"], { cwd: d });
  assert.equal(none.status, 0, "nothing left to check is not an error");
  // an editor sending an excluded file on standard input gets nothing to show, and its text back
  const stdin = (...args) =>
    runCli(["check", ...args, "--stdin-filename", "vendored/v.py", "-"], { cwd: d, input: CTX });
  assert.match(
    stdin("--format", "concise").stdout,
    /^vendored\/v\.py:4:5: CTX001 /,
    "without --force-exclude: checked",
  );
  assert.equal(stdin("--force-exclude", "--format", "concise").stdout, "");
  assert.equal(stdin("--force-exclude", "--format", "concise").status, 0);
  assert.equal(stdin("--force-exclude", "--fix").stdout, CTX);
});

test(".git/info/exclude is honoured like a .gitignore (also from a worktree's .git file)", () => {
  const d = project({
    "pyproject.toml": '[tool.pyreview]\nselect = ["CTX001"]\n',
    "app.py": CTX,
    "scratch.py": CTX,
    "sub/keep.py": CTX,
    "sub/local/l.py": CTX,
    ".git/info/exclude": "# personal\nscratch.py\nlocal/\n",
  });
  const run = (cwd, ...args) => codes(runCli(["check", "--format", "json", ...args], { cwd })).sort();
  assert.deepEqual(run(d, "."), ["app.py CTX001", "sub/keep.py CTX001"]);
  assert.deepEqual(run(path.join(d, "sub"), "."), ["keep.py CTX001"], "from a subfolder too");
  // a .gitignore's `!` beats info/exclude, as in git
  fs.writeFileSync(path.join(d, ".gitignore"), "!scratch.py\n");
  assert.deepEqual(run(d, "."), ["app.py CTX001", "scratch.py CTX001", "sub/keep.py CTX001"]);
  // a worktree: .git is a file naming its git folder, whose commondir holds info/exclude
  const main = project({ ".git/info/exclude": "scratch.py\n", ".git/worktrees/w/commondir": "../..\n" });
  const wt = project({ "scratch.py": CTX, "app.py": CTX, "pyproject.toml": '[tool.pyreview]\nselect = ["CTX001"]\n' });
  fs.writeFileSync(path.join(wt, ".git"), `gitdir: ${path.join(main, ".git", "worktrees", "w")}\n`);
  assert.deepEqual(run(wt, "."), ["app.py CTX001"]);
});

test("colour on a terminal; never in a pipe; NO_COLOR turns it off, FORCE_COLOR on", () => {
  const d = project({ "pyproject.toml": '[tool.pyreview]\nselect = ["CTX001"]\n', "ctx.py": CTX });
  const ESC = "\x1b[";
  const piped = runCli(["check", "ctx.py"], { cwd: d });
  assert.ok(!piped.stdout.includes(ESC));
  const forced = runCli(["check", "ctx.py"], { cwd: d, env: { FORCE_COLOR: "1" } });
  assert.ok(forced.stdout.includes(ESC), "FORCE_COLOR");
  assert.equal(
    forced.stdout
      .split(ESC)
      .map((part, i) => (i ? part.replace(/^[0-9;]*m/, "") : part))
      .join(""),
    piped.stdout,
    "colour changes nothing else",
  );
  const forcedJson = runCli(["check", "--format", "json", "ctx.py"], { cwd: d, env: { FORCE_COLOR: "1" } });
  assert.ok(!forcedJson.stdout.includes(ESC), "machine formats are never coloured");
  // a terminal (util-linux `script` gives the CLI a pseudo-terminal)
  const tty = (env) =>
    spawnSync("script", ["-qec", `"${process.execPath}" "${CLI}" check ctx.py`, "/dev/null"], {
      cwd: d,
      env: plainEnv(env),
      encoding: "utf8",
      input: "",
    }).stdout;
  assert.ok(tty({}).includes(ESC), "a terminal gets colour");
  assert.ok(tty({}).includes("CTX001"));
  assert.ok(!tty({ NO_COLOR: "1" }).includes(ESC), "NO_COLOR");
  assert.ok(!tty({ FORCE_COLOR: "0" }).includes(ESC), "FORCE_COLOR=0");
  assert.ok(!tty({ TERM: "dumb" }).includes(ESC), "TERM=dumb");
});

test("a closed pipe (`pyreview rules | head -1`) ends quietly", async () => {
  for (const args of [["rules"], ["rule", "CTX001"], ["check", "--format", "json", "server/test/review"]]) {
    const child = spawn(process.execPath, [CLI, ...args], { stdio: ["ignore", "pipe", "pipe"], env: plainEnv() });
    child.stdout.destroy(); // the reader is gone before the first write
    let stderr = "";
    child.stderr.on("data", (chunk) => {
      stderr += chunk;
    });
    const status = await new Promise((resolve) => child.on("close", (code) => resolve(code)));
    assert.equal(stderr, "", args.join(" "));
    assert.ok(status === 0 || status === 1, `${args.join(" ")}: exit ${status}`);
  }
});

test("--show-settings prints each setting for a file and where its value came from", () => {
  const d = project({
    "pyproject.toml":
      '[tool.pyreview]\nselect = ["CTX001", "LOG"]\nignore = ["LOG002"]\n\n[tool.ruff]\nline-length = 79\n',
    "pkg/m.py": CTX,
  });
  const conf = path.join(d, "pyproject.toml");
  const r = runCli(["check", "--show-settings", "--ignore", "LOG003", "--python", "/opt/py/bin/python3", "pkg/m.py"], {
    cwd: d,
  });
  assert.equal(r.status, 0, r.stderr);
  const line = (name) => r.stdout.split("\n").find((l) => l.startsWith(`${name} = `));
  assert.match(r.stdout, new RegExp(`^Settings for pkg/m\\.py\\nConfiguration: ${conf.replace(/[.]/g, "\\.")}\\n`));
  assert.match(
    line("select"),
    new RegExp(`^select = \\["CTX001", "LOG"\\] +# ${conf.replace(/[.]/g, "\\.")} \\[tool\\.pyreview\\]$`),
  );
  assert.match(line("ignore"), /^ignore = \["LOG002", "LOG003"\] +# .*pyproject\.toml \[tool\.pyreview\], --ignore$/);
  assert.match(line("line-length"), /^line-length = 79 +# .*pyproject\.toml \[tool\.ruff\]$/);
  assert.match(line("debounce-ms"), /^debounce-ms = 150 +# default$/);
  assert.match(line("python-interpreter"), /^python-interpreter = "\/opt\/py\/bin\/python3" +# --python$/);
  // a prefix picks the preview rules (LOG001, LOG004) only with preview on
  assert.match(r.stdout, /^Rules for this file: CTX001$/m);
  assert.match(line("preview"), /^preview = false +# default$/);
  const json = JSON.parse(runCli(["check", "--show-settings", "--format", "json", "pkg/m.py"], { cwd: d }).stdout);
  assert.deepEqual(json.settings["line-length"], { value: 79, source: `${conf} [tool.ruff]` });
  assert.deepEqual(json.rules, ["CTX001", "LOG003"]);
  const withPreview = runCli(["check", "--show-settings", "--preview", "--format", "json", "pkg/m.py"], { cwd: d });
  assert.deepEqual(JSON.parse(withPreview.stdout).rules, ["CTX001", "LOG001", "LOG003", "LOG004"]);
  assert.deepEqual(JSON.parse(withPreview.stdout).settings.preview, { value: true, source: "--preview" });
});

test("`pyreview rule CODE` prints the rule's documentation; names and records work too", () => {
  const r = runCli(["rule", "CTX001"]);
  assert.equal(r.status, 0);
  assert.match(r.stdout, /^CTX001 undecorated-context-manager\n/);
  assert.match(r.stdout, /A generator function is used in `with`/);
  assert.match(r.stdout, /^Example:\n\n {4}/m);
  assert.match(r.stdout, /^Use instead:\n\n {4}/m);
  assert.match(r.stdout, /#ctx001-undecorated-context-manager$/m);
  assert.equal(runCli(["rule", "log-translation"]).stdout.split("\n")[0], "LOG001 log-translation");
  assert.match(runCli(["rule", "sec001"]).stdout, /Bandit B602/);
  assert.match(runCli(["rule", "E902"]).stdout, /^E902 io-error\n/);
  const json = JSON.parse(runCli(["rule", "--format", "json", "CTX001"]).stdout);
  assert.equal(json.code, "CTX001");
  assert.ok(json.rationale && json.example && json.useInstead && json.url);
  const unknown = runCli(["rule", "NOPE1"]);
  assert.equal(unknown.status, 2);
  assert.match(unknown.stderr, /unknown rule NOPE1/);
  assert.equal(runCli(["rule"]).status, 2);
});

test("review --format json gives one shape for one file, several paths or a folder", () => {
  const d = project({ "pyproject.toml": '[tool.pyreview]\nselect = ["CTX001"]\n', "a.py": CTX, "pkg/b.py": CTX });
  const review = (...args) => JSON.parse(runCli(["review", "--format", "json", ...args], { cwd: d }).stdout);
  const one = review("a.py");
  const two = review("a.py", "pkg");
  const folder = review(".");
  for (const reports of [one, two, folder]) {
    assert.ok(Array.isArray(reports));
    for (const report of reports) {
      assert.deepEqual(Object.keys(report).sort(), ["files", "findings", "kind", "markdown", "path"]);
      for (const file of report.files)
        assert.deepEqual(Object.keys(file).sort(), ["findings", "path", "skipped", "unchecked"]);
    }
  }
  assert.deepEqual(
    two.map((r) => [r.path, r.kind, r.findings.length, r.files.length]),
    [
      ["a.py", "file", 1, 1],
      ["pkg", "folder", 1, 1],
    ],
  );
  assert.equal(folder[0].findings.length, 2);
});
