// The command-line front end: `pyreview check`, `pyreview review`, `pyreview rules`.
import * as fs from "node:fs";
import * as path from "node:path";
import { workspaceReportMarkdown } from "./review/workspaceReport";
import { parseArgs } from "node:util";
import { createTwoFilesPatch } from "diff";
import { ALL_RULES } from "./rules";
import { ruleUrl } from "./rules/docs";
import { unknownSelectors } from "./engine/selection";
import { collectFiles } from "./node/files";
import { checkFiles } from "./cli/pool";
import { formatJson, formatSarif, formatText, displayPath } from "./cli/format";
import { settingsFor, type CliOptions, type FileResult } from "./cli/checkFile";
import { exitStatus, notChecked } from "./cli/unchecked";
import { reviewMarkdown } from "./review/report";
import { installNodeHost } from "./node/host";

declare const PYREVIEW_VERSION: string | undefined;
const VERSION = typeof PYREVIEW_VERSION === "string" ? PYREVIEW_VERSION : "dev";

const USAGE = `usage:
  pyreview check [--format text|json|sarif] [--select CODES] [--ignore CODES] [--fix] [--unsafe-fixes] [--diff] [--exit-zero] PATH...
  pyreview review [--format markdown|json] [--select CODES] [--ignore CODES] [--exit-zero] PATH...
  pyreview rules [--format text|json]

CODES: comma-separated codes (CTX001), prefixes (LOG) or names (log-translation).
Exit status: 0 no findings, 1 findings, 2 usage, configuration or I/O error.`;

class UsageError extends Error {}

function splitCodes(values: string[] | undefined): string[] {
  return (values ?? [])
    .flatMap((v) => v.split(","))
    .map((s) => s.trim())
    .filter(Boolean);
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

async function check(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      format: { type: "string", default: "text" },
      select: { type: "string", multiple: true },
      ignore: { type: "string", multiple: true },
      fix: { type: "boolean", default: false },
      "unsafe-fixes": { type: "boolean", default: false },
      diff: { type: "boolean", default: false },
      "exit-zero": { type: "boolean", default: false },
    },
  });
  const format = values.format ?? "text";
  if (!["text", "json", "sarif"].includes(format))
    throw new UsageError(`unknown --format ${format} (text, json or sarif)`);
  if (!positionals.length) throw new UsageError("check needs at least one PATH");
  const options = cliOptions(values.select, values.ignore, {
    fix: !!values.fix && !values.diff,
    unsafeFixes: !!values["unsafe-fixes"],
    diff: !!values.diff,
    keepSource: !!values.diff,
  });
  const { results, configuration } = await run(positionals, options);
  const configProblems = reportProblems(results) || configuration;
  if (options.diff) {
    for (const r of results) {
      if (r.fixedText === undefined || r.source === undefined) continue;
      const name = displayPath(r.path);
      process.stdout.write(createTwoFilesPatch(`a/${name}`, `b/${name}`, r.source, r.fixedText, "", ""));
    }
    const fixable = results.filter((r) => r.fixedText !== undefined).length;
    stderr(`pyreview: ${fixable} file(s) would be changed`);
    const status = exitStatus(results, configProblems, true); // 2 for a problem, else 0
    if (status || values["exit-zero"]) return status;
    return fixable ? 1 : 0;
  }
  const output =
    format === "json"
      ? formatJson(results)
      : format === "sarif"
        ? formatSarif(results, VERSION)
        : formatText(results, options.fix);
  process.stdout.write(output);
  return exitStatus(results, configProblems, !!values["exit-zero"]);
}

function cliOptions(
  select: string[] | undefined,
  ignore: string[] | undefined,
  rest: Omit<CliOptions, "select" | "ignore">,
): CliOptions {
  const sel = splitCodes(select);
  const ign = splitCodes(ignore);
  const unknown = unknownSelectors(
    ALL_RULES.map((r) => r.meta),
    [...sel, ...ign],
  );
  if (unknown.length) throw new UsageError(`unknown rule selector(s): ${unknown.join(", ")} (see \`pyreview rules\`)`);
  return { select: sel.length ? sel : null, ignore: ign, ...rest };
}

/**
 * Checks what the paths name. Every file asked for has a result, checked or not (a path that
 * does not exist, a name that is not UTF-8); a path that yields no file at all is named on stderr.
 */
async function run(paths: string[], options: CliOptions): Promise<{ results: FileResult[]; configuration: boolean }> {
  const first = settingsFor(path.resolve(paths[0], paths[0].endsWith(".py") ? "" : "__init__.py"), options);
  const collected = collectFiles(paths, first.settings.exclude, first.root);
  for (const e of collected.empty) stderr(`pyreview: ${e.path}: nothing to check: ${e.reason}`);
  for (const p of collected.problems) stderr(`pyreview: configuration: ${p}`);
  const writableTrees = options.fix ? realFolders(paths) : undefined;
  const results = await checkFiles(collected.files, { ...options, writableTrees });
  for (const u of collected.unreadable) results.push(notChecked(u.path, u.reason));
  for (const m of collected.missing) results.push(notChecked(path.resolve(m), "no such file or directory"));
  return { results, configuration: collected.problems.length > 0 };
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

async function review(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      format: { type: "string", default: "markdown" },
      select: { type: "string", multiple: true },
      ignore: { type: "string", multiple: true },
      "exit-zero": { type: "boolean", default: false },
    },
  });
  const format = values.format ?? "markdown";
  if (!["markdown", "json"].includes(format)) throw new UsageError(`unknown --format ${format} (markdown or json)`);
  if (!positionals.length) throw new UsageError("review needs at least one PATH");
  const options = cliOptions(values.select, values.ignore, {
    fix: false,
    unsafeFixes: false,
    diff: false,
    keepSource: true,
  });
  const { results, configuration } = await run(positionals, options);
  const configProblems = reportProblems(results) || configuration;
  const fileReport = (r: FileResult) => ({
    path: displayPath(r.path),
    markdown: reviewMarkdown({
      displayPath: displayPath(r.path),
      linkTarget: displayPath(r.path),
      source: r.source ?? "",
      findings: r.findings.map((f, i) => ({ ...f, preview: r.previews?.[i] ?? null })),
      unchecked: r.unchecked,
      rulesRun: r.rulesRun ?? [],
      skipped: r.skipped,
    }),
    findings: r.findings.map((f) => ({ ...f, path: displayPath(f.path) })),
    unchecked: r.unchecked,
  });
  // a file named on the command line gets its own report; a folder gets a summary
  const reports = positionals.map((p) => {
    const abs = path.resolve(p);
    let folder = false;
    try {
      folder = fs.statSync(abs).isDirectory();
    } catch {
      // missing: reported as a file not reviewed
    }
    if (!folder) {
      const r = results.find((x) => x.path === abs);
      return r
        ? fileReport(r)
        : { path: p, markdown: `# Review of \`${p}\`\n\nNot reviewed.\n`, findings: [], unchecked: [] };
    }
    const inside = results.filter((r) => r.path.startsWith(abs + path.sep));
    const files = inside.map((r) => ({
      path: displayPath(r.path),
      link: displayPath(r.path),
      codes: r.findings.map((f) => f.code),
      skipped: r.skipped,
    }));
    return {
      path: displayPath(abs) || ".",
      markdown: workspaceReportMarkdown(`Review of \`${p}\``, files, inside.length, false),
      files: inside.map(fileReport).map(({ path: file, findings, unchecked }) => ({ path: file, findings, unchecked })),
    };
  });
  if (format === "json")
    process.stdout.write(JSON.stringify(reports.length === 1 ? reports[0] : reports, null, 2) + "\n");
  else process.stdout.write(reports.map((r) => r.markdown).join("\n---\n\n"));
  return exitStatus(results, configProblems, !!values["exit-zero"]);
}

function rules(argv: string[]): number {
  const { values } = parseArgs({ args: argv, options: { format: { type: "string", default: "text" } } });
  if (values.format === "json") {
    process.stdout.write(
      JSON.stringify(
        ALL_RULES.map((r) => ({ ...r.meta, url: ruleUrl(r.meta) })),
        null,
        2,
      ) + "\n",
    );
    return 0;
  }
  for (const r of ALL_RULES) {
    process.stdout.write(
      `${r.meta.code}  ${r.meta.name.padEnd(28)} ${r.meta.severity.padEnd(11)} fix: ${r.meta.fixable.padEnd(9)} ${r.meta.summary}\n`,
    );
  }
  return 0;
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case "check":
        return await check(rest);
      case "review":
        return await review(rest);
      case "rules":
        return rules(rest);
      case "--version":
      case "version":
        process.stdout.write(`pyreview ${VERSION}\n`);
        return 0;
      case "--help":
      case "-h":
      case "help":
        process.stdout.write(USAGE + "\n");
        return 0;
      default:
        throw new UsageError(command ? `unknown command ${command}` : "no command given");
    }
  } catch (error) {
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
