// LOG002 cases that need other files: a logger the package's other modules import is shared, not unused.
import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { api, parsing, settingsWith } from "./support/engine.mjs";

const LOG002 = settingsWith({ select: ["LOG002"] });
const LIB = '"""Shared state."""\nimport logging\n\nlog = logging.getLogger()\nCOUNT = 0\n';

function findingsIn(dir, name, text) {
  const resolver = new api.ImportResolver(parsing.language, [dir]);
  const tree = parsing.parser.parse(text);
  try {
    const file = path.join(dir, name);
    return api.checkTree(parsing, tree, text, { path: file, settings: LOG002, root: dir, resolver }).findings;
  } finally {
    tree.delete();
  }
}

test("LOG002: a logger another module of the package imports is not reported", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pyreview-log002-shared-"));
  try {
    fs.writeFileSync(path.join(dir, "shared.py"), LIB);
    fs.writeFileSync(path.join(dir, "other.py"), "import os\n");
    assert.equal(findingsIn(dir, "shared.py", LIB).length, 1, "nobody imports it: reported");
    fs.writeFileSync(
      path.join(dir, "spawn.py"),
      "import os\n\nfrom .shared import (\n    COUNT,\n    log,  # the package's logger\n)\n",
    );
    assert.deepEqual(findingsIn(dir, "shared.py", LIB), [], "imported by a sibling: shared");
    // the same name imported from another module does not count
    fs.writeFileSync(path.join(dir, "spawn.py"), "from .elsewhere import log\n");
    assert.equal(findingsIn(dir, "shared.py", LIB).length, 1);
    // `from . import log` in a package's module reaches its `__init__.py`
    fs.writeFileSync(path.join(dir, "spawn.py"), "from . import log as _log\n");
    assert.deepEqual(findingsIn(dir, "__init__.py", LIB), []);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
