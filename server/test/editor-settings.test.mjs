// The editor settings ruff's users expect, honoured by the server over LSP (in process): fix-all
// off (pyreview.fixAll), no "Suppress" action (pyreview.codeAction.disableRuleComment), quiet
// configuration pop-ups (pyreview.showNotifications); and workspace folders added at run time.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { CAPABILITIES } from "./support/lsp.mjs";
import { startInProcess } from "./support/inprocess.mjs";

// (LOG001: a rule whose fix is safe, so fix-all is offered)
const SOURCE = '"""Logs."""\nfrom neutron._i18n import _LE\n\n\ndef f(log):\n    log.error(_LE("x"))\n';

let dir;
before(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "pyreview-editor-settings-"));
});
after(() => fs.rmSync(dir, { recursive: true, force: true }));

/** The titles and kinds of every code action on the whole of a fresh document under `settings`. */
async function actionsWith(settings, name) {
  const server = startInProcess({ debounceMs: 0, select: ["LOG001"], ...settings });
  try {
    await server.initialize(pathToFileURL(dir).href, CAPABILITIES);
    const file = path.join(dir, name);
    fs.writeFileSync(file, SOURCE);
    const uri = pathToFileURL(file).href;
    const published = server.diagnostics(uri, 1);
    await server.open(uri, SOURCE);
    const { diagnostics } = await published;
    const all = await server.client.sendRequest("textDocument/codeAction", {
      textDocument: { uri },
      range: diagnostics[0].range,
      context: { diagnostics: [diagnostics[0]] },
    });
    const fixAllOnly = await server.client.sendRequest("textDocument/codeAction", {
      textDocument: { uri },
      range: diagnostics[0].range,
      context: { diagnostics: [], only: ["source.fixAll"] },
    });
    return { all: all.map((a) => a.title), fixAllOnly: fixAllOnly.map((a) => a.kind) };
  } finally {
    await server.stop();
  }
}

test("by default: the fix, the suppression and fix-all are offered", async () => {
  const { all, fixAllOnly } = await actionsWith({}, "defaults.py");
  assert.deepEqual(all, [
    "Remove log-translation markers (every one in this file) and their import",
    "Suppress LOG001 on this line",
    "pyreview: fix all (2 safe fixes)",
  ]);
  assert.deepEqual(fixAllOnly, ["source.fixAll.pyreview"]);
});

test("fixAll: false takes fix-all away (on save too); the fix itself stays", async () => {
  const { all, fixAllOnly } = await actionsWith({ fixAll: false }, "no-fix-all.py");
  assert.deepEqual(all, [
    "Remove log-translation markers (every one in this file) and their import",
    "Suppress LOG001 on this line",
  ]);
  assert.deepEqual(fixAllOnly, []);
});

test('codeAction.disableRuleComment { "enable": false } takes the "Suppress" action away', async () => {
  const { all } = await actionsWith({ codeAction: { disableRuleComment: { enable: false } } }, "no-suppress.py");
  assert.deepEqual(all, [
    "Remove log-translation markers (every one in this file) and their import",
    "pyreview: fix all (2 safe fixes)",
  ]);
});

test("showNotifications: a bad value pops up by default, only goes to the log when off", async () => {
  for (const [showNotifications, shown] of [
    [undefined, 1],
    ["off", 0],
    ["onError", 0],
  ]) {
    const server = startInProcess({
      debounceMs: 0,
      run: "sometimes",
      ...(showNotifications ? { showNotifications } : {}),
    });
    const popups = [];
    server.client.onRequest("window/showMessageRequest", (p) => {
      popups.push(p);
      return null;
    });
    try {
      await server.initialize(pathToFileURL(dir).href, CAPABILITIES);
      const file = path.join(dir, `notify-${showNotifications}.py`);
      fs.writeFileSync(file, SOURCE);
      const uri = pathToFileURL(file).href;
      const published = server.diagnostics(uri, 1);
      await server.open(uri, SOURCE);
      await published;
      const logged = server.messages.filter((m) => /`run`: expected "onType" or "onSave"/.test(m.message));
      assert.equal(logged.length, 1, `${showNotifications}: logged once`);
      assert.equal(
        popups.filter((p) => /`run`/.test(p.message)).length,
        shown,
        `${showNotifications}: shown ${shown} time(s)`,
      );
    } finally {
      await server.stop();
    }
  }
});

test("a workspace folder added while the server runs is reviewed and searched for modules", async () => {
  const first = fs.mkdtempSync(path.join(dir, "first-"));
  const second = fs.mkdtempSync(path.join(dir, "second-"));
  fs.writeFileSync(path.join(first, "app.py"), '"""App."""\nfrom shared_names import *\n\nprint(GREETING)\n');
  fs.writeFileSync(path.join(second, "shared_names.py"), '"""Names."""\nGREETING = "hello"\n');
  const server = startInProcess({ debounceMs: 0, select: ["IMP001"] });
  try {
    await server.initialize(pathToFileURL(first).href, CAPABILITIES);
    const review = () =>
      server.client.sendRequest("workspace/executeCommand", {
        command: "pyreview.server.reviewWorkspace",
        arguments: [{}],
      });
    const before = await review();
    assert.equal(before.files, 1);
    const uri = pathToFileURL(path.join(first, "app.py")).href;
    assert.match(server.published.get(uri).diagnostics[0].message, /could not be found/);

    await server.client.sendNotification("workspace/didChangeWorkspaceFolders", {
      event: { added: [{ uri: pathToFileURL(second).href, name: "second" }], removed: [] },
    });
    const afterAdding = await review();
    assert.equal(afterAdding.files, 2, "the new folder's files are reviewed");
    assert.match(server.published.get(uri).diagnostics[0].message, /uses 1 of its names: GREETING/);

    await server.client.sendNotification("workspace/didChangeWorkspaceFolders", {
      event: { added: [], removed: [{ uri: pathToFileURL(second).href, name: "second" }] },
    });
    assert.equal((await review()).files, 1, "and a removed one is not");
  } finally {
    await server.stop();
  }
});
