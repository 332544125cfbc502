// The fixture runner. Each `fixtures/<rule-name>[-topic].py` runs that rule alone (files under
// `fixtures/all/` run every rule). Expectations are inline, `# expect: CODE[, CODE]` on the line
// where a finding starts, or `# expect@LINE: CODE` anywhere (for lines that cannot carry a
// comment, or where a comment would change the verdict). They are matched exactly both ways.
// `<name>.findings` pins each finding's whole range (line:column-line:column, 1-based, columns in
// UTF-16 units as the editor counts them) and its message, one per line: it is the snapshot a
// reviewer reads to see what a user sees. UPDATE_FIXTURES=1 rewrites it (review the diff).
// `<name>.fixed.py` is the file after all safe fixes; `<name>.unsafe.fixed.py` after all fixes.
// Every fixed file must parse. UPDATE_FIXTURES=1 writes missing .fixed.py files (review them).
import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { api, check, fixText, parsesCleanly, REPO, settingsWith } from "./support/engine.mjs";

const DIR = path.join(REPO, "server/test/fixtures");
const EXPECT = /#\s*expect(?:@(\d+))?:\s*([A-Z]+[0-9]+(?:\s*,\s*[A-Z]+[0-9]+)*)/g;

function expectations(text) {
  const out = [];
  text.split(/\r\n|\n|\r/).forEach((line, i) => {
    for (const m of line.matchAll(EXPECT)) {
      const at = m[1] ? Number(m[1]) : i + 1;
      for (const code of m[2].split(",")) out.push(`${at}:${code.trim()}`);
    }
  });
  return out.sort();
}

/** A message as the snapshot keeps it: the checkout's path and this machine's Python left out. */
function portable(message) {
  return message
    .replaceAll(REPO, "<repo>")
    .replace(/\(Python \d+(?:\.\d+)*\)/g, "(Python <version>)")
    .replace(/(?<![\w>])\/(?:[\w.+-]+\/)*[\w.+-]*python[\w.+-]*(?:\/[\w.+-]+)*/gi, "<python-path>")
    .replace(/<python-path>(?:, <python-path>)+/g, "<python-path>");
}

function ruleFor(file) {
  const base = path.basename(file, ".py");
  return api.ALL_RULES.find((r) => base === r.meta.name || base.startsWith(`${r.meta.name}-`)) ?? null;
}

function fixtureFiles(dir) {
  const out = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...fixtureFiles(full));
    else if (e.name.endsWith(".py") && !e.name.endsWith(".fixed.py")) out.push(full);
  }
  return out.sort();
}

const files = fixtureFiles(DIR);

test("every rule has a fixture", () => {
  const covered = new Set(files.map((f) => ruleFor(f)?.meta.code).filter(Boolean));
  const missing = api.ALL_RULES.filter((r) => !covered.has(r.meta.code)).map(
    (r) => `${r.meta.code} (${r.meta.name}.py)`,
  );
  assert.deepEqual(missing, []);
});

for (const file of files) {
  const rel = path.relative(DIR, file);
  const all = rel.startsWith(`all${path.sep}`);
  const rule = all ? null : ruleFor(file);
  if (!all && !rule) {
    // modules that fixtures import live beside them in fixtures/<rule-name>/, under any name
    if (api.ALL_RULES.some((r) => rel.startsWith(`${r.meta.name}${path.sep}`))) continue;
    test(`${rel}: names a rule`, () => assert.fail(`fixture ${rel} does not start with a rule name`));
    continue;
  }
  // a fixture may sit in a tree of its own (to give it a path, e.g. tests/ or __main__.py)
  const settings = settingsWith(rule ? { select: [rule.meta.code] } : {});
  const text = fs.readFileSync(file, "utf8");
  test(`${rel}: findings match expectations`, () => {
    const { findings, lines, failures } = check(text, { filePath: file, settings, root: DIR });
    assert.deepEqual(failures, [], "no rule may throw");
    const actual = findings.map((f) => `${lines.positionAt(f.start).line + 1}:${f.code}`).sort();
    const expected = expectations(text);
    const unexpected = actual.filter((a) => {
      const i = expected.indexOf(a);
      if (i < 0) return true;
      expected.splice(i, 1);
      return false;
    });
    const detail = findings.map((f) => `  ${lines.positionAt(f.start).line + 1}:${f.code} ${f.message}`).join("\n");
    assert.deepEqual({ unexpected, missing: expected }, { unexpected: [], missing: [] }, `findings:\n${detail}`);
  });
  test(`${rel}: ranges and messages match ${path.basename(file, ".py")}.findings`, () => {
    const { findings, lines } = check(text, { filePath: file, settings, root: DIR });
    const at = (offset) => {
      const p = lines.positionAt(offset);
      return `${p.line + 1}:${p.character + 1}`;
    };
    const snapshot = findings.map((f) => `${at(f.start)}-${at(f.end)} ${f.code} ${portable(f.message)}\n`).join("");
    const snapshotFile = file.replace(/\.py$/, ".findings");
    if (process.env.UPDATE_FIXTURES) fs.writeFileSync(snapshotFile, snapshot);
    assert.ok(fs.existsSync(snapshotFile), `${path.basename(snapshotFile)} is missing (UPDATE_FIXTURES=1 writes it)`);
    assert.equal(snapshot, fs.readFileSync(snapshotFile, "utf8"));
  });
  for (const [suffix, unsafe] of [
    [".fixed.py", false],
    [".unsafe.fixed.py", true],
  ]) {
    const fixedFile = file.replace(/\.py$/, suffix);
    const exists = fs.existsSync(fixedFile);
    if (!exists && unsafe) continue;
    test(`${rel}: fixes give ${path.basename(fixedFile)}`, () => {
      const result = fixText(text, { filePath: file, settings, root: DIR, unsafe });
      if (!exists) {
        if (result.text === text) return; // nothing to fix, no file needed
        if (process.env.UPDATE_FIXTURES) fs.writeFileSync(fixedFile, result.text);
        assert.fail(`${path.basename(fixedFile)} is missing (UPDATE_FIXTURES=1 writes it; review it)`);
      }
      assert.ok(parsesCleanly(result.text) || !parsesCleanly(text), "the fixed file must parse");
      assert.equal(result.text, fs.readFileSync(fixedFile, "utf8"));
    });
  }
}
