// The command-line contract (DESIGN.md): commands, formats, flags and exit codes.
import { before, test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { runCli } from "./support/cli.mjs";

const CTX = `import os


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
const CLEAN = `"""Nothing to say."""\n\nVALUE = 1\n`;

let dir;
function tree() {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), "pyreview-cli-"));
  fs.writeFileSync(path.join(d, "ctx.py"), CTX);
  fs.writeFileSync(path.join(d, "log.py"), LOG);
  fs.writeFileSync(path.join(d, "clean.py"), CLEAN);
  // these tests are about the CLI, not the rules: pin the two rules they use
  fs.writeFileSync(path.join(d, "pyproject.toml"), '[tool.pyreview]\nselect = ["CTX001", "LOG001"]\n');
  return d;
}

before(() => {
  dir = tree();
});

test("exit 0 with no findings, 1 with findings, 2 for a missing path", () => {
  assert.equal(runCli(["check", path.join(dir, "clean.py")]).status, 0);
  const r = runCli(["check", dir]);
  assert.equal(r.status, 1);
  // (CTX001's fix is unsafe: no [*] marker)
  assert.match(r.stdout, /ctx\.py:4:5: CTX001 `locked` is a generator/);
  assert.match(r.stdout, /Found 3 findings\./);
  const missing = runCli(["check", path.join(dir, "nope.py")]);
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /nope\.py: no such file or directory/);
});

test("usage errors exit 2", () => {
  assert.equal(runCli([]).status, 2);
  assert.equal(runCli(["frobnicate"]).status, 2);
  assert.equal(runCli(["check", "-", dir]).status, 2); // standard input is the only PATH or none
  assert.equal(runCli(["check", "--format", "xml", dir]).status, 2);
  const unknown = runCli(["check", "--select", "NOPE999", dir]);
  assert.equal(unknown.status, 2);
  assert.match(unknown.stderr, /unknown rule selector\(s\): NOPE999/);
  assert.equal(runCli(["check", "--bogus", dir]).status, 2);
});

test("--format json follows the contract", () => {
  const r = runCli(["check", "--format", "json", path.join(dir, "ctx.py")]);
  assert.equal(r.status, 1);
  const [f] = JSON.parse(r.stdout);
  assert.deepEqual(Object.keys(f).sort(), [
    "code",
    "column",
    "endColumn",
    "endLine",
    "fix",
    "line",
    "message",
    "name",
    "path",
    "severity",
  ]);
  assert.deepEqual(
    {
      code: f.code,
      name: f.name,
      severity: f.severity,
      line: f.line,
      column: f.column,
      endLine: f.endLine,
      endColumn: f.endColumn,
    },
    {
      code: "CTX001",
      name: "undecorated-context-manager",
      severity: "warning",
      line: 4,
      column: 5,
      endLine: 4,
      endColumn: 11,
    },
  );
  assert.deepEqual(f.fix, {
    title: "Add @contextlib.contextmanager to `locked`",
    safe: false,
  });
});

test("--format sarif is SARIF 2.1.0 with rule metadata", () => {
  const r = runCli(["check", "--format", "sarif", dir]);
  const log = JSON.parse(r.stdout);
  assert.equal(log.version, "2.1.0");
  const run = log.runs[0];
  assert.equal(run.tool.driver.name, "pyreview");
  const rule = run.tool.driver.rules.find((x) => x.id === "CTX001");
  assert.equal(rule.name, "undecorated-context-manager");
  assert.match(rule.helpUri, /#ctx001-undecorated-context-manager$/);
  assert.equal(run.results.length, 3);
  assert.equal(run.results[0].locations[0].physicalLocation.region.startLine > 0, true);
});

test("--select and --ignore take codes, prefixes and names", () => {
  const pick = (args) =>
    JSON.parse(runCli(["check", "--format", "json", ...args, dir]).stdout)
      .map((f) => f.code)
      .sort();
  assert.deepEqual(pick(["--select", "CTX001"]), ["CTX001"]);
  // a prefix picks preview rules (LOG001) only with --preview; a code or name picks them
  assert.deepEqual(pick(["--select", "LOG"]), []);
  assert.deepEqual(pick(["--select", "LOG", "--preview"]), ["LOG001", "LOG001"]);
  assert.deepEqual(pick(["--select", "log-translation"]), ["LOG001", "LOG001"]);
  assert.deepEqual(pick(["--ignore", "LOG001"]), ["CTX001"]);
  assert.deepEqual(pick(["--select", "CTX001,LOG001", "--ignore", "undecorated-context-manager"]), [
    "LOG001",
    "LOG001",
  ]);
});

test("--exit-zero exits 0 with findings", () => {
  const r = runCli(["check", "--exit-zero", dir]);
  assert.equal(r.status, 0);
  assert.match(r.stdout, /CTX001/);
});

test("--diff prints the fixes and writes nothing", () => {
  const d = tree();
  const r = runCli(["check", "--diff", d]);
  assert.equal(r.status, 1);
  assert.doesNotMatch(r.stdout, /contextmanager/, "an unsafe fix is not printed without --unsafe-fixes");
  assert.match(r.stdout, /- {4}log\.error\(_LE\("x"\)\)\n\+ {4}log\.error\("x"\)/);
  assert.match(runCli(["check", "--diff", "--unsafe-fixes", d]).stdout, /\+@contextlib\.contextmanager/);
  assert.equal(fs.readFileSync(path.join(d, "ctx.py"), "utf8"), CTX);
});

test("--fix writes safe fixes atomically and touches only changed files", () => {
  const d = tree();
  const clean = path.join(d, "clean.py");
  const before = fs.statSync(clean).mtimeMs;
  fs.utimesSync(clean, new Date(2000, 1, 1), new Date(2000, 1, 1));
  const r = runCli(["check", "--fix", d]);
  // CTX001's fix is unsafe: its finding stays
  assert.equal(r.status, 1, r.stdout + r.stderr);
  assert.match(r.stdout, /Fixed 2 findings in 1 file\(s\)\./);
  assert.equal(fs.readFileSync(path.join(d, "ctx.py"), "utf8"), CTX);
  assert.equal(
    fs.readFileSync(path.join(d, "log.py"), "utf8"),
    'def f(log):\n    log.error("x")\n'.replace(/^/, "\n\n"),
  );
  assert.notEqual(before, 0);
  assert.equal(fs.statSync(clean).mtime.getFullYear(), 2000, "an unchanged file is not rewritten");
  assert.deepEqual(
    fs.readdirSync(d).filter((f) => f.endsWith(".tmp")),
    [],
  );
});

test("--unsafe-fixes is accepted and applies unsafe fixes too", () => {
  const d = tree();
  const r = runCli(["check", "--fix", "--unsafe-fixes", d]);
  assert.equal(r.status, 0);
  assert.match(
    fs.readFileSync(path.join(d, "ctx.py"), "utf8"),
    /^import contextlib\nimport os\n\n\n@contextlib\.contextmanager\ndef locked/,
  );
});

test("folders honour .gitignore and [tool.pyreview] exclude; files given by name are always checked", () => {
  const d = tree();
  fs.mkdirSync(path.join(d, "generated"));
  fs.writeFileSync(path.join(d, "generated", "g.py"), CTX);
  fs.mkdirSync(path.join(d, "vendored"));
  fs.writeFileSync(path.join(d, "vendored", "v.py"), CTX);
  fs.writeFileSync(path.join(d, ".gitignore"), "generated/\n");
  fs.writeFileSync(
    path.join(d, "pyproject.toml"),
    '[tool.pyreview]\nselect = ["CTX001", "LOG001"]\nexclude = ["vendored"]\n',
  );
  const files = (args) =>
    [
      ...new Set(JSON.parse(runCli(["check", "--format", "json", ...args], { cwd: d }).stdout).map((f) => f.path)),
    ].sort();
  assert.deepEqual(files(["."]), ["ctx.py", "log.py"]);
  assert.deepEqual(files(["generated/g.py"]), ["generated/g.py"]);
});

test("binary, non-UTF-8 and oversized files are skipped with one line each, the run goes on, and exits 2", () => {
  const d = tree();
  fs.writeFileSync(path.join(d, "bin.py"), Buffer.from([0x00, 0x01, 0x02, 0x50]));
  fs.writeFileSync(path.join(d, "latin1.py"), Buffer.from("x = '\xe9'\n", "latin1"));
  fs.writeFileSync(path.join(d, "huge.py"), "x = 1\n".repeat(2_000_000));
  const r = runCli(["check", d]);
  assert.equal(r.status, 2);
  const lines = r.stderr.trim().split("\n");
  assert.equal(lines.length, 3, r.stderr);
  assert.match(r.stderr, /bin\.py: binary file/);
  assert.match(r.stderr, /latin1\.py: not valid UTF-8/);
  assert.match(r.stderr, /huge\.py: larger than 10 MB/);
  assert.match(r.stdout, /CTX001/);
});

test("worker threads give the same results as one thread", () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), "pyreview-many-"));
  for (let i = 0; i < 40; i++) fs.writeFileSync(path.join(d, `m${i}.py`), i % 2 ? CTX : LOG);
  fs.writeFileSync(path.join(d, "pyproject.toml"), '[tool.pyreview]\nselect = ["CTX001", "LOG001"]\n');
  const many = runCli(["check", "--format", "json", d]);
  const one = runCli(["check", "--format", "json", d], { env: { PYREVIEW_THREADS: "1" } });
  assert.equal(many.stdout, one.stdout);
  assert.equal(JSON.parse(many.stdout).length, 60);
});

test("rules lists every rule; review prints the report", () => {
  const rules = runCli(["rules"]);
  assert.equal(rules.status, 0);
  assert.match(rules.stdout, /CTX001\s+undecorated-context-manager/);
  const json = JSON.parse(runCli(["rules", "--format", "json"]).stdout);
  assert.ok(json.every((r) => r.code && r.name && r.summary && r.rationale && r.url));
  const review = runCli(["review", path.join(dir, "ctx.py")]);
  assert.equal(review.status, 1);
  assert.match(review.stdout, /^# Review of `/);
  assert.match(review.stdout, /CTX001 undecorated-context-manager/);
  const [data] = JSON.parse(runCli(["review", "--format", "json", path.join(dir, "ctx.py")]).stdout);
  assert.equal(data.findings[0].code, "CTX001");
  assert.match(data.markdown, /# Review of/);
});

test("a bad value in pyproject.toml is named on stderr, exit 2, and the rest still applies", () => {
  const d = tree();
  fs.writeFileSync(
    path.join(d, "pyproject.toml"),
    '[tool.pyreview]\nselect = ["CTX001", "LOG001"]\nignore = ["CTX001"]\nseverity = { LOG001 = "loud" }\n',
  );
  const r = runCli(["check", "--format", "json", d]);
  assert.equal(r.status, 2);
  assert.match(
    r.stderr,
    /pyproject\.toml \[tool\.pyreview\] severity\.LOG001: expected one of error, warning, information, hint, got "loud"/,
  );
  assert.deepEqual(
    JSON.parse(r.stdout).map((f) => f.code),
    ["LOG001", "LOG001"],
  );
});

test("folder walks skip vendored copies of other projects; a vendored file named on the command line is checked", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pyreview-vendored-"));
  for (const sub of ["pkg/_vendor/lib", "pkg/third_party", "pkg/core"])
    fs.mkdirSync(path.join(dir, sub), { recursive: true });
  const bad = "import subprocess\n\n\ndef run(cmd):\n    subprocess.call('ls ' + cmd, shell=True)\n";
  fs.writeFileSync(path.join(dir, "pkg/_vendor/lib/mod.py"), bad);
  fs.writeFileSync(path.join(dir, "pkg/third_party/mod.py"), bad);
  fs.writeFileSync(path.join(dir, "pkg/core/mod.py"), bad);
  const walked = JSON.parse(runCli(["check", "--format", "json", "--select", "SEC001", dir]).stdout);
  assert.deepEqual(
    walked.map((f) => path.relative(dir, f.path)),
    [path.join("pkg", "core", "mod.py")],
  );
  const named = JSON.parse(
    runCli(["check", "--format", "json", "--select", "SEC001", path.join(dir, "pkg/_vendor/lib/mod.py")]).stdout,
  );
  assert.equal(named.length, 1);
});
