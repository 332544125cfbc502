// The notebook model (parsing/notebook.ts): IPython syntax becomes same-length placeholders only
// where a statement starts (not inside brackets, strings or continuations), code cells join into
// one module, and module offsets map back to their cell; fixes stay in one cell or are refused.
import { test } from "node:test";
import assert from "node:assert/strict";
import { api, parsesCleanly } from "./support/engine.mjs";

const masked = (text) => api.maskMagics(text).text;

test("line magics, shell escapes, help and automagic become placeholders of the same length", () => {
  const cases = [
    ["%matplotlib inline", "pass              "],
    ["!ls", "0  "],
    ["?len", "pass"],
    ["len??", "pass "],
    ["pip install requests", "pass                "],
    ["files = !ls -la", "files = 0      "],
    ["a, b = %sx echo", "a, b = 0       "],
    ["for f in files:\n    !echo {f}\n", "for f in files:\n    pass     \n"],
  ];
  for (const [input, output] of cases) {
    assert.equal(masked(input), output, input);
    assert.equal(masked(input).length, input.length);
    assert.ok(parsesCleanly(masked(input)), input);
  }
});

test("Python that only looks like IPython is left alone", () => {
  const python = [
    "x = (a\n     % b)\n",
    "ok = (a\n      != b)\n",
    'query = """\n%s\n!important\n"""\n',
    "total = a + \\\n    b\n",
    "print('% done')  # what?\n",
    "pip = 3\npip - 1\npip in found\n",
  ];
  for (const text of python) assert.equal(masked(text), text, text);
});

test("cell magics: a Python body is kept under its masked first line; another language blanks the cell", () => {
  assert.equal(masked("%%time\nx = 1\n"), "pass  \nx = 1\n");
  const bash = '%%bash\necho "$HOME"\nexit 3';
  assert.equal(masked(bash), bash.replace(/[^\n]/g, " "));
  assert.deepEqual(api.maskMagics(bash).masked, [{ start: 0, end: bash.length }]);
  // a shell command continued with a backslash: its next line is blank, indentation and all
  assert.equal(masked("if x:\n    !echo a \\\n      b\n    y = 1\n"), "if x:\n    pass     \n       \n    y = 1\n");
});

test("code cells join into one module; offsets map back to the cell; markdown is left out", () => {
  const module = api.NotebookModule.build([
    { kind: "code", text: "import os" },
    { kind: "markdown", text: "# title" },
    { kind: "code", text: "%cd /tmp\nos.getcwd()" },
  ]);
  assert.equal(module.text, "import os\npass    \nos.getcwd()\n");
  assert.deepEqual(
    module.cells.map((c) => [c.index, c.start, c.end]),
    [
      [0, 0, 9],
      [2, 10, 30],
    ],
  );
  const at = module.text.indexOf("getcwd");
  const cell = module.cellAt(at);
  assert.equal(cell.index, 2);
  assert.deepEqual(cell.lines.positionAt(at - cell.start), { line: 1, character: 3 });
});

test("an edit is placed in its cell; one that spans cells or rewrites a magic is refused", () => {
  const module = api.NotebookModule.build([
    { kind: "code", text: "import os\nLOG = 1" },
    { kind: "code", text: "%cd /tmp\nos.getcwd()" },
  ]);
  const second = module.cells[1].start;
  // deleting the last line of cell 1, line break after it included (as a fix deletes a line)
  const lastLine = module.text.indexOf("LOG = 1");
  assert.deepEqual(module.editCell([{ start: lastLine, end: lastLine + 8, newText: "" }]), {
    cell: module.cells[0],
    text: "import os",
  });
  assert.equal(module.editCell([{ start: lastLine, end: second + 1, newText: "" }]), null, "into the next cell");
  assert.equal(module.editCell([{ start: second, end: second + 3, newText: "pas" }]), null, "the magic");
  assert.equal(
    module.editCell([
      { start: 0, end: 0, newText: "import sys\n" },
      { start: second + 9, end: second + 9, newText: "sys." },
    ]),
    null,
    "two cells",
  );
  assert.deepEqual(
    module.editCell([{ start: second + 9, end: second + 11, newText: "OS" }])?.text,
    "%cd /tmp\nOS.getcwd()",
  );
});

test("reading nbformat 4 and writing back only what changed", () => {
  const text =
    '{\n "cells": [\n  {\n   "cell_type": "code",\n   "source": [\n    "a = 1\\n",\n    "b = \\u00e9"\n   ]\n  },\n  {\n   "cell_type": "code",\n   "source": []\n  }\n ],\n "nbformat": 4\n}\n';
  const read = api.readNotebook(text);
  assert.ok(read.ok);
  assert.deepEqual(
    read.notebook.cells.map((c) => [c.kind, c.text]),
    [
      ["code", "a = 1\nb = é"],
      ["code", ""],
    ],
  );
  const written = api.writeNotebook(
    read.notebook,
    new Map([
      [0, "a = 2\nb = é"],
      [1, "c = 3\n"],
    ]),
  );
  assert.equal(
    written,
    text.replace('"a = 1\\n"', '"a = 2\\n"').replace('"source": []', '"source": [\n    "c = 3\\n"\n   ]'),
    "the unchanged line keeps its \\u escape; an empty source gets the file's indentation",
  );
});
