// Property: the editor's incremental analysis (facts of untouched statements and class members
// taken over from the previous version) equals a fresh analysis of the same tree, model, findings
// and fixes, after every random edit. The long run over the corpora is bench/fuzz-edits.mjs.
import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { api, parsing, REPO, settingsWith } from "./support/engine.mjs";
import { generator, IncrementalRun } from "./support/incrementalCheck.mjs";

const FILES = [
  "server/test/fixtures/command-execution.py",
  "server/test/fixtures/eager-log-formatting.py",
  "server/test/fixtures/undocumented-time-unit.py",
  "server/test/fixtures/hardcoded-default.py",
  "server/test/fixtures/undecorated-context-manager.py",
  "server/test/fixtures/hardcoded-secret.py",
  "server/test/fixtures/insecure-random.py",
  "server/test/fixtures/log-translation.py",
  "server/test/fixtures/request-without-timeout-sessions.py",
];
const EDITS_PER_FILE = 30;
const SEED = Number(process.env.PROPERTY_SEED ?? 20261129);

test("incremental analysis equals a fresh analysis of the same tree after random edits", () => {
  const random = generator(SEED);
  const mismatches = [];
  let edits = 0;
  let reused = 0;
  let takenOver = 0;
  for (const file of FILES) {
    const text = fs.readFileSync(path.join(REPO, file), "utf8");
    const run = new IncrementalRun(api, parsing, text, {
      path: `/p/${path.basename(file)}`,
      settings: settingsWith(),
      root: null,
    });
    try {
      run.fuzz(random, EDITS_PER_FILE, (m) => mismatches.push({ file, ...m }));
      edits += run.stats.edits;
      reused += run.stats.reusedSegments;
      takenOver += run.stats.takenOver;
    } finally {
      run.dispose();
    }
  }
  assert.equal(edits, FILES.length * EDITS_PER_FILE);
  assert.deepEqual(mismatches, []);
  // (the property is vacuous if nothing is ever taken over)
  assert.ok(reused > edits, `only ${reused} segments reused over ${edits} edits`);
  // (nor if no finding of a segment rule is ever taken over)
  assert.ok(takenOver > edits / 4, `only ${takenOver} findings taken over in ${edits} edits`);
});

test("a member of a class is re-collected alone; an edit in its header re-collects the class", () => {
  const text =
    "import os\n\n\nclass A(object):\n    def f(self):\n        os.system(x)\n\n    def g(self):\n        pass\n\n\nx = 1\n";
  const run = new IncrementalRun(api, parsing, text, { path: "/p/m.py", settings: settingsWith(), root: null });
  try {
    const body = text.indexOf("pass");
    assert.equal(run.apply([{ start: body, end: body + 4, text: "os.system(y)" }]), null);
    // segments: import, header, f, g, x = 1: all but g carried over
    assert.equal(run.state.segments.length, 5);
    assert.equal(run.stats.reusedSegments, 4);
    const header = run.text.indexOf("(object)");
    assert.equal(run.apply([{ start: header + 1, end: header + 7, text: "Base" }]), null);
    assert.equal(run.stats.reusedSegments, 4 + 2);
  } finally {
    run.dispose();
  }
});

test("the DocumentStore analyses incrementally and agrees with a fresh check", () => {
  const text = fs.readFileSync(path.join(REPO, FILES[0]), "utf8");
  const store = new api.DocumentStore(parsing);
  const options = { path: "/p/m.py", settings: settingsWith(), root: null };
  store.open("k", text, 1);
  store.analyze("k", options, []);
  const at = text.indexOf("\ndef ") + 1;
  store.change("k", [{ start: at, end: at, text: "x = os.system(cmd)\n" }], null, 2);
  const snapshot = store.analyze("k", options, []);
  assert.ok(snapshot.segmentsReused > 0 && snapshot.segmentsReused < snapshot.segments);
  const doc = store.get("k");
  const fresh = api.checkTree(parsing, doc.tree, doc.text, options);
  assert.deepEqual(snapshot.findings, fresh.findings);
  store.dispose();
});

test("an unclosed bracket that swallows the class: the members come back from the fallback when it closes", () => {
  const methods = Array.from(
    { length: 20 },
    (_, i) => `    def m${i}(self, x):\n        y = self.f(x)\n        return y + ${i}\n`,
  );
  const text = `import os\n\n\nclass A(object):\n${methods.join("\n")}\n\nx = 1\n`;
  const run = new IncrementalRun(api, parsing, text, { path: "/p/m.py", settings: settingsWith(), root: null });
  try {
    // typed at the statement's column in m3, one character at a time, then deleted the same way
    const at = text.indexOf("y = self.f(x)", text.indexOf("def m3"));
    const typed = "z = os.path.join(a, b)\n        ";
    const reusedAt = [];
    const fallbackAt = [];
    for (let i = 0; i < typed.length; i++) {
      const before = run.stats.reusedSegments;
      assert.equal(
        run.apply([{ start: at + i, end: at + i, text: typed[i] }]),
        null,
        `typing ${typed.slice(0, i + 1)}`,
      );
      reusedAt.push(run.stats.reusedSegments - before);
      fallbackAt.push(run.state.fallback?.segments.length ?? 0);
    }
    for (let i = typed.length - 1; i >= 0; i--)
      assert.equal(run.apply([{ start: at + i, end: at + i + 1, text: "" }]), null, `deleting at ${i}`);
    assert.equal(run.text, text);
    const open = typed.indexOf("(");
    const close = typed.indexOf(")");
    // the `(` broke the class's structure: its members wait in the fallback
    assert.ok(fallbackAt[open] >= 18, `fallback after "(": ${fallbackAt[open]}`);
    // the `)` brought it back: every member but the edited one taken over again
    assert.ok(reusedAt[close] >= 20, `taken over after ")": ${reusedAt[close]}`);
    assert.equal(fallbackAt[close], 0);
  } finally {
    run.dispose();
  }
});
