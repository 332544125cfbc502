// SEC004: the `usedforsecurity=False` fix and advice follow the project's oldest Python.
import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { api, check, settingsWith } from "./support/engine.mjs";

const TEXT = `import hashlib\n\n\ndef key(data):\n    return hashlib.md5(data).hexdigest()\n\n\ndef store(password, salt):\n    return hashlib.md5(salt + password).hexdigest()\n`;

function findings(targetVersion) {
  return check(TEXT, { settings: settingsWith({ select: ["SEC004"], targetVersion }) }).findings;
}

test("on Python 3.9 or later the fix is offered, unsafe, and never for a password", () => {
  const [key, store] = findings("py39");
  assert.equal(key.fixes.length, 1);
  assert.equal(key.fixes[0].safe, false);
  assert.match(key.message, /pass `usedforsecurity=False` if it is a checksum/);
  assert.equal(store.fixes.length, 0);
  assert.match(store.message, /hashes a password/);
});

test("below 3.9, or when the oldest Python is not known, neither the fix nor the advice", () => {
  for (const [target, said] of [
    ["py38", /this project still supports Python 3\.8/],
    [null, /oldest Python is not known/],
  ]) {
    const [key] = findings(target);
    assert.equal(key.fixes.length, 0);
    assert.match(key.message, said);
    assert.doesNotMatch(key.message, /pass `usedforsecurity=False`/);
  }
});

test("the oldest Python comes from [tool.pyreview], else requires-python, else ruff's target-version", () => {
  assert.equal(api.requiresPythonFloor(">=3.9,<4"), "py39");
  assert.equal(api.requiresPythonFloor("~=3.10"), "py310");
  assert.equal(api.requiresPythonFloor(">3.8, !=3.9.1"), "py38");
  assert.equal(api.requiresPythonFloor("<4"), null);
  const top = fs.mkdtempSync(path.join(fs.realpathSync(os.tmpdir()), "pyreview-target-"));
  try {
    const cases = [
      ['[project]\nrequires-python = ">=3.10"\n', "py310"],
      ['[tool.ruff]\ntarget-version = "py39"\n', "py39"],
      ['[project]\nrequires-python = ">=3.7"\n[tool.ruff]\ntarget-version = "py311"\n', "py37"],
      ['[project]\nrequires-python = ">=3.7"\n[tool.pyreview]\ntarget-version = "py312"\n', "py312"],
      ["[project]\nname = 'x'\n", undefined],
    ];
    cases.forEach(([toml, want], i) => {
      const dir = path.join(top, String(i));
      fs.mkdirSync(dir);
      fs.writeFileSync(path.join(dir, "pyproject.toml"), toml);
      assert.equal(api.projectConfigFor(path.join(dir, "m.py")).values.targetVersion, want, toml);
    });
  } finally {
    fs.rmSync(top, { recursive: true, force: true });
  }
});

test("an installed package without pyproject.toml: the oldest Python comes from its metadata's Requires-Python", () => {
  const site = fs.mkdtempSync(path.join(fs.realpathSync(os.tmpdir()), "pyreview-site-"));
  try {
    const layouts = [
      // a wheel's dist-info named after the package, an egg-info naming it in top_level.txt
      ["shop", "shop-1.0.dist-info", "METADATA", "Requires-Python: >=3.10\n", "py310"],
      ["cart", "Cart_Tools-2.0.egg-info", "PKG-INFO", "Requires-Python: >=3.7\n", "py37"],
      ["bare", "bare-1.0.dist-info", "METADATA", "Name: bare\n", undefined],
    ];
    for (const [pkg, info, file, metadata, want] of layouts) {
      fs.mkdirSync(path.join(site, pkg, "sub"), { recursive: true });
      fs.writeFileSync(path.join(site, pkg, "__init__.py"), "");
      fs.writeFileSync(path.join(site, pkg, "sub", "__init__.py"), "");
      fs.mkdirSync(path.join(site, info));
      fs.writeFileSync(path.join(site, info, file), `Metadata-Version: 2.1\n${metadata}`);
      if (info.endsWith(".egg-info")) fs.writeFileSync(path.join(site, info, "top_level.txt"), `${pkg}\n`);
      const module = path.join(site, pkg, "sub", "m.py");
      assert.equal(api.projectConfigFor(module).values.targetVersion, want, pkg);
      // the CLI searches with a cache shared across files: the metadata must still be read
      assert.equal(api.projectConfigFor(module, null, new Map()).values.targetVersion, want, `${pkg} (cached search)`);
    }
  } finally {
    fs.rmSync(site, { recursive: true, force: true });
  }
});
