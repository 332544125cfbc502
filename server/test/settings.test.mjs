// The settings table is the one list: package.json's contributes.configuration and Workspace Trust
// declaration are generated from it (and checked here), every name it gives parses to its key, and
// a file in the repository cannot set what runs code.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { api, REPO } from "./support/engine.mjs";
import { settingsDifferences } from "../../scripts/settings-manifest.mjs";

const manifest = JSON.parse(fs.readFileSync(path.join(REPO, "package.json"), "utf8"));

test("package.json's settings and Workspace Trust entries are the settings table's", () => {
  assert.deepEqual(settingsDifferences(manifest), []);
  execFileSync(process.execPath, [path.join(REPO, "scripts/settings-manifest.mjs"), "--check"], { stdio: "pipe" });
  const properties = manifest.contributes.configuration.properties;
  for (const spec of api.SETTINGS.filter((s) => s.vscode)) {
    const p = properties[`pyreview.${spec.vscode}`];
    assert.ok(p, spec.vscode);
    assert.equal(p.description, spec.description);
  }
  assert.deepEqual(manifest.capabilities.untrustedWorkspaces.restrictedConfigurations, [
    "pyreview.python.interpreter",
    "pyreview.extraPaths",
    "pyreview.imports.dynamic",
  ]);
});

test("the check names each disagreement: a name, a type, a default, a description, trust", () => {
  const changed = structuredClone(manifest);
  const props = changed.contributes.configuration.properties;
  props["pyreview.debounceMs"].default = 200;
  props["pyreview.run"].enum = ["onType"];
  props["pyreview.enable"].description = "Something else.";
  props["pyreview.lineLength"].type = "number";
  delete props["pyreview.ignore"];
  props["pyreview.unknown"] = { type: "boolean", default: false };
  changed.capabilities.untrustedWorkspaces.restrictedConfigurations.pop();
  const differences = settingsDifferences(changed);
  for (const name of ["debounceMs", "run", "enable", "lineLength", "ignore", "unknown"])
    assert.ok(
      differences.some((d) => d.startsWith(`pyreview.${name}:`)),
      `${name} not reported: ${differences.join("\n")}`,
    );
  assert.ok(differences.some((d) => d.startsWith("capabilities.untrustedWorkspaces:")));
  assert.equal(differences.length, 7);
});

test("every name of every setting parses to its key, with the table's default as the value", () => {
  for (const spec of api.SETTINGS) {
    const names = new Set([spec.pyproject, spec.vscode, ...(spec.aliases ?? [])].filter(Boolean));
    for (const name of names) {
      const value =
        spec.default ??
        {
          interpreter: "python3",
          strings: ["DOC"],
          number: 100,
          path: "baseline.json",
          choice: spec.type.values?.[0],
          folder: ".cache",
        }[spec.type.kind];
      const { values, problems } = api.parseSettings({ [name]: value }, "test");
      assert.deepEqual(problems, [], name);
      assert.deepEqual(values, { [spec.key]: value }, name);
    }
  }
  // nested tables, as TOML writes dotted keys
  const nested = api.parseSettings({ python: { interpreter: "/usr/bin/python3" }, imports: { "in-init": true } }, "t");
  assert.deepEqual(nested.values, { pythonInterpreter: "/usr/bin/python3", importsInInit: true });
  assert.deepEqual(api.mergeSettings(), api.DEFAULT_SETTINGS);
  assert.deepEqual(Object.keys(api.DEFAULT_SETTINGS).sort(), api.SETTINGS.map((s) => s.key).sort());
});

test("bad values are named with what was expected", () => {
  const { values, problems } = api.parseSettings(
    { run: "sometimes", "debounce-ms": -1, "line-length": 7.5, severity: { X: "loud" }, nope: 1, select: ["DOC"] },
    "src",
  );
  assert.deepEqual(values, { severity: {}, select: ["DOC"] });
  assert.deepEqual(
    problems.map((p) => `${p.key}: ${p.message}`),
    [
      'run: expected "onType" or "onSave", got "sometimes"',
      "debounce-ms: expected a number of milliseconds from 0 to 10000",
      "line-length: expected a positive whole number",
      'severity.X: expected one of error, warning, information, hint, got "loud"',
      "nope: unknown setting",
    ],
  );
});

test("from a file in the repository, settings that run code are ignored (a default value is harmless)", () => {
  const raw = {
    "python-interpreter": "/tmp/evil",
    imports: { dynamic: true, "in-init": true },
    "extra-paths": ["vendor"],
    enable: true,
  };
  const fromRepository = api.parseSettings(raw, "pyproject.toml", true);
  assert.deepEqual(fromRepository.ignored, ["python-interpreter", "imports.dynamic"]);
  assert.deepEqual(fromRepository.values, { importsInInit: true, extraPaths: ["vendor"], enable: true });
  const harmless = api.parseSettings({ imports: { dynamic: false }, "python-interpreter": "" }, "p", true);
  assert.deepEqual(harmless.ignored, []);
  const fromUser = api.parseSettings(raw, "VS Code settings");
  assert.deepEqual(fromUser.ignored, []);
  assert.equal(fromUser.values.pythonInterpreter, "/tmp/evil");
  assert.equal(fromUser.values.importsDynamic, true);
});

test("pyproject.toml: extra-paths inside the project are taken; outside it, or through a link out of it, not", () => {
  const top = fs.mkdtempSync(path.join(fs.realpathSync(os.tmpdir()), "pyreview-settings-"));
  try {
    const project = path.join(top, "project");
    fs.mkdirSync(path.join(project, "vendor"), { recursive: true });
    fs.mkdirSync(path.join(top, "outside"));
    fs.symlinkSync(path.join(top, "outside"), path.join(project, "link"));
    fs.writeFileSync(
      path.join(project, "pyproject.toml"),
      `[tool.pyreview]\nextra-paths = ["vendor", "./vendor/../vendor", "../outside", "link", "${top}/outside"]\n`,
    );
    const config = api.projectConfigFor(path.join(project, "m.py"));
    assert.deepEqual(config.values.extraPaths, ["vendor", "./vendor/../vendor"]);
    assert.deepEqual(config.problems, []);
    assert.equal(config.notices.length, 1);
    assert.match(
      config.notices[0],
      /pyproject\.toml \[tool\.pyreview\]: ignored `extra-paths` entries outside the project \("\.\.\/outside", "link", ".*\/outside"\): settings that run code/,
    );
  } finally {
    fs.rmSync(top, { recursive: true, force: true });
  }
});
