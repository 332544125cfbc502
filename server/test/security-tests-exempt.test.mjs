// SEC005, SEC008 and SEC009 skip test files (settings.testPatterns), taken relative to the root.
import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { runCli } from "./support/cli.mjs";
import { check, settingsWith } from "./support/engine.mjs";

const SOURCE = 'PASSWORD = "hunter2"\nBIND_HOST = "0.0.0.0"\n\n\ndef f(x):\n    assert x > 0\n';
const settings = settingsWith({ select: ["SEC005", "SEC008", "SEC009"] });
const codes = (r) => r.findings.map((f) => f.code).sort();

test("production code is reported", () => {
  assert.deepEqual(codes(check(SOURCE, { filePath: "/p/pkg/service.py", settings, root: "/p" })), [
    "SEC005",
    "SEC008",
    "SEC009",
  ]);
});

test("test files and folders are not, including Django-style tests.py", () => {
  for (const filePath of [
    "/p/pkg/tests/unit/service.py",
    "/p/pkg/test/service.py",
    "/p/pkg/test_service.py",
    "/p/pkg/service_test.py",
    "/p/pkg/tests.py",
    "/p/conftest.py",
  ]) {
    assert.deepEqual(codes(check(SOURCE, { filePath, settings, root: "/p" })), [], filePath);
  }
});

test("a checkout under a folder named test/ is not all tests; test-patterns = [] checks tests too", () => {
  assert.equal(
    check(SOURCE, { filePath: "/home/me/test/proj/pkg/service.py", settings, root: "/home/me/test/proj" }).findings
      .length,
    3,
  );
  const all = settingsWith({ select: ["SEC005", "SEC008", "SEC009"], testPatterns: [] });
  assert.equal(check(SOURCE, { filePath: "/p/pkg/tests/service.py", settings: all, root: "/p" }).findings.length, 3);
});

test("the command line without a pyproject.toml: a data folder inside a package's tests/ is tests too", () => {
  // fail2ban/tests/files/config/x.py: no __init__.py below tests/, yet it lies under the package's tests/
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pyreview-test-root-"));
  try {
    const write = (rel, text) => {
      fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
      fs.writeFileSync(path.join(dir, rel), text);
    };
    write("site/pkg/__init__.py", "");
    write("site/pkg/tests/__init__.py", "");
    write("site/pkg/tests/files/config/manual.py", SOURCE);
    write("site/pkg/files/config/service.py", SOURCE);
    write("scripts/tools/service.py", SOURCE);
    const r = runCli(["check", "--select", "SEC005,SEC008,SEC009", "--format", "json", "--no-cache", dir]);
    const reported = [...new Set(JSON.parse(r.stdout).map((f) => path.relative(dir, f.path)))].sort();
    // a data folder of the package outside tests/, and a folder of no package at all, are reported
    assert.deepEqual(reported, ["scripts/tools/service.py", "site/pkg/files/config/service.py"]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
