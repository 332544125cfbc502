// The layers of server/src (DESIGN.md): a module imports only from its own layer or below, the
// two front ends (cli, lsp) never import each other, and no file takes part in an import circle.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";

const src = path.join(import.meta.dirname, "..", "src");
/** Bottom to top. Files directly in src/ (server.ts, cli.ts, api.ts) are entry points above all. */
const LAYERS = ["core", "parsing", "config", "analysis", "resolve", "fixes", "rules", "engine", "review", "cli|lsp"];
const rank = new Map(LAYERS.flatMap((l, k) => l.split("|").map((name) => [name, k])));

function sources(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(path.join(dir, e.name)) : e.name.endsWith(".ts") ? [path.join(dir, e.name)] : [],
  );
}

const IMPORT = /^\s*(?:import|export)\b[^;]*?\bfrom\s+"(\.[^"]+)"|^\s*import\s+"(\.[^"]+)"/gm;

function importsOf(file) {
  const out = [];
  for (const m of readFileSync(file, "utf8").matchAll(IMPORT)) {
    let target = path.resolve(path.dirname(file), m[1] ?? m[2]);
    for (const candidate of [`${target}.ts`, path.join(target, "index.ts")]) {
      try {
        readFileSync(candidate);
        target = candidate;
        break;
      } catch {}
    }
    out.push(target);
  }
  return out;
}

const layerOf = (file) => {
  const rel = path.relative(src, file).split(path.sep);
  return rel.length > 1 ? rel[0] : null;
};

const files = sources(src);
const graph = new Map(files.map((f) => [f, importsOf(f)]));

test("every folder of server/src is a known layer", () => {
  for (const f of files) {
    const layer = layerOf(f);
    if (layer !== null) assert.ok(rank.has(layer), `${path.relative(src, f)}: folder ${layer} is not a layer`);
  }
});

test("no module imports from a layer above its own; cli and lsp never import each other", () => {
  const violations = [];
  for (const [file, imports] of graph) {
    const from = layerOf(file);
    if (from === null) continue;
    for (const target of imports) {
      const to = layerOf(target);
      if (to === null) {
        violations.push(`${path.relative(src, file)} imports the entry point ${path.relative(src, target)}`);
      } else if (to !== from && rank.get(to) >= rank.get(from)) {
        violations.push(`${path.relative(src, file)} (${from}) imports ${path.relative(src, target)} (${to})`);
      }
    }
  }
  assert.deepEqual(violations, []);
});

test("no import circle between files", () => {
  // Tarjan's strongly connected components over the file graph
  let index = 0;
  const stack = [];
  const state = new Map();
  const circles = [];
  const visit = (v) => {
    const s = { index, low: index, onStack: true };
    index++;
    state.set(v, s);
    stack.push(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      const t = state.get(w);
      if (!t) {
        visit(w);
        s.low = Math.min(s.low, state.get(w).low);
      } else if (t.onStack) s.low = Math.min(s.low, t.index);
    }
    if (s.low === s.index) {
      const component = [];
      let w;
      do {
        w = stack.pop();
        state.get(w).onStack = false;
        component.push(path.relative(src, w));
      } while (w !== v);
      if (component.length > 1) circles.push(component.sort().join(" ↔ "));
    }
  };
  for (const f of graph.keys()) if (!state.has(f)) visit(f);
  assert.deepEqual(circles, []);
});

test("the boundary check sees a violation when there is one", () => {
  // (guards the check itself: a lower layer importing a higher one must be caught)
  const fake = path.join(src, "core", "fake.ts");
  const from = layerOf(fake);
  const to = layerOf(path.join(src, "rules", "index.ts"));
  assert.ok(rank.get(to) > rank.get(from));
  assert.ok(importsOf(path.join(src, "engine", "check.ts")).some((t) => layerOf(t) === "rules"));
});
