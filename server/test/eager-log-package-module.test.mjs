// LOG003 on a receiver named like a logger that the file imports relatively: a module of the
// package (`from .. import log`, with `def warn(msg)`) is not a logger, so its calls are neither
// findings nor rewritten (the lazy-arguments fix would call `warn(fmt, x)`: a TypeError); a logger
// bound in the package's `__init__` (`from . import log`, `log = logging.getLogger(...)`) still is.
import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { projectFolder, runCli } from "./support/cli.mjs";

const CALLER =
  'from .. import log\n\n\ndef rollback(ref, err):\n    log.warn("Failed to roll back %s: %s" % (ref, err))\n';

/** A fresh folder holding `files` ({relative path: text}). */
const project = (files) => projectFolder(files, "log003");

function log003(dir, extra = []) {
  const r = runCli(["check", "--select", "LOG003", "--format", "json", "--exit-zero", "--no-cache", ...extra, "pkg"], {
    cwd: dir,
  });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout).map((f) => `${f.path}:${f.line}`);
}

test("a module of the package is not a logger: no finding, no fix", () => {
  const imports = [
    "from .. import log",
    "from pkg import log",
    "import pkg.log as log",
    "from ..log import debug as _d, warn as _w\nfrom .. import log as log",
  ];
  for (const line of imports) {
    const caller = CALLER.replace("from .. import log", line);
    const dir = project({
      "pkg/__init__.py": "",
      "pkg/log.py": 'import logging\n\n\ndef warn(msg):\n    logging.getLogger("pkg").warning(msg)\n',
      "pkg/deb/__init__.py": "",
      "pkg/deb/rollback.py": caller,
    });
    assert.deepEqual(log003(dir), [], line);
    // and --fix leaves the call as it is
    runCli(["check", "--select", "LOG003", "--fix", "--no-cache", "--exit-zero", "pkg"], { cwd: dir });
    assert.equal(fs.readFileSync(path.join(dir, "pkg/deb/rollback.py"), "utf8"), caller, line);
  }
  // `import pkg.log` read as `pkg.log.warn(...)`: the module too
  const dir = project({
    "pkg/__init__.py": "",
    "pkg/log.py": "def warn(msg):\n    print(msg)\n",
    "pkg/run.py": 'import pkg.log\n\n\ndef run(x):\n    pkg.log.warn("x %s" % x)\n',
  });
  assert.deepEqual(log003(dir), []);
});

test("logging imported under a logger's name is still logging", () => {
  const dir = project({
    "pkg/__init__.py": "",
    "pkg/run.py": 'import logging as log\n\n\ndef run(x):\n    log.info("x %s" % x)\n',
  });
  assert.deepEqual(log003(dir), ["pkg/run.py:5"]);
});

test("a logger bound in the package's __init__ and imported relatively is still reported", () => {
  const dir = project({
    "pkg/__init__.py": 'import logging\n\nlog = logging.getLogger("pkg")\n',
    "pkg/deb/__init__.py": "",
    "pkg/deb/rollback.py": CALLER,
  });
  assert.deepEqual(log003(dir), ["pkg/deb/rollback.py:5"]);
});
