// `pyreview check --add-noqa`: a `# noqa: CODES` for every finding of a file, merged into the
// noqa comments already there (as ruff's), written as carefully as --fix writes. What could not
// get one (no line of the finding can carry a comment) is still reported.
import type { PythonParsing } from "../parsing/parser";
import { CLI_PARSE_BUDGET, withParseBudget } from "../parsing/parseBudget";
import { readSource } from "../parsing/sourceFile";
import { firstSyntaxError } from "../parsing/syntaxError";
import { checkTree, fixKeepsSyntax } from "../engine/check";
import { locate } from "../engine/located";
import { addNoqaEdits } from "../fixes/noqa";
import { applyEdits } from "../core/edits";
import { unusedSuppression } from "../rules/unused-suppression";
import { settingsFor, type CliOptions, type FileResult } from "./checkFile";
import { syntaxErrorRecord } from "./records";
import { encodeSource, writeFixed } from "./writeFile";

export function addNoqaToFile(parsing: PythonParsing, file: string, options: CliOptions): FileResult {
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
    return result;
  }
  const { settings, root, problems, notices } = settingsFor(file, options);
  result.configProblems = problems;
  if (notices.length) result.configNotices = notices;
  const budgeted = withParseBudget(parsing, CLI_PARSE_BUDGET);
  const tree = budgeted.parsing.parser.parse(read.text);
  if (!tree) {
    result.skipped = budgeted.overBudget() ?? "the parser returned no tree";
    return result;
  }
  try {
    const text = read.text;
    const checked = checkTree(parsing, tree, text, { path: file, settings, root });
    result.unchecked = checked.unchecked;
    result.failures = checked.failures.map((x) => ({
      code: x.code,
      message: x.error instanceof Error ? x.error.message : String(x.error),
    }));
    const syntaxError = checked.model.hasSyntaxErrors ? firstSyntaxError(tree) : null;
    if (syntaxError) result.syntaxError = syntaxErrorRecord(file, checked.lines, syntaxError);
    // a suppression that suppresses nothing is not answered with another one
    const wanted = checked.findings.filter((f) => f.code !== unusedSuppression.meta.code);
    const { edits, unplaced } = addNoqaEdits(tree, text, checked.lines, wanted);
    if (edits.length) {
      // a comment never breaks a parse, but the line it is added to might: then nothing is written
      if (!fixKeepsSyntax(parsing, tree, text, { title: "add noqa", safe: true, edits })) {
        result.writeError = "adding the noqa comments would break the file's syntax: not written";
      } else {
        const content = encodeSource(applyEdits(text, edits).text, read.bom);
        const outcome = writeFixed(file, read, content, options.writableTrees ?? []);
        if (outcome.written) result.fixesApplied = edits.length;
        else result.writeError = outcome.reason;
      }
    }
    // what is left to report: every finding when nothing was written, else those with no line for a comment
    const left = result.writeError !== undefined ? wanted : unplaced;
    result.findings = left.map((f) => locate(file, checked.lines, f));
    return result;
  } finally {
    tree.delete();
  }
}
