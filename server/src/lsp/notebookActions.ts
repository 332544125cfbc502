// Code actions in a notebook cell: the fixes and suppressions of the findings in that cell, each
// computed on the whole notebook and turned into an edit of the one cell it changes (a fix that
// would change several cells, or a magic, is not offered); fix-all fixes that cell.
import { CodeActionKind, type CodeAction, type CodeActionParams, type Diagnostic } from "vscode-languageserver";
import { minimalEdit } from "../core/edits";
import type { TextEdit } from "../core/types";
import { fixKeepsSyntax } from "../engine/check";
import { findingInCell, fixNotebook } from "../engine/notebook";
import { suppressionEdit } from "../fixes/noqa";
import { asks, FIX_ALL_KIND, wantsQuickFixes } from "./actionKinds";
import { cellDiagnostic, requestedFindings, toLspEdits, toWorkspaceEdit } from "./convert";
import type { OpenNotebook } from "./notebooks";
import { filePathOf, type Session } from "./session";

/** An edit of the cell the module edits fall in, as the workspace edit of that cell; null if they cannot be. */
function cellEdit(session: Session, notebook: OpenNotebook, edits: readonly TextEdit[]): CodeAction["edit"] | null {
  const edited = notebook.module.editCell(edits);
  if (!edited) return null;
  const change = minimalEdit(edited.cell.text, edited.text);
  if (!change) return null;
  const state = notebook.cells[edited.cell.index];
  return toWorkspaceEdit(
    state.uri,
    state.version,
    toLspEdits(edited.cell.lines, [change]),
    session.client.documentChanges,
  );
}

export async function cellCodeActions(session: Session, params: CodeActionParams): Promise<CodeAction[] | null> {
  const uri = params.textDocument.uri;
  const at = session.notebooks.cellOf(uri);
  if (!at?.cell) return null;
  const { notebook, cell } = at;
  const snapshot = await session.analyze(notebook.uri);
  const doc = session.store.get(notebook.uri);
  if (!snapshot || !doc || doc.version !== snapshot.version || notebook.version !== snapshot.version) return null;
  const { settings } = await session.settingsFor(notebook.uri);
  const only = params.context.only;
  const actions: CodeAction[] = [];
  if (wantsQuickFixes(only)) {
    const start = cell.start + cell.lines.offsetAt(params.range.start);
    const end = cell.start + cell.lines.offsetAt(params.range.end);
    const requested = requestedFindings(params.context.diagnostics, start, end);
    const fixes: CodeAction[] = [];
    const suppressions: CodeAction[] = [];
    for (const f of snapshot.findings) {
      const placed = findingInCell(notebook.module, f);
      if (placed?.cell !== cell) continue;
      if (!requested(f)) continue;
      const diagnostics: Diagnostic[] = [cellDiagnostic(cell.lines, placed.finding, f, snapshot.version)];
      let preferred = false;
      for (const fix of f.fixes) {
        if (!fixKeepsSyntax(session.parsing, doc.tree, doc.text, fix)) continue;
        const edit = cellEdit(session, notebook, fix.edits);
        if (!edit) continue;
        fixes.push({
          title: fix.safe ? fix.title : `${fix.title} (unsafe)`,
          kind: CodeActionKind.QuickFix,
          diagnostics,
          isPreferred: fix.safe && !preferred,
          edit,
        });
        preferred ||= fix.safe;
      }
      const noqa = settings.codeActionDisableRuleComment
        ? suppressionEdit(doc.tree, doc.text, snapshot.lines, f.start, f.end, f.code)
        : null;
      const edit = noqa && cellEdit(session, notebook, [noqa]);
      if (edit)
        suppressions.push({
          title: `Suppress ${f.code} on this line`,
          kind: CodeActionKind.QuickFix,
          diagnostics,
          edit,
        });
    }
    actions.push(...fixes, ...suppressions);
  }
  const wantsFixAll = !!only && asks(only, FIX_ALL_KIND);
  const cellHasSafeFix = () =>
    snapshot.findings.some((f) => f.fixes.some((x) => x.safe && notebook.module.cellOfEdits(x.edits) === cell));
  if (settings.fixAll && (wantsFixAll || (!only && cellHasSafeFix()))) {
    const fixAll = await cellFixAllAction(session, uri);
    if (fixAll) actions.push(fixAll);
  }
  return actions;
}

/** Every safe fix that edits this cell, applied until nothing changes: one edit of the cell. */
export async function cellFixAllAction(session: Session, cellUri: string): Promise<CodeAction | null> {
  const at = session.notebooks.cellOf(cellUri);
  if (!at?.cell) return null;
  const { notebook, cell, state } = at;
  const { settings, root } = await session.settingsFor(notebook.uri);
  const options = { path: filePathOf(notebook.uri), settings, root, resolver: session.resolver };
  const result = await session.settled(() => fixNotebook(session.parsing, notebook.cells, options, false, cell.index));
  const change = minimalEdit(cell.text, result.cells[cell.index]);
  if (!change || !result.applied) return null;
  return {
    title: `pyreview: fix all in this cell (${result.applied} safe fix${result.applied === 1 ? "" : "es"})`,
    kind: FIX_ALL_KIND,
    edit: toWorkspaceEdit(state.uri, state.version, toLspEdits(cell.lines, [change]), session.client.documentChanges),
  };
}
