// The server as an editor drives it: stdio, incremental sync, versioned diagnostics, code
// actions, settings, the review command, stale versions and cancellation.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import rpc from "vscode-jsonrpc/node";
import { applyLspEdits, nextDiagnostics, startServer, uriOf } from "./support/lsp.mjs";

const SOURCE = `"""Module."""
from oslo_log import log as logging

from neutron._i18n import _LE

LOG = logging.getLogger(__name__)


class Throttler(object):
    def defer_call(self):
        yield

    def __call__(self):
        with self.defer_call():
            LOG.error(_LE("failed"))
`;

let dir;
let server;
let client;

before(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "pyreview-lsp-"));
  server = await startServer(dir, { select: ["CTX001", "LOG001"] });
  client = server.client;
});

after(async () => {
  await client.shutdown();
  fs.rmSync(dir, { recursive: true, force: true });
});

function codes(diags) {
  return diags.map((d) => d.code).sort();
}

test("advertises incremental sync, code actions and the review command", () => {
  const caps = server.init.capabilities;
  assert.equal(caps.textDocumentSync.change, 2);
  assert.deepEqual(caps.codeActionProvider.codeActionKinds, [
    "quickfix",
    "source.fixAll.pyreview",
    "source.replaceWildcardImports.pyreview",
  ]);
  assert.ok(caps.executeCommandProvider.commands.includes("pyreview.review"));
});

test("open, incremental edits and versioned diagnostics", async () => {
  const file = path.join(dir, "a.py");
  fs.writeFileSync(file, SOURCE);
  const uri = uriOf(file);
  client.open(uri, SOURCE, "python", 1);
  const v1 = await client.waitForDiagnostics(uri, 1);
  assert.deepEqual(codes(v1.diagnostics), ["CTX001", "LOG001", "LOG001"]);
  const ctx = v1.diagnostics.find((d) => d.code === "CTX001");
  assert.equal(ctx.source, "pyreview");
  assert.match(ctx.codeDescription.href, /README\.md#ctx001-undecorated-context-manager$/);
  assert.equal(ctx.severity, 2);
  assert.deepEqual(ctx.range, { start: { line: 9, character: 8 }, end: { line: 9, character: 18 } });
  assert.equal(ctx.data.code, "CTX001");

  // type a new marker call at the end, then delete it
  const line = SOURCE.split("\n").length - 1;
  const added = '            LOG.error(_LE("x"))\n';
  client.change(uri, 2, [{ range: { start: { line, character: 0 }, end: { line, character: 0 } }, text: added }]);
  const v2 = await client.waitForDiagnostics(uri, 2);
  assert.deepEqual(codes(v2.diagnostics), ["CTX001", "LOG001", "LOG001", "LOG001"]);
  client.change(uri, 3, [
    { range: { start: { line, character: 0 }, end: { line: line + 1, character: 0 } }, text: "" },
  ]);
  const v3 = await client.waitForDiagnostics(uri, 3);
  assert.deepEqual(codes(v3.diagnostics), ["CTX001", "LOG001", "LOG001"]);

  // a quick fix applied through its code action removes its finding
  const actions = await client.request("textDocument/codeAction", {
    textDocument: { uri },
    range: ctx.range,
    context: { diagnostics: [ctx] },
  });
  // (an unsafe fix: offered, and labelled so)
  assert.equal(actions[0].title, "Add @contextlib.contextmanager to `defer_call` (unsafe)");
  assert.equal(actions[0].isPreferred, false, "an unsafe fix is not the preferred action");
  assert.ok(actions.some((a) => a.title === "Suppress CTX001 on this line"));
  const fixed = applyLspEdits(SOURCE, actions[0].edit.changes[uri]);
  assert.match(fixed, /^import contextlib\n/m);
  client.change(uri, 4, [{ text: fixed }]);
  const v4 = await client.waitForDiagnostics(uri, 4);
  assert.deepEqual(codes(v4.diagnostics), ["LOG001", "LOG001"]);

  // "Suppress ... on this line" writes a noqa comment that silences it
  const log = v4.diagnostics[1];
  const suppress = (
    await client.request("textDocument/codeAction", {
      textDocument: { uri },
      range: log.range,
      context: { diagnostics: [log] },
    })
  ).find((a) => a.title === "Suppress LOG001 on this line");
  const suppressed = applyLspEdits(fixed, suppress.edit.changes[uri]);
  assert.match(suppressed, /LOG\.error\(_LE\("failed"\)\) {2}# noqa: LOG001\n/);
  client.change(uri, 5, [{ text: suppressed }]);
  const v5 = await client.waitForDiagnostics(uri, 5);
  assert.deepEqual(codes(v5.diagnostics), ["LOG001"]);

  // fix-all as a source action
  const fixAll = await client.request("textDocument/codeAction", {
    textDocument: { uri },
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    context: { diagnostics: [], only: ["source.fixAll.pyreview"] },
  });
  assert.equal(fixAll.length, 1);
  assert.equal(fixAll[0].kind, "source.fixAll.pyreview");
  const all = applyLspEdits(suppressed, fixAll[0].edit.changes[uri]);
  assert.doesNotMatch(all, /_LE/);
  client.change(uri, 6, [{ text: all }]);
  const v6 = await client.waitForDiagnostics(uri, 6);
  assert.deepEqual(codes(v6.diagnostics), []);

  // closing clears
  const t = performance.now();
  client.close(uri);
  const closed = await nextDiagnostics(client, uri, t);
  assert.deepEqual(closed.diagnostics, []);
});

test("the review command returns markdown and findings", async () => {
  const file = path.join(dir, "review_me.py");
  fs.writeFileSync(file, SOURCE);
  const uri = uriOf(file);
  client.open(uri, SOURCE, "python", 1);
  await client.waitForDiagnostics(uri, 1);
  const result = await client.request("workspace/executeCommand", { command: "pyreview.review", arguments: [uri] });
  assert.match(result.markdown, /^# Review of `review_me\.py`/);
  assert.match(result.markdown, /CTX001 undecorated-context-manager/);
  assert.deepEqual(result.findings.map((f) => f.code).sort(), ["CTX001", "LOG001", "LOG001"]);
  assert.equal(result.findings.find((f) => f.code === "CTX001").line, 10);
  client.close(uri);
});

test("a settings change takes effect without a restart", async () => {
  const file = path.join(dir, "settings_demo.py");
  const uri = uriOf(file);
  client.open(uri, SOURCE, "python", 1);
  assert.deepEqual(codes((await client.waitForDiagnostics(uri, 1)).diagnostics), ["CTX001", "LOG001", "LOG001"]);
  client.setSettings({
    pyreview: {
      debounceMs: 0,
      select: ["CTX001", "LOG001"],
      ignore: ["log-translation"],
      severity: { CTX001: "error" },
    },
  });
  const t = performance.now();
  client.notify("workspace/didChangeConfiguration", { settings: null });
  const after = await nextDiagnostics(client, uri, t);
  assert.deepEqual(codes(after.diagnostics), ["CTX001"]);
  assert.equal(after.diagnostics[0].severity, 1);
  client.setSettings({ pyreview: { debounceMs: 0, select: ["CTX001", "LOG001"] } });
  const t2 = performance.now();
  client.notify("workspace/didChangeConfiguration", { settings: null });
  assert.deepEqual(codes((await nextDiagnostics(client, uri, t2)).diagnostics), ["CTX001", "LOG001", "LOG001"]);
  client.close(uri);
});

test("[tool.pyreview] applies; a bad value is named and the rest still applies", async () => {
  const project = path.join(dir, "proj");
  fs.mkdirSync(project);
  fs.writeFileSync(path.join(project, "pyproject.toml"), '[tool.pyreview]\nignore = ["CTX001"]\nrun = "sometimes"\n');
  const file = path.join(project, "m.py");
  const uri = uriOf(file);
  client.open(uri, SOURCE, "python", 1);
  const d = await client.waitForDiagnostics(uri, 1);
  assert.deepEqual(codes(d.diagnostics), ["LOG001", "LOG001"]);
  const warning = client.logMessages.find((m) => /pyproject\.toml.*`run`.*onType/.test(m.message));
  assert.ok(warning, `expected a message naming the key and file, got ${JSON.stringify(client.logMessages)}`);
  // editing pyproject.toml is picked up when the editor reports the change
  fs.writeFileSync(path.join(project, "pyproject.toml"), '[tool.pyreview]\nignore = ["LOG001"]\n');
  const t = performance.now();
  client.notify("workspace/didChangeWatchedFiles", {
    changes: [{ uri: uriOf(path.join(project, "pyproject.toml")), type: 2 }],
  });
  assert.deepEqual(codes((await nextDiagnostics(client, uri, t)).diagnostics), ["CTX001"]);
  client.close(uri);
});

test("stale versions are dropped: the last version wins", async () => {
  const uri = "untitled:Untitled-1";
  client.open(uri, SOURCE, "python", 1);
  await client.waitForDiagnostics(uri, 1);
  const from = client.diagnosticsLog.length;
  for (let v = 2; v <= 30; v++) {
    client.change(uri, v, [
      { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: v % 2 ? "#" : "" },
    ]);
  }
  const last = await client.waitForDiagnostics(uri, 30);
  assert.equal(last.version, 30);
  const seen = client.diagnosticsLog
    .slice(from)
    .filter((p) => p.uri === uri)
    .map((p) => p.version);
  for (let i = 1; i < seen.length; i++) assert.ok(seen[i] > seen[i - 1], `versions published out of order: ${seen}`);
  client.close(uri);
});

test("a cancelled request is answered at once", async () => {
  const uri = uriOf(path.join(dir, "cancel.py"));
  client.open(uri, SOURCE, "python", 1);
  await client.waitForDiagnostics(uri, 1);
  const source = new rpc.CancellationTokenSource();
  const t = performance.now();
  const pending = client.connection.sendRequest(
    "textDocument/codeAction",
    {
      textDocument: { uri },
      range: { start: { line: 9, character: 8 }, end: { line: 9, character: 8 } },
      context: { diagnostics: [] },
    },
    source.token,
  );
  source.cancel();
  const outcome = await pending.then(
    (r) => ({ result: r }),
    (e) => ({ error: e }),
  );
  assert.ok(performance.now() - t < 2000);
  if (outcome.error) assert.equal(outcome.error.code, -32800); // RequestCancelled
  client.close(uri);
});
