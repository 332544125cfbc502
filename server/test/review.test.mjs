// The review report: snapshots for sample files (one with findings, one with none, one with a
// syntax error), a directory summary, and SARIF validated against the published 2.1.0 schema.
import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import Ajv from "ajv-draft-04";
import { REPO } from "./support/engine.mjs";
import { runCli } from "./support/cli.mjs";

const DIR = path.join(REPO, "server/test/review");
const SNAPSHOTS = path.join(REPO, "server/test/snapshots");
const SELECT = ["--select", "CTX001,LOG001,SEC001"];

function normalise(text) {
  return text.split(REPO).join("<repo>");
}

for (const name of ["sample", "clean", "broken"]) {
  test(`report snapshot: ${name}.py`, () => {
    const r = runCli(["review", ...SELECT, path.join("server/test/review", `${name}.py`)]);
    assert.equal(r.stderr, "");
    const actual = normalise(r.stdout);
    const file = path.join(SNAPSHOTS, `${name}.md`);
    if (!fs.existsSync(file) || process.env.UPDATE_SNAPSHOTS) fs.writeFileSync(file, actual);
    assert.equal(actual, fs.readFileSync(file, "utf8"));
  });
}

test("the report never claims the file is free of defects; it says what was checked", () => {
  const clean = runCli(["review", ...SELECT, path.join(DIR, "clean.py")]).stdout;
  assert.match(clean, /does not mean the file has no defects/);
  assert.match(clean, /### Security\n\n- SEC001 command-execution \(Bandit [^)]*\): nothing found\./);
  assert.doesNotMatch(clean, /no security (defects|issues)/i);
  const broken = runCli(["review", ...SELECT, path.join(DIR, "broken.py")]).stdout;
  assert.match(broken, /## Could not be checked\n\n- syntax error at line 8/);
});

test("review of a folder prints a summary; --format json gives the same as data", () => {
  const r = runCli(["review", ...SELECT, "server/test/review"]);
  assert.equal(r.status, 1);
  assert.match(r.stdout, /^# Review of `server\/test\/review`/);
  assert.match(r.stdout, /\| \[server\/test\/review\/sample\.py\]\(/);
  const [data] = JSON.parse(runCli(["review", "--format", "json", ...SELECT, "server/test/review"]).stdout);
  assert.deepEqual(data.files.map((f) => f.path).sort(), [
    "server/test/review/broken.py",
    "server/test/review/clean.py",
    "server/test/review/sample.py",
  ]);
  const [one] = JSON.parse(runCli(["review", "--format", "json", ...SELECT, "server/test/review/sample.py"]).stdout);
  assert.deepEqual(Object.keys(one).sort(), ["files", "findings", "kind", "markdown", "path"]);
  assert.deepEqual(Object.keys(one.files[0]).sort(), ["findings", "path", "skipped", "unchecked"]);
});

test("check --format sarif is valid SARIF 2.1.0 (published schema) with rule metadata", () => {
  const schema = JSON.parse(fs.readFileSync(path.join(REPO, "server/test/schemas/sarif-2.1.0-rtm.5.json"), "utf8"));
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  const validate = ajv.compile(schema);
  const r = runCli(["check", "--format", "sarif", "server/test/review"]);
  const log = JSON.parse(r.stdout);
  assert.ok(validate(log), JSON.stringify(validate.errors?.slice(0, 5), null, 2));
  const rules = log.runs[0].tool.driver.rules;
  assert.ok(rules.length >= 2);
  for (const rule of rules) {
    assert.ok(rule.name && rule.shortDescription.text && rule.help.text && rule.helpUri, rule.id);
  }
  assert.ok(log.runs[0].results.length > 0);
});
