// The engine on a notebook: its code cells checked together as one module (a logger made in one
// cell and used in another is used), findings and fixes kept only where they make sense for
// cells: no module docstring (a notebook has none), and a fix only when every edit stays in one
// cell and leaves IPython's magics alone. Fix-all works cell by cell on the cells' own text.
import type { Finding } from "../core/types";
import { NotebookModule, type CellSpan, type NotebookCellInput } from "../parsing/notebook";
import type { LineIndex } from "../parsing/lineIndex";
import type { PythonParsing } from "../parsing/parser";
import { checkTree, fixKeepsSyntax, type CheckOptions, type RuleFailure } from "./check";
import { chooseFixes } from "./fixAll";
import { locate, type LocatedFinding } from "./located";
import { identifyAll, type FindingIdentity } from "./fingerprint";

/** DOC001's finding on the module itself: a notebook is not imported, so it has no `__doc__` to miss. */
const MODULE_DOCSTRING = /^Module has no docstring/;

export function belongsInNotebook(f: Finding): boolean {
  return !(f.code === "DOC001" && MODULE_DOCSTRING.test(f.message));
}

/** The findings a notebook shows, each with only the fixes that edit one cell and no magic. */
export function notebookFindings(module: NotebookModule, findings: readonly Finding[]): Finding[] {
  return findings
    .filter(belongsInNotebook)
    .map((f) => ({ ...f, fixes: f.fixes.filter((x) => module.cellOfEdits(x.edits) !== null) }));
}

export interface NotebookCheck {
  module: NotebookModule;
  findings: Finding[];
  unchecked: string[];
  failures: RuleFailure[];
  lines: LineIndex;
  /** With `identify`: each finding's identity (baselines), as `findings`. */
  identities?: FindingIdentity[];
}

export function checkNotebook(
  parsing: PythonParsing,
  cells: readonly NotebookCellInput[],
  options: CheckOptions,
  identify = false,
): NotebookCheck | null {
  const module = NotebookModule.build(cells);
  const tree = parsing.parser.parse(module.text);
  if (!tree) return null;
  try {
    const result = checkTree(parsing, tree, module.text, options);
    const findings = notebookFindings(module, result.findings);
    return {
      module,
      findings,
      unchecked: result.unchecked,
      failures: result.failures,
      lines: result.lines,
      identities: identify ? identifyAll(tree.rootNode, module.text, findings) : undefined,
    };
  } finally {
    tree.delete();
  }
}

export interface NotebookFixResult {
  /** Every cell's text after the fixes (markdown cells as they were). */
  cells: string[];
  applied: number;
}

const MAX_PASSES = 10;

/**
 * Applies the fixes (safe ones; unsafe too with `unsafe`) until nothing changes, as fixAll does
 * for a file. `onlyCell` (a cell's index) keeps the edits to that cell (the editor's fix-all).
 */
export function fixNotebook(
  parsing: PythonParsing,
  cells: readonly NotebookCellInput[],
  options: CheckOptions,
  unsafe = false,
  onlyCell?: number,
): NotebookFixResult {
  const texts = cells.map((c) => c.text);
  let applied = 0;
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    const module = NotebookModule.build(cells.map((c, i) => ({ kind: c.kind, text: texts[i] })));
    const tree = parsing.parser.parse(module.text);
    if (!tree) break;
    let chosen: ReturnType<typeof chooseFixes>;
    try {
      const findings = notebookFindings(module, checkTree(parsing, tree, module.text, options).findings).map((f) => ({
        ...f,
        fixes: f.fixes.filter(
          (x) => (x.safe || unsafe) && (onlyCell === undefined || module.cellOfEdits(x.edits)?.index === onlyCell),
        ),
      }));
      const keeps = (edits: typeof chosen.edits): boolean =>
        fixKeepsSyntax(parsing, tree, module.text, { title: "all", safe: true, edits });
      chosen = chooseFixes(findings, unsafe);
      if (chosen.count && !keeps(chosen.edits)) {
        // as fixAll: drop the fixes that break the parse on their own, and choose again
        const usable = findings.map((f) => ({ ...f, fixes: f.fixes.filter((x) => keeps(x.edits)) }));
        chosen = chooseFixes(usable, unsafe);
        if (chosen.count && !keeps(chosen.edits)) chosen = { edits: [], count: 0, fixes: [] };
      }
    } finally {
      tree.delete();
    }
    if (!chosen.count) break;
    // each fix stays in one cell, so the edits apply to the cells' own text
    const byCell = new Map<CellSpan, typeof chosen.edits>();
    for (const e of chosen.edits) {
      const cell = module.cellOfEdits([e]);
      if (cell) byCell.set(cell, [...(byCell.get(cell) ?? []), e]);
    }
    for (const edits of byCell.values()) {
      const edited = module.editCell(edits);
      if (edited) texts[edited.cell.index] = edited.text;
    }
    applied += chosen.count;
  }
  return { cells: texts, applied };
}

/** The cell a finding starts in, and the finding in that cell's own offsets (its end kept in the cell). */
export function findingInCell(module: NotebookModule, f: Finding): { cell: CellSpan; finding: Finding } | null {
  const cell = module.cellAt(f.start);
  if (!cell) return null;
  return { cell, finding: { ...f, start: f.start - cell.start, end: Math.min(f.end, cell.end) - cell.start } };
}

/** A finding as the CLI reports it in a notebook: line and columns in its cell, and the cell. */
export function locateInNotebook(file: string, module: NotebookModule, f: Finding): LocatedFinding | null {
  const at = findingInCell(module, f);
  return at ? { ...locate(file, at.cell.lines, at.finding), cell: at.cell.index + 1 } : null;
}
