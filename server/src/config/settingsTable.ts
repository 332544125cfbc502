// The one list of settings: for each, its names (VS Code, [tool.pyreview]), type, default,
// description and scope, and whether its value can make pyreview run code. Parsing and the
// pyproject mapping (settings.ts), the client's keys and Workspace Trust restrictions, and
// package.json's contributes.configuration (scripts/settings-manifest.mjs) are derived from it.
// Pure data: the VS Code client bundles it too.
import type { Severity } from "../core/types";
import { PYTHON_TARGETS } from "./pythonVersion";

export type DocstringStyle = "rest" | "google" | "numpy";

export interface Settings {
  enable: boolean;
  /** Codes, prefixes or names; null means the default set (the stable rules; preview ones too with `preview`). */
  select: string[] | null;
  /**
   * Added to `select` (ruff's extend-select): mergeSettings folds it in, layer by layer; while
   * `select` is null it holds what the layers added to the default set.
   */
  extendSelect: string[];
  /** Preview rules (not yet measured ≥ 90% true on unseen code) run too. */
  preview: boolean;
  ignore: string[];
  /** Added to `ignore`; folded in by mergeSettings. */
  extendIgnore: string[];
  severity: Record<string, Severity>;
  run: "onType" | "onSave";
  debounceMs: number;
  pythonInterpreter: string | null;
  extraPaths: string[];
  exclude: string[];
  /** Added to `exclude`; folded in by mergeSettings. */
  extendExclude: string[];
  perFileIgnores: Record<string, string[]>;
  lineLength: number | null;
  /** The oldest Python the project supports (`py39`), or null when not known. */
  targetVersion: string | null;
  /** Function names treated as entry points (EXC001, LOG004); `*` wildcards allowed. */
  entryPoints: string[];
  /** Console-script modules (EXC001, LOG004): a file stem or one of its three nearest folders; `*` wildcards. */
  cliModules: string[];
  docstringStyle: DocstringStyle;
  /** DOC001: also require docstrings on public methods. */
  docstringMethods: boolean;
  /** DOC001: framework hook functions that need no docstring: `name`, or `name(param)` (first parameter). */
  docstringHooks: string[];
  /** Globs of test files skipped by DOC001 and other rules that exempt tests. */
  testPatterns: string[];
  /** DOC002: parameter name patterns treated as time quantities. */
  timeParameters: string[];
  /** SEC001: extra dotted callables treated as command runners. */
  commandRunners: string[];
  /** Review files whose header says a tool generated them (off: they are reported as not reviewed). */
  reviewGenerated: boolean;
  /** IMP001: also report star imports in __init__.py. */
  importsInInit: boolean;
  /** IMP001: import modules without Python source in a separate process to list names. */
  importsDynamic: boolean;
  /** A baseline file (absolute once read: relative to its pyproject.toml or workspace folder): only findings not in it are reported. */
  baseline: string | null;
  /** Editor: what becomes of findings the baseline holds: hidden, or shown as hints. */
  baselineFindings: "hide" | "hint";
  /** SUP001: also report other tools' noqa codes (and bare `# noqa` / `# nosec`) that pyreview does not use. */
  unusedSuppressionOtherTools: boolean;
  /** Editor: offer the source.fixAll.pyreview action (fix-all on save). */
  fixAll: boolean;
  /** Editor: offer "Suppress CODE on this line" (ruff's codeAction.disableRuleComment). */
  codeActionDisableRuleComment: boolean;
  /** Editor: which messages about the configuration pop up (they always go to the log). */
  showNotifications: ShowNotifications;
  /** Editor: the LSP trace in the output channel (read by the client library; the server ignores it). */
  traceServer: "off" | "messages" | "verbose";
  /** Command line: the folder of `pyreview check`'s result cache (null: `.pyreview_cache` in the project). */
  cacheDir: string | null;
}

/** As ruff's extension: "off", "onError", "onWarning" or "always". */
export type ShowNotifications = "off" | "onError" | "onWarning" | "always";

export const SEVERITIES: readonly Severity[] = ["error", "warning", "information", "hint"];

/** The shape of a value: how it is validated, and its JSON schema in package.json. */
export type SettingType =
  | { kind: "boolean" }
  | { kind: "strings"; nullable?: boolean }
  | { kind: "choice"; values: readonly string[]; nullable?: boolean }
  | { kind: "number"; minimum: number; maximum: number; integer?: boolean; nullable?: boolean; expected: string }
  /** CODE = severity */
  | { kind: "severities" }
  /** GLOB = [CODES] */
  | { kind: "codesByGlob" }
  /** A file's path (relative paths are taken from where the setting was written; "" for none). */
  | { kind: "path" }
  /** A command: a string ("" for none), or the first of a list. */
  | { kind: "interpreter" }
  /** On or off, written as ruff writes it: `{ "enable": false }` (a plain boolean is taken too). */
  | { kind: "enableFlag" }
  /** A folder: a string, relative to the file that sets it ("" for none). */
  | { kind: "folder" };

/**
 * Whether a value can make pyreview run code, and so is taken only from the user (VS Code user
 * settings, workspace settings in a trusted workspace, command-line flags), never from a file in
 * the repository: "always", or "outsideProject" for folders beyond the project (a list of paths).
 */
export type RunsCode = "never" | "always" | "outsideProject";

export interface SettingSpec<K extends keyof Settings = keyof Settings> {
  key: K;
  /** The name under `pyreview.` in VS Code (dotted for groups), or null when VS Code has none. */
  vscode: string | null;
  /** The name in [tool.pyreview] (kebab-case; dotted for sub-tables), or null for the editor's own settings. */
  pyproject: string | null;
  /** Other names accepted from either source. */
  aliases?: readonly string[];
  type: SettingType;
  default: Settings[K];
  description: string;
  /** VS Code's configuration scope ("window": one value for the whole window). */
  scope: "resource" | "window";
  runsCode: RunsCode;
}

type Table = { [K in keyof Settings]: Omit<SettingSpec<K>, "key"> };

// In package.json's order; the settings VS Code does not show come last.
const TABLE: Table = {
  enable: {
    vscode: "enable",
    pyproject: "enable",
    type: { kind: "boolean" },
    default: true,
    description: "Review Python files with pyreview.",
    scope: "resource",
    runsCode: "never",
  },
  select: {
    vscode: "select",
    pyproject: "select",
    type: { kind: "strings", nullable: true },
    default: null,
    description:
      "Rules to run: codes (CTX001), prefixes (LOG) or names (log-translation). Empty or null: the stable rules (and the preview rules when preview is on). A prefix or ALL picks preview rules only with preview on; a code or name picks its rule either way.",
    scope: "resource",
    runsCode: "never",
  },
  extendSelect: {
    vscode: "extendSelect",
    pyproject: "extend-select",
    type: { kind: "strings" },
    default: [],
    description:
      "Rules to run besides those of select (codes, prefixes or names), as ruff's extend-select: add rules without repeating the project's list.",
    scope: "resource",
    runsCode: "never",
  },
  preview: {
    vscode: "preview",
    pyproject: "preview",
    type: { kind: "boolean" },
    default: false,
    description:
      "Also run the preview rules: those not yet measured at 90% true or better on projects nobody tuned them on (CFG001, EXC001, DOC001, DOC002, LOG001, LOG004 and every security rule but SEC010 and SEC011). `pyreview rules` marks them.",
    scope: "resource",
    runsCode: "never",
  },
  ignore: {
    vscode: "ignore",
    pyproject: "ignore",
    type: { kind: "strings" },
    default: [],
    description: "Rules not to run: codes, prefixes or names.",
    scope: "resource",
    runsCode: "never",
  },
  extendIgnore: {
    vscode: "extendIgnore",
    pyproject: "extend-ignore",
    type: { kind: "strings" },
    default: [],
    description: "Rules not to run besides those of ignore: codes, prefixes or names.",
    scope: "resource",
    runsCode: "never",
  },
  severity: {
    vscode: "severity",
    pyproject: "severity",
    type: { kind: "severities" },
    default: {},
    description: 'Severity per rule code, e.g. {"SEC001": "error"}.',
    scope: "resource",
    runsCode: "never",
  },
  run: {
    vscode: "run",
    pyproject: "run",
    type: { kind: "choice", values: ["onType", "onSave"] },
    default: "onType",
    description: "Review as you type, or when the file is saved.",
    scope: "resource",
    runsCode: "never",
  },
  debounceMs: {
    vscode: "debounceMs",
    pyproject: "debounce-ms",
    type: { kind: "number", minimum: 0, maximum: 10000, expected: "a number of milliseconds from 0 to 10000" },
    default: 150,
    description: "Milliseconds to wait after a keystroke before reviewing (0: at once).",
    scope: "resource",
    runsCode: "never",
  },
  pythonInterpreter: {
    vscode: "python.interpreter",
    pyproject: "python-interpreter",
    aliases: ["interpreter"],
    type: { kind: "interpreter" },
    default: null,
    description:
      "Python interpreter used to find installed modules (IMP001). Default: the Python extension's interpreter, else python3 on PATH. It is run, so it is taken only from your settings in a trusted workspace, never from pyproject.toml.",
    scope: "resource",
    runsCode: "always",
  },
  extraPaths: {
    vscode: "extraPaths",
    pyproject: "extra-paths",
    type: { kind: "strings" },
    default: [],
    description:
      "Extra folders searched for imported modules. Taken only in a trusted workspace; from pyproject.toml only folders inside its project.",
    scope: "resource",
    runsCode: "outsideProject",
  },
  exclude: {
    vscode: "exclude",
    pyproject: "exclude",
    type: { kind: "strings" },
    default: [],
    description: "Globs of files and folders not to review (relative to the workspace or pyproject.toml).",
    scope: "resource",
    runsCode: "never",
  },
  extendExclude: {
    vscode: "extendExclude",
    pyproject: "extend-exclude",
    type: { kind: "strings" },
    default: [],
    description: "Globs of files and folders not to review besides those of exclude.",
    scope: "resource",
    runsCode: "never",
  },
  lineLength: {
    vscode: "lineLength",
    pyproject: "line-length",
    type: {
      kind: "number",
      minimum: 1,
      maximum: 1000,
      integer: true,
      nullable: true,
      expected: "a positive whole number",
    },
    default: null,
    description: "Line length for fixes that wrap lines. Default: [tool.pyreview], ruff's or black's setting, else 88.",
    scope: "resource",
    runsCode: "never",
  },
  targetVersion: {
    vscode: null,
    pyproject: "target-version",
    type: { kind: "choice", values: PYTHON_TARGETS, nullable: true },
    default: null,
    description:
      "The oldest Python the project supports (`py39`), for advice and fixes that need a newer one. Default: [project] requires-python, else ruff's target-version.",
    scope: "resource",
    runsCode: "never",
  },
  docstringStyle: {
    vscode: "docstringStyle",
    pyproject: "docstring-style",
    type: { kind: "choice", values: ["rest", "google", "numpy"] },
    default: "rest",
    description: "Docstring style for inserted docstrings when the file has none to copy.",
    scope: "resource",
    runsCode: "never",
  },
  entryPoints: {
    vscode: "entryPoints",
    pyproject: "entry-points",
    type: { kind: "strings" },
    default: ["main", "*_main", "cli"],
    description: "Function names treated as program entry points (EXC001, LOG004).",
    scope: "resource",
    runsCode: "never",
  },
  importsDynamic: {
    vscode: "imports.dynamic",
    pyproject: "imports.dynamic",
    type: { kind: "boolean" },
    default: false,
    description:
      "IMP001: list the names of modules without Python source by importing them in a separate process (runs their code). Taken only from your settings in a trusted workspace, never from pyproject.toml.",
    scope: "resource",
    runsCode: "always",
  },
  cliModules: {
    vscode: "cliModules",
    pyproject: "cli-modules",
    type: { kind: "strings" },
    default: ["cmd", "cli", "*_cli", "cli_*", "scripts", "__main__"],
    description:
      "Modules or folders that are programs (their exits and prints are fine): a file name without .py or one of its three nearest folders; * wildcards allowed.",
    scope: "resource",
    runsCode: "never",
  },
  testPatterns: {
    vscode: "testPatterns",
    pyproject: "test-patterns",
    type: { kind: "strings" },
    default: [
      "**/test_*.py",
      "**/*_test.py",
      "**/tests.py",
      "**/tests/**",
      "**/test/**",
      "**/testsuite/**",
      "**/conftest.py",
      "**/fixture.py",
      "**/fixtures.py",
      "**/fixtures/**",
      "**/testapp/**",
    ],
    description:
      "Globs of test files: rules that do not apply to tests (docstrings, asserts, hardcoded secrets, exits, ...) skip them.",
    scope: "resource",
    runsCode: "never",
  },
  reviewGenerated: {
    vscode: "reviewGenerated",
    pyproject: "review-generated",
    type: { kind: "boolean" },
    default: false,
    description:
      'Also review files whose first lines say a tool generated them ("automatically generated", "Generated by", "DO NOT EDIT", "@generated"). Off: such files are listed as not reviewed.',
    scope: "resource",
    runsCode: "never",
  },
  importsInInit: {
    vscode: "imports.inInit",
    pyproject: "imports.in-init",
    type: { kind: "boolean" },
    default: false,
    description: "IMP001: also report wildcard imports in __init__.py (off by default: packages re-export with them).",
    scope: "resource",
    runsCode: "never",
  },
  baseline: {
    vscode: "baseline",
    pyproject: "baseline",
    type: { kind: "path" },
    default: null,
    description:
      "A baseline file written by `pyreview check --write-baseline FILE`: findings recorded in it are not reported, so only new ones are. Relative to the pyproject.toml (in VS Code: to the workspace folder).",
    scope: "resource",
    runsCode: "never",
  },
  baselineFindings: {
    vscode: "baselineFindings",
    pyproject: null,
    type: { kind: "choice", values: ["hide", "hint"] },
    default: "hide",
    description:
      'What the editor does with findings the baseline holds: "hide" them (as the command line does), or show them as hints marked "(baseline)".',
    scope: "resource",
    runsCode: "never",
  },
  unusedSuppressionOtherTools: {
    vscode: "unusedSuppression.otherTools",
    pyproject: "unused-suppression.other-tools",
    type: { kind: "boolean" },
    default: false,
    description:
      "SUP001: also report other tools' codes in # noqa / # nosec (and a bare # noqa or # nosec) that suppress nothing of pyreview's, for a project that no longer runs those tools.",
    scope: "resource",
    runsCode: "never",
  },
  fixAll: {
    vscode: "fixAll",
    pyproject: null,
    type: { kind: "boolean" },
    default: true,
    description:
      "Offer pyreview's fix-all (source.fixAll.pyreview) as a code action, so editor.codeActionsOnSave can apply it. The Pyreview: Fix All command works either way.",
    scope: "resource",
    runsCode: "never",
  },
  codeActionDisableRuleComment: {
    vscode: "codeAction.disableRuleComment",
    pyproject: null,
    type: { kind: "enableFlag" },
    default: true,
    description: 'Offer "Suppress CODE on this line" (writes a # noqa comment) in the lightbulb.',
    scope: "resource",
    runsCode: "never",
  },
  showNotifications: {
    vscode: "showNotifications",
    pyproject: null,
    type: { kind: "choice", values: ["off", "onError", "onWarning", "always"] },
    default: "onWarning",
    description:
      "Which messages about the configuration (a bad value, a setting ignored in pyproject.toml) pop up; they always go to the log (Pyreview: Show Logs).",
    scope: "resource",
    runsCode: "never",
  },
  traceServer: {
    vscode: "trace.server",
    pyproject: null,
    type: { kind: "choice", values: ["off", "messages", "verbose"] },
    default: "off",
    description: "Log the messages between VS Code and the pyreview server in its output channel.",
    scope: "window",
    runsCode: "never",
  },
  perFileIgnores: {
    vscode: null,
    pyproject: "per-file-ignores",
    aliases: ["perFileIgnores"],
    type: { kind: "codesByGlob" },
    default: {},
    description: 'Rules not to run per glob, e.g. { "tests/*" = ["DOC001"] }.',
    scope: "resource",
    runsCode: "never",
  },
  docstringMethods: {
    vscode: null,
    pyproject: "docstring-methods",
    aliases: ["docstringMethods"],
    type: { kind: "boolean" },
    default: false,
    description: "DOC001: also require docstrings on public methods.",
    scope: "resource",
    runsCode: "never",
  },
  docstringHooks: {
    vscode: null,
    pyproject: "docstring-hooks",
    aliases: ["docstringHooks"],
    type: { kind: "strings" },
    default: ["list_opts", "register_opts", "list_rules", "setup(app)"],
    description:
      "DOC001: framework hook functions that need no docstring: a name, or name(param) when the hook's first parameter must be so named. A function defined without a docstring in three or more other modules of the same package is taken as a hook too.",
    scope: "resource",
    runsCode: "never",
  },
  timeParameters: {
    vscode: null,
    pyproject: "time-parameters",
    aliases: ["timeParameters"],
    type: { kind: "strings" },
    default: [
      "timeout",
      "delay",
      "interval",
      "period",
      "ttl",
      "backoff",
      "deadline",
      "*_time",
      "*timeout",
      "*_delay",
      "*_interval",
      "*_age",
      "*_duration",
      "*_ttl",
      "*_backoff",
      "*_deadline",
    ],
    description:
      "DOC002: parameter name patterns treated as time quantities (their bounds too: `max_`/`min_` before, `_max` after, and `_min` after when a `_max` pairs with it).",
    scope: "resource",
    runsCode: "never",
  },
  commandRunners: {
    vscode: null,
    pyproject: "command-runners",
    aliases: ["commandRunners"],
    type: { kind: "strings" },
    default: [],
    description: "SEC001: extra dotted callables treated as command runners.",
    scope: "resource",
    runsCode: "never",
  },
  cacheDir: {
    vscode: null,
    pyproject: "cache-dir",
    aliases: ["cacheDir"],
    type: { kind: "folder" },
    default: null,
    description:
      "Command line: the folder where `pyreview check` keeps results between runs (relative to pyproject.toml; default: `.pyreview_cache` beside it, else in the working folder).",
    scope: "resource",
    // (a folder written into: from a repository's pyproject.toml, only inside the project)
    runsCode: "outsideProject",
  },
};

export const SETTINGS: readonly SettingSpec[] = (Object.keys(TABLE) as Array<keyof Settings>).map(
  (key) => ({ key, ...TABLE[key] }) as SettingSpec,
);

export const DEFAULT_SETTINGS: Settings = Object.fromEntries(
  SETTINGS.map((s) => [s.key, s.default]),
) as unknown as Settings;

/** Every name a setting is accepted under, in VS Code and in [tool.pyreview]. */
export function namesOf(spec: SettingSpec): string[] {
  return [
    ...new Set([
      ...(spec.pyproject ? [spec.pyproject] : []),
      ...(spec.vscode ? [spec.vscode] : []),
      ...(spec.aliases ?? []),
    ]),
  ];
}
