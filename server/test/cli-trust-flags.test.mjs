// The settings that run code come only from the user: a repository's pyproject.toml cannot set them
// (trust.test.mjs), so the command line takes them as flags: --python (the interpreter asked for
// sys.path), --extra-path (repeatable; any folder, even outside the project) and --dynamic-imports.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { runCli } from "./support/cli.mjs";

const HAS_PYTHON = spawnSync("python3", ["-I", "-c", "pass"]).status === 0;
const skip = !HAS_PYTHON && "no python3";

let top;
let project;
let markers;

function write(file, text, mode) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text, { mode });
}

before(() => {
  top = fs.mkdtempSync(path.join(os.tmpdir(), "pyreview-trust-flags-"));
  project = path.join(top, "project");
  markers = path.join(top, "markers");
  fs.mkdirSync(markers);
  write(path.join(project, "pyproject.toml"), '[tool.pyreview]\nselect = ["IMP001"]\n');
  // an interpreter of the user's choosing: leaves a mark, then is python3
  write(path.join(top, "my-python"), `#!/bin/sh\necho ran > '${markers}/interpreter-ran'\nexec python3 "$@"\n`, 0o755);
  write(path.join(project, "pkg", "__init__.py"), `open(${JSON.stringify(`${markers}/init-ran`)}, "w").write("x")\n`);
  write(path.join(project, "pkg", "ext.so"), "not an ELF file"); // no source: only importing lists its names
  write(path.join(top, "outside", "beyond.py"), "BEYOND = 1\n");
  write(path.join(top, "elsewhere", "far.py"), "FAR = 1\n");
  write(
    path.join(project, "app.py"),
    "from pkg.ext import *\nfrom beyond import *\nfrom far import *\nfrom nowhere import *\n\nprint(x, BEYOND, FAR)\n",
  );
});

after(() => fs.rmSync(top, { recursive: true, force: true }));

function check(...flags) {
  fs.rmSync(markers, { recursive: true, force: true });
  fs.mkdirSync(markers);
  const r = runCli(["check", "--format", "json", ...flags, "app.py"], { cwd: project });
  const findings = JSON.parse(r.stdout);
  return { r, findings, message: (module) => findings.find((f) => f.message.includes(`\`${module}\``))?.message ?? "" };
}

test("without the flags nothing runs and nothing outside the project is searched", { skip }, () => {
  const { message } = check();
  assert.deepEqual(fs.readdirSync(markers), []);
  assert.match(message("beyond"), /could not be found/);
  assert.match(message("nowhere"), /with interpreter `python3`/);
});

test("--python names the interpreter whose sys.path finds installed modules", { skip }, () => {
  const python = path.join(top, "my-python");
  const { r, message } = check("--python", python);
  assert.equal(r.status, 1, r.stderr);
  assert.ok(fs.existsSync(path.join(markers, "interpreter-ran")), "the interpreter given was run");
  assert.match(message("nowhere"), new RegExp(`with interpreter \`${python.replace(/[.]/g, "\\.")}\``));
});

test("--extra-path adds folders to search, outside the project too, and repeats", { skip }, () => {
  const { message } = check("--extra-path", "../outside", "--extra-path", path.join(top, "elsewhere"));
  assert.match(message("beyond"), /uses 1 of its names: BEYOND/);
  assert.match(message("far"), /uses 1 of its names: FAR/);
  assert.deepEqual(fs.readdirSync(markers), [], "searching runs nothing");
});

test("--dynamic-imports imports modules without source in a separate process", { skip }, () => {
  const without = check();
  assert.match(without.message("pkg.ext"), /imports\.dynamic|--dynamic-imports/);
  assert.equal(fs.existsSync(path.join(markers, "init-ran")), false);
  check("--dynamic-imports");
  assert.ok(fs.existsSync(path.join(markers, "init-ran")), "the package was imported");
});
