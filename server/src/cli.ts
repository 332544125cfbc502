// The command-line front end: `pyreview check`, `pyreview review`, `pyreview rules`, `pyreview rule`.
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { workspaceReportMarkdown } from "./review/workspaceReport";
import { parseArgs } from "node:util";
import { createTwoFilesPatch } from "diff";
import { ALL_RULES } from "./rules";
import { ruleUrl } from "./rules/docs";
import { unknownSelectors } from "./engine/selection";
import { collectFiles } from "./node/files";
import { checkFiles, rulesAskInterpreter } from "./cli/pool";
import { planFixes, writePlannedFixes } from "./cli/fixPlan";
import { displayPath } from "./cli/format";
import { settingsFor, type CliOptions, type FileResult } from "./cli/checkFile";
import { exitStatus, notChecked } from "./cli/unchecked";
import { reviewMarkdown } from "./review/report";
import { CHECK_FORMATS, COLOURED, formatCheck, isCheckFormat } from "./cli/formats";
import { formatStatistics, formatStatisticsJson, statistics } from "./cli/formats/statistics";
import { ANSI, PLAIN, type Palette, wantsColour } from "./cli/colour";
import { guardStdout, writeOutputFile, writeStdout } from "./cli/output";
import { checkStdin } from "./cli/stdin";
import { encodeSource } from "./cli/writeFile";
import { formatShownSettings, showSettings } from "./cli/showSettings";
import { findRuleDoc, formatRuleDoc, ruleDocJson } from "./cli/ruleDoc";
import { applyBaselines, staleLines, writeBaseline } from "./cli/baselineRun";
import { runSince, SinceError, sinceMarkdown } from "./cli/since";
import { installNodeHost } from "./node/host";
import { loadPython } from "./parsing/parser";
import { host } from "./core/host";
import { interpreterCommand } from "./resolve/interpreterInfo";
import { projectConfigFor } from "./config/pyproject";
import { leavePack, lookUpCached } from "./cli/cachedCheck";
import { recallInterpreters, rememberInterpreters } from "./node/rememberedInterpreters";
import { fileStatus } from "./node/fileStatus";
import { ResultCache } from "./cli/resultCache";

declare const PYREVIEW_VERSION: string | undefined;
const VERSION = typeof PYREVIEW_VERSION === "string" ? PYREVIEW_VERSION : "dev";

const USAGE = `usage:
  pyreview check [OPTIONS] [PATH...]       files and folders (default: .); - reads standard input
  pyreview review [OPTIONS] [PATH...]      the review report: --format markdown (default) or json
  pyreview rules [--format text|json]      the rules
  pyreview rule CODE [--format text|json]  a rule's documentation (a code or a name)
  pyreview --version

check:
  --format FORMAT        ${CHECK_FORMATS.join(", ")} (default: text)
  --statistics           a count per rule instead of the findings (text, or --format json)
  --output-file FILE     write the report to FILE instead of standard output
  --fix                  write safe fixes into the files (with -: print the fixed text)
  --unsafe-fixes         with --fix, apply unsafe fixes too
  --diff                 print the safe fixes as a diff; write nothing
  --stdin-filename PATH  the file standard input stands for (its settings apply)
  --show-settings        the settings for PATH, each with where it came from
  --force-exclude        apply exclude to the files named too (for pre-commit)
  --no-cache             neither read nor write the result cache
  --cache-dir DIR        the result cache's folder (default: .pyreview_cache beside pyproject.toml,
                         else in the working folder; also [tool.pyreview] cache-dir, PYREVIEW_CACHE_DIR)
  --write-baseline FILE  record this run's findings in FILE (a baseline); report nothing
  --show-stale-baseline  list the baseline's entries no finding matches any more (fixed)
  --add-noqa             write a # noqa comment for every finding (merged into those there)
check and review:
  --since REF            only what the change since REF brought (git: REF's merge base
                         with HEAD, against the working tree)
  --baseline FILE        report only findings not recorded in FILE (overrides the project's)
  --no-baseline          report every finding, whatever the project's baseline
  --select CODES         the rules to run (replaces the project's select)
  --extend-select CODES  rules to run besides the project's
  --preview              run the preview rules too (\`pyreview rules\` marks them)
  --no-preview           only the stable rules, whatever the project says
  --ignore CODES         rules not to run (besides the project's ignore)
  --extend-exclude GLOBS files and folders not to review (besides the project's exclude)
  --python PATH          the interpreter whose sys.path finds installed modules (it is run)
  --extra-path DIR       a folder to search for imported modules (repeatable)
  --dynamic-imports      list the names of modules without Python source by importing them
  --exit-zero            exit 0 even with findings

CODES: comma-separated codes (CTX001), prefixes (LOG) or names (log-translation).
Exit status: 0 no findings, 1 findings, 2 usage, configuration or I/O error.`;

class UsageError extends Error {}

/** The flags of the settings, shared by check and review. */
const SETTINGS_FLAGS = {
  select: { type: "string", multiple: true },
  "extend-select": { type: "string", multiple: true },
  preview: { type: "boolean" },
  "no-preview": { type: "boolean" },
  ignore: { type: "string", multiple: true },
  "extend-exclude": { type: "string", multiple: true },
  python: { type: "string" },
  "extra-path": { type: "string", multiple: true },
  "dynamic-imports": { type: "boolean", default: false },
  "exit-zero": { type: "boolean", default: false },
  "output-file": { type: "string" },
  since: { type: "string" },
  baseline: { type: "string" },
  "no-baseline": { type: "boolean", default: false },
  help: { type: "boolean", short: "h", default: false },
} as const;

interface SettingsValues {
  select?: string[];
  "extend-select"?: string[];
  preview?: boolean;
  "no-preview"?: boolean;
  ignore?: string[];
  "extend-exclude"?: string[];
  python?: string;
  "extra-path"?: string[];
  "dynamic-imports"?: boolean;
  baseline?: string;
  "no-baseline"?: boolean;
}

function splitCodes(values: string[] | undefined): string[] {
  return (values ?? [])
    .flatMap((v) => v.split(","))
    .map((s) => s.trim())
    .filter(Boolean);
}

/** Comma-separated globs; a comma inside braces (`{a,b}`) belongs to the glob. */
function splitGlobs(values: string[] | undefined): string[] {
  const out: string[] = [];
  for (const value of values ?? []) {
    let depth = 0;
    let current = "";
    for (const c of value) {
      if (c === "{") depth++;
      if (c === "}") depth = Math.max(0, depth - 1);
      if (c === "," && depth === 0) {
        out.push(current);
        current = "";
      } else current += c;
    }
    out.push(current);
  }
  return out.map((s) => s.trim()).filter(Boolean);
}

function stderr(line: string): void {
  process.stderr.write(line + "\n");
}

/**
 * One line on stderr per file not checked or not written and per configuration problem; returns
 * true if there was a configuration problem.
 */
function reportProblems(results: readonly FileResult[]): boolean {
  let problems = false;
  const seen = new Set<string>();
  for (const r of results) {
    if (r.skipped !== undefined) stderr(`pyreview: skipped ${displayPath(r.path)}: ${r.skipped}`);
    if (r.ignored !== undefined) stderr(`pyreview: ignored ${displayPath(r.path)}: ${r.ignored}, not Python`);
    if (r.writeError !== undefined) stderr(`pyreview: ${displayPath(r.path)}: ${r.writeError}`);
    if (r.keptInterface)
      stderr(`pyreview: fixes that would change the names of ${displayPath(r.path)} were left out: ${r.keptInterface}`);
    if (r.fixesConverged === false)
      stderr(`pyreview: the fixes of ${displayPath(r.path)} did not settle (some undo others); a later run may differ`);
    for (const f of r.failures) stderr(`pyreview: rule ${f.code} failed on ${displayPath(r.path)}: ${f.message}`);
    for (const p of r.configProblems) {
      if (seen.has(p)) continue;
      seen.add(p);
      stderr(`pyreview: configuration: ${p}`);
      problems = true;
    }
    for (const n of r.configNotices ?? []) {
      if (seen.has(n)) continue;
      seen.add(n);
      stderr(`pyreview: ${n}`);
    }
  }
  return problems;
}

/** The report to --output-file, or to standard output; false (said on stderr) when it could not be written. */
function deliver(text: string, outputFile: string | undefined): boolean {
  if (outputFile === undefined) {
    writeStdout(text);
    return true;
  }
  const error = writeOutputFile(outputFile, text);
  if (error) stderr(`pyreview: ${error}`);
  return error === null;
}

async function check(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      ...SETTINGS_FLAGS,
      format: { type: "string", default: "text" },
      statistics: { type: "boolean", default: false },
      fix: { type: "boolean", default: false },
      "unsafe-fixes": { type: "boolean", default: false },
      diff: { type: "boolean", default: false },
      "stdin-filename": { type: "string" },
      "show-settings": { type: "boolean", default: false },
      "force-exclude": { type: "boolean", default: false },
      "no-cache": { type: "boolean", default: false },
      "cache-dir": { type: "string" },
      "write-baseline": { type: "string" },
      "show-stale-baseline": { type: "boolean", default: false },
      "add-noqa": { type: "boolean", default: false },
    },
  });
  if (values.help) return help();
  const format = values.format ?? "text";
  if (!isCheckFormat(format)) throw new UsageError(`unknown --format ${format} (${CHECK_FORMATS.join(", ")})`);
  if (values.statistics && format !== "text" && format !== "json")
    throw new UsageError("--statistics prints text or, with --format json, JSON");
  const stdinName = values["stdin-filename"];
  const fromStdin = (positionals.length === 1 && positionals[0] === "-") || (!positionals.length && !!stdinName);
  if (positionals.includes("-") && !fromStdin) throw new UsageError("`-` (standard input) is the only PATH or none");
  const paths = positionals.length ? positionals : ["."];
  const diff = !!values.diff;
  const since = values.since;
  const writeTo = values["write-baseline"];
  const exclusive = (flag: string, others: Record<string, unknown>): void => {
    const clash = Object.entries(others).find(([, v]) => v);
    if (clash) throw new UsageError(`${flag} cannot be combined with ${clash[0]}`);
  };
  if (values["add-noqa"])
    exclusive("--add-noqa", {
      "--fix": values.fix,
      "--diff": diff,
      "--since": since,
      "--write-baseline": writeTo,
      "--baseline": values.baseline,
      "-": fromStdin,
    });
  if (writeTo !== undefined)
    exclusive("--write-baseline", { "--fix": values.fix, "--diff": diff, "--since": since, "-": fromStdin });
  if (since !== undefined)
    exclusive("--since", {
      "--fix": values.fix,
      "--diff": diff,
      "--show-stale-baseline": values["show-stale-baseline"],
      "-": fromStdin,
    });
  const options = cliOptions(values, {
    fix: !!values.fix && !diff,
    unsafeFixes: !!values["unsafe-fixes"],
    diff,
    keepSource: diff,
    keepEdits: format === "sarif",
    identify: writeTo !== undefined,
    addNoqa: !!values["add-noqa"],
  });
  const outputFile = values["output-file"];
  if (values["show-settings"])
    return showSettingsOf(fromStdin ? (stdinName ?? "-") : paths[0], options, format, outputFile);
  // people read text, concise and grouped: coloured on a terminal, never in a file
  const palette: Palette =
    (COLOURED.has(format) || values.statistics) && outputFile === undefined && wantsColour(process.stdout)
      ? ANSI
      : PLAIN;
  const report = (results: readonly FileResult[]): string => {
    if (!values.statistics) return formatCheck(format, results, { fixMode: options.fix, version: VERSION, palette });
    const counts = statistics(results, options.unsafeFixes);
    return format === "json" ? formatStatisticsJson(counts) : formatStatistics(counts, palette);
  };

  let results: FileResult[];
  let configProblems: boolean;
  if (fromStdin) {
    const { result, input } = await checkStdin(path.resolve(stdinName ?? "-"), options, !!values["force-exclude"]);
    results = result ? [result] : [];
    configProblems = reportProblems(results);
    if (options.fix) {
      // standard output gives the text back; what is left to fix goes to stderr (or --output-file)
      const bom = input.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf]));
      writeStdout(result?.fixedText !== undefined ? encodeSource(result.fixedText, bom) : input);
      const left = report(results);
      if (outputFile !== undefined) {
        if (!deliver(left, outputFile)) return 2;
      } else process.stderr.write(left);
      return exitStatus(results, configProblems, !!values["exit-zero"]);
    }
  } else {
    // the cache serves plain checks: fixes are planned over every file afresh, and a run that
    // writes comments, writes or takes a baseline from the command line, or looks at a change checks afresh
    const cached =
      !values["no-cache"] &&
      !options.fix &&
      !options.diff &&
      !options.addNoqa &&
      writeTo === undefined &&
      values.baseline === undefined &&
      since === undefined;
    const ran =
      since !== undefined
        ? await changesSince(since, paths, options, !!values["force-exclude"])
        : await run(paths, options, !!values["force-exclude"], cached ? { flag: values["cache-dir"] } : null);
    results = ran.results;
    configProblems = reportProblems(results) || ran.configuration;
  }
  if (writeTo !== undefined) {
    // the baseline is the report: nothing else is printed
    const written = writeBaseline(path.resolve(writeTo), results);
    if (!written.ok) {
      stderr(`pyreview: ${written.reason}`);
      return 2;
    }
    stderr(`pyreview: wrote ${written.findings} finding(s) to ${writeTo} (${written.entries} entries)`);
    return exitStatus(results, configProblems, true);
  }
  const baselines = applyBaselines(results);
  for (const p of baselines.problems) stderr(`pyreview: configuration: ${p}`);
  configProblems ||= baselines.problems.length > 0;
  if (values["show-stale-baseline"]) {
    if (!baselines.baselines)
      stderr("pyreview: --show-stale-baseline: no baseline applies (--baseline FILE, or baseline in [tool.pyreview])");
    for (const line of staleLines(baselines.stale, displayPath)) stderr(line);
  }
  if (options.addNoqa) {
    const added = results.reduce((n, r) => n + r.fixesApplied, 0);
    stderr(`pyreview: added ${added} noqa comment(s) in ${results.filter((r) => r.fixesApplied).length} file(s)`);
  }
  if (options.diff) {
    const patches = results
      .filter((r) => r.fixedText !== undefined && r.source !== undefined)
      .map((r) => {
        const name = displayPath(r.path);
        return createTwoFilesPatch(`a/${name}`, `b/${name}`, r.source ?? "", r.fixedText ?? "", "", "");
      });
    if (!deliver(patches.join(""), outputFile)) return 2;
    stderr(`pyreview: ${patches.length} file(s) would be changed`);
    const status = exitStatus(results, configProblems, true); // 2 for a problem, else 0
    if (status || values["exit-zero"]) return status;
    return patches.length ? 1 : 0;
  }
  if (!deliver(report(results), outputFile)) return 2;
  return exitStatus(results, configProblems, !!values["exit-zero"]);
}

function cliOptions(values: SettingsValues, rest: Omit<CliOptions, "select" | "ignore">): CliOptions {
  const sel = splitCodes(values.select);
  const extend = splitCodes(values["extend-select"]);
  const ign = splitCodes(values.ignore);
  const unknown = unknownSelectors(
    ALL_RULES.map((r) => r.meta),
    [...sel, ...extend, ...ign],
  );
  if (unknown.length) throw new UsageError(`unknown rule selector(s): ${unknown.join(", ")} (see \`pyreview rules\`)`);
  const python = values.python;
  return {
    select: sel.length ? sel : null,
    ignore: ign,
    extendSelect: extend,
    preview: values["no-preview"] ? false : values.preview ? true : undefined,
    // a glob with a slash is taken from the working folder (the project's are taken from theirs)
    extendExclude: splitGlobs(values["extend-exclude"]).map((g) =>
      g.includes("/") && !path.isAbsolute(g) ? path.resolve(g).split(path.sep).join("/") : g,
    ),
    // a bare command (python3) is found on PATH; a path is taken from the working folder
    python: python && (python.includes("/") || python.includes(path.sep)) ? path.resolve(python) : python || undefined,
    extraPaths: (values["extra-path"] ?? []).map((p) => path.resolve(p)),
    dynamicImports: !!values["dynamic-imports"],
    // --no-baseline: none, whatever the project names
    baseline: values["no-baseline"] ? null : values.baseline !== undefined ? path.resolve(values.baseline) : undefined,
    ...rest,
  };
}

/** --since: the changed files only, their findings those the change brought (exit 2 without git or the ref). */
async function changesSince(ref: string, paths: string[], options: CliOptions, forceExclude: boolean) {
  const ran = await runSince(ref, paths, options, forceExclude);
  for (const note of ran.notes) stderr(note);
  return ran;
}

/**
 * Checks what the paths name. Every file asked for has a result, checked or not (a path that
 * does not exist, a name that is not UTF-8); a path that yields no file at all is named on stderr.
 */
async function run(
  paths: string[],
  options: CliOptions,
  forceExclude = false,
  cache: { flag: string | undefined } | null = null,
): Promise<{ results: FileResult[]; configuration: boolean }> {
  const firstFile = path.resolve(paths[0], paths[0].endsWith(".py") ? "" : "__init__.py");
  const first = settingsFor(firstFile, options);
  const plain = !(options.fix || options.diff);
  const cacheDir = cache && plain ? openCache(cache.flag, firstFile, first.settings.cacheDir, first.root) : null;
  // what the interpreter said last time, while its executable and sys.path are as they were
  if (cacheDir) recallInterpreters(path.join(cacheDir, INTERPRETERS));
  // for many files (a folder, or many named), the interpreter is asked in the background while
  // they are found: the threads then share its answer instead of each waiting on a process. With
  // the cache, only if a file is checked (checkFiles) or an entry rests on it (lookUpCached): a run
  // that takes every result from the cache does not wait for Python (the launcher's early query,
  // not taken, does not hold the process)
  // (and only when the first folder's settings run a rule that asks it: the default rules do not;
  // another folder's settings that do are seen by checkFiles, which asks then)
  if (!cacheDir && rulesAskInterpreter(first.settings) && (paths.length > 8 || paths.some(isFolder)))
    void host().python.warm(interpreterCommand(options.python ?? null));
  // and the parser compiles (on V8's own threads) while the files are found and the cache is read
  void loadPython();
  const collected = collectFiles(paths, first.settings.exclude, first.root, { forceExclude });
  for (const e of collected.empty) stderr(`pyreview: ${e.path}: nothing to check: ${e.reason}`);
  for (const p of collected.problems) stderr(`pyreview: configuration: ${p}`);
  // --add-noqa writes its comments as --fix writes its fixes
  const writes = options.fix || !!options.addNoqa;
  const writableTrees = writes ? realFolders(paths) : undefined;
  const withTrees = { ...options, writableTrees };
  // fixes are planned over all files before any is written (cli/fixPlan.ts), then written here
  const results = !plain
    ? await planFixes(collected.files, withTrees)
    : cacheDir
      ? await checkCached(collected.files, {
          ...withTrees,
          cache: { dir: cacheDir, tool: toolIdentity(), pack: packName(paths) },
        })
      : await checkFiles(collected.files, withTrees);
  if (cacheDir) rememberInterpreters(path.join(cacheDir, INTERPRETERS));
  if (writes) {
    writePlannedFixes(results, writableTrees ?? []);
    // a file that could not be written keeps its findings: check it again as it is on disk
    const unwritten = results.flatMap((r, i) => (r.writeError !== undefined ? [i] : []));
    if (unwritten.length) {
      const again = await checkFiles(
        unwritten.map((i) => results[i].path),
        { ...options, fix: false, diff: false, addNoqa: false },
      );
      unwritten.forEach((i, k) => {
        results[i] = { ...again[k], writeError: results[i].writeError };
      });
    }
  }
  for (const u of collected.unreadable) results.push(notChecked(u.path, u.reason));
  for (const m of collected.missing) results.push(notChecked(path.resolve(m), "no such file or directory"));
  return { results, configuration: collected.problems.length > 0 };
}

/**
 * The result cache's folder, opened (made, with its .gitignore); null when it cannot be. From
 * --cache-dir (or PYREVIEW_CACHE_DIR), else the project's `cache-dir` (relative to its
 * pyproject.toml), else `.pyreview_cache` beside the pyproject.toml, else in the working folder.
 */
function openCache(
  flag: string | undefined,
  firstFile: string,
  configured: string | null,
  root: string | null,
): string | null {
  const project = projectConfigFor(firstFile).file;
  const projectRoot = project ? path.dirname(project) : null;
  const given = flag ?? process.env.PYREVIEW_CACHE_DIR;
  const dir = given
    ? path.resolve(given)
    : configured
      ? path.resolve(projectRoot ?? root ?? ".", configured)
      : path.join(projectRoot ?? process.cwd(), ".pyreview_cache");
  return ResultCache.open(dir) ? dir : null;
}

/** The files' results: from the cache where its entries hold, else checked (and kept). */
async function checkCached(files: readonly string[], options: CliOptions): Promise<FileResult[]> {
  const use = options.cache as NonNullable<CliOptions["cache"]>;
  const looked = await lookUpCached(files, options, use);
  const checked = looked.jobs.length ? await checkFiles(looked.jobs, options) : [];
  const results = looked.found;
  looked.places.forEach((place, k) => {
    results[place] = checked[k];
  });
  leavePack(use, looked);
  // the folder grows only with new entries: only then is its size looked at
  if (looked.absent) ResultCache.at(use.dir).tidy();
  return results as FileResult[];
}

let identity: string | undefined;

/** The file in the cache folder keeping what interpreters said (node/rememberedInterpreters.ts). */
const INTERPRETERS = "interpreters.json";

/** The pack a run reads and leaves: one per set of paths asked for (as resolved from here). */
function packName(paths: readonly string[]): string {
  const asked = [...new Set(paths.map((p) => path.resolve(p)))].sort();
  return createHash("sha256")
    .update(JSON.stringify([toolIdentity(), asked]))
    .digest("hex")
    .slice(0, 32);
}

/**
 * The tool as the cache knows it: its version and its build (the bundle and the grammar it parses
 * with), each known by its status (device, inode, size, mtime and ctime: a rebuilt or reinstalled
 * file has another), as a file's status vouches for its content in the cache; hashed when it has none.
 */
function toolIdentity(): string {
  if (identity === undefined) {
    const digest = createHash("sha256").update(VERSION);
    const wasm = (name: string): string | Uint8Array => host().wasm(name);
    for (const part of [__filename, wasm("tree-sitter.wasm"), wasm("tree-sitter-python.wasm")]) {
      try {
        if (typeof part !== "string") digest.update(part);
        else {
          digest.update(`${part}\0${fileStatus(fs.statSync(part))}\0`);
        }
      } catch {
        digest.update(`missing ${String(part)}`);
      }
    }
    identity = `${VERSION}:${digest.digest("base64url")}`;
  }
  return identity;
}

function isFolder(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/**
 * The folders --fix may write in: each folder named, and the folder of each file named, with
 * links resolved. A link is fixed through only when its target lies inside one of them.
 */
function realFolders(paths: readonly string[]): string[] {
  const folders: string[] = [];
  for (const p of paths) {
    const abs = path.resolve(p);
    try {
      folders.push(fs.realpathSync(fs.statSync(abs).isDirectory() ? abs : path.dirname(abs)));
    } catch {
      // a missing path has nothing to write
    }
  }
  return folders;
}

function showSettingsOf(target: string, options: CliOptions, format: string, outputFile: string | undefined): number {
  if (format !== "text" && format !== "json")
    throw new UsageError("--show-settings prints text or, with --format json, JSON");
  const shown = showSettings(target, options);
  const text = format === "json" ? `${JSON.stringify(shown, null, 2)}\n` : formatShownSettings(shown);
  if (!deliver(text, outputFile)) return 2;
  for (const p of shown.problems) stderr(`pyreview: configuration: ${p}`);
  return shown.problems.length ? 2 : 0;
}

async function review(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { ...SETTINGS_FLAGS, format: { type: "string", default: "markdown" } },
  });
  if (values.help) return help();
  const format = values.format ?? "markdown";
  if (!["markdown", "json"].includes(format)) throw new UsageError(`unknown --format ${format} (markdown or json)`);
  const paths = positionals.length ? positionals : ["."];
  const options = cliOptions(values, {
    fix: false,
    unsafeFixes: false,
    diff: false,
    keepSource: true,
  });
  const since = values.since !== undefined ? await changesSince(values.since, paths, options, false) : null;
  const { results, configuration } = since ?? (await run(paths, options));
  const baselines = applyBaselines(results);
  for (const p of baselines.problems) stderr(`pyreview: configuration: ${p}`);
  const configProblems = reportProblems(results) || configuration || baselines.problems.length > 0;
  const fileEntry = (r: FileResult) => ({
    path: displayPath(r.path),
    findings: r.findings.map((f) => ({ ...f, path: displayPath(f.path) })),
    unchecked: r.unchecked,
    skipped: r.skipped ?? null,
  });
  const fileMarkdown = (r: FileResult) =>
    reviewMarkdown({
      displayPath: displayPath(r.path),
      linkTarget: displayPath(r.path),
      source: r.source ?? "",
      findings: r.findings.map((f, i) => ({ ...f, preview: r.previews?.[i] ?? null })),
      unchecked: r.unchecked,
      rulesRun: r.rulesRun ?? [],
      previewOff: r.previewOff,
      skipped: r.skipped,
    });
  if (since) {
    // the review of a branch: one report of the changed files
    const markdown = sinceMarkdown(since);
    const entries = results.map(fileEntry);
    const report = {
      path: ".",
      kind: "changes",
      since: since.ref,
      base: since.base,
      markdown,
      findings: entries.flatMap((e) => e.findings),
      files: entries,
    };
    if (!deliver(format === "json" ? `${JSON.stringify([report], null, 2)}\n` : markdown, values["output-file"]))
      return 2;
    return exitStatus(results, configProblems, !!values["exit-zero"]);
  }
  // a file named on the command line gets its own report; a folder gets a summary. Every report,
  // of a file or a folder, has the same fields, and JSON is a list of them however many paths.
  const reports = paths.map((p) => {
    const abs = path.resolve(p);
    let folder = false;
    try {
      folder = fs.statSync(abs).isDirectory();
    } catch {
      // missing: reported as a file not reviewed
    }
    if (!folder) {
      const r = results.find((x) => x.path === abs);
      if (!r)
        return { path: p, kind: "file", markdown: `# Review of \`${p}\`\n\nNot reviewed.\n`, findings: [], files: [] };
      const entry = fileEntry(r);
      return { path: entry.path, kind: "file", markdown: fileMarkdown(r), findings: entry.findings, files: [entry] };
    }
    const inside = results.filter((r) => r.path.startsWith(abs + path.sep));
    const files = inside.map((r) => ({
      path: displayPath(r.path),
      link: displayPath(r.path),
      codes: r.findings.map((f) => f.code),
      skipped: r.skipped,
    }));
    const entries = inside.map(fileEntry);
    return {
      path: displayPath(abs) || ".",
      kind: "folder",
      markdown: workspaceReportMarkdown(`Review of \`${p}\``, files, inside.length, false),
      findings: entries.flatMap((e) => e.findings),
      files: entries,
    };
  });
  const text =
    format === "json" ? JSON.stringify(reports, null, 2) + "\n" : reports.map((r) => r.markdown).join("\n---\n\n");
  if (!deliver(text, values["output-file"])) return 2;
  return exitStatus(results, configProblems, !!values["exit-zero"]);
}

function rules(argv: string[]): number {
  const { values } = parseArgs({ args: argv, options: { format: { type: "string", default: "text" } } });
  if (values.format === "json") {
    writeStdout(
      JSON.stringify(
        ALL_RULES.map((r) => ({ ...r.meta, url: ruleUrl(r.meta) })),
        null,
        2,
      ) + "\n",
    );
    return 0;
  }
  for (const r of ALL_RULES) {
    writeStdout(
      `${r.meta.code}  ${r.meta.name.padEnd(28)} ${r.meta.severity.padEnd(11)} fix: ${r.meta.fixable.padEnd(9)} ${r.meta.preview ? "preview " : "        "}${r.meta.summary}\n`,
    );
  }
  return 0;
}

function rule(argv: string[]): number {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { format: { type: "string", default: "text" } },
  });
  if (positionals.length !== 1) throw new UsageError("rule needs one CODE (or rule name)");
  if (values.format !== "text" && values.format !== "json") throw new UsageError(`unknown --format ${values.format}`);
  const doc = findRuleDoc(positionals[0]);
  if (!doc) throw new UsageError(`unknown rule ${positionals[0]} (see \`pyreview rules\`)`);
  writeStdout(values.format === "json" ? ruleDocJson(doc) : formatRuleDoc(doc));
  return 0;
}

function help(): number {
  writeStdout(USAGE + "\n");
  return 0;
}

async function main(argv: string[]): Promise<number> {
  guardStdout();
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case "check":
        return await check(rest);
      case "review":
        return await review(rest);
      case "rules":
        return rules(rest);
      case "rule":
        return rule(rest);
      case "--version":
      case "-V":
      case "version":
        writeStdout(`pyreview ${VERSION}\n`);
        return 0;
      case "--help":
      case "-h":
      case "help":
        return help();
      default:
        throw new UsageError(command ? `unknown command ${command}` : "no command given");
    }
  } catch (error) {
    if (error instanceof SinceError) {
      stderr(`pyreview: ${error.message}`);
      return 2;
    }
    if (
      error instanceof UsageError ||
      (error instanceof Error &&
        "code" in error &&
        String((error as { code: unknown }).code).startsWith("ERR_PARSE_ARGS"))
    ) {
      stderr(`pyreview: ${error.message}\n${USAGE}`);
      return 2;
    }
    stderr(`pyreview: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    return 2;
  }
}

installNodeHost();
void main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
