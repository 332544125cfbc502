// Settings: defaults, validation of raw values from VS Code or pyproject.toml, and merging.
import type { Severity } from "../core/types";

export type DocstringStyle = "rest" | "google" | "numpy";

export interface Settings {
  enable: boolean;
  /** Codes, prefixes or names; null means every rule. */
  select: string[] | null;
  ignore: string[];
  severity: Record<string, Severity>;
  run: "onType" | "onSave";
  debounceMs: number;
  pythonInterpreter: string | null;
  extraPaths: string[];
  exclude: string[];
  perFileIgnores: Record<string, string[]>;
  lineLength: number | null;
  /** Function names treated as entry points (EXC001, LOG004); `*` wildcards allowed. */
  entryPoints: string[];
  /** Console-script modules (EXC001, LOG004): a file stem or one of its three nearest folders; `*` wildcards. */
  cliModules: string[];
  docstringStyle: DocstringStyle;
  /** DOC001: also require docstrings on public methods. */
  docstringMethods: boolean;
  /** Globs of test files skipped by DOC001 and other rules that exempt tests. */
  testPatterns: string[];
  /** DOC002: parameter name patterns treated as time quantities. */
  timeParameters: string[];
  /** SEC001: extra dotted callables treated as command runners. */
  commandRunners: string[];
  /** IMP001: also report star imports in __init__.py. */
  importsInInit: boolean;
  /** IMP001: import modules without Python source in a separate process to list names. */
  importsDynamic: boolean;
}

export const DEFAULT_SETTINGS: Settings = {
  enable: true,
  select: null,
  ignore: [],
  severity: {},
  run: "onType",
  debounceMs: 150,
  pythonInterpreter: null,
  extraPaths: [],
  exclude: [],
  perFileIgnores: {},
  lineLength: null,
  entryPoints: ["main", "*_main", "cli"],
  cliModules: ["cmd", "cli", "__main__"],
  docstringStyle: "rest",
  docstringMethods: false,
  testPatterns: ["**/test_*.py", "**/*_test.py", "**/tests.py", "**/tests/**", "**/test/**", "**/conftest.py"],
  timeParameters: [
    "timeout",
    "delay",
    "interval",
    "period",
    "ttl",
    "backoff",
    "*_time",
    "*_timeout",
    "*_delay",
    "*_interval",
    "*_age",
    "*_duration",
    "*_ttl",
  ],
  commandRunners: [],
  importsInInit: false,
  importsDynamic: false,
};

/** A problem with one configuration value; the rest of the configuration still applies. */
export interface SettingsProblem {
  key: string;
  source: string;
  message: string;
}

type Raw = Record<string, unknown>;

const SEVERITIES: readonly Severity[] = ["error", "warning", "information", "hint"];

function isStringArray(v: unknown): v is string[] {
  return Array.isArray(v) && v.every((x) => typeof x === "string");
}

/** Keys accepted in VS Code (camelCase, dotted) and in pyproject.toml (kebab-case). */
const KEY_ALIASES: Record<string, keyof Settings> = {
  enable: "enable",
  select: "select",
  ignore: "ignore",
  severity: "severity",
  run: "run",
  debounceMs: "debounceMs",
  "debounce-ms": "debounceMs",
  "python.interpreter": "pythonInterpreter",
  "python-interpreter": "pythonInterpreter",
  interpreter: "pythonInterpreter",
  extraPaths: "extraPaths",
  "extra-paths": "extraPaths",
  exclude: "exclude",
  "per-file-ignores": "perFileIgnores",
  perFileIgnores: "perFileIgnores",
  "line-length": "lineLength",
  lineLength: "lineLength",
  "entry-points": "entryPoints",
  entryPoints: "entryPoints",
  "cli-modules": "cliModules",
  cliModules: "cliModules",
  "docstring-style": "docstringStyle",
  docstringStyle: "docstringStyle",
  "docstring-methods": "docstringMethods",
  docstringMethods: "docstringMethods",
  "test-patterns": "testPatterns",
  testPatterns: "testPatterns",
  "time-parameters": "timeParameters",
  timeParameters: "timeParameters",
  "command-runners": "commandRunners",
  commandRunners: "commandRunners",
  "imports.in-init": "importsInInit",
  "imports.inInit": "importsInInit",
  "imports.dynamic": "importsDynamic",
};

/** Flattens nested tables (`{python: {interpreter: x}}` → `python.interpreter`). */
function flatten(raw: Raw, prefix = "", out: Raw = {}): Raw {
  for (const [k, v] of Object.entries(raw)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (
      v &&
      typeof v === "object" &&
      !Array.isArray(v) &&
      !(key in KEY_ALIASES) &&
      (key === "python" || key === "imports")
    ) {
      flatten(v as Raw, key, out);
    } else {
      out[key] = v;
    }
  }
  return out;
}

/**
 * Validates `raw` and returns the values it sets (only those), plus a problem for each bad
 * or unknown key. `source` names where the values came from ("VS Code settings",
 * "/x/pyproject.toml [tool.pyreview]").
 */
export function parseSettings(
  raw: unknown,
  source: string,
): { values: Partial<Settings>; problems: SettingsProblem[] } {
  const values: Partial<Settings> = {};
  const problems: SettingsProblem[] = [];
  if (raw === null || raw === undefined) return { values, problems };
  if (typeof raw !== "object" || Array.isArray(raw)) {
    problems.push({ key: "", source, message: "expected a table of settings" });
    return { values, problems };
  }
  const bad = (key: string, message: string): void => {
    problems.push({ key, source, message });
  };
  for (const [key, value] of Object.entries(flatten(raw as Raw))) {
    const target = KEY_ALIASES[key];
    if (!target) {
      bad(key, "unknown setting");
      continue;
    }
    if (value === null || value === undefined) continue;
    switch (target) {
      case "enable":
      case "docstringMethods":
      case "importsInInit":
      case "importsDynamic":
        if (typeof value === "boolean") values[target] = value;
        else bad(key, "expected true or false");
        break;
      case "select":
      case "ignore":
      case "extraPaths":
      case "exclude":
      case "entryPoints":
      case "cliModules":
      case "testPatterns":
      case "timeParameters":
      case "commandRunners":
        if (isStringArray(value)) values[target] = value;
        else bad(key, "expected a list of strings");
        break;
      case "severity": {
        if (typeof value !== "object" || Array.isArray(value)) {
          bad(key, 'expected a table of CODE = "error" | "warning" | "information" | "hint"');
          break;
        }
        const severity: Record<string, Severity> = {};
        for (const [code, level] of Object.entries(value as Raw)) {
          if (typeof level === "string" && (SEVERITIES as readonly string[]).includes(level))
            severity[code] = level as Severity;
          else bad(`${key}.${code}`, `expected one of ${SEVERITIES.join(", ")}, got ${JSON.stringify(level)}`);
        }
        values.severity = severity;
        break;
      }
      case "run":
        if (value === "onType" || value === "onSave") values.run = value;
        else bad(key, `expected "onType" or "onSave", got ${JSON.stringify(value)}`);
        break;
      case "debounceMs":
        if (typeof value === "number" && Number.isFinite(value) && value >= 0 && value <= 10000)
          values.debounceMs = value;
        else bad(key, "expected a number of milliseconds from 0 to 10000");
        break;
      case "lineLength":
        if (typeof value === "number" && Number.isInteger(value) && value > 0 && value <= 1000)
          values.lineLength = value;
        else bad(key, "expected a positive whole number");
        break;
      case "pythonInterpreter":
        if (typeof value === "string") values.pythonInterpreter = value || null;
        else if (isStringArray(value) && value.length) values.pythonInterpreter = value[0];
        else bad(key, "expected the path of a Python interpreter");
        break;
      case "docstringStyle":
        if (value === "rest" || value === "google" || value === "numpy") values.docstringStyle = value;
        else bad(key, `expected "rest", "google" or "numpy", got ${JSON.stringify(value)}`);
        break;
      case "perFileIgnores": {
        if (typeof value !== "object" || Array.isArray(value)) {
          bad(key, "expected a table of GLOB = [CODES]");
          break;
        }
        const table: Record<string, string[]> = {};
        for (const [glob, codes] of Object.entries(value as Raw)) {
          if (isStringArray(codes)) table[glob] = codes;
          else if (typeof codes === "string") table[glob] = [codes];
          else bad(`${key}.${glob}`, "expected a list of codes");
        }
        values.perFileIgnores = table;
        break;
      }
    }
  }
  return { values, problems };
}

/** Later layers override earlier ones key by key. */
export function mergeSettings(...layers: Array<Partial<Settings>>): Settings {
  return Object.assign({}, DEFAULT_SETTINGS, ...layers) as Settings;
}
