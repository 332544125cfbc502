// EXC001 cases that need a particular file path, or look at the fixes one by one.
import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { check, fixText, settingsWith } from "./support/engine.mjs";

const settings = settingsWith({ select: ["EXC001"] });
const UNSAFE = "unsafe: callers now see an exception, and uncaught it prints a traceback";
const LIB = `import sys\n\n\ndef helper():\n    sys.exit(1)\n`;

function applyFix(text, fix) {
  const edits = [...fix.edits].sort((a, b) => b.start - a.start);
  for (const e of edits) text = text.slice(0, e.start) + e.newText + text.slice(e.end);
  return text;
}

test("a library module is checked", () => {
  assert.equal(check(LIB, { filePath: "/p/pkg/helpers.py", settings }).findings.length, 1);
});

test("__main__.py is a program: no findings", () => {
  assert.equal(check(LIB, { filePath: "/p/pkg/__main__.py", settings }).findings.length, 0);
});

test("an OpenStack client's shell.py is its command line; another package's shell.py is not", () => {
  assert.equal(check(LIB, { filePath: "/p/novaclient/shell.py", settings }).findings.length, 0);
  assert.equal(check(LIB, { filePath: "/p/magnumclient/shell.py", settings }).findings.length, 0);
  assert.equal(check(LIB, { filePath: "/p/pkg/shell.py", settings }).findings.length, 1);
  assert.equal(check(LIB, { filePath: "/p/novaclient/v2/shell.py", settings }).findings.length, 1);
});

test("console-script modules (cmd/, cli.py) are programs", () => {
  assert.equal(check(LIB, { filePath: "/p/nova/cmd/manage.py", settings }).findings.length, 0);
  assert.equal(check(LIB, { filePath: "/p/neutron/cmd/ovn/migration_mtu.py", settings }).findings.length, 0);
  assert.equal(check(LIB, { filePath: "/p/neutron/db/migration/cli.py", settings }).findings.length, 0);
  assert.equal(check(LIB, { filePath: "/p/neutron/agent/linux/utils.py", settings }).findings.length, 1);
  // a command-line package named for it (`streamlink_cli/`), not a word that only ends so
  assert.equal(check(LIB, { filePath: "/p/streamlink_cli/main.py", settings }).findings.length, 0);
  assert.equal(check(LIB, { filePath: "/p/pkg/clinic/main.py", settings }).findings.length, 1);
});

test("entry-points and cli-modules settings (with wildcards)", () => {
  const custom = settingsWith({ select: ["EXC001"], entryPoints: ["help*"], cliModules: [] });
  assert.equal(check(LIB, { filePath: "/p/pkg/helpers.py", settings: custom }).findings.length, 0);
  assert.equal(
    check(LIB, { filePath: "/p/pkg/cmd/x.py", settings: settingsWith({ select: ["EXC001"], cliModules: [] }) }).findings
      .length,
    1,
  );
});

test("typer commands are entry points", () => {
  const text = `import sys\nimport typer\n\napp = typer.Typer()\n\n\n@app.command()\ndef hello():\n    sys.exit(1)\n`;
  assert.equal(check(text, { filePath: "/p/pkg/tool.py", settings }).findings.length, 0);
  // without click or typer imported, `@x.command()` is just a decorator
  const plain = text.replace("import typer\n", "import other as typer\n");
  assert.equal(check(plain, { filePath: "/p/pkg/tool.py", settings }).findings.length, 1);
});

test("in `except X:` the RuntimeError fix binds the exception", () => {
  const text = `import sys\n\n\ndef f():\n    try:\n        g()\n    except (KeyError, ValueError):\n        sys.exit(1)\n`;
  const [finding] = check(text, { settings }).findings;
  assert.deepEqual(
    finding.fixes.map((f) => [f.title, f.safe]),
    [
      [`Re-raise the original exception (${UNSAFE})`, false],
      [`Raise RuntimeError from \`exc\` (${UNSAFE})`, false],
    ],
  );
  assert.equal(
    applyFix(text, finding.fixes[1]),
    text.replace("ValueError):", "ValueError) as exc:").replace("sys.exit(1)", "raise RuntimeError() from exc"),
  );
});

test("a bare `except:` is bound as BaseException; a name in use is not reused", () => {
  const text = `import sys\n\n\ndef f(exc):\n    try:\n        g(exc)\n    except:\n        sys.exit("failed")\n`;
  const [finding] = check(text, { settings }).findings;
  // re-raising would drop the message: the RuntimeError keeping it comes first
  assert.deepEqual(
    finding.fixes.map((f) => [f.title, f.safe]),
    [
      [`Raise RuntimeError from \`err\` (${UNSAFE})`, false],
      [`Re-raise the original exception (${UNSAFE})`, false],
    ],
  );
  assert.equal(
    applyFix(text, finding.fixes[0]),
    text
      .replace("except:", "except BaseException as err:")
      .replace('sys.exit("failed")', 'raise RuntimeError("failed") from err'),
  );
  assert.equal(fixText(text, { settings }).text, text, "no safe fix when the message would be lost");
});

test("an exit inside a larger expression has no fix", () => {
  const text = `import sys\n\n\ndef f(x):\n    return x or sys.exit(1)\n`;
  const [finding] = check(text, { settings }).findings;
  assert.deepEqual(finding.fixes, []);
});

test("test files are skipped", () => {
  assert.equal(check(LIB, { filePath: "/p/pkg/tests/unit/test_x.py", settings }).findings.length, 0);
  assert.equal(check(LIB, { filePath: "/p/pkg/tests/fixtures/nova.py", settings }).findings.length, 0);
});

test("an exit imported under another name is found", () => {
  const text = `from sys import exit as leave\n\n\ndef f():\n    leave(1)\n`;
  assert.equal(check(text, { filePath: "/p/pkg/m.py", settings }).findings.length, 1);
});

test("console scripts declared in entry_points.txt, pyproject.toml or setup.cfg are entry points", () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "pyreview-scripts-"));
  const write = (rel, text) => {
    fs.mkdirSync(path.dirname(path.join(tmp, rel)), { recursive: true });
    fs.writeFileSync(path.join(tmp, rel), text);
  };
  try {
    const body = `import sys\n\n\ndef run():\n    sys.exit(1)\n\n\nclass App:\n    def start(self):\n        sys.exit(1)\n\n\ndef helper():\n    sys.exit(1)\n`;
    // an installed package: entry_points.txt in its .dist-info beside it
    write(
      "site/tool-1.0.dist-info/entry_points.txt",
      "[console_scripts]\ntool = tool.runner:run\ntool-app = tool.runner:App.start [extra]\n",
    );
    write("site/tool/__init__.py", "");
    write("site/tool/runner.py", body);
    // a source tree: [project.scripts] in pyproject.toml, a src/ layout
    write("proj/pyproject.toml", '[project]\nname = "p"\n[project.scripts]\np = "pkg.runner:run"\n');
    write("proj/src/pkg/__init__.py", "");
    write("proj/src/pkg/runner.py", body);
    // setup.cfg
    write(
      "old/setup.cfg",
      "[metadata]\nname = o\n\n[options.entry_points]\nconsole_scripts =\n    o = opkg.runner:App.start\n",
    );
    write("old/opkg/__init__.py", "");
    write("old/opkg/runner.py", body);
    const lines = (rel) =>
      check(body, { filePath: path.join(tmp, rel), settings }).findings.map(
        (f) => body.slice(0, f.start).split("\n").length,
      );
    assert.deepEqual(lines("site/tool/runner.py"), [14]);
    assert.deepEqual(lines("proj/src/pkg/runner.py"), [10, 14]);
    assert.deepEqual(lines("old/opkg/runner.py"), [5, 14]);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});
