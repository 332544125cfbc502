// Output that stays well-formed whatever the file names and source text: SARIF artifact URIs
// are percent-encoded, and the review's code fences outlast any backtick run they quote (issue 12).
import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { createRequire } from "node:module";
import { fileURLToPath, pathToFileURL } from "node:url";
import Ajv from "ajv-draft-04";
import { api, REPO } from "./support/engine.mjs";
import { projectFolder, runCli } from "./support/cli.mjs";

// a CommonMark parser (installed with @vscode/vsce) reads the review's Markdown as a renderer would
const markdown = createRequire(import.meta.url)("markdown-it")();

/** A fresh folder holding `files` ({relative path: text}). */
const project = (files) => projectFolder(files, "output");

test("SARIF artifact URIs are percent-encoded, and the log is still valid SARIF 2.1.0", () => {
  const dir = project({
    "pyproject.toml": '[tool.pyreview]\nselect = ["CTX001"]\n',
    "odd names/a b#1 50%.py": "def locked():\n    yield\n\n\ndef use():\n    with locked():\n        pass\n",
  });
  const schema = JSON.parse(fs.readFileSync(path.join(REPO, "server/test/schemas/sarif-2.1.0-rtm.5.json"), "utf8"));
  const validate = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false }).compile(schema);
  const uriOf = (log) => log.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri;
  // relative to the working folder: a relative reference, each segment encoded
  const relative = JSON.parse(runCli(["check", "--format", "sarif", "."], { cwd: dir }).stdout);
  assert.ok(validate(relative), JSON.stringify(validate.errors?.slice(0, 5), null, 2));
  assert.equal(uriOf(relative), "odd%20names/a%20b%231%2050%25.py");
  const base = pathToFileURL(dir + path.sep);
  assert.equal(fileURLToPath(new URL(uriOf(relative), base)), path.join(dir, "odd names/a b#1 50%.py"));
  // outside the working folder: an absolute file URI
  const absolute = JSON.parse(runCli(["check", "--format", "sarif", dir], { cwd: REPO }).stdout);
  assert.ok(validate(absolute), JSON.stringify(validate.errors?.slice(0, 5), null, 2));
  assert.equal(fileURLToPath(uriOf(absolute)), path.join(dir, "odd names/a b#1 50%.py"));
});

test("the review's code fences are longer than any backtick run in the code they quote", () => {
  // a docstring holding a Markdown example: the fix preview quotes its ``` lines
  const dir = project({
    "m.py": 'from neutron._i18n import _LE\n\n\ndef f(log):\n    log.error(_LE("""Usage:\n```\nrun it\n```\n"""))\n',
  });
  const report = runCli(["review", "--select", "LOG001", "m.py"], { cwd: dir }).stdout;
  const fences = markdown.parse(report, {}).filter((t) => t.type === "fence");
  const diff = fences.find((t) => t.info === "diff");
  assert.ok(diff, report);
  assert.match(diff.content, /^-\s{4}log\.error\(_LE\("""Usage:$/m);
  assert.match(diff.content, /^ ```\n…\n ```\n-"""\)\)\n\+"""\)\n$/m);
  // a quoted source line that is itself a fence
  const source = "```\nx = 1\n";
  const finding = { path: "m.py", code: "LOG001", name: "log-translation", severity: "warning", line: 1, column: 1 };
  const quoted = api.reviewMarkdown({
    displayPath: "m.py",
    linkTarget: null,
    source,
    findings: [{ ...finding, endLine: 1, endColumn: 4, message: "m", fix: null }],
    unchecked: [],
    rulesRun: ["LOG001"],
  });
  const code = markdown.parse(quoted, {}).filter((t) => t.type === "fence");
  assert.deepEqual(
    code.map((t) => [t.info, t.content]),
    [["python", "```\n"]],
  );
});
