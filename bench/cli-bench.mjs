// The command line against native ruff in the same run (bench/run.mjs prints it):
//   - the parse floor: Neutron parsed on one thread (bench/floor.mjs), and per core;
//   - cold check of Neutron (no cache; default threads, and one thread: the analysis overhead)
//     against `ruff check --no-cache`;
//   - warm check of a copy of Neutron after one file changed (the result cache) against ruff's
//     cold `--no-cache` run of the same copy.
// Runs alternate between the tools; each figure is a median of wall times. The machine's load
// average is printed with them: other processes only ever add time.
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const CLI_JS = path.join(here, "..", "dist", "cli.js");
/** The file changed before each warm run (a large one: what changes is re-checked). */
export const CHANGED_REL = "plugins/ml2/drivers/openvswitch/agent/ovs_neutron_agent.py";

function runTimed(cmd, args, { cwd, env } = {}) {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(cmd, args, { cwd, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
    const out = [];
    const err = [];
    child.stdout.on("data", (d) => out.push(d));
    child.stderr.on("data", (d) => err.push(d));
    child.on("error", reject);
    child.on("close", (code) =>
      resolve({
        ms: performance.now() - t0,
        code,
        stdout: Buffer.concat(out).toString("utf8"),
        stderr: Buffer.concat(err).toString("utf8"),
      }),
    );
  });
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  if (!s.length) return Number.NaN;
  const m = (s.length - 1) / 2;
  return (s[Math.floor(m)] + s[Math.ceil(m)]) / 2;
};

/**
 * Runs each side `warmup + runs` times, alternating the order; `before(side, i)` runs untimed
 * before each run. Returns per side the median and the times, or the error.
 */
async function alternate(sides, { runs, warmup, before, note }) {
  const times = new Map(sides.map((s) => [s.name, []]));
  const out = {};
  for (let i = 0; i < warmup + runs; i++) {
    const order = i % 2 === 0 ? sides : [...sides].reverse();
    for (const s of order) {
      if (out[s.name]?.error) continue;
      if (before) await before(s, i);
      const r = await runTimed(s.cmd, s.args, s.options);
      if (r.code !== 0) {
        note(`${s.name}: exit code ${r.code}; stderr: ${r.stderr.slice(-800)}`);
        out[s.name] = { error: `exit ${r.code}` };
        continue;
      }
      if (i >= warmup) times.get(s.name).push(r.ms);
      if (s.parse && !out[s.name]) out[s.name] = s.parse(r.stdout);
    }
  }
  for (const s of sides) {
    if (out[s.name]?.error) continue;
    out[s.name] = { ...out[s.name], medianMs: median(times.get(s.name)), timesMs: times.get(s.name).map(Math.round) };
  }
  return out;
}

const countOurs = (stdout) => ({ findings: JSON.parse(stdout).length });
const countRuff = (stdout) => ({ findings: JSON.parse(stdout).length });

/** The parse floor: the median of `runs` fresh processes parsing `dir` on one thread. */
export async function parseFloor(dir, runs) {
  const samples = [];
  for (let i = 0; i < runs; i++) {
    const r = await runTimed(process.execPath, [path.join(here, "floor.mjs"), dir]);
    if (r.code !== 0) throw new Error(`floor.mjs: exit ${r.code}: ${r.stderr.slice(-500)}`);
    samples.push(JSON.parse(r.stdout));
  }
  return {
    files: samples[0].files,
    lines: samples[0].lines,
    parseMs: median(samples.map((s) => s.parseMs)),
    readMs: median(samples.map((s) => s.readMs)),
    parseRunsMs: samples.map((s) => Math.round(s.parseMs)),
  };
}

export async function cliBench({ corpus, ruff, rules, runs, warmup, note }) {
  const neutron = path.join(corpus, "neutron");
  const cores = os.availableParallelism();
  const cwd = os.tmpdir(); // a neutral folder: no configuration picked up from the repository
  const ruffArgs = (dir) => [
    "check",
    "--no-cache",
    "--isolated",
    "--select",
    rules.join(","),
    "--exit-zero",
    "--output-format",
    "json",
    dir,
  ];
  const ours = (dir, extra = []) => [CLI_JS, "check", "--format", "json", "--exit-zero", ...extra, dir];
  const result = { dir: neutron, cores, loadAverageBefore: os.loadavg() };

  result.floor = await parseFloor(neutron, Math.max(1, runs));
  result.floor.perCoreMs = result.floor.parseMs / cores;

  // cold: no cache (default threads and one thread) against ruff --no-cache
  result.cold = await alternate(
    [
      { name: "ours", cmd: process.execPath, args: ours(neutron, ["--no-cache"]), options: { cwd }, parse: countOurs },
      {
        name: "ours-1-thread",
        cmd: process.execPath,
        args: ours(neutron, ["--no-cache"]),
        options: { cwd, env: { PYREVIEW_THREADS: "1" } },
      },
      { name: "ruff", cmd: ruff, args: ruffArgs(neutron), options: { cwd }, parse: countRuff },
    ],
    { runs, warmup, note },
  );
  const cold = result.cold.ours?.medianMs;
  const single = result.cold["ours-1-thread"]?.medianMs;
  result.coldVsRuff = cold / result.cold.ruff?.medianMs;
  result.coldVsFloorPerCore = cold / result.floor.perCoreMs;
  result.analysisOverheadMs = single - result.floor.parseMs;
  result.singleThreadVsFloor = single / result.floor.parseMs;

  // warm: a copy of Neutron, its cache filled, then one file changed before each run
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "pyreview-bench-warm-"));
  try {
    // (one folder deeper: what a run reads beside the project is then this run's, not all of /tmp)
    const copy = path.join(work, "project", "neutron");
    fs.cpSync(neutron, copy, { recursive: true });
    // (files changed in the last two seconds are hashed on every run, as their timestamps cannot vouch
    // for them yet: a checkout is older than that)
    await new Promise((resolve) => setTimeout(resolve, 2100));
    const cacheDir = path.join(work, "cache");
    const changed = path.join(copy, CHANGED_REL);
    const original = fs.readFileSync(changed, "utf8");
    const filled = await runTimed(process.execPath, ours(copy, ["--cache-dir", cacheDir]), { cwd });
    result.warmFill = { ms: filled.ms, code: filled.code };
    let edits = 0;
    result.warm = await alternate(
      [
        {
          name: "ours",
          cmd: process.execPath,
          args: ours(copy, ["--cache-dir", cacheDir]),
          options: { cwd },
          parse: countOurs,
        },
        { name: "ruff", cmd: ruff, args: ruffArgs(copy), options: { cwd }, parse: countRuff },
      ],
      {
        runs,
        warmup,
        note,
        before: (side) => {
          // a new comment line each time: the file's content (and so its entry) changes
          if (side.name === "ours") fs.writeFileSync(changed, `${original}# bench edit ${++edits}\n`);
        },
      },
    );
    // the warm run's findings are the cold run's (the changed file keeps its findings: a comment)
    const fresh = await runTimed(process.execPath, ours(copy, ["--no-cache"]), { cwd });
    const warmRun = await runTimed(process.execPath, ours(copy, ["--cache-dir", cacheDir]), { cwd });
    result.warmEqualsFresh = fresh.stdout === warmRun.stdout;
    if (!result.warmEqualsFresh) note("warm check: findings differ from a fresh run's");
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
  result.warmVsRuffCold = result.warm.ours?.medianMs / result.warm.ruff?.medianMs;
  result.loadAverageAfter = os.loadavg();
  return result;
}
