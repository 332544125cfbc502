// Checking (and optionally fixing) one Jupyter notebook on disk: its code cells as one module,
// findings placed in their cell (line and columns relative to it, plus `cell`), and `--fix`
// writing only the changed cells' sources back into the JSON (the rest byte for byte).
import type { PythonParsing } from "../parsing/parser";
import type { NotebookCellInput } from "../parsing/notebook";
import { readNotebook, writeNotebook, type NotebookFile } from "../parsing/notebookJson";
import { readSource, type SourceRead } from "../node/sourceFile";
import { enabledRules, previewRulesOff } from "../engine/check";
import { checkNotebook, fixNotebook, locateInNotebook } from "../engine/notebook";
import type { LocatedFinding } from "../engine/located";
import { fixPreview } from "../review/preview";
import { minimalEdit } from "../core/edits";
import { emptyResult, settingsFor, type CliOptions, type FileResult } from "./checkFile";
import { encodeSource, writeFixed } from "./writeFile";

export function isNotebookPath(file: string): boolean {
  return file.toLowerCase().endsWith(".ipynb");
}

/** Checks one notebook: as read from disk, or `given` (its text at a git commit, for --since). */
export function checkNotebookFile(
  parsing: PythonParsing,
  file: string,
  options: CliOptions,
  given?: SourceRead,
): FileResult {
  const result = emptyResult(file);
  const read = given ?? readSource(file);
  if (!read.ok) {
    result.skipped = read.reason;
    return result;
  }
  const parsed = readNotebook(read.text);
  if (!parsed.ok) {
    if (parsed.notPython) result.ignored = parsed.reason;
    else result.skipped = parsed.reason;
    return result;
  }
  let notebook: NotebookFile = parsed.notebook;
  const { settings, root, problems, notices } = settingsFor(file, options);
  result.configProblems = problems;
  if (notices.length) result.configNotices = notices;
  if (options.keepSource) result.source = read.text;
  const checkOptions = { path: file, settings, root };
  if (options.fix || options.diff) {
    const fixed = fixNotebook(parsing, notebook.cells, checkOptions, options.unsafeFixes);
    const json = writeNotebook(notebook, new Map(fixed.cells.map((text, i) => [i, text])));
    if (json !== read.text) {
      result.fixedText = json;
      result.fixesApplied = fixed.applied;
      if (options.fix) {
        const written = writeFixed(file, read, encodeSource(json, read.bom), options.writableTrees ?? []);
        if (written.written) {
          const again = readNotebook(json);
          if (again.ok) notebook = again.notebook;
        } else {
          result.writeError = written.reason;
          result.fixesApplied = 0;
        }
      }
    }
  }
  const cells: NotebookCellInput[] = notebook.cells;
  const checked = checkNotebook(parsing, cells, checkOptions, !!options.identify || !!settings.baseline);
  if (!checked) {
    result.skipped = "the parser returned no tree";
    return result;
  }
  const located = checked.findings.map((f) => ({ f, at: locateInNotebook(file, checked.module, f) }));
  result.findings = located.flatMap(({ at }) => (at ? [at] : ([] as LocatedFinding[])));
  if (settings.baseline) result.baseline = settings.baseline;
  if (checked.identities) {
    const identities = checked.identities;
    result.identities = located.flatMap(({ at }, i) => (at ? [identities[i]] : []));
  }
  if (options.keepSource) {
    result.previews = located.flatMap(({ f, at }) => {
      if (!at) return [];
      const fix = f.fixes.find((x) => x.safe);
      const edited = fix && checked.module.editCell(fix.edits);
      return [edited ? cellPreview(edited.cell.text, edited.text) : null];
    });
    result.rulesRun = enabledRules(settings, file, root).map((r) => r.meta.code);
    result.previewOff = previewRulesOff(settings, file, root);
  }
  result.unchecked = checked.unchecked;
  result.failures = checked.failures.map((x) => ({
    code: x.code,
    message: x.error instanceof Error ? x.error.message : String(x.error),
  }));
  return result;
}

/** The report's before/after of a fix in a cell: the cell's text before and after it. */
function cellPreview(before: string, after: string): string | null {
  const edit = minimalEdit(before, after);
  return edit ? fixPreview(before, { title: "", safe: true, edits: [edit] }) : null;
}
