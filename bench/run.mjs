#!/usr/bin/env node
// pyreview vs native ruff benchmark (not a test). Run from the repo root:
//   npm run bench            (production build, then this script)
//   node bench/run.mjs       (uses the existing dist/)
//
// 1. Keystrokes: bench/keystroke.mjs when it exists (its scenarios, p50/p95 against `ruff server`,
//    the server's memory); else the scenario below: our LSP server (`node dist/server.js --stdio`,
//    debounceMs 0) and `ruff server` both open Neutron's ovs_neutron_agent.py (~2,960 lines) and
//    receive the same 100 single-character incremental edits (type 'x' at the start of a statement
//    inside a function body, then delete it). Per edit we time didChange sent ->
//    textDocument/publishDiagnostics for that uri *with that version*. Edits are interleaved per
//    keystroke (ours, ruff, ruff, ours, ...).
// 2. Command line (bench/cli-bench.mjs): the parse floor (bench/floor.mjs: Neutron parsed on one
//    thread) and per core; cold `check` of Neutron without cache (default threads; one thread: the
//    analysis overhead) against `ruff check --no-cache --isolated --select ...`; warm `check` of a
//    copy of Neutron after one file changed (the result cache) against ruff's cold run of the copy.
//    Alternating runs, median wall time.
//
// Environment knobs:
//   BENCH_RUNS=3            batch runs per tool (after BENCH_BATCH_WARMUP=1 unmeasured run each)
//   BENCH_EDITS=100         measured edits per server (even number; insert/delete pairs)
//   BENCH_WARMUP_EDITS=6    unmeasured edits per server before measuring
//   BENCH_GAP_MS=0          idle pause between edits
//   BENCH_EDIT_TIMEOUT_MS=30000
//   BENCH_RUFF_PULL=1       additionally measure ruff's pull model (didChange -> textDocument/diagnostic
//                           response, separate server instance that advertises pull support)
//   BENCH_ONLY=keystroke|batch      (batch: the command line)
//   BENCH_CORPUS=<dist-packages dir>   (default: output of ../shared/tools/corpus.sh)
//   BENCH_RUFF=<ruff executable>       (default: output of ../shared/tools/native-ruff.sh)
//   BENCH_TRACE=1           log all LSP traffic to stderr
//   BENCH_STRICT=1          exit 1 when a goal is missed
// Results are also written to bench/results/latest.json (bench/results/ should be gitignored).
import { execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath, pathToFileURL } from "node:url";
import { startLspClient, DEFAULT_CAPABILITIES } from "./lsp-client.mjs";
import { sharedTool } from "./shared.mjs";
import { cliBench } from "./cli-bench.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, "..");
const env = process.env;
const int = (name, dflt) => (env[name] !== undefined && env[name] !== "" ? Number.parseInt(env[name], 10) : dflt);

const RULES = ["F403", "F405", "PLR2004", "LOG", "G", "S", "D100", "D103", "T201"];
const TARGET_REL = "neutron/plugins/ml2/drivers/openvswitch/agent/ovs_neutron_agent.py";
const BATCH_RUNS = Math.max(1, int("BENCH_RUNS", 3));
const BATCH_WARMUP = Math.max(0, int("BENCH_BATCH_WARMUP", 1));
const EDITS = Math.max(2, int("BENCH_EDITS", 100) & ~1);
const WARMUP_EDITS = Math.max(0, int("BENCH_WARMUP_EDITS", 6) & ~1);
const GAP_MS = Math.max(0, int("BENCH_GAP_MS", 0));
const EDIT_TIMEOUT_MS = int("BENCH_EDIT_TIMEOUT_MS", 30_000);
const ONLY = env.BENCH_ONLY || "";
const TRACE = env.BENCH_TRACE === "1";
const GOALS = { keystrokeP95Ratio: 1.0, warmVsRuffCold: 1.0, coldVsFloorPerCore: 1.3 };

const SERVER_JS = path.join(repo, "dist", "server.js");
const CLI_JS = path.join(repo, "dist", "cli.js");

const problems = [];
const note = (msg) => {
  problems.push(msg);
  console.error(`! ${msg}`);
};

// ---------------------------------------------------------------------------------------------
// helpers

function tool(script, override) {
  if (override) return override;
  return execFileSync(script, { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] })
    .trim()
    .split("\n")
    .pop();
}

function quantile(sorted, q) {
  if (!sorted.length) return NaN;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

function summarize(samples) {
  const s = [...samples].sort((a, b) => a - b);
  return {
    n: s.length,
    p50: quantile(s, 0.5),
    p95: quantile(s, 0.95),
    min: s[0] ?? NaN,
    max: s[s.length - 1] ?? NaN,
    mean: s.length ? s.reduce((a, b) => a + b, 0) / s.length : NaN,
  };
}

const fmtMs = (x) => (Number.isFinite(x) ? (x >= 100 ? x.toFixed(0) : x.toFixed(1)) : "n/a");
const fmtRatio = (x) => (Number.isFinite(x) ? x.toFixed(2) : "n/a");
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function table(rows) {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => String(r[i]).length)));
  return rows
    .map((r, ri) => {
      const line = r.map((c, i) => (i === 0 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join("  ");
      return ri === 0 ? `${line}\n${widths.map((w) => "-".repeat(w)).join("  ")}` : line;
    })
    .join("\n");
}

function countCodes(list) {
  const m = {};
  for (const c of list) m[c] = (m[c] ?? 0) + 1;
  return Object.fromEntries(Object.entries(m).sort((a, b) => b[1] - a[1]));
}

// ---------------------------------------------------------------------------------------------
// edit positions: start of a simple statement (first token an identifier, not a keyword) inside
// a function body, outside strings/brackets. Inserting 'x' there keeps the file syntactically valid.

const PY_KEYWORDS = new Set(
  (
    "False None True and as assert async await break class continue def del elif else except " +
    "finally for from global if import in is lambda nonlocal not or pass raise return try while with yield match case type"
  ).split(" "),
);

function findEditPositions(text) {
  const lines = text.split("\n");
  const out = [];
  let depth = 0; // bracket depth at the start of the current line
  let inString = null; // open triple-quote delimiter carried across lines
  let continued = false; // previous line ended with a backslash
  const defStack = []; // indents of enclosing defs
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const statementStart = depth === 0 && !inString && !continued;
    const m = /^([ \t]*)(\S)/.exec(line);
    if (statementStart && m && m[2] !== "#") {
      const indent = m[1].length;
      while (defStack.length && defStack[defStack.length - 1] >= indent) defStack.pop();
      const word = /^[ \t]*([A-Za-z_][A-Za-z0-9_]*)/.exec(line)?.[1];
      if (defStack.length && word && !PY_KEYWORDS.has(word) && !/^[ \t]*[A-Za-z_]\w*\s*:(?!=)/.test(line)) {
        out.push({ line: i, character: indent, word });
      }
      if (/^[ \t]*(async[ \t]+)?def[ \t]/.test(line)) defStack.push(indent);
    }
    // scan the line to update string/bracket state
    let j = 0;
    continued = false;
    while (j < line.length) {
      if (inString) {
        const end = line.indexOf(inString, j);
        if (end < 0) {
          j = line.length;
          break;
        }
        // skip escaped delimiters (rare in this corpus; good enough)
        j = end + inString.length;
        inString = null;
        continue;
      }
      const ch = line[j];
      if (ch === "#") break;
      if (ch === '"' || ch === "'") {
        const triple = line.startsWith(ch.repeat(3), j) ? ch.repeat(3) : null;
        if (triple) {
          inString = triple;
          j += 3;
          continue;
        }
        // single-line string
        let k = j + 1;
        while (k < line.length && line[k] !== ch) k += line[k] === "\\" ? 2 : 1;
        j = k + 1;
        continue;
      }
      if (ch === "(" || ch === "[" || ch === "{") depth++;
      else if (ch === ")" || ch === "]" || ch === "}") depth = Math.max(0, depth - 1);
      j++;
    }
    if (!inString && /\\$/.test(line)) continued = true;
  }
  return out;
}

function buildEdits(text, count, offset) {
  const candidates = findEditPositions(text);
  if (candidates.length < 10) throw new Error(`only ${candidates.length} edit positions found`);
  const pairs = count / 2;
  const edits = [];
  for (let k = 0; k < pairs; k++) {
    // spread across the file; `offset` shifts warm-up positions away from measured ones
    const idx = Math.floor(((k + offset) * candidates.length) / (pairs + 1)) % candidates.length;
    const p = candidates[idx];
    const pos = { line: p.line, character: p.character };
    edits.push({
      kind: "insert",
      line: p.line + 1,
      word: p.word,
      changes: [{ range: { start: pos, end: pos }, rangeLength: 0, text: "x" }],
    });
    edits.push({
      kind: "delete",
      line: p.line + 1,
      word: p.word,
      changes: [
        { range: { start: pos, end: { line: pos.line, character: pos.character + 1 } }, rangeLength: 1, text: "" },
      ],
    });
  }
  return { edits, candidates: candidates.length };
}

// ---------------------------------------------------------------------------------------------
// keystroke benchmark

async function startServer(side, { ruff, rootUri, uri, text, pull = false }) {
  let client;
  if (side === "ours") {
    // The server pulls section `pyreview` via workspace/configuration (answered {debounceMs: 0});
    // initializationOptions.settings is its fallback for clients that cannot be asked.
    const settings = { pyreview: { debounceMs: 0 } };
    client = startLspClient(process.execPath, [SERVER_JS, "--stdio"], { cwd: repo, settings, trace: TRACE });
    await withTimeout(
      client.initialize(rootUri, { settings: settings.pyreview }, DEFAULT_CAPABILITIES),
      30_000,
      "ours: initialize",
      client,
    );
  } else {
    const caps = structuredClone(DEFAULT_CAPABILITIES);
    if (pull) caps.textDocument.diagnostic = { dynamicRegistration: false, relatedDocumentSupport: false };
    client = startLspClient(ruff, ["server"], { cwd: fileURLToPath(rootUri), trace: TRACE });
    await withTimeout(
      client.initialize(rootUri, { settings: { lint: { select: RULES } } }, caps),
      30_000,
      "ruff: initialize",
      client,
    );
  }
  client.name = pull ? "ruff-pull" : side;
  client.pull = pull;
  client.version = 1;
  const t0 = performance.now();
  client.open(uri, text, "python", 1);
  const first = pull
    ? {
        diagnostics:
          (await withTimeout(client.pullDiagnostics(uri), 60_000, `${client.name}: first pull`, client)).items ?? [],
      }
    : await client.waitForDiagnostics(uri, 1, { timeoutMs: 60_000 });
  client.openMs = performance.now() - t0;
  client.initialDiagnostics = first.diagnostics;
  return client;
}

function withTimeout(promise, ms, what, client) {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, rej) => {
      timer = setTimeout(
        () => rej(new Error(`${what}: no answer within ${ms} ms\n${client?.stderrText?.().slice(-2000) ?? ""}`)),
        ms,
      );
    }),
  ]).finally(() => clearTimeout(timer));
}

async function timedEdit(client, uri, edit) {
  const version = ++client.version;
  const t0 = performance.now();
  client.change(uri, version, edit.changes);
  if (client.pull) {
    const res = await withTimeout(
      client.pullDiagnostics(uri),
      EDIT_TIMEOUT_MS,
      `${client.name}: pull v${version}`,
      client,
    );
    return { ms: performance.now() - t0, count: res.items?.length ?? 0 };
  }
  const d = await client.waitForDiagnostics(uri, version, { timeoutMs: EDIT_TIMEOUT_MS });
  return { ms: d.receivedAt - t0, count: d.diagnostics.length };
}

async function keystrokeBench({ corpus, ruff, haveOurs }) {
  const src = path.join(corpus, TARGET_REL);
  const text = fs.readFileSync(src, "utf8");
  const ws = fs.mkdtempSync(path.join(os.tmpdir(), "pyreview-bench-"));
  const file = path.join(ws, path.basename(src));
  fs.writeFileSync(file, text);
  // Same selection on disk too, so ruff's file-based config discovery agrees with the init options.
  fs.writeFileSync(path.join(ws, "ruff.toml"), `[lint]\nselect = ${JSON.stringify(RULES)}\n`);
  const rootUri = pathToFileURL(ws).href;
  const uri = pathToFileURL(file).href;

  const { edits: warm } = buildEdits(text, WARMUP_EDITS || 2, 0.5);
  const { edits, candidates } = buildEdits(text, EDITS, 1);
  const sides = [{ side: "ruff" }];
  if (haveOurs) sides.unshift({ side: "ours" });
  if (env.BENCH_RUFF_PULL === "1") sides.push({ side: "ruff", pull: true });

  const clients = [];
  const result = {
    file: TARGET_REL,
    lines: text.split("\n").length,
    editPositionsFound: candidates,
    edits: EDITS,
    warmupEdits: WARMUP_EDITS,
    ruffDiagnosticsModel:
      "push (client does not advertise textDocument.diagnostic; ruff then publishes versioned textDocument/publishDiagnostics)",
    sides: {},
  };
  try {
    for (const s of sides) {
      try {
        const c = await startServer(s.side, { ruff, rootUri, uri, text, pull: s.pull });
        clients.push(c);
        console.log(
          `  ${c.name.padEnd(9)} open -> first diagnostics ${fmtMs(c.openMs)} ms, ${c.initialDiagnostics.length} diagnostics ${JSON.stringify(countCodes(c.initialDiagnostics.map((d) => String(d.code))))}`,
        );
      } catch (e) {
        note(`${s.pull ? "ruff-pull" : s.side}: could not start/open: ${e.message.split("\n")[0]}`);
        result.sides[s.pull ? "ruff-pull" : s.side] = { error: e.message };
      }
    }
    const ruffClient = clients.find((c) => c.name === "ruff");
    if (ruffClient && ruffClient.initialDiagnostics.length === 0)
      note("ruff reported no diagnostics for the file: check its configuration");
    if (ruffClient) {
      const foreign = ruffClient.initialDiagnostics
        .map((d) => String(d.code))
        .filter((c) => !RULES.some((r) => c.startsWith(r)));
      if (foreign.length) note(`ruff reported codes outside the selection: ${[...new Set(foreign)].join(", ")}`);
    }

    const samples = new Map(clients.map((c) => [c.name, []]));
    const counts = new Map(clients.map((c) => [c.name, []]));
    const failed = new Set();
    const run = async (list, measure) => {
      for (let i = 0; i < list.length; i++) {
        // interleave per keystroke, alternating who goes first
        const order = i % 2 === 0 ? clients : [...clients].reverse();
        for (const c of order) {
          if (failed.has(c.name)) continue;
          try {
            const r = await timedEdit(c, uri, list[i]);
            if (measure) {
              samples.get(c.name).push(r.ms);
              counts.get(c.name).push(r.count);
            }
          } catch (e) {
            failed.add(c.name);
            note(
              `${c.name}: edit ${i + 1} (${list[i].kind} at line ${list[i].line}, v${c.version}) failed: ${e.message.split("\n")[0]}`,
            );
            result.sides[c.name] = { error: e.message };
          }
          if (GAP_MS) await sleep(GAP_MS);
        }
      }
    };
    await run(warm, false);
    await run(edits, true);

    for (const c of clients) {
      if (failed.has(c.name)) continue;
      const cs = counts.get(c.name);
      result.sides[c.name] = {
        ...summarize(samples.get(c.name)),
        openMs: c.openMs,
        initialDiagnostics: c.initialDiagnostics.length,
        initialCodes: countCodes(c.initialDiagnostics.map((d) => String(d.code))),
        diagnosticsPerEdit: { min: Math.min(...cs), max: Math.max(...cs) },
        samplesMs: samples.get(c.name).map((x) => Math.round(x * 1000) / 1000),
      };
      const last = cs[cs.length - 1];
      if (last !== c.initialDiagnostics.length)
        note(
          `${c.name}: after the last delete the document is back to the original but reports ${last} diagnostics vs ${c.initialDiagnostics.length} at open`,
        );
    }
  } finally {
    for (const c of clients) {
      // surface server-side errors/warnings (LSP MessageType 1 = error, 2 = warning)
      const bad = c.logMessages.filter((m) => m.type <= 2).map((m) => m.message.split("\n")[0]);
      for (const m of [...new Set(bad)].slice(0, 5)) note(`${c.name} server said: ${m}`);
      const ex = c.exited;
      if (ex)
        note(
          `${c.name}: server process exited early (${JSON.stringify(ex)}); stderr tail:\n${c.stderrText().slice(-1500)}`,
        );
      await c.shutdown().catch(() => {});
    }
    fs.rmSync(ws, { recursive: true, force: true });
  }
  const o = result.sides.ours;
  const r = result.sides.ruff;
  result.ratioP50 = o?.p50 / r?.p50;
  result.ratioP95 = o?.p95 / r?.p95;
  return result;
}

/** Runs a script with this process's output, resolving to its exit status. */
function runInherited(cmd, args, extraEnv) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd: repo, env: { ...env, ...extraEnv }, stdio: "inherit" });
    child.on("error", reject);
    child.on("close", (code) => resolve(code ?? 1));
  });
}

// ---------------------------------------------------------------------------------------------

async function main() {
  const corpus = tool(sharedTool("corpus.sh"), env.BENCH_CORPUS);
  const ruff = tool(sharedTool("native-ruff.sh"), env.BENCH_RUFF);
  const ruffVersion = execFileSync(ruff, ["--version"], { encoding: "utf8" }).trim();
  const haveOurs = fs.existsSync(SERVER_JS);
  const haveCli = fs.existsSync(CLI_JS);
  if (!haveOurs)
    note(`missing ${path.relative(repo, SERVER_JS)} (run \`npm run build\`): keystroke benchmark runs ruff only`);
  if (!haveCli) note(`missing ${path.relative(repo, CLI_JS)} (run \`npm run build\`): no command-line benchmark`);

  console.log(`pyreview benchmark — node ${process.version}, ${os.cpus().length} cpus, ${ruffVersion}`);
  console.log(`corpus: ${corpus}`);
  const results = {
    date: new Date().toISOString(),
    node: process.version,
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model,
    ruff: { path: ruff, version: ruffVersion },
    rules: RULES,
    goals: GOALS,
  };

  if (ONLY !== "batch") {
    const external = path.join(here, "keystroke.mjs");
    if (fs.existsSync(external)) {
      // the keystroke scenarios and the server's memory have their own script: run it here
      // our default rule set, then every rule (preview on), each against ruff's nearest rules
      results.keystroke = {};
      for (const mode of ["default", "preview"]) {
        console.log(
          `\nKeystrokes (${mode === "default" ? "default rules" : "every rule, preview on"}): bench/keystroke.mjs`,
        );
        const r = await runInherited(process.execPath, [external], {
          BENCH_CORPUS: corpus,
          BENCH_RUFF: ruff,
          KEY_RULES: mode,
          // the server's memory over 4,000 edits of the 12k-line file: once, with every rule
          KEY_RSS_EDITS: mode === "default" ? "0" : (env.KEY_RSS_EDITS ?? "4000"),
        });
        results.keystroke[mode] = { script: "bench/keystroke.mjs", exitCode: r };
        if (r !== 0) note(`bench/keystroke.mjs (${mode}) exited with ${r}`);
      }
    } else {
      console.log(`\nKeystrokes: ${EDITS} edits (+${WARMUP_EDITS} warm-up), ${TARGET_REL}`);
      console.log(
        "  didChange -> publishDiagnostics(uri, version); ruff: push model, selection via initializationOptions.settings.lint.select (+ same ruff.toml)",
      );
      const k = await keystrokeBench({ corpus, ruff, haveOurs });
      results.keystroke = k;
      const rows = [["server", "n", "p50 ms", "p95 ms", "min", "max", "mean", "diags"]];
      for (const [name, s] of Object.entries(k.sides)) {
        if (s.error) rows.push([name, "ERROR", "", "", "", "", "", ""]);
        else
          rows.push([
            name,
            s.n,
            fmtMs(s.p50),
            fmtMs(s.p95),
            fmtMs(s.min),
            fmtMs(s.max),
            fmtMs(s.mean),
            s.initialDiagnostics,
          ]);
      }
      console.log(table(rows));
      console.log(
        `  ratio ours/ruff: p50 ${fmtRatio(k.ratioP50)}, p95 ${fmtRatio(k.ratioP95)} (goal p95 ≤ ${GOALS.keystrokeP95Ratio})`,
      );
    }
  }

  if (ONLY !== "keystroke" && haveCli) {
    console.log(
      `\nCommand line: neutron/, ${BATCH_RUNS} alternating runs each (+${BATCH_WARMUP} warm-up), median wall`,
    );
    const b = await cliBench({ corpus, ruff, rules: RULES, runs: BATCH_RUNS, warmup: BATCH_WARMUP, note });
    results.batch = b;
    const f = b.floor;
    console.log(
      `  load average before ${b.loadAverageBefore.map((x) => x.toFixed(1)).join(" ")}, after ${b.loadAverageAfter.map((x) => x.toFixed(1)).join(" ")}; ${b.cores} cores`,
    );
    console.log(
      `  parse floor (one thread, ${f.files} files, ${f.lines} lines): ${fmtMs(f.parseMs)} ms (runs ${f.parseRunsMs.join("/")}; reading ${fmtMs(f.readMs)} ms); per core ${fmtMs(f.perCoreMs)} ms`,
    );
    const rows = [["run", "median ms", "runs ms", "findings", "vs ruff"]];
    const row = (label, side, ruffMs) =>
      side?.error
        ? [label, "ERROR", "", "", ""]
        : [
            label,
            fmtMs(side?.medianMs),
            (side?.timesMs ?? []).join("/"),
            side?.findings ?? "",
            ruffMs ? fmtRatio(side?.medianMs / ruffMs) : "",
          ];
    rows.push(row("cold ours (no cache)", b.cold.ours, b.cold.ruff?.medianMs));
    rows.push(row("cold ours, 1 thread", b.cold["ours-1-thread"], b.cold.ruff?.medianMs));
    rows.push(row("cold ruff --no-cache", b.cold.ruff));
    rows.push(row("warm ours (1 file changed)", b.warm.ours, b.warm.ruff?.medianMs));
    rows.push(row("ruff --no-cache (same copy)", b.warm.ruff));
    console.log(table(rows));
    console.log(
      `  cold vs ruff ${fmtRatio(b.coldVsRuff)}; cold vs floor/cores ${fmtRatio(b.coldVsFloorPerCore)} (goal ≤ ${GOALS.coldVsFloorPerCore})`,
    );
    console.log(
      `  analysis overhead (one thread): ${fmtMs(b.analysisOverheadMs)} ms over the floor (check ${fmtRatio(b.singleThreadVsFloor)}× the floor)`,
    );
    console.log(
      `  warm vs ruff cold ${fmtRatio(b.warmVsRuffCold)} (goal ≤ ${GOALS.warmVsRuffCold}); warm findings equal a fresh run's: ${b.warmEqualsFresh}`,
    );
  }

  const k = results.keystroke;
  const b = results.batch;
  results.summary = {
    keystrokeP50Ratio: k?.ratioP50 ?? null,
    keystrokeP95Ratio: k?.ratioP95 ?? null,
    coldVsRuff: b?.coldVsRuff ?? null,
    coldVsFloorPerCore: b?.coldVsFloorPerCore ?? null,
    warmVsRuffCold: b?.warmVsRuffCold ?? null,
    keystrokeGoalMet: Number.isFinite(k?.ratioP95) ? k.ratioP95 <= GOALS.keystrokeP95Ratio : null,
    coldGoalMet: Number.isFinite(b?.coldVsFloorPerCore) ? b.coldVsFloorPerCore <= GOALS.coldVsFloorPerCore : null,
    warmGoalMet: Number.isFinite(b?.warmVsRuffCold) ? b.warmVsRuffCold <= GOALS.warmVsRuffCold : null,
  };
  const verdict = (met) => ({ true: "MET", false: "NOT MET", null: "n/a" })[met];
  console.log("\nSummary");
  if (Number.isFinite(k?.ratioP95))
    console.log(
      `  keystroke p95 ratio ${fmtRatio(k.ratioP95)} (goal ≤ ${GOALS.keystrokeP95Ratio}): ${verdict(results.summary.keystrokeGoalMet)}   p50 ratio ${fmtRatio(k.ratioP50)}`,
    );
  if (b) {
    console.log(
      `  cold check vs floor/cores ${fmtRatio(b.coldVsFloorPerCore)} (goal ≤ ${GOALS.coldVsFloorPerCore}): ${verdict(results.summary.coldGoalMet)}   vs ruff ${fmtRatio(b.coldVsRuff)}`,
    );
    console.log(
      `  warm check vs ruff cold ${fmtRatio(b.warmVsRuffCold)} (goal ≤ ${GOALS.warmVsRuffCold}): ${verdict(results.summary.warmGoalMet)}`,
    );
  }
  if (problems.length) console.log(`  problems: ${problems.length} (see above / results JSON)`);
  results.problems = problems;

  const outDir = path.join(here, "results");
  fs.mkdirSync(outDir, { recursive: true });
  fs.writeFileSync(path.join(outDir, "latest.json"), JSON.stringify(results, null, 2) + "\n");
  console.log(`  wrote ${path.relative(process.cwd(), path.join(outDir, "latest.json"))}`);

  const goalsMissed =
    results.summary.keystrokeGoalMet === false ||
    results.summary.coldGoalMet === false ||
    results.summary.warmGoalMet === false;
  const incomplete = !haveOurs || !haveCli || problems.length > 0;
  process.exitCode = incomplete || (env.BENCH_STRICT === "1" && goalsMissed) ? 1 : 0;
}

main().catch((e) => {
  console.error(e);
  process.exit(2);
});
