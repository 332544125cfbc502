// `pyreview check --add-noqa`: a `# noqa: CODES` for every finding of a file, merged into the
// noqa comments already there (as ruff's). Nothing is written here: the text with the comments
// is the file's planned text, written as --fix writes (writePlannedFixes). What could not get a
// comment (no line of the finding can carry one) is still reported.
import type { PythonParsing } from "../parsing/parser";
import { fixKeepsSyntax } from "../engine/check";
import { addNoqaEdits } from "../fixes/noqa";
import { applyEdits } from "../core/edits";
import { unusedSuppression } from "../rules/unused-suppression";
import { keepFindings } from "./baselineRun";
import { findingsInto, prepareFile, type CliOptions, type FileResult } from "./checkFile";

export function addNoqaToFile(parsing: PythonParsing, file: string, options: CliOptions): FileResult {
  const prepared = prepareFile(parsing, file, options);
  if (!prepared.ok) return prepared.result;
  const { result, text } = prepared;
  findingsInto(parsing, prepared, text, options, (checked) => {
    // a suppression that suppresses nothing is not answered with another one
    const wanted = checked.findings.flatMap((f, index) =>
      f.code === unusedSuppression.meta.code ? [] : [{ start: f.start, end: f.end, code: f.code, index }],
    );
    const { edits, unplaced } = addNoqaEdits(checked.model.tree, text, checked.lines, wanted);
    let left = wanted;
    if (edits.length) {
      // a comment never breaks a parse, but the line it is added to might: then nothing is written
      if (!fixKeepsSyntax(parsing, checked.model.tree, text, { title: "add noqa", safe: true, edits })) {
        result.writeError = "adding the noqa comments would break the file's syntax: not written";
      } else {
        result.source = text;
        result.bom = prepared.bom;
        result.fixedText = applyEdits(text, edits).text;
        result.fixesApplied = edits.length;
        // once the comments are written, what is left is what no line could carry one for
        left = unplaced;
      }
    }
    keepFindings(result, new Set(left.map((f) => f.index)));
  });
  return result;
}
