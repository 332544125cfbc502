// Preview rules (not yet ≥ 90% true on unseen code) run only when asked for: the `preview` setting
// (--preview, [tool.pyreview] preview, pyreview.preview) or a selector naming the rule by code or
// name; a prefix or ALL picks them only with preview on. extend-select adds to the default set.
import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { runCli } from "./support/cli.mjs";
import { nextDiagnostics, startServer, uriOf } from "./support/lsp.mjs";

// CTX001 (stable) and EXC001 (preview) on one file
const SOURCE = `"""Helpers."""
import sys


def locked():
    """Hold the lock."""
    yield


def use():
    """Use the lock."""
    with locked():
        pass


def stop():
    """End the program."""
    sys.exit(3)
`;

function project(pyproject) {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), "pyreview-preview-"));
  fs.writeFileSync(path.join(d, "helpers.py"), SOURCE);
  if (pyproject !== undefined) fs.writeFileSync(path.join(d, "pyproject.toml"), `[tool.pyreview]\n${pyproject}\n`);
  return d;
}

function codesOf(d, ...args) {
  const r = runCli(["check", "--format", "json", ...args, "."], { cwd: d });
  assert.ok(r.status === 0 || r.status === 1, r.stderr);
  return [...new Set(JSON.parse(r.stdout).map((f) => f.code))].sort();
}

test("by default only the stable rules run; --preview and [tool.pyreview] preview add the preview ones", () => {
  const d = project();
  assert.deepEqual(codesOf(d), ["CTX001"]);
  assert.deepEqual(codesOf(d, "--preview"), ["CTX001", "EXC001"]);
  fs.writeFileSync(path.join(d, "pyproject.toml"), "[tool.pyreview]\npreview = true\n");
  assert.deepEqual(codesOf(d), ["CTX001", "EXC001"]);
  assert.deepEqual(codesOf(d, "--no-preview"), ["CTX001"]);
});

test("a code or name picks a preview rule; a prefix or ALL picks it only with preview on", () => {
  const d = project();
  assert.deepEqual(codesOf(d, "--select", "EXC001"), ["EXC001"]);
  assert.deepEqual(codesOf(d, "--select", "library-system-exit,CTX"), ["CTX001", "EXC001"]);
  assert.deepEqual(codesOf(d, "--select", "EXC"), []);
  assert.deepEqual(codesOf(d, "--select", "ALL"), ["CTX001"]);
  assert.deepEqual(codesOf(d, "--select", "ALL", "--preview"), ["CTX001", "EXC001"]);
  assert.deepEqual(codesOf(d, "--select", "EXC", "--preview"), ["EXC001"]);
  assert.deepEqual(codesOf(d, "--preview", "--ignore", "EXC"), ["CTX001"]);
});

test("extend-select adds to the default set (the project's and --extend-select); a select starts over", () => {
  const d = project('extend-select = ["EXC001"]');
  assert.deepEqual(codesOf(d), ["CTX001", "EXC001"]);
  assert.deepEqual(codesOf(d, "--select", "CTX001"), ["CTX001"]);
  const e = project();
  assert.deepEqual(codesOf(e, "--extend-select", "EXC001"), ["CTX001", "EXC001"]);
  const f = project('select = ["CTX001"]');
  assert.deepEqual(codesOf(f, "--extend-select", "EXC001"), ["CTX001", "EXC001"]);
});

test("`pyreview rules` and `pyreview rule` say which rules are preview; the review says they did not run", () => {
  const rules = runCli(["rules"]).stdout.split("\n");
  assert.match(
    rules.find((l) => l.startsWith("EXC001")),
    / preview /,
  );
  assert.doesNotMatch(
    rules.find((l) => l.startsWith("CTX001")),
    / preview /,
  );
  const json = JSON.parse(runCli(["rules", "--format", "json"]).stdout);
  assert.equal(json.find((r) => r.code === "EXC001").preview, true);
  assert.equal(json.find((r) => r.code === "CTX001").preview, false);
  assert.match(runCli(["rule", "EXC001"]).stdout, /preview rule/);
  const d = project();
  const review = runCli(["review", "helpers.py"], { cwd: d }).stdout;
  assert.match(review, /Not run: the preview rules \([^)]*EXC001/);
  assert.doesNotMatch(runCli(["review", "--preview", "helpers.py"], { cwd: d }).stdout, /Not run: the preview rules/);
});

test("the editor: pyreview.preview turns the preview rules on and off without a restart", async () => {
  const d = project();
  const server = await startServer(d, {});
  const { client } = server;
  try {
    const uri = uriOf(path.join(d, "helpers.py"));
    client.open(uri, SOURCE, "python", 1);
    const codes = (diagnostics) => [...new Set(diagnostics.map((x) => x.code))].sort();
    assert.deepEqual(codes((await client.waitForDiagnostics(uri, 1)).diagnostics), ["CTX001"]);
    client.setSettings({ pyreview: { debounceMs: 0, preview: true } });
    const t = performance.now();
    client.notify("workspace/didChangeConfiguration", { settings: null });
    assert.deepEqual(codes((await nextDiagnostics(client, uri, t)).diagnostics), ["CTX001", "EXC001"]);
    client.setSettings({ pyreview: { debounceMs: 0, preview: false } });
    const t2 = performance.now();
    client.notify("workspace/didChangeConfiguration", { settings: null });
    assert.deepEqual(codes((await nextDiagnostics(client, uri, t2)).diagnostics), ["CTX001"]);
  } finally {
    await client.shutdown();
  }
});
