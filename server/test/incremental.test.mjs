// Property: after any sequence of edits, the incrementally parsed tree equals a fresh parse,
// and the findings equal those of a fresh check.
import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import fc from "fast-check";
import { api, parsing, REPO, settingsWith } from "./support/engine.mjs";

const SEED =
  fs.readFileSync(path.join(REPO, "server/test/fixtures/undecorated-context-manager.py"), "utf8") +
  fs.readFileSync(path.join(REPO, "server/test/fixtures/log-translation.py"), "utf8");
const SNIPPETS = [
  "x",
  " ",
  "\n",
  "(",
  ")",
  ":",
  "yield",
  "with f():\n    pass\n",
  "_LE(",
  "def g():\n",
  "    ",
  "#",
  '"',
  "😀",
  "\r\n",
  "\t",
  "import contextlib\n",
];

function findings(text, tree) {
  const r = api.checkTree(parsing, tree, text, { path: "/p/m.py", settings: settingsWith(), root: null });
  return r.findings.map((f) => `${f.code}:${f.start}:${f.end}:${f.message}`);
}

test("incremental parse and analysis equal a fresh one after random edits", () => {
  const edit = fc.record({ at: fc.nat(), len: fc.nat({ max: 12 }), text: fc.constantFrom(...SNIPPETS) });
  fc.assert(
    fc.property(fc.array(edit, { minLength: 1, maxLength: 25 }), (edits) => {
      const doc = api.ParsedDocument.parse(parsing.parser, SEED, 1);
      try {
        let v = 1;
        for (const e of edits) {
          const start = e.at % (doc.text.length + 1);
          const end = Math.min(doc.text.length, start + e.len);
          doc.update([{ start, end, text: e.text }], ++v);
          const fresh = parsing.parser.parse(doc.text);
          try {
            assert.equal(doc.tree.rootNode.toString(), fresh.rootNode.toString());
            assert.deepEqual(findings(doc.text, doc.tree), findings(doc.text, fresh));
          } finally {
            fresh.delete();
          }
        }
      } finally {
        doc.dispose();
      }
    }),
    { numRuns: 60, seed: Number(process.env.PROPERTY_SEED ?? 20261126) },
  );
});

test("several changes in one didChange apply in order", () => {
  const doc = api.ParsedDocument.parse(parsing.parser, "a = 1\nb = 2\n", 1);
  doc.update(
    [
      { start: 0, end: 1, text: "alpha" },
      { start: 10, end: 11, text: "beta" },
    ],
    2,
  );
  assert.equal(doc.text, "alpha = 1\nbeta = 2\n");
  const fresh = parsing.parser.parse(doc.text);
  assert.equal(doc.tree.rootNode.toString(), fresh.rootNode.toString());
  fresh.delete();
  doc.dispose();
});
