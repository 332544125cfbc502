// Rule metadata the engine acts on: skipping test files (the same way for every rule that asks,
// with a line for the report) and other tools' noqa codes.
import { test } from "node:test";
import assert from "node:assert/strict";
import { api, check } from "./support/engine.mjs";

// One snippet that every test-skipping rule would flag outside a test file.
const SNIPPET = `import hashlib
import logging
import pickle
import random
import subprocess
import sys

import requests

LOG = logging.getLogger(__name__)
DB_PASSWORD = "Zq8-kT4m-w2Lp"


class Worker:
    def __init__(self):
        self.retries = 17

    def wait(self, timeout):
        pass


def run(port, cmd, blob):
    assert port > 0
    print("starting")
    subprocess.run(cmd, shell=True)
    eval(cmd)
    state = pickle.loads(blob)
    digest = hashlib.md5(blob).hexdigest()
    requests.get(cmd, verify=False)
    token = random.choice("abcdef")
    sys.exit(3)


def serve(sock):
    sock.bind(("0.0.0.0", 8080))
`;

const skipping = api.ALL_RULES.filter((r) => r.meta.skipsTestFiles).map((r) => r.meta.code);

test("the rules that skip test files are the ones whose findings would be noise there", () => {
  assert.deepEqual(skipping.sort(), [
    "CFG001",
    "DOC001",
    "DOC002",
    "EXC001",
    "LOG004",
    "SEC001",
    "SEC002",
    "SEC003",
    "SEC004",
    "SEC005",
    "SEC007",
    "SEC008",
    "SEC009",
    "SEC010",
    "SEC011",
  ]);
});

test("outside a test file, each test-skipping rule reports on the snippet", () => {
  const codes = new Set(check(SNIPPET, { filePath: "/proj/pkg/worker.py" }).findings.map((f) => f.code));
  for (const code of skipping) assert.ok(codes.has(code), `${code} should report on the snippet`);
});

test("in a test file the engine skips them all, and says so once per rule", () => {
  for (const filePath of ["/proj/tests/test_worker.py", "/proj/pkg/worker_test.py", "/proj/conftest.py"]) {
    const r = check(SNIPPET, { filePath });
    const codes = new Set(r.findings.map((f) => f.code));
    for (const code of skipping) assert.ok(!codes.has(code), `${code} reported in ${filePath}`);
    const skippedLines = r.unchecked.filter((u) => u.includes("a test file"));
    assert.deepEqual(skippedLines.map((u) => u.split(":")[0]).sort(), [...skipping].sort());
  }
});

test("other tools' noqa codes suppress the rule that declares them, and only it", () => {
  const imp = api.ruleByCode("IMP001");
  assert.deepEqual(imp.meta.noqaAliases, ["F401", "F403", "F405"]);
  const text = "from os.path import *  # noqa: F403\nimport sys  # noqa: F403\n\nprint(join('a', 'b'), sys.argv)\n";
  const r = check(text, { filePath: "/proj/pkg/mod.py" });
  assert.deepEqual(
    r.findings.filter((f) => f.code === "IMP001"),
    [],
  );
  const unsuppressed = check(text.replace("  # noqa: F403", ""), { filePath: "/proj/pkg/mod.py" });
  assert.equal(unsuppressed.findings.filter((f) => f.code === "IMP001").length, 1);
});
