// IMP001 in the editor: the quick fix and the source action applied through code actions make the
// finding disappear; the export index follows an open module's unsaved text and watched-file changes.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { applyLspEdits, nextDiagnostics, startServer, uriOf } from "./support/lsp.mjs";

let dir;
let client;

before(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "pyreview-imp001-lsp-"));
  fs.writeFileSync(
    path.join(dir, "shapes.py"),
    "__all__ = ['Circle', 'Square', 'area']\n\nclass Circle: pass\nclass Square: pass\ndef area(s): pass\n",
  );
  fs.writeFileSync(path.join(dir, "colours.py"), "RED = 1\nGREEN = 2\n");
  ({ client } = await startServer(dir, { select: ["IMP001"] }));
});

after(async () => {
  await client.shutdown();
  fs.rmSync(dir, { recursive: true, force: true });
});

const imp = (diags) => diags.filter((d) => d.code === "IMP001");

/** Writes a new file and tells the server, as the editor's file watcher would. */
function create(file, text) {
  fs.writeFileSync(file, text);
  client.notify("workspace/didChangeWatchedFiles", { changes: [{ uri: uriOf(file), type: 1 }] });
}

test("the quick fix replaces the star import and the finding disappears", async () => {
  const file = path.join(dir, "user.py");
  const text = "from shapes import *  # geometry\n\n__all__ = []\nprint(Circle(), area(None))\n";
  fs.writeFileSync(file, text);
  const uri = uriOf(file);
  client.open(uri, text);
  const v1 = await client.waitForDiagnostics(uri, 1);
  assert.equal(imp(v1.diagnostics).length, 1);
  const d = imp(v1.diagnostics)[0];
  assert.match(d.message, /uses 2 of its names: Circle, area\./);
  const actions = await client.request("textDocument/codeAction", {
    textDocument: { uri },
    range: d.range,
    context: { diagnostics: [d] },
  });
  const fix = actions.find((a) => a.kind === "quickfix" && a.isPreferred);
  assert.equal(fix.title, "Replace with `from shapes import Circle, area`");
  const fixed = applyLspEdits(text, fix.edit.changes[uri]);
  assert.equal(fixed, "from shapes import Circle, area  # geometry\n\n__all__ = []\nprint(Circle(), area(None))\n");
  client.change(uri, 2, [{ text: fixed }]);
  const v2 = await client.waitForDiagnostics(uri, 2);
  assert.deepEqual(imp(v2.diagnostics), []);
  client.close(uri);
});

test("the source action replaces every star import in the file", async () => {
  const file = path.join(dir, "both.py");
  const text = "from shapes import *\nfrom colours import *\n\n__all__ = []\nprint(Square, RED)\n";
  fs.writeFileSync(file, text);
  const uri = uriOf(file);
  client.open(uri, text);
  assert.equal(imp((await client.waitForDiagnostics(uri, 1)).diagnostics).length, 2);
  const zero = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  const actions = await client.request("textDocument/codeAction", {
    textDocument: { uri },
    range: zero,
    context: { diagnostics: [], only: ["source"] },
  });
  const replace = actions.find((a) => a.kind === "source.replaceWildcardImports.pyreview");
  assert.equal(replace.title, "Replace all wildcard imports in this file");
  const fixed = applyLspEdits(text, replace.edit.changes[uri]);
  assert.equal(fixed, "from shapes import Square\nfrom colours import RED\n\n__all__ = []\nprint(Square, RED)\n");
  client.change(uri, 2, [{ text: fixed }]);
  assert.deepEqual(imp((await client.waitForDiagnostics(uri, 2)).diagnostics), []);
  client.close(uri);
});

test("editing an open module re-checks the files that star-import it, from the unsaved text", async () => {
  const mod = path.join(dir, "live.py");
  create(mod, "def old():\n    pass\n");
  const user = path.join(dir, "live_user.py");
  const userText = "from live import *\n\nnew()\n";
  create(user, userText);
  const userUri = uriOf(user);
  const modUri = uriOf(mod);
  client.open(userUri, userText);
  assert.match(
    imp((await client.waitForDiagnostics(userUri, 1)).diagnostics)[0].message,
    /uses none of its names.*left undefined\): new\./,
  );
  client.open(modUri, fs.readFileSync(mod, "utf8"));
  await client.waitForDiagnostics(modUri, 1);
  const t = performance.now();
  client.change(modUri, 2, [
    { range: { start: { line: 2, character: 0 }, end: { line: 2, character: 0 } }, text: "\ndef new():\n    pass\n" },
  ]);
  let d = await nextDiagnostics(client, userUri, t);
  while (!/uses 1 of its names: new\./.test(imp(d.diagnostics)[0]?.message ?? ""))
    d = await nextDiagnostics(client, userUri, d.receivedAt);
  assert.equal(fs.readFileSync(mod, "utf8"), "def old():\n    pass\n", "the file on disk is unchanged");
  client.close(modUri);
  client.close(userUri);
});

test("a module changed on disk (didChangeWatchedFiles) re-checks the files that star-import it", async () => {
  const mod = path.join(dir, "disk.py");
  create(mod, "A = 1\n");
  const user = path.join(dir, "disk_user.py");
  const userText = "from disk import *\n\nprint(B)\n";
  create(user, userText);
  const userUri = uriOf(user);
  client.open(userUri, userText);
  assert.match(imp((await client.waitForDiagnostics(userUri, 1)).diagnostics)[0].message, /uses none of its names/);
  fs.writeFileSync(mod, "A = 1\nB = 2\n");
  const t = performance.now();
  client.notify("workspace/didChangeWatchedFiles", { changes: [{ uri: uriOf(mod), type: 2 }] });
  const d = await nextDiagnostics(client, userUri, t);
  assert.match(imp(d.diagnostics)[0].message, /uses 1 of its names: B\./);
  assert.ok(
    client.serverRequests.some(
      (r) => r.method === "client/registerCapability" && JSON.stringify(r.params).includes("**/*.py"),
    ),
    "watches **/*.py",
  );
  client.close(userUri);
});
