// LOG004 cases that need a particular file path.
import { test } from "node:test";
import assert from "node:assert/strict";
import { check, settingsWith } from "./support/engine.mjs";

const settings = settingsWith({ select: ["LOG004"] });
const TEXT = `import logging\n\nLOG = logging.getLogger(__name__)\n\n\ndef report(x):\n    print("invalid value", x)\n`;

test("library modules are checked; programs and tests are not", () => {
  assert.equal(check(TEXT, { filePath: "/p/nova/compute/api.py", settings }).findings.length, 1);
  assert.equal(check(TEXT, { filePath: "/p/nova/cmd/manage.py", settings }).findings.length, 0);
  assert.equal(check(TEXT, { filePath: "/p/pkg/__main__.py", settings }).findings.length, 0);
  assert.equal(check(TEXT, { filePath: "/p/pkg/tests/test_api.py", settings }).findings.length, 0);
});

test("entry-points setting", () => {
  const custom = settingsWith({ select: ["LOG004"], entryPoints: ["report"] });
  assert.equal(check(TEXT, { filePath: "/p/pkg/api.py", settings: custom }).findings.length, 0);
});
