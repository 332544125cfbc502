// IMP001 is a preview rule: with the default settings the editor shows no IMP001 diagnostic, yet
// "Replace all wildcard imports in this file" (the source action the design card names) still works.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { applyLspEdits, startServer, uriOf } from "./support/lsp.mjs";

let dir;
let client;

before(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "pyreview-imp001-preview-"));
  fs.writeFileSync(
    path.join(dir, "shapes.py"),
    "__all__ = ['Circle', 'Square']\n\nclass Circle: pass\nclass Square: pass\n",
  );
  ({ client } = await startServer(dir, {}));
});

after(async () => {
  await client.shutdown();
  fs.rmSync(dir, { recursive: true, force: true });
});

test("default settings: no IMP001 diagnostic, and the source action still replaces the star import", async () => {
  const file = path.join(dir, "user.py");
  const text = "from shapes import *\n\n__all__ = []\nprint(Circle())\n";
  fs.writeFileSync(file, text);
  const uri = uriOf(file);
  client.open(uri, text);
  const v1 = await client.waitForDiagnostics(uri, 1);
  assert.deepEqual(
    v1.diagnostics.filter((d) => d.code === "IMP001"),
    [],
  );
  const zero = { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
  const actions = await client.request("textDocument/codeAction", {
    textDocument: { uri },
    range: zero,
    context: { diagnostics: [], only: ["source"] },
  });
  const replace = actions.find((a) => a.kind === "source.replaceWildcardImports.pyreview");
  assert.ok(replace, "the source action is offered");
  assert.equal(
    applyLspEdits(text, replace.edit.changes[uri]),
    "from shapes import Circle\n\n__all__ = []\nprint(Circle())\n",
  );
  client.close(uri);
});
