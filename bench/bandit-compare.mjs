#!/usr/bin/env node
// pyreview's security checks (SEC002–SEC011) side by side with Bandit (Debian's `bandit`
// package) on Neutron and Nova, in one run (not a test). From the repo root, after a build:
//   node bench/bandit-compare.mjs
//
// For each tree it runs, one after the other (the machine is shared: never in parallel):
//   1. `bandit -f json -q -r <tree>`                       (stock; timed)
//   2. the same Bandit with its string-literal tests restored, `-t B104,B105,B108` (see below)
//   3. `node dist/cli.js check --select SEC002..SEC011 --format json --exit-zero <tree>` (timed)
// and prints, per check: Bandit's count and ours (all files, and outside test files), how many
// findings both report on the same line, and the wall-time ratio of the two timed runs.
//
// Why step 2: Bandit 1.6.2 dispatches its string tests (B104 bind-all-interfaces, B105
// hardcoded-password-string, B108 hardcoded-tmp) from `visit_Str`, and Python 3.8+ parses string
// literals as `ast.Constant`, so on Debian's Python 3.11 those tests silently never run. Step 2
// runs the same Bandit code with a three-line shim that routes `Constant` strings to `visit_Str`;
// its counts are the ones shown for those three tests (marked *), so the comparison is with what
// Bandit's rules say, not with a Bandit that cannot see strings.
//
// Environment: BENCH_CORPUS=<dist-packages dir> (default: ../shared/tools/corpus.sh),
// BANDIT=<bandit executable> (default: bandit), BANDIT_PYTHON=<python with bandit> (default:
// /usr/bin/python3), BANDIT_STR=0 skips step 2. Results: bench/results/bandit-compare.json,
// with every location reported by only one side, for reading.
import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { sharedTool } from "./shared.mjs";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const env = process.env;
const corpus =
  env.BENCH_CORPUS ||
  execFileSync("bash", [sharedTool("corpus.sh")], { encoding: "utf8" })
    .trim()
    .split("\n")
    .pop();
const TREES = ["neutron", "nova"];
const BANDIT = env.BANDIT || "bandit";
const BANDIT_PYTHON = env.BANDIT_PYTHON || "/usr/bin/python3";
const CODES = ["SEC002", "SEC003", "SEC004", "SEC005", "SEC006", "SEC007", "SEC008", "SEC009", "SEC010", "SEC011"];

/** Bandit test id → our code. */
const MAP = {
  B307: "SEC002",
  B102: "SEC002",
  B301: "SEC003",
  B302: "SEC003",
  B506: "SEC003",
  B303: "SEC004",
  B324: "SEC004",
  B105: "SEC005",
  B106: "SEC005",
  B107: "SEC005",
  B306: "SEC006",
  B108: "SEC006",
  B325: "SEC006",
  B501: "SEC007",
  B323: "SEC007",
  B104: "SEC008",
  B101: "SEC009",
  B113: "SEC010",
  B311: "SEC011",
};
const STR_TESTS = ["B104", "B105", "B108"];
const NAMES = {
  SEC002: "eval-exec",
  SEC003: "unsafe-deserialization",
  SEC004: "weak-hash",
  SEC005: "hardcoded-secret",
  SEC006: "insecure-tempfile",
  SEC007: "tls-verify-disabled",
  SEC008: "bind-all-interfaces",
  SEC009: "assert-as-guard",
  SEC010: "request-without-timeout",
  SEC011: "insecure-random",
};

const SHIM = `
import sys
from bandit.core import node_visitor as nv
def visit_Constant(self, node):
    if isinstance(node.value, str):
        return self.visit_Str(node)
    if isinstance(node.value, bytes):
        return self.visit_Bytes(node)
    self.update_scores(self.tester.run_tests(self.context, "Constant"))
nv.BanditNodeVisitor.visit_Constant = visit_Constant
from bandit.cli.main import main
sys.argv[0] = "bandit"
sys.exit(main())
`;

/** The default settings.testPatterns, as path tests. */
function isTestPath(rel) {
  return (
    /(^|\/)tests?\//.test(rel) ||
    /(^|\/)test_[^/]*\.py$/.test(rel) ||
    /_test\.py$/.test(rel) ||
    /(^|\/)tests\.py$/.test(rel) ||
    /(^|\/)conftest\.py$/.test(rel)
  );
}

const TIME = fs.existsSync("/usr/bin/time") ? "/usr/bin/time" : null;

/** Runs a command; wall seconds, and CPU seconds (user + system, all threads) when /usr/bin/time is there. */
function timed(cmd, args) {
  const cpuFile = path.join(os.tmpdir(), `bandit-compare-time-${process.pid}`);
  const t0 = performance.now();
  const r = TIME
    ? spawnSync(TIME, ["-f", "%U %S", "-o", cpuFile, cmd, ...args], { encoding: "utf8", maxBuffer: 1 << 30 })
    : spawnSync(cmd, args, { encoding: "utf8", maxBuffer: 1 << 30 });
  const seconds = (performance.now() - t0) / 1000;
  if (r.error) throw r.error;
  let cpu = null;
  if (TIME && fs.existsSync(cpuFile)) {
    const [user, sys] = fs.readFileSync(cpuFile, "utf8").trim().split("\n").pop().split(" ").map(Number);
    cpu = user + sys;
    fs.unlinkSync(cpuFile);
  }
  return { seconds, cpu, status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function runBandit(tree, shim) {
  const out = path.join(os.tmpdir(), `bandit-${path.basename(tree)}${shim ? "-str" : ""}-${process.pid}.json`);
  const args = ["-f", "json", "-q", "-r", tree, "-o", out];
  const r = shim ? timed(BANDIT_PYTHON, ["-c", SHIM, "-t", STR_TESTS.join(","), ...args]) : timed(BANDIT, args);
  if (!fs.existsSync(out)) throw new Error(`bandit wrote no report (exit ${r.status}): ${r.stderr.slice(-2000)}`);
  const report = JSON.parse(fs.readFileSync(out, "utf8"));
  fs.unlinkSync(out);
  const findings = report.results
    .filter((x) => MAP[x.test_id])
    .map((x) => ({
      code: MAP[x.test_id],
      test: x.test_id,
      path: x.filename,
      line: x.line_number,
      lines: x.line_range ?? [x.line_number],
    }));
  return { seconds: r.seconds, cpu: r.cpu, findings, errors: report.errors?.length ?? 0 };
}

function runOurs(tree) {
  const r = timed(process.execPath, [
    path.join(repo, "dist", "cli.js"),
    "check",
    "--select",
    CODES.join(","),
    "--format",
    "json",
    "--exit-zero",
    tree,
  ]);
  if (r.status !== 0) throw new Error(`pyreview failed (exit ${r.status}): ${r.stderr.slice(-2000)}`);
  const findings = JSON.parse(r.stdout).map((x) => ({
    code: x.code,
    path: x.path,
    line: x.line,
    endLine: x.endLine,
    message: x.message,
  }));
  return { seconds: r.seconds, cpu: r.cpu, findings };
}

/** Same check, same file, and our line within Bandit's line range (or Bandit's line within ours). */
function sameFinding(b, o) {
  if (b.code !== o.code || path.resolve(b.path) !== path.resolve(o.path)) return false;
  const lo = Math.min(...b.lines);
  const hi = Math.max(...b.lines);
  return (o.line >= lo && o.line <= hi) || (b.line >= o.line && b.line <= o.endLine);
}

const banditVersion = (() => {
  try {
    return execFileSync(BANDIT, ["--version"], { encoding: "utf8" }).split("\n")[0].trim();
  } catch {
    return "bandit (version unknown)";
  }
})();

console.log(`corpus: ${corpus}`);
console.log(
  `${banditVersion}; pyreview ${JSON.parse(fs.readFileSync(path.join(repo, "package.json"), "utf8")).version} (dist/cli.js)`,
);
console.log(`cores: ${os.cpus().length} (shared); runs are sequential\n`);

const bandit = [];
const banditStr = [];
const ours = [];
const timing = [];
for (const name of TREES) {
  const tree = path.join(corpus, name);
  process.stderr.write(`bandit ${name} ...\n`);
  const b = runBandit(tree, false);
  let s = null;
  if (env.BANDIT_STR !== "0") {
    process.stderr.write(`bandit (string tests restored) ${name} ...\n`);
    s = runBandit(tree, true);
  }
  process.stderr.write(`pyreview ${name} ...\n`);
  const o = runOurs(tree);
  bandit.push(...b.findings);
  if (s) banditStr.push(...s.findings);
  ours.push(...o.findings);
  timing.push({
    tree: name,
    bandit: b.seconds,
    banditCpu: b.cpu,
    banditStrTestsOnly: s?.seconds ?? null,
    pyreview: o.seconds,
    pyreviewCpu: o.cpu,
  });
}

// Bandit's findings for the comparison: stock, except the string tests, which come from the shimmed run.
const strRan = env.BANDIT_STR !== "0";
const banditAll = strRan ? [...bandit.filter((f) => !STR_TESTS.includes(f.test)), ...banditStr] : bandit;
const rel = (p) => path.relative(corpus, p);

const rows = [];
const details = {};
for (const code of CODES) {
  const b = banditAll.filter((f) => f.code === code);
  const o = ours.filter((f) => f.code === code);
  const both = o.filter((x) => b.some((y) => sameFinding(y, x)));
  const onlyOurs = o.filter((x) => !b.some((y) => sameFinding(y, x)));
  const onlyBandit = b.filter((y) => !o.some((x) => sameFinding(y, x)));
  const starred = strRan && Object.entries(MAP).some(([t, c]) => c === code && STR_TESTS.includes(t));
  const noTest = Object.entries(MAP).every(([t, c]) => c !== code || t === "B113");
  rows.push({
    code,
    name: NAMES[code],
    banditTests:
      Object.entries(MAP)
        .filter(([, c]) => c === code)
        .map(([t]) => t)
        .join(",") + (starred ? "*" : ""),
    bandit: noTest ? "n/a" : b.length,
    banditNonTest: noTest ? "n/a" : b.filter((f) => !isTestPath(rel(f.path))).length,
    ours: o.length,
    oursNonTest: o.filter((f) => !isTestPath(rel(f.path))).length,
    both: both.length,
    onlyBandit: noTest ? "n/a" : onlyBandit.length,
    onlyOurs: onlyOurs.length,
  });
  details[code] = {
    onlyBandit: onlyBandit.map((f) => `${rel(f.path)}:${f.line} ${f.test}`),
    onlyOurs: onlyOurs.map((f) => `${rel(f.path)}:${f.line} ${f.message}`),
    both: both.map((f) => `${rel(f.path)}:${f.line}`),
  };
}

const header = [
  "check",
  "Bandit tests",
  "Bandit",
  "Bandit (non-test)",
  "ours",
  "ours (non-test)",
  "same line",
  "Bandit only",
  "ours only",
];
const table = [
  header,
  ...rows.map((r) =>
    [
      `${r.code} ${r.name}`,
      r.banditTests,
      r.bandit,
      r.banditNonTest,
      r.ours,
      r.oursNonTest,
      r.both,
      r.onlyBandit,
      r.onlyOurs,
    ].map(String),
  ),
];
const widths = header.map((_, i) => Math.max(...table.map((row) => row[i].length)));
for (const [k, row] of table.entries()) {
  console.log(
    row.map((cell, i) => (i === 0 || i === 1 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join("  "),
  );
  if (k === 0) console.log(widths.map((w) => "-".repeat(w)).join("  "));
}
if (strRan)
  console.log(
    "\n* B104/B105/B108 counts from Bandit with its string tests restored (they never run on Python 3.8+ in Bandit 1.6.2).",
  );
console.log("B113 (request without timeout) does not exist in Bandit 1.6.2: n/a.");
console.log("Test files: SEC005, SEC008 and SEC009 skip them by design (settings.testPatterns); Bandit does not.\n");

const f1 = (x) => (x === null || x === undefined ? "-" : x.toFixed(1));
const ratio = (a, b) => (a === null || b === null || !b ? "-" : `${(a / b).toFixed(1)}x`);
console.log(
  "seconds              bandit wall  pyreview wall  bandit/pyreview   bandit CPU  pyreview CPU  bandit/pyreview",
);
const total = { bandit: 0, pyreview: 0, banditCpu: 0, pyreviewCpu: 0 };
for (const t of [...timing, null]) {
  const row = t ?? { tree: "total", ...total };
  if (t) for (const k of Object.keys(total)) total[k] = total[k] === null || t[k] === null ? null : total[k] + t[k];
  console.log(
    `${row.tree.padEnd(20)} ${f1(row.bandit).padStart(11)} ${f1(row.pyreview).padStart(14)} ${ratio(row.bandit, row.pyreview).padStart(16)}` +
      `${f1(row.banditCpu).padStart(13)} ${f1(row.pyreviewCpu).padStart(13)} ${ratio(row.banditCpu, row.pyreviewCpu).padStart(16)}`,
  );
}
console.log(
  "(CPU = user + system over all threads; pyreview spreads files over worker threads, Bandit runs on one core. The machine is shared, so wall times vary with load; CPU times less.)",
);
if (strRan)
  console.log(
    `(the extra Bandit run for the string tests took ${timing.map((t) => t.banditStrTestsOnly.toFixed(1)).join(" + ")} s and is not in the ratio)`,
  );

fs.mkdirSync(path.join(repo, "bench", "results"), { recursive: true });
const outFile = path.join(repo, "bench", "results", "bandit-compare.json");
fs.writeFileSync(
  outFile,
  JSON.stringify({ date: new Date().toISOString(), corpus, bandit: banditVersion, rows, timing, details }, null, 2),
);
console.log(`\nlocations seen by only one side: ${path.relative(repo, outFile)}`);
