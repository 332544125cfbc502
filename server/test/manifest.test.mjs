// The extension manifest is ready for a marketplace: icon, categories, keywords, CHANGELOG,
// bugs/homepage; the repository's address is written once (package.json's `repository`) and every
// rule link and SARIF helpUri is derived from it; the editor settings ruff's users expect exist.
import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { api, REPO } from "./support/engine.mjs";
import { runCli } from "./support/cli.mjs";

const manifest = JSON.parse(fs.readFileSync(path.join(REPO, "package.json"), "utf8"));
const web = api.repositoryWebUrl(manifest.repository);

test("icon: a 128×128 PNG, small, listed in package.json and packaged", () => {
  const icon = fs.readFileSync(path.join(REPO, manifest.icon));
  assert.deepEqual([...icon.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], "PNG signature");
  assert.equal(icon.toString("latin1", 12, 16), "IHDR");
  assert.deepEqual([icon.readUInt32BE(16), icon.readUInt32BE(20)], [128, 128]);
  assert.ok(icon.length < 16 * 1024, `${icon.length} bytes`);
  const ignore = fs.readFileSync(path.join(REPO, ".vscodeignore"), "utf8").split("\n");
  assert.ok(ignore.includes(`!${manifest.icon}`), ".vscodeignore lets the icon into the .vsix");
  assert.ok(ignore.includes("!CHANGELOG.md"), ".vscodeignore lets the changelog into the .vsix");
});

test("categories and keywords as ruff's and pylint's extensions use them; bugs and homepage from the repository", () => {
  assert.deepEqual(manifest.categories, ["Programming Languages", "Linters"]);
  assert.ok(manifest.keywords.includes("python") && manifest.keywords.includes("jupyter"));
  assert.ok(manifest.keywords.length <= 30, "the marketplace takes at most 30 keywords");
  assert.equal(manifest.bugs.url, `${web}/issues`);
  assert.equal(manifest.homepage, `${web}#readme`);
  assert.ok(manifest.activationEvents.includes("onNotebook:jupyter-notebook"));
});

test("CHANGELOG.md has a section for the manifest's version", () => {
  const changelog = fs.readFileSync(path.join(REPO, "CHANGELOG.md"), "utf8");
  assert.match(changelog, new RegExp(`^## ${manifest.version.replace(/\./g, "\\.")}\\b`, "m"));
});

test("the repository's address: derived from package.json's `repository`, in every form npm allows", () => {
  assert.equal(web, "https://github.com/pyreview/pyreview");
  for (const form of [
    "https://github.com/o/x.git",
    "git+https://github.com/o/x.git",
    "git@github.com:o/x.git",
    "git+ssh://git@github.com/o/x.git",
    "github:o/x",
    "o/x",
    { type: "git", url: "https://github.com/o/x" },
  ])
    assert.equal(api.repositoryWebUrl(form), "https://github.com/o/x", JSON.stringify(form));
});

test("rule links and SARIF helpUri come from that one address; no source file spells it", () => {
  assert.equal(api.README_URL, `${web}/blob/main/README.md`);
  for (const rule of api.ALL_RULES) assert.ok(api.ruleUrl(rule.meta).startsWith(`${api.README_URL}#`), rule.meta.code);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "pyreview-manifest-"));
  fs.writeFileSync(path.join(dir, "m.py"), "import hashlib\nhashlib.md5(b'x')\n");
  const sarif = JSON.parse(runCli(["check", "--format", "sarif", "m.py"], { cwd: dir }).stdout);
  const driver = sarif.runs[0].tool.driver;
  assert.equal(driver.informationUri, api.README_URL);
  for (const rule of driver.rules) assert.ok(rule.helpUri.startsWith(`${api.README_URL}#`), rule.id);
  const spelled = [];
  const walk = (d) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, e.name);
      if (e.isDirectory()) walk(full);
      else if (/\.(ts|mjs)$/.test(e.name) && fs.readFileSync(full, "utf8").includes("github.com/pyreview"))
        spelled.push(path.relative(REPO, full));
    }
  };
  for (const d of ["server/src", "client/src", "scripts"]) walk(path.join(REPO, d));
  assert.deepEqual(spelled, []);
});

test("the editor settings ruff's users expect: fixAll, codeAction.disableRuleComment, showNotifications, trace.server", () => {
  const p = manifest.contributes.configuration.properties;
  assert.deepEqual([p["pyreview.fixAll"].type, p["pyreview.fixAll"].default], ["boolean", true]);
  assert.deepEqual(p["pyreview.codeAction.disableRuleComment"].default, { enable: true });
  assert.equal(p["pyreview.codeAction.disableRuleComment"].properties.enable.type, "boolean");
  assert.deepEqual(p["pyreview.showNotifications"].enum, ["off", "onError", "onWarning", "always"]);
  assert.deepEqual(p["pyreview.trace.server"].enum, ["off", "messages", "verbose"]);
  assert.equal(p["pyreview.trace.server"].scope, "window");
  // as VS Code sends them, and as ruff's users write them
  const { values, problems } = api.parseSettings(
    {
      fixAll: false,
      codeAction: { disableRuleComment: { enable: false } },
      showNotifications: "off",
      trace: { server: "verbose" },
    },
    "VS Code",
  );
  assert.deepEqual(problems, []);
  assert.deepEqual(values, {
    fixAll: false,
    codeActionDisableRuleComment: false,
    showNotifications: "off",
    traceServer: "verbose",
  });
  // they are the editor's: pyproject.toml does not set them
  const fromProject = api.parseSettings({ fixAll: false }, "pyproject.toml", true);
  assert.deepEqual(fromProject.values, {});
  assert.match(fromProject.problems[0].message, /an editor setting/);
});
