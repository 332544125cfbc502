// LOG002 reads the modules beside a file: a logger they use from it, imported by name or read as
// an attribute of the module (`import pkg.metrics as metrics` ... `metrics.log.debug(...)`), is
// used; one nobody uses is still reported.
import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { runCli } from "./support/cli.mjs";

const LOGGER =
  '"""Timing."""\nimport logging\n\nlog = logging.getLogger(__name__)\n\n\ndef timer():\n    """A timer."""\n    return 0\n';

function project(users) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pyreview-log002-"));
  const pkg = path.join(dir, "pkg");
  fs.mkdirSync(pkg);
  fs.writeFileSync(path.join(pkg, "__init__.py"), "");
  fs.writeFileSync(path.join(pkg, "metrics.py"), LOGGER);
  for (const [name, text] of Object.entries(users)) fs.writeFileSync(path.join(pkg, name), text);
  return dir;
}

function log002(dir) {
  const r = runCli(["check", "--select", "LOG002", "--format", "json", "--exit-zero", "--no-cache", "pkg"], {
    cwd: dir,
  });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout).map((f) => f.path);
}

test("a logger the package reads as an attribute of its module is used; one nobody reads is reported", () => {
  const uses = {
    "import pkg.metrics as metrics\n": "metrics.log.debug('x')\n",
    "from pkg import metrics\n": "metrics.log.debug('x')\n",
    "from . import metrics\n": "metrics . log.debug('x')\n",
    "import pkg.metrics\n": "pkg.metrics.log.debug('x')\n",
    "from .metrics import log\n": "log.debug('x')\n",
  };
  for (const [imports, use] of Object.entries(uses)) {
    const dir = project({ "client.py": `"""Client."""\n${imports}\n\ndef run():\n    """Run."""\n    ${use}` });
    assert.deepEqual(log002(dir), [], `${imports.trim()} … ${use.trim()}`);
  }
  // a module of the package that only reads another attribute, or another module's `log`: still unused
  const dir = project({
    "client.py":
      '"""Client."""\nimport pkg.metrics as metrics\nimport pkg.other as other\n\n\ndef run():\n    """Run."""\n    other.log.debug(metrics.timer())\n',
    "other.py": '"""Other."""\nimport logging\n\nlog = logging.getLogger(__name__)\n',
  });
  assert.deepEqual(log002(dir), ["pkg/metrics.py"]);
});
