#!/usr/bin/env node
// The incremental-analysis property of server/test/incrementalModel.test.mjs, run much longer on
// real files (not a test). After every random edit the editor's analysis (incremental parse, model
// facts of untouched statements and class members taken over, rules) must equal a fresh analysis
// of the same tree: the model's facts, the findings and their fixes. A fresh parse of the text is
// compared too, and a different tree (tree-sitter's recovery from a syntax error may differ between
// an incremental and a fresh parse) is counted apart as a parse difference.
// Needs a build (dist/api.js). Run from the repo root:
//   node bench/fuzz-edits.mjs                       (1,000 edits over the default corpora)
//   FUZZ_TOTAL=5000 FUZZ_SEED=7 node bench/fuzz-edits.mjs [DIR...]
// Environment knobs:
//   FUZZ_TOTAL=1000         how many edits in all
//   FUZZ_SECONDS=1800       stop earlier after this long
//   FUZZ_SEED=<n>           the run's seed (default: time based, printed); each document's seed is printed on a mismatch
//   FUZZ_EDITS=40           edits per document (so FUZZ_TOTAL / FUZZ_EDITS documents, files drawn from both corpora in turn)
//   FUZZ_MAX_BYTES=120000   larger files are left out (each edit re-checks the whole file twice)
//   FUZZ_MIN_BYTES=2000     and smaller ones
//   FUZZ_AS_LIBRARY=1       check every file as a library module (not a test), e.g. for server/test/fixtures
//   FUZZ_REPORT_SECONDS=60  how often to print progress (and the process's memory)
//   FUZZ_FILE=<file> FUZZ_DOC_SEED=<n>   replay one document of a mismatch (its file and document seed)
// Mismatches are written to bench/results/fuzz-edits-mismatches.json (file, document seed, edit number, what differed).
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { generator, IncrementalRun, pythonFilesUnder } from "../server/test/support/incrementalCheck.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, "..");
const require = createRequire(import.meta.url);
const api = require(path.join(repo, "dist/api.js"));

const env = process.env;
const TOTAL = Number(env.FUZZ_TOTAL ?? 1000);
const SECONDS = Number(env.FUZZ_SECONDS ?? 1800);
const SEED = Number(env.FUZZ_SEED ?? Date.now() % 2 ** 31);
const EDITS = Number(env.FUZZ_EDITS ?? 40);
const MAX_BYTES = Number(env.FUZZ_MAX_BYTES ?? 120_000);
const MIN_BYTES = Number(env.FUZZ_MIN_BYTES ?? 2_000);
const REPORT_MS = Number(env.FUZZ_REPORT_SECONDS ?? 60) * 1000;
const DEFAULT_DIRS = [
  "/root/.cache/pyreview-corpus/root/usr/lib/python3/dist-packages",
  "/root/.cache/pyreview-corpus-wide/root/usr/lib/python3/dist-packages",
];
const dirs = process.argv.slice(2).length ? process.argv.slice(2) : DEFAULT_DIRS;

const parsing = await api.loadPython();
// every rule, the preview ones too: the editor must equal a fresh check whatever is enabled
const settings = api.mergeSettings({ preview: true });
const replay = env.FUZZ_FILE && env.FUZZ_DOC_SEED ? { file: env.FUZZ_FILE, seed: Number(env.FUZZ_DOC_SEED) } : null;
// each directory's files apart, drawn in turn, so both corpora are covered
const byDir = replay
  ? [[replay.file]]
  : dirs.map((d) => pythonFilesUnder(fs, path, d, MIN_BYTES, MAX_BYTES)).filter((l) => l.length);
if (!byDir.length) {
  console.error(`fuzz-edits: no Python files under ${dirs.join(", ")}`);
  process.exit(2);
}
console.log(
  `fuzz-edits: seed ${SEED}, ${byDir.map((l) => l.length).join(" + ")} files under ${dirs.join(", ")}, ${TOTAL} edits (at most ${SECONDS} s)`,
);

const runRandom = generator(SEED);
const mismatches = [];
const stats = {
  documents: 0,
  files: new Set(),
  edits: 0,
  mismatchedEdits: 0,
  parseDifferences: 0,
  syntaxErrorEdits: 0,
  failures: 0,
  reusedSegments: 0,
  takenOver: 0,
  segments: 0,
};
const started = Date.now();
const deadline = started + SECONDS * 1000;
let lastReport = started;
let crash = null;

while (stats.edits < TOTAL && Date.now() < deadline) {
  const list = byDir[stats.documents % byDir.length];
  const file = list[Math.floor(runRandom() * list.length)];
  const docSeed = replay ? replay.seed : Math.floor(runRandom() * 2 ** 31);
  let text;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch {
    continue;
  }
  stats.documents++;
  stats.files.add(file);
  // (FUZZ_AS_LIBRARY: checked as a library module, e.g. the rule fixtures, which sit in a test folder)
  const checkedAs = env.FUZZ_AS_LIBRARY === "1" ? `/fuzz/library/${path.basename(file)}` : file;
  const run = new IncrementalRun(api, parsing, text, { path: checkedAs, settings, root: null });
  try {
    run.fuzz(generator(docSeed), Math.min(EDITS, TOTAL - stats.edits), (m) => {
      stats.mismatchedEdits++;
      if (mismatches.length < 50) mismatches.push({ file, seed: docSeed, ...m });
    });
  } catch (error) {
    // the parser's heap may be broken: report how to replay it and stop
    crash = { file, seed: docSeed, error: String(error?.stack ?? error) };
  } finally {
    for (const k of [
      "edits",
      "parseDifferences",
      "syntaxErrorEdits",
      "failures",
      "reusedSegments",
      "segments",
      "takenOver",
    ])
      stats[k] += run.stats[k];
    run.dispose();
  }
  if (crash || replay) break;
  if (Date.now() - lastReport > REPORT_MS) {
    lastReport = Date.now();
    const s = Math.round((lastReport - started) / 1000);
    // the process's memory (the WebAssembly heap of the parser and its trees included): it should stay flat
    const rss = Math.round(process.memoryUsage().rss / 2 ** 20);
    console.log(
      `  ${s} s: ${stats.edits} edits in ${stats.documents} documents, ${stats.mismatchedEdits} mismatched; rss ${rss} MB`,
    );
  }
}

const elapsed = (Date.now() - started) / 1000;
console.log(
  `fuzz-edits: ${stats.edits} edits in ${stats.documents} documents of ${stats.files.size} files (${elapsed.toFixed(0)} s, ${(stats.edits / elapsed).toFixed(1)} edits/s); ` +
    `${stats.syntaxErrorEdits} left a syntax error; segments taken over: ${((100 * stats.reusedSegments) / Math.max(1, stats.segments)).toFixed(1)}%; ` +
    `findings taken over (segment rules): ${stats.takenOver}; ` +
    `mismatches (incremental vs fresh analysis of the same tree: model, findings or fixes): ${stats.mismatchedEdits}; ` +
    `parse differences (incremental vs fresh parse, tree-sitter's): ${stats.parseDifferences}; ${stats.failures} edits where a rule threw`,
);
if (crash) {
  console.log(
    `fuzz-edits: CRASH in ${crash.file} (replay: FUZZ_FILE=${crash.file} FUZZ_DOC_SEED=${crash.seed}):\n${crash.error}`,
  );
  mismatches.push({ crash });
}
if (mismatches.length) {
  const out = path.join(repo, "bench/results/fuzz-edits-mismatches.json");
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, `${JSON.stringify({ seed: SEED, mismatches }, null, 2)}\n`);
  console.log(`fuzz-edits: the first ${mismatches.length} mismatches are in ${path.relative(process.cwd(), out)}`);
}
process.exitCode = crash || stats.mismatchedEdits ? 1 : 0;
