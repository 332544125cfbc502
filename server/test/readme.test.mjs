// What a newcomer reads: every link and anchor of README.md and CHANGELOG.md resolves, the
// README's size of the .vsix is the real one, it lists every VS Code setting, and the install
// scripts `npm ci` skips are skipped on purpose (package.json `allowScripts`), not with a warning.
import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { api, REPO } from "./support/engine.mjs";

const manifest = JSON.parse(fs.readFileSync(path.join(REPO, "package.json"), "utf8"));
const web = api.repositoryWebUrl(manifest.repository);

/** Markdown without its fenced code blocks (a `# comment` there is no heading, a `[x](y)` no link). */
function prose(text) {
  return text.replace(/^```[\s\S]*?^```/gm, "");
}

/** GitHub's anchors for a Markdown file's headings (lower case, punctuation dropped, spaces to hyphens). */
function anchors(text) {
  const seen = new Map();
  const out = new Set();
  for (const m of prose(text).matchAll(/^#{1,6}\s+(.+?)\s*#*$/gm)) {
    const slug = m[1]
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, "")
      .replace(/\s/g, "-");
    const n = seen.get(slug) ?? 0;
    seen.set(slug, n + 1);
    out.add(n ? `${slug}-${n}` : slug);
  }
  return out;
}

function links(text) {
  return [...prose(text).matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)].map((m) => m[1]);
}

/** Why `target` (a link in `file`) does not resolve, or null. */
function broken(file, target) {
  const own = fs.readFileSync(file, "utf8");
  let local = target;
  if (target.startsWith(`${web}/blob/main/`)) local = target.slice(`${web}/blob/main/`.length);
  else if (/^[a-z]+:/i.test(target)) return null; // another site: not checked offline
  const [pathPart, fragment] = local.split("#");
  const resolved = pathPart ? path.resolve(path.dirname(file), decodeURI(pathPart)) : file;
  if (!fs.existsSync(resolved)) return `${target}: no file ${path.relative(REPO, resolved)}`;
  if (fragment !== undefined && resolved.endsWith(".md")) {
    const text = resolved === file ? own : fs.readFileSync(resolved, "utf8");
    if (!anchors(text).has(fragment)) return `${target}: no heading #${fragment} in ${path.relative(REPO, resolved)}`;
  }
  return null;
}

test("every link and anchor in README.md and CHANGELOG.md resolves", () => {
  const problems = [];
  for (const name of ["README.md", "CHANGELOG.md"]) {
    const file = path.join(REPO, name);
    for (const target of links(fs.readFileSync(file, "utf8"))) {
      const why = broken(file, target);
      if (why) problems.push(`${name}: ${why}`);
    }
  }
  assert.deepEqual(problems, []);
});

test("the link check catches a missing anchor and a missing file", () => {
  const readme = path.join(REPO, "README.md");
  assert.match(broken(readme, "#no-such-heading"), /no heading/);
  assert.match(broken(readme, "docs/images/nothing.png"), /no file/);
  assert.equal(broken(readme, "#settings"), null);
  assert.match(broken(readme, `${web}/blob/main/NOPE.md`), /no file/);
});

test("the README's size of the .vsix is the real one (within 15%)", (t) => {
  const vsix = path.join(REPO, "pyreview.vsix");
  if (!fs.existsSync(vsix)) return t.skip("pyreview.vsix not built (npm run package; .ci/run builds it)");
  const said = /pyreview\.vsix \(about (\d+) KB\)/.exec(fs.readFileSync(path.join(REPO, "README.md"), "utf8"));
  assert.ok(said, "the README says how large the .vsix is");
  const real = fs.statSync(vsix).size / 1024;
  assert.ok(Math.abs(real - Number(said[1])) / real < 0.15, `README: ${said[1]} KB, real: ${Math.round(real)} KB`);
});

test("the README lists every VS Code setting of the settings table", () => {
  const readme = fs.readFileSync(path.join(REPO, "README.md"), "utf8");
  const missing = api.SETTINGS.filter((s) => s.vscode && !readme.includes(`\`pyreview.${s.vscode}\``)).map(
    (s) => s.vscode,
  );
  assert.deepEqual(missing, []);
});

test("npm ci skips every dependency's install script on purpose (allowScripts), and the README says why for each", () => {
  const lock = JSON.parse(fs.readFileSync(path.join(REPO, "package-lock.json"), "utf8"));
  const withScripts = Object.entries(lock.packages)
    .filter(([key, info]) => key && info.hasInstallScript)
    .map(([key]) => key.slice(key.lastIndexOf("node_modules/") + "node_modules/".length));
  assert.ok(withScripts.length > 0, "the lockfile lists packages with install scripts");
  assert.deepEqual(Object.keys(manifest.allowScripts).sort(), [...new Set(withScripts)].sort());
  assert.ok(Object.values(manifest.allowScripts).every((v) => v === false));
  const readme = fs.readFileSync(path.join(REPO, "README.md"), "utf8");
  assert.match(readme, /allowScripts/);
  for (const name of withScripts) assert.ok(readme.includes(`\`${name}\``), `the README says why ${name}'s is skipped`);
});

test("the bench scripts find ../shared from the repository, not by an absolute path", () => {
  const bench = path.join(REPO, "bench");
  const absolute = fs
    .readdirSync(bench)
    .filter((f) => f.endsWith(".mjs") && /\/work\//.test(fs.readFileSync(path.join(bench, f), "utf8")));
  assert.deepEqual(absolute, []);
});
