// The packaged extension holds only what runs, well under 5 MB; the grammar is the noted one.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { REPO } from "./support/engine.mjs";

test("the .vsix lists only dist/ (desktop and browser builds), package.json, README, CHANGELOG, LICENSE and the icon, under 5 MB", (t) => {
  const vsix = path.join(REPO, "pyreview.vsix");
  if (!fs.existsSync(vsix)) return t.skip("pyreview.vsix not built (npm run package; .ci/run builds it)");
  const listing = JSON.parse(
    execFileSync(
      "python3",
      [
        "-c",
        "import json,sys,zipfile; z=zipfile.ZipFile(sys.argv[1]); print(json.dumps([[i.filename, i.file_size] for i in z.infolist()]))",
        vsix,
      ],
      { encoding: "utf8" },
    ),
  );
  const names = listing.map(([n]) => n).sort();
  assert.deepEqual(names, [
    "[Content_Types].xml",
    "extension.vsixmanifest",
    "extension/LICENSE.txt",
    "extension/changelog.md",
    "extension/dist/browser/extension.js",
    "extension/dist/browser/server.js",
    "extension/dist/cli-main.js",
    "extension/dist/cli.js",
    "extension/dist/extension.js",
    "extension/dist/server.js",
    "extension/dist/tree-sitter-python.wasm",
    "extension/dist/tree-sitter.wasm",
    "extension/dist/worker-main.js",
    "extension/dist/worker.js",
    "extension/images/icon.png",
    "extension/package.json",
    "extension/readme.md",
  ]);
  const size = fs.statSync(vsix).size;
  assert.ok(size < 5 * 1024 * 1024, `${size} bytes`);
  const manifest = JSON.parse(
    execFileSync(
      "python3",
      ["-c", "import sys,zipfile; print(zipfile.ZipFile(sys.argv[1]).read('extension/package.json').decode())", vsix],
      { encoding: "utf8" },
    ),
  );
  assert.equal(manifest.main, "./dist/extension.js");
  assert.equal(manifest.browser, "./dist/browser/extension.js");
  assert.deepEqual(manifest.activationEvents, ["onLanguage:python", "onNotebook:jupyter-notebook"]);
  assert.equal(manifest.icon, "images/icon.png");
});

test("grammars/tree-sitter-python.wasm matches the checksum in grammars/README.md", () => {
  const note = fs.readFileSync(path.join(REPO, "grammars/README.md"), "utf8");
  const noted = /sha256: `([0-9a-f]{64})`/.exec(note)[1];
  const actual = createHash("sha256")
    .update(fs.readFileSync(path.join(REPO, "grammars/tree-sitter-python.wasm")))
    .digest("hex");
  assert.equal(actual, noted);
});

test("README's rule sections are generated from the rule metadata", () => {
  execFileSync(process.execPath, [path.join(REPO, "scripts/readme-rules.mjs"), "--check"], { stdio: "pipe" });
});
