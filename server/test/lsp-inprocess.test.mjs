// PyreviewServer in this process over in-memory streams: diagnostics and code actions without a
// child process; the lifecycle (-32002 before initialize); versioned fix edits (documentChanges).
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { CAPABILITIES, applyLspEdits } from "./support/lsp.mjs";
import { startInProcess } from "./support/inprocess.mjs";

// (LOG001: a rule whose fix is safe, so fix-all is offered)
const SOURCE = '"""Logs."""\nfrom neutron._i18n import _LE\n\n\ndef f(log):\n    log.error(_LE("x"))\n';
const SETTINGS = { debounceMs: 0, select: ["LOG001"] };
const VERSIONED = {
  ...CAPABILITIES,
  workspace: { ...CAPABILITIES.workspace, workspaceEdit: { documentChanges: true } },
};

let dir;
before(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "pyreview-inprocess-"));
});
after(() => fs.rmSync(dir, { recursive: true, force: true }));

function fileUri(name) {
  const file = path.join(dir, name);
  fs.writeFileSync(file, SOURCE);
  return pathToFileURL(file).href;
}

const wholeLine = (line) => ({ start: { line, character: 0 }, end: { line, character: 0 } });

test("in process: open a document, get its diagnostics, ask for code actions", async () => {
  const server = startInProcess(SETTINGS);
  try {
    const init = await server.initialize(pathToFileURL(dir).href, CAPABILITIES);
    assert.equal(init.serverInfo.name, "pyreview");
    const uri = fileUri("inprocess.py");
    const published = server.diagnostics(uri, 1);
    await server.open(uri, SOURCE);
    const { diagnostics } = await published;
    assert.deepEqual(
      diagnostics.map((d) => [d.code, d.range.start.line]),
      [
        ["LOG001", 1],
        ["LOG001", 5],
      ],
    );
    const actions = await server.client.sendRequest("textDocument/codeAction", {
      textDocument: { uri },
      range: diagnostics[1].range,
      context: { diagnostics: [diagnostics[1]] },
    });
    assert.deepEqual(
      actions.map((a) => a.title),
      [
        "Remove log-translation markers (every one in this file) and their import",
        "Suppress LOG001 on this line",
        "pyreview: fix all (2 safe fixes)",
      ],
    );
    const fixed = applyLspEdits(SOURCE, actions[0].edit.changes[uri]);
    assert.equal(fixed, '"""Logs."""\n\n\ndef f(log):\n    log.error("x")\n');
  } finally {
    await server.stop();
  }
});

test("a request before initialize gets -32002; a notification before it is dropped", async () => {
  const server = startInProcess(SETTINGS);
  try {
    const uri = fileUri("early.py");
    const early = await server.client
      .sendRequest("textDocument/codeAction", {
        textDocument: { uri },
        range: wholeLine(0),
        context: { diagnostics: [] },
      })
      .then(
        () => null,
        (e) => e,
      );
    assert.equal(early?.code, -32002, `expected ServerNotInitialized, got ${early?.code} ${early?.message}`);
    const unknown = await server.client.sendRequest("pyreview/noSuchRequest", {}).then(
      () => null,
      (e) => e,
    );
    assert.equal(unknown?.code, -32002);
    await server.open(uri, SOURCE); // dropped: the document is not open once initialized
    await server.initialize(pathToFileURL(dir).href, CAPABILITIES);
    const actions = await server.client.sendRequest("textDocument/codeAction", {
      textDocument: { uri },
      range: wholeLine(0),
      context: { diagnostics: [] },
    });
    assert.equal(actions, null);
    const after = await server.client.sendRequest("pyreview/noSuchRequest", {}).then(
      () => null,
      (e) => e,
    );
    assert.equal(after?.code, -32601, "once initialized, an unknown method is MethodNotFound");
  } finally {
    await server.stop();
  }
});

test("fix edits carry the document version when the client applies documentChanges, plain changes otherwise", async () => {
  const versioned = startInProcess(SETTINGS);
  const plain = startInProcess(SETTINGS);
  try {
    await versioned.initialize(pathToFileURL(dir).href, VERSIONED);
    await plain.initialize(pathToFileURL(dir).href, CAPABILITIES);
    const uri = fileUri("versioned.py");
    // the whole document: every finding's actions and fix-all
    const ask = (server) =>
      server.client.sendRequest("textDocument/codeAction", {
        textDocument: { uri },
        range: { start: { line: 0, character: 0 }, end: { line: 9, character: 0 } },
        context: { diagnostics: [] },
      });

    const first = versioned.diagnostics(uri, 1);
    await versioned.open(uri, SOURCE);
    await first;
    const v1 = await ask(versioned);
    assert.ok(v1.length >= 3);
    for (const action of v1) {
      assert.equal(action.edit.changes, undefined, action.title);
      assert.deepEqual(action.edit.documentChanges[0].textDocument, { uri, version: 1 }, action.title);
    }
    assert.match(applyLspEdits(SOURCE, v1[0].edit.documentChanges[0].edits), /log\.error\("x"\)/);

    // after an edit (version 7) the actions are computed on, and stamped with, the new version
    const text = `# edited\n${SOURCE}`;
    const seventh = versioned.diagnostics(uri, 7);
    await versioned.client.sendNotification("textDocument/didChange", {
      textDocument: { uri, version: 7 },
      contentChanges: [{ text }],
    });
    await seventh;
    const v7 = await ask(versioned);
    const fixAll = v7.find((a) => a.kind === "source.fixAll.pyreview");
    assert.deepEqual(fixAll.edit.documentChanges[0].textDocument, { uri, version: 7 });
    assert.match(applyLspEdits(text, fixAll.edit.documentChanges[0].edits), /log\.error\("x"\)/);

    const plainFirst = plain.diagnostics(uri, 1);
    await plain.open(uri, SOURCE);
    await plainFirst;
    for (const action of await ask(plain)) {
      assert.equal(action.edit.documentChanges, undefined, action.title);
      assert.ok(Array.isArray(action.edit.changes[uri]), action.title);
    }
  } finally {
    await versioned.stop();
    await plain.stop();
  }
});
