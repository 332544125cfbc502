// Jupyter notebooks in the editor (LSP 3.17 notebook sync), over PyreviewServer in process: the
// cells are analysed as one module, each diagnostic lands on its cell and line, each fix edits
// the cell it changes, edits to one cell re-check the others, and closing clears every cell.
import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { CAPABILITIES, applyLspEdits } from "./support/lsp.mjs";
import { startInProcess } from "./support/inprocess.mjs";
import { REPO } from "./support/engine.mjs";

const DIR = path.join(REPO, "server/test/notebook");
const FILE = path.join(DIR, "analysis.ipynb");
const NOTEBOOK_URI = pathToFileURL(FILE).href;
const cellUri = (n) => `vscode-notebook-cell:${FILE}#C${n}`;
const json = JSON.parse(fs.readFileSync(FILE, "utf8"));
const sourceOf = (cell) => (Array.isArray(cell.source) ? cell.source.join("") : cell.source);
/** The fixture's cells as the client syncs them: Python code cells and, for robustness, the markdown one. */
const CELLS = json.cells.map((c, i) => ({
  uri: cellUri(i + 1),
  kind: c.cell_type === "code" ? 2 : 1,
  languageId: c.cell_type === "code" ? "python" : "markdown",
  text: sourceOf(c),
}));

const NOTEBOOK_CAPABILITIES = {
  ...CAPABILITIES,
  notebookDocument: { synchronization: { dynamicRegistration: false, executionSummarySupport: false } },
};

async function openNotebook(settings = { debounceMs: 0, preview: true }) {
  const server = startInProcess(settings);
  const init = await server.initialize(pathToFileURL(DIR).href, NOTEBOOK_CAPABILITIES);
  const published = Object.fromEntries(
    CELLS.filter((c) => c.kind === 2).map((c) => [c.uri, server.diagnostics(c.uri, 1)]),
  );
  await server.client.sendNotification("notebookDocument/didOpen", {
    notebookDocument: {
      uri: NOTEBOOK_URI,
      notebookType: "jupyter-notebook",
      version: 1,
      cells: CELLS.map((c) => ({ kind: c.kind, document: c.uri })),
    },
    cellTextDocuments: CELLS.map((c) => ({ uri: c.uri, languageId: c.languageId, version: 1, text: c.text })),
  });
  return { server, init, published };
}

const summary = (diagnostics) =>
  diagnostics.map((d) => `${d.range.start.line + 1}:${d.range.start.character + 1} ${d.code}`);

test("the server declares notebook sync for Jupyter notebooks' Python cells", async () => {
  const { server, init, published } = await openNotebook();
  try {
    await Promise.all(Object.values(published));
    assert.deepEqual(init.capabilities.notebookDocumentSync.notebookSelector, [
      { notebook: { notebookType: "jupyter-notebook" }, cells: [{ language: "python" }] },
    ]);
  } finally {
    await server.stop();
  }
});

test("cells are one module: findings land on their cell and line; magics are no syntax errors", async () => {
  const { server, published } = await openNotebook();
  try {
    const [one, three, four, five] = await Promise.all(Object.values(published));
    // LOG is used in cell 3, so only AUDIT is unused; the star import's names are used in cells 3 and 4
    assert.deepEqual(summary(one.diagnostics), ["5:1 LOG002"]);
    assert.match(one.diagnostics[0].message, /`AUDIT`/);
    assert.deepEqual(summary(three.diagnostics), ["1:1 IMP001", "5:5 DOC001", "5:16 DOC002", "6:14 LOG003"]);
    assert.match(three.diagnostics[0].message, /uses 2 of its names: join_path, path_exists/);
    // no module docstring in a notebook; `!echo`, `files = !ls`, `path_exists?` and `%%bash` parse
    assert.deepEqual(summary(four.diagnostics), []);
    assert.deepEqual(summary(five.diagnostics), []);
    assert.equal(server.published.has(cellUri(2)), false, "nothing for the markdown cell");
  } finally {
    await server.stop();
  }
});

test("a fix edits the cell it changes; fix-all edits the asking cell; suppressions go on the line", async () => {
  const { server, published } = await openNotebook();
  try {
    const three = await published[cellUri(3)];
    const ask = (n, diagnostics, only) =>
      server.client.sendRequest("textDocument/codeAction", {
        textDocument: { uri: cellUri(n) },
        range: diagnostics[0].range,
        context: { diagnostics, ...(only ? { only } : {}) },
      });
    const imp = three.diagnostics.filter((d) => d.code === "IMP001");
    const actions = await ask(3, imp);
    assert.deepEqual(
      actions.map((a) => a.title),
      [
        "Replace with `from helpers import join_path, path_exists`",
        "Suppress IMP001 on this line",
        "pyreview: fix all in this cell (2 safe fixes)",
      ],
    );
    for (const a of actions) assert.deepEqual(Object.keys(a.edit.changes), [cellUri(3)], a.title);
    const cell3 = CELLS[2].text;
    assert.ok(
      applyLspEdits(cell3, actions[0].edit.changes[cellUri(3)]).startsWith(
        "from helpers import join_path, path_exists\n!pip install requests\n",
      ),
    );
    assert.ok(
      applyLspEdits(cell3, actions[1].edit.changes[cellUri(3)]).startsWith("from helpers import *  # noqa: IMP001\n"),
    );
    const fixedAll = applyLspEdits(cell3, actions[2].edit.changes[cellUri(3)]);
    assert.match(fixedAll, /^from helpers import join_path, path_exists\n/);
    assert.match(fixedAll, /LOG\.info\("loading %s", join_path\("data", name\)\)/);

    // the unused logger is the last line of cell 1: its (unsafe) fix removes it, and only it
    const one = await published[cellUri(1)];
    const log = await ask(1, one.diagnostics);
    const removal = log.find((a) => a.title.startsWith("Remove"));
    assert.ok(removal, log.map((a) => a.title).join(", "));
    assert.equal(
      applyLspEdits(CELLS[0].text, removal.edit.changes[cellUri(1)]),
      "import logging\n%matplotlib inline\n\nLOG = logging.getLogger(__name__)",
    );
  } finally {
    await server.stop();
  }
});

test("editing one cell re-checks the others: a name no longer used elsewhere leaves the import", async () => {
  const { server, published } = await openNotebook();
  try {
    await published[cellUri(3)];
    const next = server.diagnostics(cellUri(3), 1);
    const text = "found = None";
    await server.client.sendNotification("notebookDocument/didChange", {
      notebookDocument: { uri: NOTEBOOK_URI, version: 2 },
      change: {
        cells: {
          textContent: [
            {
              document: { uri: cellUri(4), version: 2 },
              changes: [{ text }],
            },
          ],
        },
      },
    });
    // cell 3's version did not change; wait for the publication that follows the edit
    await next;
    const four = await server.diagnostics(cellUri(4), 2);
    assert.deepEqual(four.diagnostics, []);
    for (let i = 0; i < 50; i++) {
      const imp = server.published.get(cellUri(3));
      if (imp && /uses 1 of its names: join_path\./.test(imp.diagnostics[0]?.message)) return;
      await new Promise((r) => setTimeout(r, 20));
    }
    assert.fail("IMP001 in cell 3 did not follow the edit of cell 4");
  } finally {
    await server.stop();
  }
});

test("closing the notebook clears every cell's diagnostics", async () => {
  const { server, published } = await openNotebook();
  try {
    await published[cellUri(3)];
    await server.client.sendNotification("notebookDocument/didClose", {
      notebookDocument: { uri: NOTEBOOK_URI },
      cellTextDocuments: CELLS.map((c) => ({ uri: c.uri })),
    });
    for (let i = 0; i < 50 && server.published.get(cellUri(3))?.diagnostics.length; i++)
      await new Promise((r) => setTimeout(r, 20));
    assert.deepEqual(server.published.get(cellUri(3)).diagnostics, []);
    assert.deepEqual(server.published.get(cellUri(1)).diagnostics, []);
  } finally {
    await server.stop();
  }
});

test("Review Workspace counts a closed notebook's findings from its cells, and publishes nothing for the file", async () => {
  const server = startInProcess({ debounceMs: 0, preview: true });
  try {
    await server.initialize(pathToFileURL(DIR).href, NOTEBOOK_CAPABILITIES);
    const result = await server.client.sendRequest("workspace/executeCommand", {
      command: "pyreview.server.reviewWorkspace",
      arguments: [{}],
    });
    assert.equal(result.files, 2, "the notebook and helpers.py");
    assert.match(result.markdown, /analysis\.ipynb/);
    assert.equal(result.findings, 5, result.markdown);
    assert.equal(server.published.has(NOTEBOOK_URI), false);
  } finally {
    await server.stop();
  }
});
