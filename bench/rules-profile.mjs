// What each rule costs on one file: the model alone, then the model plus each rule, as minima
// over repeated runs (same tree). usage: node bench/rules-profile.mjs [FILE] [RUNS]
// Default FILE: Neutron's ovs_neutron_agent.py from ../shared/tools/corpus.sh.
import { execFileSync } from "node:child_process";
import { createRequire } from "node:module";
import * as fs from "node:fs";
import * as path from "node:path";
import { sharedTool } from "./shared.mjs";

const require = createRequire(import.meta.url);
const here = path.dirname(new URL(import.meta.url).pathname);
const api = require(path.join(here, "..", "dist", "api.js"));
const parsing = await api.loadPython();
const file =
  process.argv[2] ??
  path.join(
    execFileSync("bash", [sharedTool("corpus.sh")], { encoding: "utf8" }).trim(),
    "neutron/plugins/ml2/drivers/openvswitch/agent/ovs_neutron_agent.py",
  );
const runs = Number(process.argv[3] ?? 15);
const text = fs.readFileSync(file, "utf8");
const tree = parsing.parser.parse(text);

// Each measurement runs the model alone and the model plus the rules back to back, many
// times, and keeps the minimum of each: GC and a noisy machine only ever add time.
function timeOnce(rules, settings) {
  const t = performance.now();
  api.checkTree(parsing, tree, text, { path: "/p/x.py", settings, root: null, rules });
  return performance.now() - t;
}

const settingsAll = api.mergeSettings({});
function extraCost(rules) {
  let alone = Infinity;
  let withRules = Infinity;
  for (let i = 0; i < runs + 3; i++) {
    alone = Math.min(alone, timeOnce([], settingsAll));
    withRules = Math.min(withRules, timeOnce(rules, settingsAll));
  }
  return { alone, withRules };
}

const everything = api.enabledRules(settingsAll, "/p/x.py", null);
const all = extraCost(everything);
console.log(`${path.basename(file)}: ${text.split("\n").length} lines (minimum of ${runs + 3} runs each)`);
console.log(`model only           ${all.alone.toFixed(2)} ms`);
const rows = everything.map((r) => {
  const { alone, withRules } = extraCost([r]);
  return [r.meta.code, withRules - alone];
});
rows.sort((a, b) => b[1] - a[1]);
for (const [code, ms] of rows) console.log(`  + ${code.padEnd(8)} ${ms.toFixed(2).padStart(7)} ms`);
console.log(
  `all rules            ${all.withRules.toFixed(2)} ms (${(all.withRules - all.alone).toFixed(2)} ms above the model)`,
);
tree.delete();
