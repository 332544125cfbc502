// What each rule costs on one file: the model alone, then the model plus each rule, as medians
// over repeated runs (same tree). usage: node bench/rules-profile.mjs [FILE] [RUNS]
// Default FILE: Neutron's ovs_neutron_agent.py from ../shared/tools/corpus.sh.
import { execFileSync } from "node:child_process";
import { createRequire } from "node:module";
import * as fs from "node:fs";
import * as path from "node:path";

const require = createRequire(import.meta.url);
const here = path.dirname(new URL(import.meta.url).pathname);
const api = require(path.join(here, "..", "dist", "api.js"));
const parsing = await api.loadPython();
const file =
  process.argv[2] ??
  path.join(execFileSync("bash", [path.join(here, "..", "..", "shared", "tools", "corpus.sh")], { encoding: "utf8" }).trim(), "neutron/plugins/ml2/drivers/openvswitch/agent/ovs_neutron_agent.py");
const runs = Number(process.argv[3] ?? 15);
const text = fs.readFileSync(file, "utf8");
const tree = parsing.parser.parse(text);

function median(select) {
  const settings = api.mergeSettings({ select });
  const rules = api.enabledRules(settings, "/p/x.py", null);
  const times = [];
  for (let i = 0; i < runs + 3; i++) {
    const t = performance.now();
    api.checkTree(parsing, tree, text, { path: "/p/x.py", settings, root: null, rules });
    if (i >= 3) times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return times[times.length >> 1];
}

const base = median(null); // every rule
const none = (() => {
  const settings = api.mergeSettings({});
  const times = [];
  for (let i = 0; i < runs + 3; i++) {
    const t = performance.now();
    api.checkTree(parsing, tree, text, { path: "/p/x.py", settings, root: null, rules: [] });
    if (i >= 3) times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return times[times.length >> 1];
})();
console.log(`${path.basename(file)}: ${text.split("\n").length} lines`);
console.log(`model only           ${none.toFixed(2)} ms`);
const rows = api.ALL_RULES.map((r) => [r.meta.code, median([r.meta.code]) - none]);
rows.sort((a, b) => b[1] - a[1]);
for (const [code, ms] of rows) console.log(`  + ${code.padEnd(8)} ${ms.toFixed(2).padStart(7)} ms`);
console.log(`all rules            ${base.toFixed(2)} ms`);
tree.delete();
