// Code actions: each finding's fixes and "Suppress CODE on this line" (quickfix), fix-all of the
// safe fixes (source.fixAll.pyreview), and IMP001's "replace all wildcard imports" source action.
import {
  CodeActionKind,
  type CodeAction,
  type CodeActionParams,
  type TextEdit as LspTextEdit,
} from "vscode-languageserver";
import { fixKeepsSyntax } from "../engine/check";
import { fixAll } from "../engine/fixAll";
import { suppressionEdit } from "../fixes/noqa";
import { LineIndex } from "../parsing/lineIndex";
import { wildcardImport } from "../rules/wildcard-import";
import { minimalEdit, requestedFindings, toDiagnostic, toLspEdits, toWorkspaceEdit } from "./convert";
import { filePathOf, type Session } from "./session";
import { mentionsStarImport } from "./starImports";
import { asks, FIX_ALL_KIND, WILDCARD_KIND, wantsQuickFixes } from "./actionKinds";
import { cellCodeActions, cellFixAllAction } from "./notebookActions";

export { CODE_ACTION_KINDS, FIX_ALL_KIND, WILDCARD_KIND } from "./actionKinds";

export async function codeActions(session: Session, params: CodeActionParams): Promise<CodeAction[] | null> {
  const uri = params.textDocument.uri;
  if (session.notebooks.cellOf(uri)) return cellCodeActions(session, params);
  const only = params.context.only;
  const wantsQuickFix = wantsQuickFixes(only);
  const actions: CodeAction[] = [];
  const snapshot = await session.analyze(uri);
  const doc = session.store.get(uri);
  if (!snapshot || !doc || doc.version !== snapshot.version) return null;
  const { settings } = await session.settingsFor(uri);
  const edit = (edits: LspTextEdit[]) => toWorkspaceEdit(uri, snapshot.version, edits, session.client.documentChanges);
  if (wantsQuickFix) {
    const start = snapshot.lines.offsetAt(params.range.start);
    const end = snapshot.lines.offsetAt(params.range.end);
    const requested = requestedFindings(params.context.diagnostics, start, end);
    for (const f of snapshot.findings) {
      const hit = requested(f);
      if (!hit) continue;
      const diagnostic = toDiagnostic(snapshot.lines, f, snapshot.version);
      let preferred = false;
      for (const fix of f.fixes) {
        if (!fixKeepsSyntax(session.parsing, doc.tree, doc.text, fix)) continue;
        actions.push({
          title: fix.safe ? fix.title : `${fix.title} (unsafe)`,
          kind: CodeActionKind.QuickFix,
          diagnostics: [diagnostic],
          isPreferred: fix.safe && !preferred,
          edit: edit(toLspEdits(snapshot.lines, fix.edits)),
        });
        preferred ||= fix.safe;
      }
      const noqa = settings.codeActionDisableRuleComment
        ? suppressionEdit(doc.tree, doc.text, snapshot.lines, f.start, f.end, f.code)
        : null;
      if (noqa) {
        actions.push({
          title: `Suppress ${f.code} on this line`,
          kind: CodeActionKind.QuickFix,
          diagnostics: [diagnostic],
          edit: edit(toLspEdits(snapshot.lines, [noqa])),
        });
      }
    }
    // fixes first, then suppressions, in document order within each
    actions.sort((a, b) => Number(a.title.startsWith("Suppress ")) - Number(b.title.startsWith("Suppress ")));
  }
  const wantsFixAll = !!only && asks(only, FIX_ALL_KIND);
  if (settings.fixAll && (wantsFixAll || (!only && snapshot.findings.some((f) => f.fixes.some((x) => x.safe))))) {
    const fixAllAction = await fixAllCodeAction(session, uri);
    if (fixAllAction) actions.push(fixAllAction);
  }
  if (only && asks(only, WILDCARD_KIND)) {
    const wildcards = await replaceWildcardsAction(session, uri);
    if (wildcards) actions.push(wildcards);
  }
  return actions;
}

/** Every safe fix of the document at once, as one minimal edit. */
export async function fixAllCodeAction(session: Session, uri: string): Promise<CodeAction | null> {
  if (session.notebooks.cellOf(uri)) return cellFixAllAction(session, uri);
  const doc = session.store.get(uri);
  if (!doc) return null;
  const { version, text } = doc;
  const { settings, root } = await session.settingsFor(uri);
  const options = { path: filePathOf(uri), settings, root, resolver: session.resolver };
  const result = await session.settled(() => fixAll(session.parsing, text, options));
  const edit = minimalEdit(text, result.text);
  if (!edit || !result.applied) return null;
  return {
    title: `pyreview: fix all (${result.applied} safe fix${result.applied === 1 ? "" : "es"})`,
    kind: FIX_ALL_KIND,
    edit: toWorkspaceEdit(uri, version, toLspEdits(new LineIndex(text), [edit]), session.client.documentChanges),
  };
}

/** "Replace all wildcard imports in this file": IMP001's safe fixes alone. */
async function replaceWildcardsAction(session: Session, uri: string): Promise<CodeAction | null> {
  const doc = session.store.get(uri);
  if (!doc || !mentionsStarImport(doc.text)) return null;
  const { version, text } = doc;
  const { settings, root } = await session.settingsFor(uri);
  const options = { path: filePathOf(uri), settings, root, rules: [wildcardImport], resolver: session.resolver };
  const result = await session.settled(() => fixAll(session.parsing, text, options));
  const edit = minimalEdit(text, result.text);
  if (!edit) return null;
  return {
    title: "Replace all wildcard imports in this file",
    kind: WILDCARD_KIND,
    edit: toWorkspaceEdit(uri, version, toLspEdits(new LineIndex(text), [edit]), session.client.documentChanges),
  };
}
