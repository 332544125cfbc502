// The layers of server/src (DESIGN.md): a module imports only from its own layer or below, the
// two front ends (cli, lsp) never import each other, and no file takes part in an import circle.
// Node is one platform among two: only node/, cli/ and the Node entry points import Node modules;
// what the browser build bundles (browserServer.ts, client/src/browserExtension.ts and all they
// import) uses neither Node modules nor Node's globals, and the built bundles hold none.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { builtinModules } from "node:module";
import * as path from "node:path";

const src = path.join(import.meta.dirname, "..", "src");
const repo = path.join(src, "..", "..");
/** Bottom to top. Files directly in src/ (server.ts, cli.ts, api.ts, browserServer.ts) are entry points above all. */
const LAYERS = [
  "core",
  "parsing",
  "config",
  "analysis",
  "resolve",
  "fixes",
  "rules",
  "engine",
  "review",
  "node|browser",
  "cli|lsp",
];
const rank = new Map(LAYERS.flatMap((l, k) => l.split("|").map((name) => [name, k])));

function sources(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(path.join(dir, e.name)) : e.name.endsWith(".ts") ? [path.join(dir, e.name)] : [],
  );
}

const IMPORT = /^\s*(?:import|export)\b[^;]*?\bfrom\s+"(\.[^"]+)"|^\s*import\s+"(\.[^"]+)"/gm;
/** Every module specifier, relative or not (type-only imports too: they name what a module leans on). */
const SPECIFIER =
  /^\s*(?:import|export)\b[^;]*?\bfrom\s+"([^"]+)"|^\s*import\s+"([^"]+)"|\brequire\(\s*"([^"]+)"\s*\)/gm;
const NODE_MODULES = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));

/** The Node modules a source text imports. */
function nodeImports(text) {
  return [...text.matchAll(SPECIFIER)].map((m) => m[1] ?? m[2] ?? m[3]).filter((s) => NODE_MODULES.has(s));
}

/** Node's globals used in a source text (comments and strings left out); `globalThis.x ?? ...` is a fallback, not a use. */
function nodeGlobals(text) {
  const code = text
    .replace(/\/\*[\s\S]*?\*\//g, "")
    .replace(/\/\/.*$/gm, "")
    .replace(/"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|`(?:[^`\\]|\\.)*`/g, '""')
    // regular expression literals (after an operator, a bracket or `return`) may spell "process"
    .replace(/(?<=(?:[=(,:!&|?{};[]|\breturn)\s*)\/(?![*/])(?:\\.|\[(?:\\.|[^\]\n])*\]|[^/\\\n])+\/[a-z]*/g, "/re/");
  return [...code.matchAll(/(?<![\w.$])(process|Buffer|__dirname|__filename|require|setImmediate|NodeJS)\b/g)].map(
    (m) => m[1],
  );
}

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

/** The files `entry` reaches through relative imports (client and server sources alike). */
function reachable(entry) {
  const seen = new Set();
  const visit = (f) => {
    if (seen.has(f)) return;
    seen.add(f);
    for (const t of importsOf(f)) if (t.endsWith(".ts") && existsSync(t)) visit(t);
  };
  visit(entry);
  return [...seen];
}

const rel = (f) => path.relative(repo, f);
const BROWSER_ENTRIES = [path.join(src, "browserServer.ts"), path.join(repo, "client/src/browserExtension.ts")];

test("only node/, cli/ and the Node entry points import Node modules", () => {
  const NODE_ONLY = new Set(["node", "cli"]);
  const NODE_ENTRIES = new Set(["server.ts", "cli.ts", "cliLauncher.ts", "api.ts"]);
  const violations = files.flatMap((f) => {
    const layer = layerOf(f);
    if (layer === null ? NODE_ENTRIES.has(path.basename(f)) : NODE_ONLY.has(layer)) return [];
    return nodeImports(readFileSync(f, "utf8")).map((m) => `${rel(f)} imports ${m}`);
  });
  assert.deepEqual(violations, []);
});

test("the LSP server is shared by both platforms: lsp/ imports neither node/ nor browser/; browser/ nothing of cli/", () => {
  const violations = [];
  for (const [file, imports] of graph) {
    const from = layerOf(file);
    for (const target of imports) {
      const to = layerOf(target);
      if ((from === "lsp" && (to === "node" || to === "browser")) || (from === "browser" && to === "cli"))
        violations.push(`${rel(file)} imports ${rel(target)}`);
    }
  }
  assert.deepEqual(violations, []);
});

test("what the browser build bundles uses no Node module and no Node global", () => {
  const bundled = BROWSER_ENTRIES.flatMap(reachable);
  // the core of the engine is among it: the check covers what matters
  for (const layer of ["core", "parsing", "analysis", "rules", "fixes", "review", "engine", "resolve", "lsp"])
    assert.ok(
      bundled.some((f) => layerOf(f) === layer),
      `the browser build bundles nothing of ${layer}/`,
    );
  const violations = bundled.flatMap((f) => {
    const text = readFileSync(f, "utf8");
    return [...nodeImports(text).map((m) => `imports ${m}`), ...nodeGlobals(text).map((g) => `uses ${g}`)].map(
      (v) => `${rel(f)} ${v}`,
    );
  });
  assert.deepEqual([...new Set(violations)], []);
});

test("the browser bundles hold no require() of a Node module and no dynamic import()", (t) => {
  const bundles = ["dist/browser/server.js", "dist/browser/extension.js"].map((b) => path.join(repo, b));
  if (!bundles.every(existsSync)) return t.skip("not built (npm test builds first)");
  for (const bundle of bundles) {
    const code = readFileSync(bundle, "utf8");
    const required = [...code.matchAll(/\brequire\(\s*["'`]([^"'`]+)["'`]\s*\)/g)].map((m) => m[1]);
    assert.deepEqual(
      [...new Set(required)].filter((m) => m !== "vscode"),
      [],
      `${rel(bundle)} requires`,
    );
    assert.doesNotMatch(code, /\bimport\(\s*["'`]/, `${rel(bundle)} imports a module at run time`);
  }
});

test("the platform checks see a violation when there is one", () => {
  assert.deepEqual(
    nodeImports(
      'import * as fs from "node:fs";\nimport type { Stats } from "fs";\nconst cp = require("child_process");',
    ),
    ["node:fs", "fs", "child_process"],
  );
  assert.deepEqual(nodeImports('import { URI } from "vscode-uri";\nimport { path } from "../core/host";'), []);
  assert.deepEqual(nodeGlobals("const d = __dirname; process.env.X; Buffer.from(x); setImmediate(f);"), [
    "__dirname",
    "process",
    "Buffer",
    "setImmediate",
  ]);
  assert.deepEqual(nodeGlobals('// process.env\nconst s = "Buffer"; globalThis.setImmediate ?? setTimeout;'), []);
  // node/host.ts is reached from the Node entry points, not from the browser's
  assert.ok(reachable(path.join(src, "server.ts")).some((f) => layerOf(f) === "node"));
  assert.ok(!BROWSER_ENTRIES.flatMap(reachable).some((f) => layerOf(f) === "node"));
});
