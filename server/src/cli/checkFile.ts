// Checking one file on disk: what the CLI's workers run (fixing is in fixFile.ts).
import * as fs from "node:fs";
import * as path from "node:path";
import type { PythonParsing } from "../parsing/parser";
import { projectConfigFor } from "../config/pyproject";
import { mergeSettings, type Settings } from "../config/settings";
import { checkTree, enabledRules, type CheckOptions, type CheckResult } from "../engine/check";
import { fixPreview } from "../review/preview";
import type { ImportUse } from "../resolve/importUses";
import type { InterfaceChange } from "../resolve/moduleInterface";
import { readSource } from "../parsing/sourceFile";
import { locate, type LocatedFinding } from "../engine/located";

export interface CliOptions {
  select: string[] | null;
  ignore: string[];
  fix: boolean;
  unsafeFixes: boolean;
  diff: boolean;
  /** Keep the source text in results (review, diff). */
  keepSource: boolean;
}

export type OutputFinding = LocatedFinding;

export interface FileResult {
  path: string;
  findings: OutputFinding[];
  unchecked: string[];
  /** Set when the file was not checked (binary, non-UTF-8, too large, unreadable). */
  skipped?: string;
  /** Rules that threw on this file. */
  failures: Array<{ code: string; message: string }>;
  /** The configuration problems met for this file's pyproject.toml. */
  configProblems: string[];
  fixesApplied: number;
  /** With --fix or --diff: the fixed text, when it differs. */
  fixedText?: string;
  source?: string;
  /** With --fix or --diff: the file starts with a byte order mark (kept when it is written). */
  bom?: boolean;
  /** With --fix or --diff: what the (fixed) file takes from other modules. */
  imports?: ImportUse[];
  /** With --fix or --diff: how the fixes change what the file offers other modules (absent: they do not). */
  interfaceChange?: InterfaceChange;
  /** With --fix or --diff: why fixes that would change the file's names were left out (a file of the run needs them). */
  keptInterface?: string;
  /** With --fix or --diff: false when the fixes did not settle (passes ran out, or they undo each other). */
  fixesConverged?: boolean;
  /** With keepSource (review): a before/after per finding's safe fix, and the rules that ran. */
  previews?: Array<string | null>;
  rulesRun?: string[];
}

export function settingsFor(
  file: string,
  options: Pick<CliOptions, "select" | "ignore">,
): { settings: Settings; root: string | null; problems: string[] } {
  const project = projectConfigFor(file);
  const settings = mergeSettings(project.values);
  if (options.select) settings.select = options.select;
  if (options.ignore.length) settings.ignore = [...settings.ignore, ...options.ignore];
  const problems = project.problems.map((p) => `${p.source}${p.key ? ` ${p.key}` : ""}: ${p.message}`);
  return { settings, root: project.root ?? sourceRootOf(file), problems };
}

const sourceRoots = new Map<string, string>();

/**
 * Without a pyproject.toml, relative globs (test patterns, per-file ignores) are taken from the
 * folder Python would import the file's top-level package from: above every folder holding an
 * `__init__.py` (so `neutron/tests/unit/x.py` is seen as `neutron/tests/unit/x.py`).
 */
function sourceRootOf(file: string): string {
  const start = path.dirname(path.resolve(file));
  const cached = sourceRoots.get(start);
  if (cached) return cached;
  let dir = start;
  while (fs.existsSync(path.join(dir, "__init__.py"))) {
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  sourceRoots.set(start, dir);
  return dir;
}

/** A file read and its settings, ready to check; or the result saying why it was skipped. */
export type Prepared =
  | { ok: true; result: FileResult; text: string; bom: boolean; settings: Settings; checkOptions: CheckOptions }
  | { ok: false; result: FileResult };

export function prepareFile(file: string, options: CliOptions): Prepared {
  const result: FileResult = {
    path: file,
    findings: [],
    unchecked: [],
    failures: [],
    configProblems: [],
    fixesApplied: 0,
  };
  const read = readSource(file);
  if (!read.ok) {
    result.skipped = read.reason;
    return { ok: false, result };
  }
  const { settings, root, problems } = settingsFor(file, options);
  result.configProblems = problems;
  if (options.keepSource) result.source = read.text;
  return { ok: true, result, text: read.text, bom: read.bom, settings, checkOptions: { path: file, settings, root } };
}

/**
 * Checks `text` (the file's text, or its text after fixes) into `result`. `inspect` reads the
 * check's result while its tree is alive (the model's nodes die with it).
 */
export function findingsInto(
  parsing: PythonParsing,
  prepared: Extract<Prepared, { ok: true }>,
  text: string,
  options: Pick<CliOptions, "keepSource">,
  inspect?: (checked: CheckResult) => void,
): void {
  const { result, checkOptions } = prepared;
  const tree = parsing.parser.parse(text);
  if (!tree) {
    result.skipped = "the parser returned no tree";
    return;
  }
  try {
    const checked = checkTree(parsing, tree, text, checkOptions);
    result.findings = checked.findings.map((f) => locate(prepared.result.path, checked.lines, f));
    if (options.keepSource) {
      result.previews = checked.findings.map((f) => {
        const fix = f.fixes.find((x) => x.safe);
        return fix ? fixPreview(text, fix) : null;
      });
      result.rulesRun = enabledRules(prepared.settings, checkOptions.path, checkOptions.root).map((r) => r.meta.code);
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

/** Checks one file as it is on disk (`check` without fixes, `review`). */
export function checkFile(parsing: PythonParsing, file: string, options: CliOptions): FileResult {
  const prepared = prepareFile(file, options);
  if (prepared.ok) findingsInto(parsing, prepared, prepared.text, options);
  return prepared.result;
}

/** Write to a temporary file beside the target, then rename over it, keeping its mode. */
export function writeAtomically(file: string, text: string): void {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.pyreview-${process.pid}-${Date.now()}.tmp`);
  const mode = fs.statSync(file).mode;
  fs.writeFileSync(tmp, text, { mode });
  fs.renameSync(tmp, file);
}
