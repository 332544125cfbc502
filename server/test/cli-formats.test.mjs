// Output for CI: each format against its published schema where one exists (SARIF 2.1.0, JUnit's
// common XSD, GitLab's Code Quality fields), the paths CI systems expect when pyreview runs in a
// subfolder of the repository, and the records of files not checked (E902) or with a syntax error
// (E999) in every format.
import { before, test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import Ajv from "ajv";
import AjvDraft4 from "ajv-draft-04";
import { validateXML } from "xmllint-wasm";
import { REPO } from "./support/engine.mjs";
import { runCli } from "./support/cli.mjs";

const SCHEMAS = path.join(REPO, "server/test/schemas");
const VERSION = JSON.parse(fs.readFileSync(path.join(REPO, "package.json"), "utf8")).version;

const CTX = `import os


def locked():
    yield


def use():
    with locked():
        os.getcwd()
`;
const SEC = `def run(handlers, code):\n    return eval("handlers." + code)\n`;
const LOG = `import logging\n\nLOG = logging.getLogger(__name__)\n\n\ndef f(x):\n    LOG.info("at %s" % (x,))\n`;

let root;
let pkg;

/** A repository (a .git folder) whose Python files lie in pkg/: pyreview runs from pkg/. */
function repository() {
  const r = fs.mkdtempSync(path.join(os.tmpdir(), "pyreview-formats-"));
  fs.mkdirSync(path.join(r, ".git"));
  fs.writeFileSync(path.join(r, "pyproject.toml"), '[tool.pyreview]\nselect = ["CTX001", "SEC002", "LOG003"]\n');
  const p = path.join(r, "pkg");
  fs.mkdirSync(p);
  fs.writeFileSync(path.join(p, "ctx.py"), CTX);
  fs.writeFileSync(path.join(p, "a,b.py"), CTX);
  fs.writeFileSync(path.join(p, "sec.py"), SEC);
  fs.writeFileSync(path.join(p, "log.py"), LOG);
  fs.writeFileSync(path.join(p, "broken.py"), "def f(:\n    pass\n");
  fs.writeFileSync(path.join(p, "bin.py"), Buffer.from([0x00, 0x01, 0x02]));
  fs.writeFileSync(path.join(p, "clean.py"), "VALUE = 1\n");
  return r;
}

before(() => {
  root = repository();
  pkg = path.join(root, "pkg");
});

function check(format, extra = [], cwd = pkg) {
  return runCli(["check", "--format", format, ...extra, "."], { cwd });
}

test("--format github: one workflow command per finding, paths from the repository's root, properties escaped", () => {
  const r = check("github");
  assert.equal(r.status, 2, r.stderr); // bin.py was not checked
  const lines = r.stdout.trimEnd().split("\n");
  for (const line of lines) assert.match(line, /^::(error|warning|notice) file=[^,:]+(,[a-zA-Z]+=[^,:]*)*::.+$/);
  assert.match(
    lines.find((l) => l.includes("file=pkg/ctx.py,")),
    /^::warning file=pkg\/ctx\.py,line=4,col=5,endLine=4,endColumn=11,title=CTX001 undecorated-context-manager::`locked` is a generator/,
  );
  assert.ok(
    lines.some((l) => l.startsWith("::warning file=pkg/a%2Cb.py,line=4,")),
    "a comma in a property is escaped",
  );
  assert.ok(
    lines.includes(
      "::error file=pkg/bin.py,line=1,col=1,endLine=1,endColumn=1,title=E902 io-error::binary file (contains NUL bytes)",
    ),
  );
  assert.ok(lines.some((l) => /^::error file=pkg\/broken\.py,line=1,.*title=E999 syntax-error::/.test(l)));
  // LOG003's message names `%`: in a message, % is escaped as %25 (and line breaks as %0A, %0D)
  const log = lines.find((l) => l.includes("file=pkg/log.py"));
  const message = log.slice(log.indexOf("::", 2) + 2);
  assert.match(message, /with `%25`/);
  assert.doesNotMatch(message, /%(?!25|0A|0D)/);
});

test("--format gitlab: GitLab's Code Quality report, with fingerprints that survive moved lines", () => {
  const schema = JSON.parse(fs.readFileSync(path.join(SCHEMAS, "gitlab-codequality.json"), "utf8"));
  const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
  const r = check("gitlab");
  assert.equal(r.status, 2);
  const report = JSON.parse(r.stdout);
  assert.ok(validate(report), JSON.stringify(validate.errors?.slice(0, 5), null, 2));
  const byPath = (p) => report.filter((i) => i.location.path === p);
  assert.deepEqual(
    byPath("pkg/ctx.py").map((i) => [i.check_name, i.severity, i.location.lines.begin]),
    [["CTX001", "major", 4]],
  );
  assert.equal(byPath("pkg/bin.py")[0].check_name, "E902");
  assert.equal(byPath("pkg/broken.py")[0].check_name, "E999");
  assert.equal(new Set(report.map((i) => i.fingerprint)).size, report.length, "fingerprints are unique");
  // the same finding two lines lower keeps its fingerprint (GitLab compares the branch with its base)
  const moved = repository();
  fs.writeFileSync(path.join(moved, "pkg", "ctx.py"), `\n\n${CTX}`);
  const again = JSON.parse(check("gitlab", [], path.join(moved, "pkg")).stdout);
  const was = byPath("pkg/ctx.py")[0];
  const now = again.find((i) => i.location.path === "pkg/ctx.py");
  assert.equal(now.location.lines.begin, 6);
  assert.equal(now.fingerprint, was.fingerprint);
});

test("--format junit: valid against the common JUnit XSD; findings fail, files not checked are errors", async () => {
  const r = check("junit");
  assert.equal(r.status, 2);
  const xsd = fs.readFileSync(path.join(SCHEMAS, "junit-10.xsd"), "utf8");
  const valid = await validateXML({ xml: [{ fileName: "report.xml", contents: r.stdout }], schema: [xsd] });
  assert.ok(valid.valid, JSON.stringify(valid.errors.slice(0, 5), null, 2));
  assert.match(r.stdout, /^<\?xml version="1\.0" encoding="UTF-8"\?>\n<testsuites name="pyreview" /);
  const suites = [...r.stdout.matchAll(/<testsuite name="([^"]+)" tests="(\d+)" failures="(\d+)" errors="(\d+)"/g)].map(
    (m) => [m[1], +m[2], +m[3], +m[4]],
  );
  assert.deepEqual(
    suites.find((s) => s[0] === "pkg/ctx.py"),
    ["pkg/ctx.py", 1, 1, 0],
  );
  assert.deepEqual(
    suites.find((s) => s[0] === "pkg/bin.py"),
    ["pkg/bin.py", 1, 0, 1],
  );
  assert.deepEqual(
    suites.find((s) => s[0] === "pkg/clean.py"),
    ["pkg/clean.py", 1, 0, 0],
  );
  assert.match(r.stdout, /<error type="E902" message="binary file \(contains NUL bytes\)">/);
  assert.match(r.stdout, /<failure type="E999" message="[^"]+">pkg\/broken\.py:1:\d+: E999 /);
  assert.match(r.stdout, /<testcase name="CTX001 undecorated-context-manager at 4:5" classname="pkg\/ctx\.py">/);
  const total = /<testsuites name="pyreview" tests="(\d+)" failures="(\d+)" errors="(\d+)"/
    .exec(r.stdout)
    .slice(1)
    .map(Number);
  assert.deepEqual(total, [
    suites.reduce((n, s) => n + s[1], 0),
    suites.reduce((n, s) => n + s[2], 0),
    suites.reduce((n, s) => n + s[3], 0),
  ]);
});

test("--format concise: one line per finding and nothing else; grouped: by file", () => {
  const concise = check("concise");
  assert.equal(concise.status, 2);
  const lines = concise.stdout.trimEnd().split("\n");
  for (const line of lines) assert.match(line, /^[^:]+:\d+:\d+: [A-Z]+\d{3}( \[\*\])? \S/);
  assert.ok(
    lines.some((l) => l.startsWith("ctx.py:4:5: CTX001 `locked`")),
    "an unsafe fix has no [*]",
  );
  assert.ok(
    lines.some((l) => l.startsWith("log.py:7:14: LOG003 [*] ")),
    "a safe fix has [*]",
  );
  assert.ok(lines.includes("bin.py:1:1: E902 binary file (contains NUL bytes)"));
  assert.ok(lines.some((l) => l.startsWith("broken.py:1:")));
  assert.equal(lines.length, 6, concise.stdout); // a,b ctx sec log broken bin, and nothing for clean.py

  const grouped = check("grouped");
  assert.equal(grouped.status, 2);
  assert.match(grouped.stdout, /^ctx\.py:\n {2}4:5 {2}CTX001 `locked`[^\n]*\n\n/m);
  assert.match(grouped.stdout, /^bin\.py:\n {2}1:1 {2}E902 binary file \(contains NUL bytes\)\n/m);
  assert.doesNotMatch(grouped.stdout, /^clean\.py:/m);
  assert.match(grouped.stdout, /\nFound 5 findings\.\n/); // E902 is not a finding of the code
});

test("--statistics: a count per rule and how many are fixable, as text or JSON", () => {
  const text = runCli(["check", "--statistics", "."], { cwd: pkg });
  assert.equal(text.status, 2);
  assert.match(text.stdout, /^\s+2\s+CTX001\s+undecorated-context-manager$/m);
  assert.match(text.stdout, /^\s+1\s+LOG003\s+eager-log-formatting\s+1 fixable$/m);
  assert.match(text.stdout, /^\s+1\s+SEC002\s+eval-exec$/m);
  assert.match(text.stdout, /^\s+1\s+E902\s+io-error$/m);
  assert.doesNotMatch(text.stdout, /`locked`/, "statistics replace the findings");
  const json = JSON.parse(runCli(["check", "--statistics", "--format", "json", "."], { cwd: pkg }).stdout);
  assert.deepEqual(
    json.find((s) => s.code === "CTX001"),
    { code: "CTX001", name: "undecorated-context-manager", count: 2, fixable: 0 },
  );
  assert.deepEqual(
    json.find((s) => s.code === "LOG003"),
    { code: "LOG003", name: "eager-log-formatting", count: 1, fixable: 1 },
  );
  assert.deepEqual(
    json.map((s) => s.code),
    ["CTX001", "E902", "E999", "LOG003", "SEC002"],
  );
  assert.equal(runCli(["check", "--statistics", "--format", "sarif", "."], { cwd: pkg }).status, 2, "usage");
});

test("--output-file writes the report there (folders made) and nothing on stdout", () => {
  const out = path.join(root, "reports", "deep", "pyreview.json");
  const r = runCli(["check", "--format", "json", "--output-file", out, "."], { cwd: pkg });
  assert.equal(r.status, 2);
  assert.equal(r.stdout, "");
  assert.equal(fs.readFileSync(out, "utf8"), check("json").stdout);
  const bad = runCli(["check", "--output-file", path.join(root, "pyproject.toml", "x"), "."], { cwd: pkg });
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /pyreview: cannot write .*x: /);
});

/** Applies SARIF replacements (1-based lines, columns in code points) to `text`. */
function applyReplacements(text, replacements) {
  const lines = text.split(/(?<=\n)/);
  const offset = ({ line, column }) => {
    const before = lines.slice(0, line - 1).join("");
    return before.length + [...(lines[line - 1] ?? "")].slice(0, column - 1).join("").length;
  };
  const edits = replacements
    .map((r) => ({
      start: offset({ line: r.deletedRegion.startLine, column: r.deletedRegion.startColumn }),
      end: offset({ line: r.deletedRegion.endLine, column: r.deletedRegion.endColumn }),
      text: r.insertedContent?.text ?? "",
    }))
    .sort((a, b) => b.start - a.start);
  for (const e of edits) text = text.slice(0, e.start) + e.text + text.slice(e.end);
  return text;
}

test("--format sarif: valid 2.1.0 with %SRCROOT%, fixes[], security-severity, notifications and the version", () => {
  const schema = JSON.parse(fs.readFileSync(path.join(SCHEMAS, "sarif-2.1.0-rtm.5.json"), "utf8"));
  const validate = new AjvDraft4({ allErrors: true, strict: false, unicodeRegExp: false, logger: false }).compile(
    schema,
  );
  const r = check("sarif");
  assert.equal(r.status, 2);
  const log = JSON.parse(r.stdout);
  assert.ok(validate(log), JSON.stringify(validate.errors?.slice(0, 5), null, 2));
  const run = log.runs[0];
  assert.equal(run.tool.driver.version, VERSION);
  assert.deepEqual(run.originalUriBaseIds, { "%SRCROOT%": { uri: pathToFileURL(root).href + "/" } });
  const ctx = run.results.find(
    (x) => x.ruleId === "CTX001" && x.locations[0].physicalLocation.artifactLocation.uri.endsWith("ctx.py"),
  );
  assert.deepEqual(ctx.locations[0].physicalLocation.artifactLocation, { uri: "pkg/ctx.py", uriBaseId: "%SRCROOT%" });
  assert.ok(
    run.results.some((x) => x.locations[0].physicalLocation.artifactLocation.uri === "pkg/a%2Cb.py"),
    "segments are percent-encoded",
  );
  // the fix, applied from SARIF alone, gives what --fix writes (CTX001's is unsafe: --unsafe-fixes)
  const [fix] = ctx.fixes;
  assert.match(fix.description.text, /contextmanager/);
  const [change] = fix.artifactChanges;
  assert.deepEqual(change.artifactLocation, { uri: "pkg/ctx.py", uriBaseId: "%SRCROOT%" });
  const fixed = repository();
  runCli(["check", "--fix", "--unsafe-fixes", "pkg/ctx.py"], { cwd: fixed });
  assert.equal(applyReplacements(CTX, change.replacements), fs.readFileSync(path.join(fixed, "pkg", "ctx.py"), "utf8"));
  assert.equal(run.results.find((x) => x.ruleId === "SEC002").fixes, undefined, "no fix, no fixes[]");
  // security-severity on security rules only, as GitHub reads it
  for (const rule of run.tool.driver.rules) {
    const score = rule.properties?.["security-severity"];
    if (rule.id.startsWith("SEC")) {
      assert.match(score, /^\d+\.\d$/, rule.id);
      assert.ok(+score > 0 && +score <= 10, rule.id);
      assert.ok(rule.properties.tags.includes("security"), rule.id);
    } else assert.equal(score, undefined, rule.id);
  }
  // files not checked and syntax errors are also said as notifications of the run
  const [invocation] = run.invocations;
  assert.equal(invocation.executionSuccessful, false);
  const notes = invocation.toolExecutionNotifications.map((n) => [
    n.descriptor.id,
    n.level,
    n.locations[0].physicalLocation.artifactLocation.uri,
  ]);
  assert.deepEqual(notes.sort(), [
    ["E902", "error", "pkg/bin.py"],
    ["E999", "warning", "pkg/broken.py"],
  ]);
});

test("SARIF from the repository's root and from a subfolder name the same files", () => {
  const fromRoot = JSON.parse(runCli(["check", "--format", "sarif", "pkg"], { cwd: root }).stdout).runs[0];
  const fromPkg = JSON.parse(check("sarif").stdout).runs[0];
  const uris = (run) => run.results.map((x) => x.locations[0].physicalLocation.artifactLocation.uri).sort();
  assert.deepEqual(uris(fromRoot), uris(fromPkg));
  assert.deepEqual(fromRoot.originalUriBaseIds, fromPkg.originalUriBaseIds);
});
