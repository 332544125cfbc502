// Settings: validation of raw values from VS Code or pyproject.toml against the settings table,
// and merging. Which names, types and defaults exist is settingsTable.ts's business.
import type { Severity } from "../core/types";
import {
  DEFAULT_SETTINGS,
  namesOf,
  SETTINGS,
  SEVERITIES,
  type SettingSpec,
  type SettingType,
  type Settings,
} from "./settingsTable";

export { DEFAULT_SETTINGS, type DocstringStyle, type Settings } from "./settingsTable";

/** A problem with one configuration value; the rest of the configuration still applies. */
export interface SettingsProblem {
  key: string;
  source: string;
  message: string;
}

type Raw = Record<string, unknown>;

function isStringArray(v: unknown): v is string[] {
  return Array.isArray(v) && v.every((x) => typeof x === "string");
}

/** Every accepted name (VS Code's camelCase and dotted, pyproject's kebab-case, aliases) → its setting. */
const BY_NAME = new Map<string, SettingSpec>(SETTINGS.flatMap((spec) => namesOf(spec).map((n) => [n, spec] as const)));
/** Groups written as nested tables (`python`, `imports`). */
const GROUPS = new Set([...BY_NAME.keys()].filter((n) => n.includes(".")).map((n) => n.split(".")[0]));

/** Flattens nested tables (`{python: {interpreter: x}}` → `python.interpreter`). */
function flatten(raw: Raw, prefix = "", out: Raw = {}): Raw {
  for (const [k, v] of Object.entries(raw)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (v && typeof v === "object" && !Array.isArray(v) && !BY_NAME.has(key) && GROUPS.has(key)) {
      flatten(v as Raw, key, out);
    } else {
      out[key] = v;
    }
  }
  return out;
}

/** "a", "b" or "c" */
function either(values: readonly string[]): string {
  const quoted = values.map((v) => JSON.stringify(v));
  return quoted.length > 1 ? `${quoted.slice(0, -1).join(", ")} or ${quoted[quoted.length - 1]}` : quoted.join("");
}

type Parsed =
  | { value: unknown }
  | { problem: string }
  | { problems: Array<{ key: string; message: string }>; value: unknown };

/** One value checked against its type (`key` as written, for problems inside tables). */
function parseValue(type: SettingType, key: string, value: unknown): Parsed {
  switch (type.kind) {
    case "boolean":
      return typeof value === "boolean" ? { value } : { problem: "expected true or false" };
    case "strings":
      return isStringArray(value) ? { value } : { problem: "expected a list of strings" };
    case "choice":
      return typeof value === "string" && type.values.includes(value)
        ? { value }
        : { problem: `expected ${either(type.values)}, got ${JSON.stringify(value)}` };
    case "number":
      return typeof value === "number" &&
        Number.isFinite(value) &&
        (!type.integer || Number.isInteger(value)) &&
        value >= type.minimum &&
        value <= type.maximum
        ? { value }
        : { problem: `expected ${type.expected}` };
    case "enableFlag":
      if (typeof value === "boolean") return { value };
      if (value && typeof value === "object" && typeof (value as Raw).enable === "boolean")
        return { value: (value as Raw).enable };
      return { problem: 'expected { "enable": true } or { "enable": false }' };
    case "folder":
      return typeof value === "string" ? { value: value || null } : { problem: "expected the path of a folder" };
    case "path":
      return typeof value === "string" ? { value: value || null } : { problem: "expected the path of a file" };
    case "interpreter":
      if (typeof value === "string") return { value: value || null };
      if (isStringArray(value) && value.length) return { value: value[0] };
      return { problem: "expected the path of a Python interpreter" };
    case "severities": {
      if (typeof value !== "object" || Array.isArray(value))
        return { problem: 'expected a table of CODE = "error" | "warning" | "information" | "hint"' };
      const table: Record<string, Severity> = {};
      const problems: Array<{ key: string; message: string }> = [];
      for (const [code, level] of Object.entries(value as Raw)) {
        if (typeof level === "string" && (SEVERITIES as readonly string[]).includes(level))
          table[code] = level as Severity;
        else
          problems.push({
            key: `${key}.${code}`,
            message: `expected one of ${SEVERITIES.join(", ")}, got ${JSON.stringify(level)}`,
          });
      }
      return { value: table, problems };
    }
    case "codesByGlob": {
      if (typeof value !== "object" || Array.isArray(value)) return { problem: "expected a table of GLOB = [CODES]" };
      const table: Record<string, string[]> = {};
      const problems: Array<{ key: string; message: string }> = [];
      for (const [glob, codes] of Object.entries(value as Raw)) {
        if (isStringArray(codes)) table[glob] = codes;
        else if (typeof codes === "string") table[glob] = [codes];
        else problems.push({ key: `${key}.${glob}`, message: "expected a list of codes" });
      }
      return { value: table, problems };
    }
  }
}

/**
 * Validates `raw` and returns the values it sets (only those), plus a problem for each bad
 * or unknown key. `source` names where the values came from ("VS Code settings",
 * "/x/pyproject.toml [tool.pyreview]"). From a file in the repository (`fromRepository`), a
 * setting that runs code is not taken: its name (as written) is listed in `ignored` instead,
 * unless the value is the default anyway.
 */
export function parseSettings(
  raw: unknown,
  source: string,
  fromRepository = false,
): { values: Partial<Settings>; problems: SettingsProblem[]; ignored: string[] } {
  const values: Record<string, unknown> = {};
  const problems: SettingsProblem[] = [];
  const ignored: string[] = [];
  const result = () => ({ values: values as Partial<Settings>, problems, ignored });
  if (raw === null || raw === undefined) return result();
  if (typeof raw !== "object" || Array.isArray(raw)) {
    problems.push({ key: "", source, message: "expected a table of settings" });
    return result();
  }
  for (const [key, value] of Object.entries(flatten(raw as Raw))) {
    const spec = BY_NAME.get(key);
    if (!spec) {
      problems.push({ key, source, message: "unknown setting" });
      continue;
    }
    if (value === null || value === undefined) continue;
    if (fromRepository && spec.pyproject === null) {
      problems.push({ key, source, message: "an editor setting: set it in VS Code, not in pyproject.toml" });
      continue;
    }
    const parsed = parseValue(spec.type, key, value);
    if (fromRepository && spec.runsCode === "always") {
      const harmless = "value" in parsed && !("problems" in parsed) && sameValue(parsed.value, spec.default);
      if (!harmless) ignored.push(key);
      continue;
    }
    if ("problem" in parsed) {
      problems.push({ key, source, message: parsed.problem });
      continue;
    }
    if ("problems" in parsed) for (const p of parsed.problems) problems.push({ ...p, source });
    values[spec.key] = parsed.value;
  }
  return result();
}

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Later layers override earlier ones key by key. */
export function mergeSettings(...layers: Array<Partial<Settings>>): Settings {
  return mergeTraced(layers.map((values) => ({ source: "", values }))).settings;
}

/** Values from one place (a pyproject.toml, VS Code, the command line), named for --show-settings. */
export interface SettingsLayer {
  source: string;
  values: Partial<Settings>;
}

/**
 * The `extend-` settings and the lists they add to. As in ruff, a layer's extension applies to the
 * list as it stands after that layer, so a later layer that sets the list itself starts over.
 */
const EXTENSIONS = [
  ["extendSelect", "select"],
  ["extendIgnore", "ignore"],
  ["extendExclude", "exclude"],
] as const;

/**
 * mergeSettings, also saying where each value came from: "default", or the sources of the layers
 * that set it (several for a list that `extend-` settings added to).
 */
export function mergeTraced(layers: readonly SettingsLayer[]): {
  settings: Settings;
  sources: Record<keyof Settings, string[]>;
} {
  const settings: Settings = { ...DEFAULT_SETTINGS };
  const values = settings as unknown as Record<string, unknown>;
  const sources = Object.fromEntries(SETTINGS.map((s) => [s.key, ["default"]])) as Record<keyof Settings, string[]>;
  /** What extend-select added while select is null (the default set); a layer's select starts over. */
  let added: string[] = [];
  let addedBy: string[] = [];
  for (const layer of layers) {
    for (const [key, value] of Object.entries(layer.values) as Array<[keyof Settings, unknown]>) {
      if (value === undefined) continue;
      values[key] = value;
      sources[key] = [layer.source];
    }
    if (layer.values.select !== undefined) [added, addedBy] = [[], []];
    for (const [extension, list] of EXTENSIONS) {
      const more = layer.values[extension];
      if (!more?.length) continue;
      if (list === "select" && settings.select === null) {
        added = [...added, ...more];
        addedBy = [...new Set([...addedBy, layer.source])];
        continue;
      }
      settings[list] = [...(settings[list] ?? []), ...more];
      sources[list] = [...new Set([...sources[list].filter((s) => s !== "default"), layer.source])];
    }
  }
  settings.extendSelect = settings.select === null ? added : [];
  sources.extendSelect = settings.select === null && added.length ? addedBy : ["default"];
  return { settings, sources };
}
