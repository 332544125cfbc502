// `pyreview check --show-settings PATH`: the settings that apply to a file, each with where its
// value came from (default, the pyproject.toml, a flag), and the rules that run on it.
import * as fs from "node:fs";
import * as path from "node:path";
import { parse as parseToml } from "smol-toml";
import { MAX_PYPROJECT_BYTES, projectConfigFor } from "../config/pyproject";
import { mergeTraced, type SettingsLayer } from "../config/settings";
import { SETTINGS } from "../config/settingsTable";
import { enabledRules } from "../engine/check";
import { readRegularFile } from "../node/fileRead";
import { type CliOptions, settingsFor } from "./checkFile";
import { displayPath } from "./format";
import { cliLayers, projectLayers } from "./settingsLayers";

export interface ShownSettings {
  file: string;
  configuration: string | null;
  settings: Record<string, { value: unknown; source: string }>;
  rules: string[];
  notices: string[];
  problems: string[];
}

/** Where a line length that [tool.pyreview] does not set came from: ruff's or black's table. */
function lineLengthTable(pyproject: string): string | null {
  const read = readRegularFile(pyproject, MAX_PYPROJECT_BYTES);
  if (!read.ok) return null;
  try {
    const doc = parseToml(read.bytes.toString("utf8")) as {
      tool?: Record<string, Record<string, unknown> | undefined>;
    };
    const tool = doc.tool ?? {};
    if (tool.pyreview?.["line-length"] !== undefined || tool.pyreview?.lineLength !== undefined) return null;
    return typeof tool.ruff?.["line-length"] === "number" ? "[tool.ruff]" : "[tool.black]";
  } catch {
    return null;
  }
}

/** The settings for `target` (a file; for a folder, a file in it). */
export function showSettings(target: string, options: CliOptions): ShownSettings {
  let file = path.resolve(target);
  try {
    if (fs.statSync(file).isDirectory()) file = path.join(file, "__init__.py");
  } catch {
    // a file that does not exist yet has settings all the same
  }
  const { settings, root, problems, notices } = settingsFor(file, options);
  const project = projectConfigFor(file);
  const layers: SettingsLayer[] = projectLayers(project);
  const table = project.file && project.values.lineLength !== undefined ? lineLengthTable(project.file) : null;
  if (project.file && table && layers.length) {
    const { lineLength, ...rest } = layers[0].values;
    layers.splice(0, 1, { ...layers[0], values: rest }, { source: `${project.file} ${table}`, values: { lineLength } });
  }
  const { sources } = mergeTraced([...layers, ...cliLayers(options, project.values)]);
  const shown: ShownSettings["settings"] = {};
  for (const spec of SETTINGS) {
    // (editor-only settings have no pyproject name: the command line does not use them)
    if (spec.pyproject === null) continue;
    shown[spec.pyproject] = { value: settings[spec.key], source: sources[spec.key].join(", ") };
  }
  return {
    file: displayPath(file),
    configuration: project.file,
    settings: shown,
    rules: enabledRules(settings, file, root).map((r) => r.meta.code),
    notices,
    problems,
  };
}

/** A value as TOML would write it (null where TOML has nothing: the setting is unset). */
function tomlValue(value: unknown): string {
  if (value === null || value === undefined) return "null";
  if (Array.isArray(value)) return `[${value.map(tomlValue).join(", ")}]`;
  if (typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>);
    return entries.length
      ? `{ ${entries.map(([k, v]) => `${JSON.stringify(k)} = ${tomlValue(v)}`).join(", ")} }`
      : "{}";
  }
  return JSON.stringify(value);
}

export function formatShownSettings(shown: ShownSettings): string {
  const rows = Object.entries(shown.settings).map(([name, { value, source }]) => [
    `${name} = ${tomlValue(value)}`,
    source,
  ]);
  const width = Math.min(60, Math.max(...rows.map(([left]) => left.length)));
  return [
    `Settings for ${shown.file}`,
    `Configuration: ${shown.configuration ?? "none (no pyproject.toml above the file)"}`,
    "",
    ...rows.map(([left, source]) => `${left.padEnd(width)}  # ${source}`),
    "",
    `Rules for this file: ${shown.rules.join(", ") || "none"}`,
    ...shown.notices.map((n) => `Note: ${n}`),
    ...shown.problems.map((p) => `Problem: ${p}`),
    "",
  ].join("\n");
}
