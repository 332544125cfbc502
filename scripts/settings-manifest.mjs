// Regenerates package.json's settings from the settings table (dist/api.js): contributes.configuration
// and capabilities.untrustedWorkspaces (Workspace Trust: the settings that can run code).
// usage: node scripts/settings-manifest.mjs [--check]   (--check: exit 1 if package.json is out of date)
import { createRequire } from "node:module";
import * as fs from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const manifestPath = path.join(here, "..", "package.json");
const require = createRequire(import.meta.url);
const api = require(path.join(here, "..", "dist", "api.js"));

/** `manifest` with its settings sections as the table says (other keys untouched, in place). */
export function withSettings(manifest) {
  const next = structuredClone(manifest);
  next.capabilities = { ...next.capabilities, untrustedWorkspaces: api.untrustedWorkspaces() };
  next.contributes = { ...next.contributes, configuration: api.vscodeConfiguration() };
  return next;
}

/** One line per setting or section where `manifest` and the table disagree. */
export function settingsDifferences(manifest) {
  const want = withSettings(manifest);
  const out = [];
  const have = manifest.contributes?.configuration?.properties ?? {};
  const should = want.contributes.configuration.properties;
  for (const name of new Set([...Object.keys(have), ...Object.keys(should)])) {
    if (!(name in should)) out.push(`${name}: in package.json, not in the settings table`);
    else if (!(name in have)) out.push(`${name}: in the settings table, not in package.json`);
    else if (JSON.stringify(have[name]) !== JSON.stringify(should[name]))
      out.push(`${name}: package.json has ${JSON.stringify(have[name])}, the table ${JSON.stringify(should[name])}`);
  }
  if (
    JSON.stringify(manifest.contributes?.configuration?.title) !== JSON.stringify(want.contributes.configuration.title)
  )
    out.push("contributes.configuration.title differs");
  if (
    JSON.stringify(manifest.capabilities?.untrustedWorkspaces) !== JSON.stringify(want.capabilities.untrustedWorkspaces)
  )
    out.push(
      `capabilities.untrustedWorkspaces: package.json has ${JSON.stringify(manifest.capabilities?.untrustedWorkspaces)}, the table ${JSON.stringify(want.capabilities.untrustedWorkspaces)}`,
    );
  return out;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const text = fs.readFileSync(manifestPath, "utf8");
  const manifest = JSON.parse(text);
  if (process.argv.includes("--check")) {
    const differences = settingsDifferences(manifest);
    if (differences.length) {
      console.error(
        `package.json's settings differ from the settings table (run \`node scripts/settings-manifest.mjs\`):\n${differences.join("\n")}`,
      );
      process.exit(1);
    }
  } else {
    const next = `${JSON.stringify(withSettings(manifest), null, 2)}\n`;
    if (next !== text) fs.writeFileSync(manifestPath, next);
  }
}
