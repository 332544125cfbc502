#!/usr/bin/env node
// Re-runs the current build on the files of labelled rounds and says, per rule, which labelled
// findings it still reports: the true ones it must keep, the false ones a rule change should drop.
// It measures a change against judged findings; it is not a precision figure (that needs a new
// sample, since a change can also add findings nobody has judged: those are listed as "new").
//
//   node bench/precision/recheck.mjs ROUND... [--rules CODES] [--verbose]
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { corpusNames, corpusRoot } from "./corpus.mjs";

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { rules: { type: "string" }, verbose: { type: "boolean", default: false } },
});
const here = path.dirname(new URL(import.meta.url).pathname);
const cli = path.resolve(here, "../../dist/cli.js");
const only = values.rules ? new Set(values.rules.split(",")) : null;
const rows = positionals.flatMap((round) =>
  readFileSync(path.join(here, "labels", `${round}.jsonl`), "utf8")
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l))
    .filter((r) => r.verdict && (!only || only.has(r.code))),
);
const roots = corpusNames().map(corpusRoot);
const absolute = (rel) => roots.map((r) => path.join(r, rel)).find((p) => existsSync(p));
const files = [...new Set(rows.map((r) => absolute(r.path)).filter(Boolean))];
const codes = [...new Set(rows.map((r) => r.code))];
const reported = new Set();
const all = [];
// a few hundred files per run keeps the argument list short
for (let i = 0; i < files.length; i += 200) {
  const run = spawnSync(
    "node",
    [cli, "check", "--format", "json", "--exit-zero", "--select", codes.join(","), ...files.slice(i, i + 200)],
    { encoding: "utf8", maxBuffer: 1 << 30, stdio: ["ignore", "pipe", "inherit"] },
  );
  for (const f of JSON.parse(run.stdout)) {
    const rel = path.relative(roots.find((r) => f.path.startsWith(r)) ?? "", f.path);
    reported.add(`${rel}:${f.line}:${f.code}`);
    all.push({ rel, ...f });
  }
}
const labelled = new Set(rows.map((r) => `${r.path}:${r.line}:${r.code}`));
const byRule = new Map();
for (const r of rows) {
  const s = byRule.get(r.code) ?? { trueKept: 0, trueLost: [], falseGone: 0, falseLeft: [], unsure: 0 };
  const still = reported.has(`${r.path}:${r.line}:${r.code}`);
  if (r.verdict === "true") still ? s.trueKept++ : s.trueLost.push(r);
  else if (r.verdict === "false") still ? s.falseLeft.push(r) : s.falseGone++;
  else s.unsure++;
  byRule.set(r.code, s);
}
console.log(
  "| rule | true kept | false dropped | still reported, judged false | precision on the judged, if unchanged otherwise |",
);
console.log("|---|---|---|---|---|");
for (const [code, s] of [...byRule].sort()) {
  const t = s.trueKept + s.trueLost.length;
  const f = s.falseGone + s.falseLeft.length;
  const kept = s.trueKept + s.falseLeft.length;
  const p = kept ? `${Math.round((100 * s.trueKept) / kept)}%` : "—";
  console.log(`| ${code} | ${s.trueKept}/${t} | ${s.falseGone}/${f} | ${s.falseLeft.length} | ${p} |`);
  if (values.verbose) {
    for (const r of s.trueLost) console.log(`  LOST true: ${r.path}:${r.line} ${r.text}`);
    for (const r of s.falseLeft) console.log(`  still false: ${r.path}:${r.line} ${r.text}  (${r.reason})`);
  }
}
const fresh = all.filter((f) => !labelled.has(`${f.rel}:${f.line}:${f.code}`));
console.log(`\n${fresh.length} findings in these files were not in the sample (new, or not drawn).`);
