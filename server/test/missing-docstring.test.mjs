// DOC001 and DOC002 cases that need a file path, a setting, or a particular line break / indentation.
import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { api, check, fixText, parsesCleanly, parsing, settingsWith } from "./support/engine.mjs";

const DOC001 = settingsWith({ select: ["DOC001"] });
const DOC002 = settingsWith({ select: ["DOC002"] });
const LIB = `import os\n\n\ndef helper(timeout):\n    return os.sep\n\n\nclass Thing:\n    def run(self, delay):\n        pass\n\n    def _hidden(self):\n        pass\n\n    def __eq__(self, other):\n        return True\n\n    @property\n    def size(self):\n        """The size."""\n        return 1\n\n    @size.setter\n    def size(self, value):\n        pass\n`;

const codes = (r) => r.findings.map((f) => `${r.lines.positionAt(f.start).line + 1}:${f.code}`);

test("a library module: module, function and class are reported; methods are not by default", () => {
  assert.deepEqual(codes(check(LIB, { filePath: "/p/pkg/helpers.py", settings: DOC001 })), [
    "1:DOC001",
    "4:DOC001",
    "8:DOC001",
  ]);
});

test("docstring-methods: public methods too, not private, dunder, setters", () => {
  const settings = settingsWith({ select: ["DOC001"], docstringMethods: true });
  assert.deepEqual(codes(check(LIB, { filePath: "/p/pkg/helpers.py", settings })), [
    "1:DOC001",
    "4:DOC001",
    "8:DOC001",
    "9:DOC001",
  ]);
  // the method's stub has no `self`
  const fixed = fixText(LIB, { filePath: "/p/pkg/helpers.py", settings, unsafe: true }).text;
  assert.match(
    fixed,
    /def run\(self, delay\):\n {8}"""TODO: summary\.\n\n {8}:param delay: TODO: the unit \(seconds\?\)\.\n {8}"""\n {8}pass/,
  );
  assert.ok(!fixed.includes(":param self"));
});

test("test files and folders are skipped (test-patterns), relative to the root", () => {
  for (const filePath of [
    "/p/pkg/tests/unit/helpers.py",
    "/p/pkg/test_helpers.py",
    "/p/pkg/helpers_test.py",
    "/p/conftest.py",
  ]) {
    assert.deepEqual(check(LIB, { filePath, settings: DOC001, root: "/p" }).findings, [], filePath);
    assert.deepEqual(check(LIB, { filePath, settings: DOC002, root: "/p" }).findings, [], filePath);
  }
  // a checkout that happens to live under a folder named test/ is not a test file
  assert.equal(
    check(LIB, { filePath: "/home/me/test/proj/pkg/helpers.py", settings: DOC001, root: "/home/me/test/proj" }).findings
      .length,
    3,
  );
  const settings = settingsWith({ select: ["DOC001"], testPatterns: [] });
  assert.equal(check(LIB, { filePath: "/p/pkg/tests/helpers.py", settings, root: "/p" }).findings.length, 3);
});

test("private modules and stubs are skipped; __init__.py is read like any module", () => {
  assert.deepEqual(check(LIB, { filePath: "/p/pkg/_helpers.py", settings: DOC001 }).findings, []);
  assert.deepEqual(check(LIB, { filePath: "/p/pkg/helpers.pyi", settings: DOC001 }).findings, []);
  assert.equal(check(LIB, { filePath: "/p/pkg/__init__.py", settings: DOC001 }).findings.length, 3);
  // a package __init__ that only re-exports has no public definitions of its own
  assert.deepEqual(
    check("from pkg.a import f\nfrom pkg.b import *\n\n__all__ = ['f']\n", {
      filePath: "/p/pkg/__init__.py",
      settings: DOC001,
    }).findings,
    [],
  );
});

test("docstring-style setting applies when the file shows no style", () => {
  const settings = settingsWith({ select: ["DOC001"], docstringStyle: "google" });
  const fixed = fixText("def f(a, timeout):\n    return a\n", { settings, unsafe: true }).text;
  assert.equal(
    fixed,
    'def f(a, timeout):\n    """TODO: summary.\n\n    Args:\n        a: TODO\n        timeout: TODO: the unit (seconds?).\n\n    Returns:\n        TODO\n    """\n    return a\n',
  );
});

test("the fixes are unsafe: --fix leaves the file alone", () => {
  assert.equal(fixText(LIB, { filePath: "/p/pkg/helpers.py", settings: settingsWith({ select: ["DOC"] }) }).text, LIB);
});

test("CRLF line breaks, tabs and ''' quotes are kept", () => {
  const text = "'''Module.'''\r\n\r\n\r\ndef f(a):\r\n\tif a:\r\n\t\treturn a\r\n\r\n\r\ndef g(x): return '''y'''\r\n";
  const fixed = fixText(text, { settings: DOC001, unsafe: true }).text;
  assert.equal(
    fixed,
    "'''Module.'''\r\n\r\n\r\ndef f(a):\r\n\t'''TODO: summary.\r\n\r\n\t:param a: TODO\r\n\t:returns: TODO\r\n\t'''\r\n\tif a:\r\n\t\treturn a\r\n\r\n\r\n" +
      "def g(x):\r\n\t'''TODO: summary.\r\n\r\n\t:param x: TODO\r\n\t:returns: TODO\r\n\t'''\r\n\treturn '''y'''\r\n",
  );
  assert.ok(parsesCleanly(fixed));
});

test("DOC002: a one-line def gets a docstring on its own line", () => {
  const fixed = fixText('"""M."""\n\n\ndef f(timeout): return timeout  # trailing\n', {
    settings: DOC002,
    unsafe: true,
  }).text;
  assert.equal(
    fixed,
    '"""M."""\n\n\ndef f(timeout):\n    """TODO: summary.\n\n    :param timeout: TODO: the unit (seconds?).\n    """\n    return timeout  # trailing\n',
  );
});

test("DOC002: the time-parameters setting", () => {
  const text = '"""M."""\n\n\ndef f(timeout, grace):\n    """F."""\n';
  assert.equal(check(text, { settings: DOC002 }).findings.length, 1);
  assert.equal(
    check(text, { settings: settingsWith({ select: ["DOC002"], timeParameters: ["grace"] }) }).findings.length,
    1,
  );
  assert.equal(check(text, { settings: settingsWith({ select: ["DOC002"], timeParameters: [] }) }).findings.length, 0);
});

test("DOC002: a single-quoted docstring gets no fix", () => {
  const r = check("def f(timeout):\n    'Wait.'\n", { settings: DOC002 });
  assert.equal(r.findings.length, 1);
  assert.deepEqual(r.findings[0].fixes, []);
});

test("DOC001 and DOC002 together: one stub that satisfies both", () => {
  const text = "def is_agent_down(heart_beat_time):\n    return heart_beat_time\n";
  const settings = settingsWith({ select: ["DOC"] });
  const r = fixText(text, { settings, unsafe: true });
  assert.deepEqual(r.remaining, []);
  // the function's (a module of one public name is described by that name's docstring)
  assert.equal((r.text.match(/"""TODO: summary\./g) ?? []).length, 1);
  assert.equal((r.text.match(/:param heart_beat_time:/g) ?? []).length, 1);
});

test("CLI without pyproject.toml: test folders are found from the package root", async () => {
  const fs = await import("node:fs");
  const os = await import("node:os");
  const path = await import("node:path");
  const { runCli } = await import("./support/cli.mjs");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pyreview-doc-"));
  try {
    for (const d of ["pkg", "pkg/tests", "pkg/tests/unit"]) {
      fs.mkdirSync(path.join(dir, d), { recursive: true });
      fs.writeFileSync(path.join(dir, d, "__init__.py"), "");
    }
    fs.writeFileSync(path.join(dir, "pkg/tests/unit/helpers.py"), LIB);
    fs.writeFileSync(path.join(dir, "pkg/lib.py"), LIB);
    const r = runCli(["check", "--select", "DOC001", "--format", "json", "--exit-zero", path.join(dir, "pkg")]);
    const files = new Set(JSON.parse(r.stdout).map((f) => path.relative(dir, f.path)));
    assert.deepEqual([...files], [path.join("pkg", "lib.py")]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("DOC001's module finding sits at 1:1; `# noqa: DOC001` on line 1 (line 2 after a `#!` line) suppresses it", () => {
  // two public names (a module of one documented name is described by it)
  const body = 'import os\n\n\ndef f():\n    """Doc."""\n    return os.sep\n\n\ndef g():\n    """Doc."""\n';
  const at = (text) => {
    const r = check(text, { filePath: "/p/pkg/mod.py", settings: DOC001 });
    return r.findings.map(
      (f) => `${r.lines.positionAt(f.start).line + 1}:${r.lines.positionAt(f.start).character + 1}`,
    );
  };
  assert.deepEqual(at(`# Copyright 2017 Example Corp.\n#\n# Licensed under the Apache License.\n\n${body}`), ["1:1"]);
  assert.deepEqual(at(`# Copyright 2017 Example Corp.  # noqa: DOC001\n#\n\n${body}`), []);
  assert.deepEqual(at(`#!/usr/bin/env python3\n# Copyright 2017 Example Corp.\n${body}`), ["1:1"]);
  assert.deepEqual(at(`#!/usr/bin/env python3\n# Copyright 2017 Example Corp.  # noqa: DOC001\n${body}`), []);
  assert.deepEqual(at(`#!/usr/bin/env python3\n\n${body}`.replace("\n\n", "\n  # noqa: DOC001\n")), []);
  // a noqa further down the header is not on the finding's lines
  assert.deepEqual(at(`# Copyright 2017 Example Corp.\n# noqa: DOC001\n\n${body}`), ["1:1"]);
});

test("the suppression action writes the noqa on line 1, or on line 2 after a `#!` line", () => {
  for (const [text, line] of [
    ["# Copyright 2017 Example Corp.\nimport os\n\n\ndef f():\n    return os.sep\n\n\ndef g():\n    return 1\n", 0],
    ["#!/usr/bin/env python3\nimport os\n\n\ndef f():\n    return os.sep\n\n\ndef g():\n    return 1\n", 1],
  ]) {
    const tree = parsing.parser.parse(text);
    try {
      const r = api.checkTree(parsing, tree, text, { path: "/p/pkg/mod.py", settings: DOC001, root: null });
      const module = r.findings.find((f) => f.start === 0);
      const edit = api.suppressionEdit(tree, text, r.lines, module.start, module.end, "DOC001");
      assert.equal(r.lines.positionAt(edit.start).line, line);
      const fixed = text.slice(0, edit.start) + edit.newText + text.slice(edit.end);
      assert.deepEqual(
        check(fixed, { filePath: "/p/pkg/mod.py", settings: DOC001 }).findings.filter((f) => f.start === 0),
        [],
      );
    } finally {
      tree.delete();
    }
  }
});

test("DOC001 reads the package's other modules for hooks, and sees them change", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pyreview-doc001-hooks-"));
  try {
    const siblings = ["a", "b", "c"].map((n) => path.join(dir, `${n}.py`));
    for (const f of siblings) fs.writeFileSync(f, '"""Options."""\n\n\ndef list_things():\n    return []\n');
    const file = path.join(dir, "target.py");
    const text = '"""Options."""\n\n\ndef list_things():\n    return []\n';
    const resolver = new api.ImportResolver(parsing.language, [dir]);
    const findings = () => {
      const tree = parsing.parser.parse(text);
      try {
        return api.checkTree(parsing, tree, text, { path: file, settings: DOC001, root: dir, resolver }).findings;
      } finally {
        tree.delete();
      }
    };
    assert.deepEqual(findings(), [], "undocumented in three other modules: a hook");
    // two siblings document it: one other is not enough (two are: three modules make a convention)
    for (const f of siblings.slice(0, 2)) {
      fs.writeFileSync(f, '"""Options."""\n\n\ndef list_things():\n    """The things."""\n    return []\n');
      fs.utimesSync(f, new Date(), new Date(Date.now() + 5000));
    }
    assert.equal(findings().length, 1);
    // with a watcher, the change is known once it is reported
    resolver.watched = true;
    fs.writeFileSync(siblings[0], '"""Options."""\n\n\ndef list_things():\n    return []\n');
    assert.equal(findings().length, 1, "not reported yet: the cached fact stands");
    resolver.invalidate(siblings[0]);
    assert.deepEqual(findings(), []);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
