#!/usr/bin/env node
// The parse floor of this stack: every Python file of a folder read and parsed by web-tree-sitter
// on one thread, nothing else (no model, no rules, no settings). A check cannot cost less per
// core; bench/run.mjs compares the full check with it. Prints one JSON line.
//   node bench/floor.mjs DIR
import { createRequire } from "node:module";
import * as path from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
const api = require(path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "dist", "api.js"));

const dir = process.argv[2];
if (!dir) {
  console.error("usage: node bench/floor.mjs DIR");
  process.exit(2);
}
const t0 = performance.now();
const parsing = await api.loadPython();
const t1 = performance.now();
const files = api.collectFiles([dir], [], null).files.filter((f) => /\.pyi?$/.test(f));
const t2 = performance.now();
let lines = 0;
let parseMs = 0;
let readMs = 0;
for (const file of files) {
  const r0 = performance.now();
  const read = api.readSource(file);
  const r1 = performance.now();
  readMs += r1 - r0;
  if (!read.ok) continue;
  const tree = parsing.parser.parse(read.text);
  lines += tree.rootNode.endPosition.row + 1;
  tree.delete();
  parseMs += performance.now() - r1;
}
console.log(
  JSON.stringify({
    files: files.length,
    lines,
    loadMs: t1 - t0,
    walkMs: t2 - t1,
    readMs,
    parseMs,
    totalMs: performance.now() - t0,
  }),
);
