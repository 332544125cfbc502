// Nothing in a repository runs code: a hostile pyproject.toml (an interpreter that is a script,
// dynamic imports of a package whose __init__.py writes a file, extra paths outside the project),
// checked by the CLI and opened in the server, runs nothing; one message names what was ignored.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { runCli } from "./support/cli.mjs";
import { startServer, uriOf } from "./support/lsp.mjs";

const HAS_PYTHON = spawnSync("python3", ["-I", "-c", "pass"]).status === 0;

let top;
let project;
let markers;

function write(file, text, mode) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text, { mode });
}

/** A fresh marker folder: anything that runs writes there. */
function freshMarkers() {
  markers = fs.mkdtempSync(path.join(top, "markers-"));
  write(
    path.join(project, "evil-python"),
    `#!/bin/sh\necho ran > '${markers}/interpreter-ran'\nexec python3 "$@"\n`,
    0o755,
  );
  write(path.join(project, "pkg", "__init__.py"), `open(${JSON.stringify(`${markers}/init-ran`)}, "w").write("x")\n`);
}

before(() => {
  top = fs.mkdtempSync(path.join(os.tmpdir(), "pyreview-trust-"));
  project = path.join(top, "project");
  write(
    path.join(project, "pyproject.toml"),
    [
      "[tool.pyreview]",
      'select = ["IMP001"]',
      `python-interpreter = ${JSON.stringify(path.join(project, "evil-python"))}`,
      "imports = { dynamic = true }",
      'extra-paths = ["vendor", "../outside"]',
      "",
    ].join("\n"),
  );
  write(path.join(project, "pkg", "ext.so"), "not an ELF file"); // no source: only importing lists its names
  write(path.join(project, "vendor", "inside.py"), "INSIDE = 1\n");
  write(path.join(top, "outside", "beyond.py"), "BEYOND = 1\n");
  const user = "from pkg.ext import *\nfrom inside import *\nfrom beyond import *\n\nprint(x, INSIDE, BEYOND)\n";
  write(path.join(project, "app", "one.py"), user);
  write(path.join(project, "app", "two.py"), user);
});

after(() => fs.rmSync(top, { recursive: true, force: true }));

const IGNORED =
  /pyproject\.toml \[tool\.pyreview\]: ignored `python-interpreter`, `imports\.dynamic`, `extra-paths` entries outside the project \("\.\.\/outside"\): settings that run code/;

function assertNothingRan() {
  assert.deepEqual(fs.readdirSync(markers), [], "something from the repository ran");
}

test("the CLI: nothing runs, one message names what was ignored, the rest of [tool.pyreview] applies", {
  skip: !HAS_PYTHON && "no python3",
}, () => {
  freshMarkers();
  const r = runCli(["check", "--format", "json", path.join(project, "app")], { cwd: project });
  assertNothingRan();
  assert.equal(r.status, 1, r.stderr); // findings; an ignored setting is not a configuration error
  assert.equal(r.stderr.split("\n").filter((l) => IGNORED.test(l)).length, 1, r.stderr);
  const findings = JSON.parse(r.stdout);
  assert.deepEqual([...new Set(findings.map((f) => f.code))], ["IMP001"], "select from pyproject.toml applies");
  const one = findings.filter((f) => f.path.endsWith("one.py"));
  assert.match(one[0].message, /`pyreview\.imports\.dynamic`/, "the compiled module is not imported");
  assert.match(one[1].message, /uses 1 of its names: INSIDE/, "an extra path inside the project is taken");
  assert.match(one[2].message, /could not be found/, "an extra path outside the project is not");
  assert.match(one[2].message, /with interpreter `python3`/);
});

test("the server: opening the files runs nothing, and the message is given once", {
  skip: !HAS_PYTHON && "no python3",
}, async () => {
  freshMarkers();
  const { client } = await startServer(project, {});
  try {
    for (const name of ["one.py", "two.py"]) {
      const file = path.join(project, "app", name);
      const uri = uriOf(file);
      client.open(uri, fs.readFileSync(file, "utf8"));
      const { diagnostics } = await client.waitForDiagnostics(uri, 1);
      assert.equal(diagnostics.length, 3);
      assert.match(diagnostics[2].message, /could not be found .*with interpreter `python3`/);
    }
    assertNothingRan();
    const logged = client.logMessages.filter((m) => IGNORED.test(m.message));
    const shown = client.serverRequests.filter(
      (r) => r.method === "window/showMessageRequest" && IGNORED.test(r.params.message),
    );
    assert.equal(logged.length, 1, "once in the log");
    assert.equal(shown.length, 1, "once on screen");
  } finally {
    await client.shutdown();
  }
});
