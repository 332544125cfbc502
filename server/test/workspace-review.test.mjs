// "Review Workspace" over LSP: progress on the client's token counts files, diagnostics reach
// the Problems panel, the summary comes back, and cancelling stops the walk.
import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import rpc from "vscode-jsonrpc/node";
import { startServer, uriOf } from "./support/lsp.mjs";

const CTX = "def locked():\n    yield\n\n\ndef use():\n    with locked():\n        pass\n";

function workspace(n) {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), "pyreview-ws-"));
  for (let i = 0; i < n; i++)
    fs.writeFileSync(path.join(d, `m${String(i).padStart(3, "0")}.py`), i % 3 ? "X = 1\n" : CTX);
  fs.mkdirSync(path.join(d, "skipme"));
  fs.writeFileSync(path.join(d, "skipme", "s.py"), CTX);
  fs.writeFileSync(path.join(d, "pyproject.toml"), '[tool.pyreview]\nexclude = ["skipme"]\n');
  return d;
}

function progressOf(client, token) {
  const events = [];
  client.connection.onProgress(rpc.WorkDoneProgress?.type ?? new rpc.ProgressType(), token, (v) => events.push(v));
  return events;
}

test("progress counts files, findings are published, the summary returns", async () => {
  const d = workspace(30);
  const { client } = await startServer(d, { select: ["CTX001"] });
  try {
    const token = "ws-1";
    const events = progressOf(client, token);
    const result = await client.request("workspace/executeCommand", {
      command: "pyreview.server.reviewWorkspace",
      arguments: [],
      workDoneToken: token,
    });
    assert.equal(result.files, 30);
    assert.equal(result.reviewed, 30);
    assert.equal(result.findings, 10);
    assert.equal(result.cancelled, false);
    assert.match(result.markdown, /^# Workspace review/);
    assert.match(result.markdown, /\| CTX001 undecorated-context-manager \| 10 \|/);
    assert.equal(events[0].kind, "begin");
    assert.equal(events[0].cancellable, true);
    assert.ok(events.some((e) => e.kind === "report" && e.message === "30 of 30 files"));
    assert.equal(events[events.length - 1].kind, "end");
    const published = client.lastDiagnostics.get(uriOf(path.join(d, "m000.py")));
    assert.deepEqual(
      published.diagnostics.map((x) => x.code),
      ["CTX001"],
    );
    assert.equal(client.lastDiagnostics.get(uriOf(path.join(d, "skipme", "s.py"))), undefined);
  } finally {
    await client.shutdown();
  }
});

test("cancelling the request stops the walk", async () => {
  const d = workspace(400);
  const { client } = await startServer(d, { select: ["CTX001"] });
  try {
    const token = "ws-2";
    const events = progressOf(client, token);
    const source = new rpc.CancellationTokenSource();
    const pending = client.connection.sendRequest(
      "workspace/executeCommand",
      { command: "pyreview.server.reviewWorkspace", arguments: [], workDoneToken: token },
      source.token,
    );
    while (!events.some((e) => e.kind === "report")) await new Promise((r) => setTimeout(r, 2));
    source.cancel();
    const outcome = await pending.then(
      (r) => ({ result: r }),
      (e) => ({ error: e }),
    );
    if (outcome.result) {
      assert.equal(outcome.result.cancelled, true);
      assert.ok(outcome.result.reviewed < 400);
    } else {
      assert.equal(outcome.error.code, -32800);
    }
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(events[events.length - 1].kind, "end");
    const reports = events.filter((e) => e.kind === "report");
    assert.ok(reports.length < 40, `walk went on after cancel: ${reports.length} reports`);
  } finally {
    await client.shutdown();
  }
});
