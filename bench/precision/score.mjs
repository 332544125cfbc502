#!/usr/bin/env node
// Precision per rule from labelled samples: node bench/precision/score.mjs [ROUND...]
// (default: every labels/*.jsonl). A finding labelled "unsure" counts as not true.
import { readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";

const here = path.dirname(new URL(import.meta.url).pathname);
const dir = path.join(here, "labels");
const rounds = process.argv.slice(2);
const files = readdirSync(dir)
  .filter((f) => f.endsWith(".jsonl"))
  .filter((f) => !rounds.length || rounds.includes(f.replace(/\.jsonl$/, "")))
  .sort();
let problems = 0;
for (const file of files) {
  const rows = readFileSync(path.join(dir, file), "utf8")
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l));
  const byRule = new Map();
  for (const r of rows) {
    if (!["true", "false", "unsure"].includes(r.verdict) || !r.reason) {
      problems++;
      console.error(`${file}: unlabelled or without a reason: ${r.path}:${r.line} ${r.code}`);
      continue;
    }
    const s = byRule.get(r.code) ?? { n: 0, t: 0, f: 0, u: 0, projects: new Set() };
    s.n++;
    s[r.verdict[0]]++;
    s.projects.add(r.project);
    byRule.set(r.code, s);
  }
  const all = { n: 0, t: 0 };
  console.log(`\n${file.replace(/\.jsonl$/, "")} (${rows[0]?.set ?? "?"})`);
  console.log("| rule | sampled | true | false | unsure | precision | projects |");
  console.log("|---|---|---|---|---|---|---|");
  for (const code of [...byRule.keys()].sort()) {
    const s = byRule.get(code);
    all.n += s.n;
    all.t += s.t;
    const pct = ((100 * s.t) / s.n).toFixed(0);
    console.log(`| ${code} | ${s.n} | ${s.t} | ${s.f} | ${s.u} | ${pct}% | ${s.projects.size} |`);
  }
  if (all.n) console.log(`| all | ${all.n} | ${all.t} | | | ${((100 * all.t) / all.n).toFixed(0)}% | |`);
}
process.exit(problems ? 1 : 0);
