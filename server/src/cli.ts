// The command-line front end: `pyreview check`, `pyreview review`, `pyreview rules`.
import * as fs from "node:fs";
import * as path from "node:path";
import { workspaceReportMarkdown } from "./review/workspaceReport";
import { parseArgs } from "node:util";
import { createTwoFilesPatch } from "diff";
import { ALL_RULES } from "./rules";
import { ruleUrl } from "./rules/docs";
import { unknownSelectors } from "./engine/selection";
import { collectFiles } from "./config/files";
import { checkFiles } from "./cli/pool";
import { planFixes, writePlannedFixes } from "./cli/fixPlan";
import { formatJson, formatSarif, formatText, displayPath } from "./cli/format";
import { settingsFor, type CliOptions, type FileResult } from "./cli/checkFile";
import { reviewMarkdown } from "./review/report";

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

/** One line on stderr per skipped file and per configuration problem; returns true if any. */
function reportProblems(results: readonly FileResult[]): boolean {
  let problems = false;
  const seen = new Set<string>();
  for (const r of results) {
    if (r.skipped) stderr(`pyreview: skipped ${displayPath(r.path)}: ${r.skipped}`);
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
  const results = await run(positionals, options);
  if (results === null) return 2;
  if (options.fix) writePlannedFixes(results);
  const configProblems = reportProblems(results);
  if (options.diff) {
    for (const r of results) {
      if (r.fixedText === undefined || r.source === undefined) continue;
      const name = displayPath(r.path);
      process.stdout.write(createTwoFilesPatch(`a/${name}`, `b/${name}`, r.source, r.fixedText, "", ""));
    }
    const fixable = results.filter((r) => r.fixedText !== undefined).length;
    stderr(`pyreview: ${fixable} file(s) would be changed`);
    return values["exit-zero"] ? 0 : fixable ? 1 : 0;
  }
  const output =
    format === "json"
      ? formatJson(results)
      : format === "sarif"
        ? formatSarif(results, VERSION)
        : formatText(results, options.fix);
  process.stdout.write(output);
  if (configProblems) return 2;
  if (values["exit-zero"]) return 0;
  return results.some((r) => r.findings.length) ? 1 : 0;
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

async function run(paths: string[], options: CliOptions): Promise<FileResult[] | null> {
  const first = settingsFor(path.resolve(paths[0], paths[0].endsWith(".py") ? "" : "__init__.py"), options);
  const { files, missing } = collectFiles(paths, first.settings.exclude, first.root);
  for (const m of missing) stderr(`pyreview: ${m}: no such file or directory`);
  if (missing.length) return null;
  // fixes are planned over all files before any is written (cli/fixPlan.ts)
  return options.fix || options.diff ? planFixes(files, options) : checkFiles(files, options);
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
  const results = await run(positionals, options);
  if (results === null) return 2;
  const configProblems = reportProblems(results);
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
    if (!fs.statSync(abs).isDirectory()) {
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
  if (configProblems) return 2;
  if (values["exit-zero"]) return 0;
  return results.some((r) => r.findings.length) ? 1 : 0;
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

void main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
