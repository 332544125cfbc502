// examples/agent_utils.py (what `npm start` reviews) is what a user reads: it carries no test
// markers. Its marked copy, server/test/example/agent_utils.py, says with `# expect:` comments
// what pyreview reports on each line; the example is that copy without the marks, line for line,
// and pyreview reports exactly those findings on it, every review point among them.
import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { api, check, REPO, settingsWith } from "./support/engine.mjs";
import { runCli } from "./support/cli.mjs";

const EXPECT = /#\s*expect(?:@(\d+))?:\s*([A-Z]+[0-9]+(?:\s*,\s*[A-Z]+[0-9]+)*)/g;
const MARK = /[ \t]*#\s*expect(?:@\d+)?:\s*[A-Z]+[0-9]+(?:\s*,\s*[A-Z]+[0-9]+)*[ \t]*$/gm;
const FILE = path.join(REPO, "examples/agent_utils.py");
const MARKED = path.join(REPO, "server/test/example/agent_utils.py");
const example = fs.readFileSync(FILE, "utf8");
const marked = fs.readFileSync(MARKED, "utf8");

/** The text from the first statement on (the header comments say different things). */
const code = (text) => text.slice(text.search(/^import /m));

test("the example carries no test markers", () => {
  assert.doesNotMatch(example, /#\s*expect\b/);
  assert.doesNotMatch(example, /\bexpect@/);
});

test("the example is its marked copy without the marks, line for line", () => {
  assert.equal(code(example), code(marked.replace(MARK, "")));
  const firstLine = (text) => text.slice(0, text.indexOf(code(text))).split("\n").length;
  assert.equal(firstLine(example), firstLine(marked), "the code starts on the same line");
});

test("pyreview reports on the example exactly what its marked copy expects", () => {
  const expected = [];
  marked.split(/\r\n|\n|\r/).forEach((line, i) => {
    for (const m of line.matchAll(EXPECT))
      for (const c of m[2].split(",")) expected.push(`${m[1] ? Number(m[1]) : i + 1}:${c.trim()}`);
  });
  const { findings, lines, failures } = check(example, {
    filePath: FILE,
    settings: settingsWith(),
    root: path.dirname(FILE),
  });
  assert.deepEqual(failures, []);
  const actual = findings.map((f) => `${lines.positionAt(f.start).line + 1}:${f.code}`);
  assert.deepEqual(actual.sort(), expected.sort());
  // every point of the original review shows up
  const points = new Set(findings.map((f) => api.ruleByCode(f.code).meta.reviewPoint));
  const all = new Set(api.ALL_RULES.map((r) => r.meta.reviewPoint).filter((p) => p !== null));
  assert.deepEqual(
    [...all].filter((p) => !points.has(p)),
    [],
  );
});

test("`npm start`'s review shows no marker in any snippet or diff", () => {
  const r = runCli(["review", "--preview", "--exit-zero", "examples/agent_utils.py"]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /IMP001 wildcard-import/);
  assert.doesNotMatch(r.stdout, /expect/);
});

test("the original module's part is the fixture, unchanged", () => {
  const fixture = fs.readFileSync(path.join(REPO, "server/test/fixtures/all/original-agent-utils.py"), "utf8");
  const body = fixture.slice(fixture.indexOf("import contextlib")).replace(MARK, "");
  const withExtraImports = body.replace(
    "import os\nimport time\n",
    "import os\nimport subprocess\nimport threading\nimport time\n",
  );
  assert.ok(example.includes(withExtraImports), "the example holds the fixture's code");
});
