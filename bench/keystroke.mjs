#!/usr/bin/env node
// Keystroke latency through the real servers over stdio, ours (dist/server.js, debounce 0) and
// native `ruff server` in the same run, edits interleaved: from didChange sent to the diagnostics
// of that version received. Two scenarios (issue 13):
//   hash:      `#` typed and deleted at the end of lines inside methods of Neutron's ovs_neutron_agent.py
//   statement: a statement typed into a method of Nova's libvirt/driver.py one character at a time, then deleted
// and, with KEY_RSS_EDITS, our server's resident memory over that many statement keystrokes.
// Usage: node bench/keystroke.mjs            (needs a build; ruff from ../shared/tools/native-ruff.sh)
// Environment: KEY_SERVER=path/to/server.js (another build, e.g. the one before a change),
//   KEY_BEFORE=path/to/server.js (another build measured alongside, as "before"),
//   KEY_RUFF=path/to/ruff (else ../shared/tools/native-ruff.sh), KEY_NO_RUFF=1,
//   KEY_HASH_PAIRS=50, KEY_STATEMENTS=2, KEY_RSS_EDITS=0, KEY_ONLY=hash|statement,
//   KEY_RULES=default|preview: our default rule set against ruff's nearest rules for it, or every
//   rule (preview on) against ruff's nearest rules for all of ours (the default)
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { DEFAULT_CAPABILITIES, startLspClient } from "./lsp-client.mjs";
import { createRequire } from "node:module";
import { REPO, sharedTool } from "./shared.mjs";

const api = createRequire(import.meta.url)(path.join(REPO, "dist/api.js"));
const parsing = await api.loadPython();

const env = process.env;
const SERVER_JS = path.resolve(env.KEY_SERVER ?? path.join(REPO, "dist/server.js"));
/** Another build of ours measured in the same run (the one before a change), as side "before". */
const BEFORE_JS = env.KEY_BEFORE ? path.resolve(env.KEY_BEFORE) : null;
const CORPUS = "/root/.cache/pyreview-corpus/root/usr/lib/python3/dist-packages";
const HASH_FILE = "neutron/plugins/ml2/drivers/openvswitch/agent/ovs_neutron_agent.py";
const STATEMENT_FILE = "nova/virt/libvirt/driver.py";
const HASH_PAIRS = Number(env.KEY_HASH_PAIRS ?? 50);
const STATEMENTS = Number(env.KEY_STATEMENTS ?? 2);
const RSS_EDITS = Number(env.KEY_RSS_EDITS ?? 0);
/** Which of our rules run: the default set, or every rule (preview on). */
const MODE = env.KEY_RULES === "default" ? "default" : "preview";
/**
 * ruff's rules nearest to ours: to every rule (preview), or to the default set (CTX001: none;
 * LOG002: LOG, flake8-logging; LOG003: G; SEC010: S113; SUP001: RUF100).
 */
const RULES =
  MODE === "preview"
    ? ["F403", "F405", "PLR2004", "LOG", "G", "S", "D100", "D103", "T201"]
    : ["LOG", "G", "S113", "RUF100"];
const TYPED = "x = self._host.get_connection()";

function ruffPath() {
  if (env.KEY_NO_RUFF === "1") return null;
  if (env.KEY_RUFF) return env.KEY_RUFF;
  const script = sharedTool("native-ruff.sh");
  if (!fs.existsSync(script)) return null;
  try {
    return execFileSync("bash", [script], { encoding: "utf8" }).trim().split("\n").pop();
  } catch {
    return null;
  }
}

const quantile = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
};
const fmt = (x) => (x === undefined ? "-" : x.toFixed(1));

async function start(side, ruff, rootUri, uri, text) {
  let client;
  if (side !== "ruff") {
    const settings = { pyreview: { debounceMs: 0, preview: MODE === "preview" } };
    const server = side === "ours" ? SERVER_JS : BEFORE_JS;
    client = startLspClient(process.execPath, [server, "--stdio"], { cwd: REPO, settings });
    await client.initialize(rootUri, { settings: settings.pyreview }, DEFAULT_CAPABILITIES);
  } else {
    client = startLspClient(ruff, ["server"], { cwd: fileURLToPath(rootUri) });
    await client.initialize(rootUri, { settings: { lint: { select: RULES } } }, DEFAULT_CAPABILITIES);
  }
  client.name = side;
  client.version = 1;
  client.open(uri, text, "python", 1);
  await client.waitForDiagnostics(uri, 1, { timeoutMs: 120_000 });
  return client;
}

async function timed(client, uri, change) {
  const version = ++client.version;
  const t0 = performance.now();
  client.change(uri, version, [change]);
  const d = await client.waitForDiagnostics(uri, version, { timeoutMs: 60_000 });
  return d.receivedAt - t0;
}

function rssMB(client) {
  try {
    const status = fs.readFileSync(`/proc/${client.child.pid}/status`, "utf8");
    return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
  } catch {
    return Number.NaN;
  }
}

/** Lines inside methods (8 spaces of indentation, code, no continuation or open string): where `#` is typed. */
function hashEdits(text, pairs) {
  const lines = text.split("\n");
  const candidates = [];
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i];
    if (/^ {8}[a-z_]\w*(?:\.\w+)*(?: = |\()/.test(l) && !/[\\,([{'"#]\s*$/.test(l) && !l.includes('"""'))
      candidates.push({ line: i, character: l.length });
  }
  const edits = [];
  for (let k = 0; k < pairs; k++) {
    const p = candidates[Math.floor(((k + 0.5) * candidates.length) / pairs)];
    edits.push({ range: { start: p, end: p }, text: "#" });
    edits.push({ range: { start: p, end: { line: p.line, character: p.character + 1 } }, text: "" });
  }
  return edits;
}

/** Is line `ln` (8 spaces in) the start of a statement of a method's body, followed by another? */
function startsMethodStatement(root, lines, ln) {
  if (!/^ {8}\S/.test(lines[ln]) || !/^ {8}\S/.test(lines[ln + 1])) return false;
  let node = root.descendantForPosition({ row: ln, column: 8 });
  while (node && node.startPosition.row === ln && node.startPosition.column === 8 && node.parent?.type !== "block")
    node = node.parent;
  const block = node?.parent;
  return (
    node?.startPosition.row === ln &&
    node.startPosition.column === 8 &&
    block?.type === "block" &&
    block.parent?.type === "function_definition"
  );
}

/**
 * A statement typed at the start of a line of a method's body (not into a signature spread over
 * lines), a character at a time, then deleted backwards.
 */
function statementEdits(text, count) {
  const lines = text.split("\n");
  const tree = parsing.parser.parse(text);
  const edits = [];
  for (let k = 0; k < count; k++) {
    let ln = Math.floor(((k + 1) * lines.length) / (count + 1));
    while (!startsMethodStatement(tree.rootNode, lines, ln)) ln++;
    const typed = `${TYPED}\n        `;
    for (let i = 0; i < typed.length; i++) {
      const at = {
        line: ln + (i > TYPED.length ? 1 : 0),
        character: i > TYPED.length ? 8 + i - TYPED.length - 1 : 8 + i,
      };
      edits.push({ range: { start: at, end: at }, text: typed[i] });
    }
    for (let i = typed.length - 1; i >= 0; i--) {
      const at = {
        line: ln + (i > TYPED.length ? 1 : 0),
        character: i > TYPED.length ? 8 + i - TYPED.length - 1 : 8 + i,
      };
      const end = i === TYPED.length ? { line: ln + 1, character: 0 } : { line: at.line, character: at.character + 1 };
      edits.push({ range: { start: at, end }, text: "" });
    }
  }
  tree.delete();
  return edits;
}

async function scenario(name, rel, makeEdits, ruff, warmupOf) {
  const src = path.join(CORPUS, rel);
  const text = fs.readFileSync(src, "utf8");
  const ws = fs.mkdtempSync(path.join(os.tmpdir(), "pyreview-keystroke-"));
  const file = path.join(ws, path.basename(src));
  fs.writeFileSync(file, text);
  fs.writeFileSync(path.join(ws, "ruff.toml"), `[lint]\nselect = ${JSON.stringify(RULES)}\n`);
  const rootUri = pathToFileURL(ws).href;
  const uri = pathToFileURL(file).href;
  const edits = makeEdits(text);
  const warmup = warmupOf(edits);
  const clients = [await start("ours", ruff, rootUri, uri, text)];
  if (BEFORE_JS) clients.push(await start("before", ruff, rootUri, uri, text));
  if (ruff) clients.push(await start("ruff", ruff, rootUri, uri, text));
  const samples = new Map(clients.map((c) => [c.name, []]));
  try {
    // the first edits (a scenario's first round, which leaves the text as it was) warm up the JIT
    // and the caches of a document just opened on both sides; then every edit is measured
    for (let i = 0; i < warmup; i++) for (const c of clients) await timed(c, uri, edits[i]);
    for (let i = 0; i < edits.length; i++) {
      const order = i % 2 ? [...clients].reverse() : clients;
      for (const c of order) samples.get(c.name).push(await timed(c, uri, edits[i]));
    }
    const line = [`${name}: ${path.basename(rel)} (${text.split("\n").length} lines), ${edits.length} edits`];
    const stats = {};
    for (const [side, xs] of samples) {
      stats[side] = { p50: quantile(xs, 0.5), p95: quantile(xs, 0.95) };
      line.push(`  ${side.padEnd(6)} p50 ${fmt(stats[side].p50)} ms  p95 ${fmt(stats[side].p95)} ms`);
    }
    if (stats.before)
      line.push(
        `  ratio ours/before: p50 ${(stats.ours.p50 / stats.before.p50).toFixed(2)}, p95 ${(stats.ours.p95 / stats.before.p95).toFixed(2)}`,
      );
    if (stats.ruff)
      line.push(
        `  ratio ours/ruff: p50 ${(stats.ours.p50 / stats.ruff.p50).toFixed(2)}, p95 ${(stats.ours.p95 / stats.ruff.p95).toFixed(2)}`,
      );
    console.log(line.join("\n"));
    if (name === "statement" && RSS_EDITS > 0) {
      const ours = clients[0];
      const rss = [rssMB(ours)];
      for (let n = 0; n < RSS_EDITS; ) {
        for (const e of edits) {
          await timed(ours, uri, e);
          if (++n % 500 === 0) rss.push(rssMB(ours));
          if (n >= RSS_EDITS) break;
        }
      }
      console.log(`  ours RSS over ${RSS_EDITS} edits, every 500 (MB): ${rss.map((x) => x.toFixed(0)).join(" ")}`);
    }
  } finally {
    for (const c of clients) await c.shutdown().catch(() => {});
    fs.rmSync(ws, { recursive: true, force: true });
  }
}

const ruff = ruffPath();
console.log(`keystroke: ours ${path.relative(process.cwd(), SERVER_JS)}, ruff ${ruff ?? "(not found)"}`);
console.log(
  `rules: ${MODE === "default" ? "ours: the default set" : "ours: every rule (preview on)"}; ruff: ${RULES.join(",")}`,
);
// warm-up: ten `#` pairs; the first statement typed and deleted (each leaves the text as it was)
if (env.KEY_ONLY !== "statement")
  await scenario(
    "hash",
    HASH_FILE,
    (t) => hashEdits(t, HASH_PAIRS),
    ruff,
    (edits) => Math.min(20, edits.length),
  );
if (env.KEY_ONLY !== "hash")
  await scenario(
    "statement",
    STATEMENT_FILE,
    (t) => statementEdits(t, STATEMENTS),
    ruff,
    (edits) => edits.length / STATEMENTS,
  );
