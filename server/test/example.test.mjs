// examples/agent_utils.py (what `npm start` reviews) shows every review point: its `# expect:`
// comments are checked exactly, with every rule on, as the fixtures under fixtures/all/ are.
import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { check, REPO, settingsWith } from "./support/engine.mjs";

const EXPECT = /#\s*expect(?:@(\d+))?:\s*([A-Z]+[0-9]+(?:\s*,\s*[A-Z]+[0-9]+)*)/g;
const FILE = path.join(REPO, "examples/agent_utils.py");

test("examples/agent_utils.py: findings match its expectations", () => {
  const text = fs.readFileSync(FILE, "utf8");
  const expected = [];
  text.split(/\r\n|\n|\r/).forEach((line, i) => {
    for (const m of line.matchAll(EXPECT))
      for (const code of m[2].split(",")) expected.push(`${m[1] ? Number(m[1]) : i + 1}:${code.trim()}`);
  });
  const { findings, lines, failures } = check(text, {
    filePath: FILE,
    settings: settingsWith(),
    root: path.dirname(FILE),
  });
  assert.deepEqual(failures, []);
  const actual = findings.map((f) => `${lines.positionAt(f.start).line + 1}:${f.code}`);
  assert.deepEqual(actual.sort(), expected.sort());
});

test("examples/agent_utils.py: the original module's part is the fixture, unchanged", () => {
  const fixture = fs.readFileSync(path.join(REPO, "server/test/fixtures/all/original-agent-utils.py"), "utf8");
  const example = fs.readFileSync(FILE, "utf8");
  const body = fixture.slice(fixture.indexOf("import contextlib"));
  const withExtraImports = body.replace(
    "import os\nimport time\n",
    "import os\nimport subprocess\nimport threading\nimport time\n",
  );
  assert.ok(example.includes(withExtraImports), "the example holds the fixture's code");
});
