#!/usr/bin/env node
// The random-edit property of server/test/incremental.test.mjs, run much longer on real files
// (not a test). After every edit the document the editor keeps (incremental parse in the
// DocumentStore, then its analysis) must equal a fresh parse and a fresh check of the same text.
// Needs a build (dist/api.js). Run from the repo root:
//   node bench/fuzz-edits.mjs                       (10 minutes over the default corpora)
//   FUZZ_SECONDS=60 FUZZ_SEED=7 node bench/fuzz-edits.mjs [DIR...]
// Environment knobs:
//   FUZZ_SECONDS=600        how long to run
//   FUZZ_SEED=<n>           the run's seed (default: time based, printed); each document's seed is printed on a mismatch
//   FUZZ_EDITS=40           edits per document
//   FUZZ_MAX_BYTES=120000   larger files are left out (each edit re-checks the whole file twice)
//   FUZZ_REPORT_SECONDS=60  how often to print progress (and the process's memory)
//   FUZZ_FILE=<file> FUZZ_DOC_SEED=<n>   replay one document of a mismatch (its file and document seed)
// Mismatches are written to bench/results/fuzz-edits-mismatches.json (file, document seed, edit number, what differed).
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, "..");
const require = createRequire(import.meta.url);
const api = require(path.join(repo, "dist/api.js"));

const env = process.env;
const SECONDS = Number(env.FUZZ_SECONDS ?? 600);
const SEED = Number(env.FUZZ_SEED ?? Date.now() % 2 ** 31);
const EDITS = Number(env.FUZZ_EDITS ?? 40);
const MAX_BYTES = Number(env.FUZZ_MAX_BYTES ?? 120_000);
const REPORT_MS = Number(env.FUZZ_REPORT_SECONDS ?? 60) * 1000;
const DEFAULT_DIRS = [
  "/root/.cache/pyreview-corpus/root/usr/lib/python3/dist-packages",
  "/root/.cache/pyreview-corpus-wide/root/usr/lib/python3/dist-packages",
];
const dirs = process.argv.slice(2).length ? process.argv.slice(2) : DEFAULT_DIRS;

// the snippets of the property test, and what typing Python adds
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
  '"""',
  "'",
  "😀",
  "\r\n",
  "\t",
  "\\\n",
  "import contextlib\n",
  "from os.path import *\n",
  "LOG.info('%s' % x)\n",
  "self.timeout = 30\n",
  "subprocess.call(cmd, shell=True)\n",
  "sys.exit(1)\n",
  "print(x)\n",
  "try:\n",
  "except Exception:\n",
  "class C(object):\n",
  "@decorator\n",
  "async ",
  "lambda: ",
  "f'{x}'",
  "# noqa\n",
];

// whole statements, inserted at the start of a line with its indentation (the file often stays valid)
const STATEMENTS = [
  "x = 1\n",
  "pass\n",
  "print(x)\n",
  "LOG.info('%s' % x)\n",
  "LOG.error(_LE('failed'))\n",
  "sys.exit(1)\n",
  "subprocess.call(cmd, shell=True)\n",
  "self.timeout = 30\n",
  "raise SystemExit(2)\n",
  "with locked():\n    pass\n",
  "return\n",
  "yield\n",
  "del x\n",
  "global y\n",
];

/** mulberry32: a small seeded generator, so a mismatch can be replayed from its document seed. */
function generator(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pythonFiles(dir, out) {
  let entries;
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return out;
  }
  for (const e of entries) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) pythonFiles(full, out);
    else if (e.isFile() && e.name.endsWith(".py")) {
      const size = fs.statSync(full).size;
      if (size > 0 && size <= MAX_BYTES) out.push(full);
    }
  }
  return out;
}

/**
 * One random edit of `text`: typing near the last place, deleting, pasting a piece of the file
 * itself, or adding a whole statement at the start of a line.
 */
function randomEdit(random, text, last) {
  const pick = (n) => Math.floor(random() * n);
  if (random() < 0.4) {
    const lineStarts = [0];
    for (let i = text.indexOf("\n"); i >= 0 && i < text.length - 1; i = text.indexOf("\n", i + 1))
      lineStarts.push(i + 1);
    const at = lineStarts[pick(lineStarts.length)];
    const indent = /^[ \t]*/.exec(text.slice(at))[0];
    const statement = STATEMENTS[pick(STATEMENTS.length)];
    return { start: at, end: at, text: statement.replace(/^/gm, indent).replace(new RegExp(`${indent}$`), "") };
  }
  const local = last !== null && random() < 0.6;
  const at = local ? Math.max(0, Math.min(text.length, last + pick(41) - 20)) : pick(text.length + 1);
  const kind = random();
  if (kind < 0.5) return { start: at, end: at, text: SNIPPETS[pick(SNIPPETS.length)] };
  if (kind < 0.8) return { start: at, end: Math.min(text.length, at + 1 + pick(12)), text: "" };
  if (kind < 0.9) {
    const from = pick(text.length + 1);
    return { start: at, end: Math.min(text.length, at + pick(4)), text: text.slice(from, from + 1 + pick(80)) };
  }
  return { start: at, end: Math.min(text.length, at + 1 + pick(30)), text: SNIPPETS[pick(SNIPPETS.length)] };
}

function findingsKey(findings) {
  return findings.map((f) => `${f.code}:${f.start}:${f.end}:${f.message}:${JSON.stringify(f.fixes)}`);
}

function differs(a, b) {
  if (a.length !== b.length) return true;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return true;
  return false;
}

const parsing = await api.loadPython();
const settings = api.mergeSettings({});
const replay = env.FUZZ_FILE && env.FUZZ_DOC_SEED ? { file: env.FUZZ_FILE, seed: Number(env.FUZZ_DOC_SEED) } : null;
const files = replay ? [replay.file] : dirs.flatMap((d) => pythonFiles(d, []));
if (!files.length) {
  console.error(`fuzz-edits: no Python files under ${dirs.join(", ")}`);
  process.exit(2);
}
console.log(`fuzz-edits: seed ${SEED}, ${files.length} files under ${dirs.join(", ")}, ${SECONDS} s`);

const runRandom = generator(SEED);
const mismatches = [];
const stats = {
  documents: 0,
  edits: 0,
  treeMismatches: 0,
  findingMismatches: 0,
  cleanMismatches: 0,
  syntaxErrorEdits: 0,
  failures: 0,
};
const started = Date.now();
const deadline = started + SECONDS * 1000;
let lastReport = started;
const store = new api.DocumentStore(parsing);

/**
 * Do both trees hold the same nodes (named or not, in document order) with the same types,
 * ranges and missing flags? (Node.toString, which the property test compares, crashes
 * web-tree-sitter 0.25.10 on some broken texts: "memory access out of bounds" in snprintf.)
 */
function sameTree(a, b) {
  const x = a.walk();
  const y = b.walk();
  try {
    for (;;) {
      if (
        x.nodeTypeId !== y.nodeTypeId ||
        x.startIndex !== y.startIndex ||
        x.endIndex !== y.endIndex ||
        x.nodeIsMissing !== y.nodeIsMissing
      )
        return false;
      const down = x.gotoFirstChild();
      if (down !== y.gotoFirstChild()) return false;
      if (down) continue;
      for (;;) {
        const next = x.gotoNextSibling();
        if (next !== y.gotoNextSibling()) return false;
        if (next) break;
        const up = x.gotoParent();
        if (up !== y.gotoParent()) return false;
        if (!up) return true;
      }
    }
  } finally {
    x.delete();
    y.delete();
  }
}

/** One edit: the editor's document and analysis against a fresh parse and check. */
function step(store, key, options, edit, i) {
  store.change(key, [edit], null, i + 2);
  const doc = store.get(key);
  const incremental = store.analyze(key, options, []);
  stats.edits++;
  const fresh = parsing.parser.parse(doc.text);
  try {
    const problems = [];
    if (!sameTree(doc.tree, fresh)) {
      stats.treeMismatches++;
      problems.push("tree");
    }
    if (fresh.rootNode.hasError) stats.syntaxErrorEdits++;
    const checked = api.checkTree(parsing, fresh, doc.text, options);
    if (checked.failures.length || incremental.failures.length) stats.failures++;
    if (differs(findingsKey(incremental.findings), findingsKey(checked.findings))) {
      stats.findingMismatches++;
      problems.push("findings");
    }
    // tree-sitter's error recovery may differ between an incremental and a fresh parse; a
    // mismatch on a text without syntax errors is a bug of ours (or of the parser) for certain
    if (problems.length && !fresh.rootNode.hasError) stats.cleanMismatches++;
    if (problems.length && mismatches.length < 50)
      mismatches.push({ file: options.path, seed: currentSeed, edit: i + 1, problems, lastEdit: edit });
  } finally {
    fresh.delete();
  }
}

let crash = null;
let currentSeed = 0;
while (Date.now() < deadline) {
  const file = files[Math.floor(runRandom() * files.length)];
  const docSeed = replay ? replay.seed : Math.floor(runRandom() * 2 ** 31);
  currentSeed = docSeed;
  const random = generator(docSeed);
  let text;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch {
    continue;
  }
  const options = { path: file, settings, root: null };
  const key = `doc:${stats.documents}`;
  store.open(key, text, 1);
  stats.documents++;
  let last = null;
  const undo = [];
  for (let i = 0; i < EDITS && Date.now() < deadline; i++) {
    const before = store.textOf(key);
    // nearly half of the time, undo the last edit (as Ctrl+Z would): the text often parses again
    let edit;
    if (undo.length && random() < 0.45) edit = undo.pop();
    else {
      edit = randomEdit(random, before, last);
      undo.push({ start: edit.start, end: edit.start + edit.text.length, text: before.slice(edit.start, edit.end) });
    }
    last = edit.start + edit.text.length;
    try {
      step(store, key, options, edit, i);
    } catch (error) {
      // the parser's heap may be broken: report how to replay it and stop
      crash = { file, seed: docSeed, edit: i + 1, lastEdit: edit, error: String(error?.stack ?? error) };
      break;
    }
  }
  if (crash) break;
  store.close(key);
  if (replay) break;
  if (Date.now() - lastReport > REPORT_MS) {
    lastReport = Date.now();
    const s = Math.round((lastReport - started) / 1000);
    // the process's memory (the WebAssembly heap of the parser and its trees included): it should stay flat
    const rss = Math.round(process.memoryUsage().rss / 2 ** 20);
    console.log(
      `  ${s} s: ${stats.edits} edits in ${stats.documents} documents, ${stats.treeMismatches} tree and ${stats.findingMismatches} finding mismatches; rss ${rss} MB`,
    );
  }
}

const elapsed = (Date.now() - started) / 1000;
console.log(
  `fuzz-edits: ${stats.edits} edits in ${stats.documents} documents (${elapsed.toFixed(0)} s, ${(stats.edits / elapsed).toFixed(1)} edits/s); ` +
    `${stats.syntaxErrorEdits} left a syntax error; ` +
    `mismatches: ${stats.treeMismatches} tree, ${stats.findingMismatches} findings (${stats.cleanMismatches} edits with a mismatch on a text without syntax errors); ` +
    `${stats.failures} edits where a rule threw`,
);
if (crash) {
  console.log(
    `fuzz-edits: CRASH at edit ${crash.edit} of ${crash.file} (replay: FUZZ_FILE=${crash.file} FUZZ_DOC_SEED=${crash.seed}):\n${crash.error}`,
  );
  mismatches.push({ crash });
}
if (mismatches.length) {
  const out = path.join(repo, "bench/results/fuzz-edits-mismatches.json");
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, JSON.stringify({ seed: SEED, mismatches }, null, 2) + "\n");
  console.log(`fuzz-edits: the first ${mismatches.length} mismatches are in ${path.relative(process.cwd(), out)}`);
}
process.exitCode = crash || stats.treeMismatches || stats.findingMismatches ? 1 : 0;
