// Test helpers over the bundled engine (dist/api.js).
import { createRequire } from "node:module";
import * as path from "node:path";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
export const api = require(path.join(REPO, "dist/api.js"));
export const parsing = await api.loadPython();

/**
 * Settings for the engine's tests: every rule, the preview ones too, unless `values` says otherwise
 * (`select`: codes, prefixes or names). What runs by default is previewRules.test.mjs's business.
 */
export function settingsWith(values = {}) {
  return api.mergeSettings({ preview: true, ...values });
}

/** Checks `text` as the file `filePath`; returns { findings, lines, unchecked, failures }. */
export function check(text, { filePath = "/virtual/module.py", settings = settingsWith(), root = null } = {}) {
  const tree = parsing.parser.parse(text);
  try {
    const r = api.checkTree(parsing, tree, text, { path: filePath, settings, root });
    return {
      findings: r.findings,
      lines: r.lines,
      unchecked: r.unchecked,
      failures: r.failures,
      hasSyntaxErrors: r.model.hasSyntaxErrors,
    };
  } finally {
    tree.delete();
  }
}

export function fixText(
  text,
  { filePath = "/virtual/module.py", settings = settingsWith(), root = null, unsafe = false } = {},
) {
  return api.fixAll(parsing, text, { path: filePath, settings, root }, unsafe);
}

export function parsesCleanly(text) {
  const tree = parsing.parser.parse(text);
  try {
    return !tree.rootNode.hasError;
  } finally {
    tree.delete();
  }
}
