// Checking one file on disk (or standard input): what the CLI's workers run. Fixing is planned
// over every file of the run first (fixFile.ts, fixPlan.ts); nothing here writes.
import * as path from "node:path";
import type { PythonParsing } from "../parsing/parser";
import { topPackageOf } from "../config/packageFolders";
import { type ProjectConfig, projectConfigFor, type PyprojectSearch } from "../config/pyproject";
import { mergeTraced, type Settings } from "../config/settings";
import { checkTree, enabledRules, previewRulesOff, type CheckOptions, type CheckResult } from "../engine/check";
import { fixPreview } from "../review/preview";
import type { ImportUse } from "../resolve/importUses";
import type { InterfaceChange } from "../resolve/moduleInterface";
import { readSource, type SourceRead } from "../node/sourceFile";
import { CLI_PARSE_BUDGET, withParseBudget } from "../parsing/parseBudget";
import { firstSyntaxError } from "../parsing/syntaxError";
import { locate, type LocatedFinding } from "../engine/located";
import { syntaxErrorRecord } from "./records";
import { locatedFixEdits, type LocatedEdit } from "./fixEdits";
import { cliLayers, projectLayers, type SettingsFlags } from "./settingsLayers";
import { identifyAll, type FindingIdentity } from "../engine/fingerprint";

export interface CliOptions extends SettingsFlags {
  select: string[] | null;
  ignore: string[];
  fix: boolean;
  unsafeFixes: boolean;
  diff: boolean;
  /** Keep the source text in results (review, diff). */
  keepSource: boolean;
  /** With --fix or --add-noqa: the real paths of the folders being checked; no file outside them is written. */
  writableTrees?: string[];
  /** Keep each finding's fix edits in results (SARIF's fixes[]). */
  keepEdits?: boolean;
  /**
   * The result cache of `check` (cachedCheck.ts): its folder, the tool's identity (version and
   * build), and the name of the pack the run reads and leaves (what it was asked to check).
   */
  cache?: { dir: string; tool: string; pack?: string };
  /** Compute each finding's identity (baselines, --since), even when no baseline is configured. */
  identify?: boolean;
  /** --add-noqa: write a `# noqa` for every finding instead of reporting it. */
  addNoqa?: boolean;
}

export type OutputFinding = LocatedFinding;

export interface FileResult {
  path: string;
  findings: OutputFinding[];
  unchecked: string[];
  /** Set when the file was not checked (binary, non-UTF-8, too large, unreadable, over the parse budget). */
  skipped?: string;
  /** E999 at the first syntax error (the file is analysed all the same). */
  syntaxError?: OutputFinding;
  /** With --fix: why the fixed text was not written. */
  writeError?: string;
  /** Set when the file is not Python at all (a notebook of another language): named, not an error. */
  ignored?: string;
  /** Rules that threw on this file. */
  failures: Array<{ code: string; message: string }>;
  /** The configuration problems met for this file's pyproject.toml. */
  configProblems: string[];
  /** Settings of that pyproject.toml not taken because they would run code (not an error). */
  configNotices?: string[];
  fixesApplied: number;
  /** With --fix or --diff: the fixed text, when it differs (with --add-noqa: the text with the comments). */
  fixedText?: string;
  source?: string;
  /** With keepSource (review): a before/after per finding's safe fix, and the rules that ran. */
  previews?: Array<string | null>;
  rulesRun?: string[];
  /** The preview rules `preview` would add here (for the review report). */
  previewOff?: string[];
  /** With keepEdits: per finding (as `findings`), its fix's edits, or null. */
  fixEdits?: Array<LocatedEdit[] | null>;
  /** With --fix, --diff or --add-noqa: the file starts with a byte order mark (kept when it is written). */
  bom?: boolean;
  /** With --fix or --add-noqa: which file was read (a write checks it is still that file, holding those bytes). */
  readIdentity?: { dev: number; ino: number };
  /** With --fix or --diff: what the (fixed) file takes from other modules. */
  imports?: ImportUse[];
  /** With --fix or --diff: how the fixes change what the file offers other modules (absent: they do not). */
  interfaceChange?: InterfaceChange;
  /** With --fix or --diff: why fixes that would change the file's names were left out (a file of the run needs them). */
  keptInterface?: string;
  /** With --fix or --diff: false when the fixes did not settle (passes ran out, or they undo each other). */
  fixesConverged?: boolean;
  /** With a baseline or `identify`: per finding (as `findings`), its identity. */
  identities?: FindingIdentity[];
  /** The baseline file this file's settings name (absolute), if any. */
  baseline?: string;
}

export interface FileSettings {
  settings: Settings;
  root: string | null;
  problems: string[];
  notices: string[];
}

type SettingsOptions = Pick<CliOptions, "select" | "ignore"> & SettingsFlags;

/**
 * A run's settings per folder: every file of a folder has the same (the nearest pyproject.toml
 * and the flags decide), and looking them up walks up the folders each time. A run is short,
 * so a pyproject.toml is read once per run, as the files' settings are known to it.
 */
const settingsByFolder = new WeakMap<SettingsOptions, Map<string, FileSettings>>();

export function settingsFor(file: string, options: SettingsOptions): FileSettings {
  const folder = path.dirname(path.resolve(file));
  let known = settingsByFolder.get(options);
  if (!known) settingsByFolder.set(options, (known = new Map()));
  let found = known.get(folder);
  if (!found) known.set(folder, (found = settingsOfFolder(file, options)));
  return found;
}

/** Where the run found pyproject.toml files, per folder (a folder's parents are searched once). */
const pyprojects: PyprojectSearch = new Map();

/** A run's settings per configuration: folders under one pyproject.toml share one object (and its cache key). */
const mergedByProject = new WeakMap<SettingsOptions, WeakMap<ProjectConfig, Settings>>();

function settingsOfFolder(file: string, options: SettingsOptions): FileSettings {
  const project = projectConfigFor(file, null, pyprojects);
  let merged = mergedByProject.get(options);
  if (!merged) mergedByProject.set(options, (merged = new WeakMap()));
  let settings = merged.get(project);
  if (!settings) {
    // the command line's flags come last: they override the project's settings, or add to them
    settings = mergeTraced([...projectLayers(project), ...cliLayers(options, project.values)]).settings;
    merged.set(project, settings);
  }
  const problems = project.problems.map((p) => `${p.source}${p.key ? ` ${p.key}` : ""}: ${p.message}`);
  return { settings, root: project.root ?? sourceRootOf(file), problems, notices: project.notices };
}

/** How many folders without an `__init__.py` may lie between a file and the package holding them (data and script folders). */
const MAX_FOLDERS_BELOW_PACKAGE = 4;

/**
 * Without a pyproject.toml, relative globs (test patterns, per-file ignores) are taken from the
 * folder Python would import the file's top-level package from: above every folder holding an
 * `__init__.py` (so `neutron/tests/unit/x.py` is seen as `neutron/tests/unit/x.py`). A file in a
 * folder of a package that is no package itself (`fail2ban/tests/files/config/x.py`) is seen from
 * the same place: it is still under the package's `tests/`.
 */
function sourceRootOf(file: string): string {
  const folder = path.dirname(path.resolve(file));
  let dir = folder;
  for (let i = 0; i <= MAX_FOLDERS_BELOW_PACKAGE; i++) {
    const top = topPackageOf(dir);
    if (top) return path.dirname(top);
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return folder;
}

/** A file read and its settings, ready to check; or the result saying why it was skipped. */
export type Prepared =
  | {
      ok: true;
      result: FileResult;
      text: string;
      bom: boolean;
      settings: Settings;
      checkOptions: CheckOptions;
      /** Every parse of the file's text has a budget: a text that costs more is reported, not analysed. */
      budgeted: ReturnType<typeof withParseBudget>;
    }
  | { ok: false; result: FileResult };

/** A file's result before anything is known of it: no findings, nothing fixed. */
export function emptyResult(file: string): FileResult {
  return { path: file, findings: [], unchecked: [], failures: [], configProblems: [], fixesApplied: 0 };
}

/** Reads a file (or takes `given`: standard input) and finds its settings. */
export function prepareFile(parsing: PythonParsing, file: string, options: CliOptions, given?: SourceRead): Prepared {
  const result = emptyResult(file);
  const read = given ?? readSource(file);
  if (!read.ok) {
    result.skipped = read.reason;
    return { ok: false, result };
  }
  const { settings, root, problems, notices } = settingsFor(file, options);
  result.configProblems = problems;
  if (notices.length) result.configNotices = notices;
  if (options.keepSource) result.source = read.text;
  if (options.fix || options.addNoqa) result.readIdentity = { dev: read.stat.dev, ino: read.stat.ino };
  return {
    ok: true,
    result,
    text: read.text,
    bom: read.bom,
    settings,
    checkOptions: { path: file, settings, root },
    budgeted: withParseBudget(parsing, CLI_PARSE_BUDGET),
  };
}

/**
 * Checks `text` (the file's text, or its text after fixes) into `result`. `inspect` reads the
 * check's result while its tree is alive (the model's nodes die with it).
 */
export function findingsInto(
  parsing: PythonParsing,
  prepared: Extract<Prepared, { ok: true }>,
  text: string,
  options: Pick<CliOptions, "keepSource" | "keepEdits" | "identify">,
  inspect?: (checked: CheckResult) => void,
): void {
  const { result, checkOptions, budgeted } = prepared;
  const file = result.path;
  const tree = budgeted.parsing.parser.parse(text);
  if (!tree) {
    result.skipped = budgeted.overBudget() ?? "the parser returned no tree";
    return;
  }
  try {
    const checked = checkTree(parsing, tree, text, checkOptions);
    result.findings = checked.findings.map((f) => locate(file, checked.lines, f));
    if (options.keepEdits) result.fixEdits = checked.findings.map((f) => locatedFixEdits(checked.lines, f));
    // a baseline (or --since) matches findings by their identity, computed while the tree is alive
    const { baseline } = prepared.settings;
    if (baseline) result.baseline = baseline;
    if (options.identify || baseline) result.identities = identifyAll(tree.rootNode, text, checked.findings);
    const syntaxError = checked.model.hasSyntaxErrors ? firstSyntaxError(tree) : null;
    if (syntaxError) result.syntaxError = syntaxErrorRecord(file, checked.lines, syntaxError);
    if (options.keepSource) {
      result.previews = checked.findings.map((f) => {
        const fix = f.fixes.find((x) => x.safe);
        return fix ? fixPreview(text, fix) : null;
      });
      result.rulesRun = enabledRules(prepared.settings, file, checkOptions.root).map((r) => r.meta.code);
      result.previewOff = previewRulesOff(prepared.settings, file, checkOptions.root);
    }
    result.unchecked = checked.unchecked;
    result.failures = checked.failures.map((x) => ({
      code: x.code,
      message: x.error instanceof Error ? x.error.message : String(x.error),
    }));
    inspect?.(checked);
  } finally {
    tree.delete();
  }
}

/** Checks one file as it is on disk, or `given` (standard input, read by the caller): `check` without fixes, `review`. */
export function checkFile(parsing: PythonParsing, file: string, options: CliOptions, given?: SourceRead): FileResult {
  const prepared = prepareFile(parsing, file, options, given);
  if (prepared.ok) findingsInto(parsing, prepared, prepared.text, options);
  return prepared.result;
}
