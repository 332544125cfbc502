// The test and benchmark LSP client (bench/lsp-client.mjs): a server that dies does not leave the
// tests waiting for answers that will never come.
import { test } from "node:test";
import assert from "node:assert/strict";
import { startLspClient } from "../../bench/lsp-client.mjs";

// a "server" that reads the first message and exits with status 3 without answering
const DIES = ["-e", "process.stdin.once('data', () => process.exit(3))"];

test("a request in flight is rejected when the server exits, with its exit status", { timeout: 10_000 }, async () => {
  const client = startLspClient(process.execPath, DIES);
  const outcome = await client.request("initialize", { processId: null, rootUri: null, capabilities: {} }).then(
    () => null,
    (e) => e,
  );
  assert.match(
    outcome?.message ?? "",
    /^server exited \(code 3, signal null\) while waiting for the answer to initialize/,
  );
  const later = await client.request("shutdown").then(
    () => null,
    (e) => e,
  );
  assert.match(later?.message ?? "", /server already exited .*cannot send shutdown/);
  await client.shutdown();
});
