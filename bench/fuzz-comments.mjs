#!/usr/bin/env node
// The trailing-comment property of server/test/trailingComments.test.mjs, run long on real files
// (not a test): trailing comments typed a character at a time at the ends of random lines of files
// from both corpora (and into existing ones, and deleted), each version analysed by the
// DocumentStore as the editor does (a trailing-comment edit takes over the last full analysis when
// every rule that runs is blind to such comments) and compared with a fresh check of the same text.
// Needs a build (dist/api.js). Run from the repo root:
//   node bench/fuzz-comments.mjs                    (1,000 analyses with the default rules)
//   FUZZ_TOTAL=5000 FUZZ_SEED=7 node bench/fuzz-comments.mjs [DIR...]
// FUZZ_RULES=all marks every rule blind for the run (what would differ if they all were: a
// mismatch then names a rule that reads such comments; it is not a defect of the default set).
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { generator, pythonFilesUnder } from "../server/test/support/incrementalCheck.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const api = require(path.join(here, "..", "dist/api.js"));
const env = process.env;
const TOTAL = Number(env.FUZZ_TOTAL ?? 1000);
const SEED = Number(env.FUZZ_SEED ?? Date.now() % 2 ** 31);
const dirs = process.argv.slice(2).length
  ? process.argv.slice(2)
  : [
      "/root/.cache/pyreview-corpus/root/usr/lib/python3/dist-packages",
      "/root/.cache/pyreview-corpus-wide/root/usr/lib/python3/dist-packages",
    ];

const parsing = await api.loadPython();
const random = generator(SEED);
const files = dirs.flatMap((d) => pythonFilesUnder(fs, path, d, 2000, 150_000).sort());
const all = env.FUZZ_RULES === "all";
if (all) for (const r of api.ALL_RULES) r.meta.commentBlind = true;
const settings = api.mergeSettings({ preview: all });
console.log(`seed ${SEED}; ${files.length} files; ${all ? "every rule (marked blind)" : "the default rules"}`);

let analyses = 0;
let takenOver = 0;
const mismatches = [];
const byRule = new Map();
while (analyses < TOTAL && files.length) {
  const file = files[Math.floor(random() * files.length)];
  const text = fs.readFileSync(file, "utf8");
  const rules = api.enabledRules(settings, file, null);
  const options = { path: file, settings, root: null, rules, resolver: api.sharedImportResolver(parsing.language) };
  const codes = rules.map((r) => r.meta.code);
  const store = new api.DocumentStore(parsing);
  store.open("k", text, 1);
  store.analyze("k", options, codes);
  let version = 1;
  const lines = text.split("\n");
  const ends = [];
  let offset = 0;
  lines.forEach((line, row) => {
    if (row >= 16 && /\S/.test(line) && !line.trimStart().startsWith("#"))
      ends.push(offset + line.replace(/\r$/, "").length);
    offset += line.length + 1;
  });
  const compare = (label) => {
    const snapshot = store.analyze("k", options, codes);
    analyses++;
    if (snapshot.commentEdits) takenOver++;
    const current = store.textOf("k");
    const tree = parsing.parser.parse(current);
    try {
      const fresh = api.checkTree(parsing, tree, current, options);
      const a = JSON.stringify(snapshot.findings);
      const b = JSON.stringify(fresh.findings);
      if (a !== b) {
        const codesOf = (fs) => fs.map((f) => `${f.code}:${f.start}:${f.end}:${JSON.stringify(f.fixes)}`);
        const x = codesOf(snapshot.findings);
        const y = codesOf(fresh.findings);
        const differ = [...x.filter((k) => !y.includes(k)), ...y.filter((k) => !x.includes(k))];
        for (const d of differ) byRule.set(d.slice(0, 6), (byRule.get(d.slice(0, 6)) ?? 0) + 1);
        mismatches.push({ file, label, taken: snapshot.commentEdits ?? 0, differ: differ.slice(0, 4) });
      }
    } finally {
      tree.delete();
    }
  };
  for (let k = 0; k < 6 && ends.length && analyses < TOTAL; k++) {
    const at = ends[Math.floor(random() * ends.length)];
    const typed = ["#", "  # note", " # x", "  # TODO: later"][Math.floor(random() * 4)];
    for (let i = 0; i < typed.length; i++) {
      store.change("k", [{ start: at + i, end: at + i, text: typed[i] }], null, ++version);
      compare(`${path.basename(file)} typing ${JSON.stringify(typed.slice(0, i + 1))} at ${at}`);
    }
    // deleted whole, or a character at a time
    if (random() < 0.5) {
      store.change("k", [{ start: at, end: at + typed.length, text: "" }], null, ++version);
      compare(`${path.basename(file)} deleted at ${at}`);
    } else
      for (let i = typed.length - 1; i >= 0; i--) {
        store.change("k", [{ start: at + i, end: at + i + 1, text: "" }], null, ++version);
        compare(`${path.basename(file)} deleting at ${at + i}`);
      }
    if (random() < 0.2) store.get("k");
  }
  store.dispose();
}
console.log(`${analyses} analyses, ${takenOver} taken over the last full one, ${mismatches.length} mismatches`);
if (byRule.size) console.log("differing findings by rule:", Object.fromEntries(byRule));
for (const m of mismatches.slice(0, 10)) console.log(JSON.stringify(m));
process.exitCode = mismatches.length ? 1 : 0;
