#!/usr/bin/env node
// Draws a seeded random sample of pyreview's findings per rule on one project set, as a labels
// template (JSON Lines) to fill in by hand. The same seed, set and build give the same sample.
//
//   node bench/precision/sample.mjs --set tune --round tune-1 [--seed 1] [--per-rule 20] [--rules CODES]
//        [--exclude-paths REGEX] [--prefer-unread ROUNDS] [--out FILE]  (default: bench/precision/labels/<round>.jsonl; refuses to overwrite)
//
// --exclude-paths leaves out findings whose path (relative to the corpus's dist-packages folder)
// matches REGEX before drawing, e.g. vendored copies and generated files that pyreview is to skip
// by default: --exclude-paths '(^|/)_vendor/|kernel_parameter_parser\.py$'.
//
// Each line: {round, set, project, path, line, column, code, message, text, verdict: null, reason: ""}
// where path is relative to the corpus's dist-packages folder and text is the finding's source
// line. Labellers set verdict to "true" (the claim holds and a careful reviewer would want it
// raised), "false" (it does not) or "unsure", and give a one-line reason.
// The sample is spread across projects: findings are shuffled per project, then taken round-robin
// over the projects (so one project with thousands of findings cannot fill a rule's sample).
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { projectsOf, runCheck } from "./corpus.mjs";

const { values } = parseArgs({
  options: {
    set: { type: "string" },
    round: { type: "string" },
    seed: { type: "string", default: "1" },
    "per-rule": { type: "string", default: "20" },
    rules: { type: "string" },
    "exclude-paths": { type: "string" },
    "prefer-unread": { type: "string" },
    out: { type: "string" },
  },
});
if (!values.set || !values.round) {
  console.error(
    "usage: sample.mjs --set tune|heldout-a|heldout-b --round NAME [--seed N] [--per-rule N] [--rules CODES] [--exclude-paths REGEX]",
  );
  process.exit(2);
}
const here = path.dirname(new URL(import.meta.url).pathname);
const out = values.out ?? path.join(here, "labels", `${values.round}.jsonl`);
if (existsSync(out)) {
  console.error(`${out} exists: pick another round name (labels are data; never overwrite them)`);
  process.exit(2);
}
const perRule = Number(values["per-rule"]);
const wanted = values.rules ? new Set(values.rules.split(",")) : null;
const excluded = values["exclude-paths"] ? new RegExp(values["exclude-paths"]) : null;

/**
 * --prefer-unread ROUNDS: findings judged in those rounds are drawn only when a project has no
 * other, and then keep their label (marked carriedFrom) when the message is unchanged.
 */
const judged = new Map();
for (const round of values["prefer-unread"]?.split(",") ?? []) {
  for (const line of readFileSync(path.join(here, "labels", `${round}.jsonl`), "utf8").split("\n")) {
    if (!line) continue;
    const r = JSON.parse(line);
    if (r.verdict) judged.set(`${r.path}:${r.line}:${r.code}`, r);
  }
}
const earlier = (f) => judged.get(`${f.path}:${f.line}:${f.code}`);

/** mulberry32: a small seeded generator (the sample must be reproducible). */
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
function shuffle(list, rnd) {
  for (let i = list.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [list[i], list[j]] = [list[j], list[i]];
  }
  return list;
}

const projects = projectsOf(values.set);
const byRule = new Map(); // code -> project -> findings
for (const project of projects) {
  for (const f of runCheck(project)) {
    if (wanted && !wanted.has(f.code)) continue;
    if (excluded?.test(f.path)) continue;
    let perProject = byRule.get(f.code);
    if (!perProject) byRule.set(f.code, (perProject = new Map()));
    let list = perProject.get(project.name);
    if (!list) perProject.set(project.name, (list = []));
    list.push(f);
  }
}
const lines = [];
const summary = [];
for (const code of [...byRule.keys()].sort()) {
  const perProject = byRule.get(code);
  const rnd = random(Number(values.seed) * 7919 + [...code].reduce((h, c) => h * 31 + c.charCodeAt(0), 0));
  const queues = [...perProject.keys()].sort().map((name) => {
    const all = shuffle([...perProject.get(name)], rnd);
    return [...all.filter((f) => !earlier(f)), ...all.filter((f) => earlier(f))];
  });
  const total = queues.reduce((n, q) => n + q.length, 0);
  const taken = [];
  while (taken.length < Math.min(perRule, total)) {
    for (const q of queues) if (q.length && taken.length < perRule) taken.push(q.shift());
  }
  summary.push(
    `${code}: ${taken.length} of ${total} findings, from ${new Set(taken.map((f) => f.project)).size} projects` +
      (judged.size ? `, ${taken.filter((f) => earlier(f)?.message === f.message).length} judged before` : ""),
  );
  for (const f of taken) {
    const before = earlier(f);
    const carried =
      before && before.message === f.message
        ? { verdict: before.verdict, reason: before.reason, fix: before.fix ?? null, carriedFrom: before.round }
        : { verdict: null, reason: "" };
    if (before?.fix_note && carried.carriedFrom) carried.fix_note = before.fix_note;
    lines.push(JSON.stringify({ ...f, round: values.round, set: values.set, ...carried }));
  }
}
writeFileSync(out, lines.length ? `${lines.join("\n")}\n` : "");
console.log(summary.join("\n"));
console.log(`wrote ${lines.length} findings to ${path.relative(process.cwd(), out)}`);
