// Engine ↔ LSP: offsets to UTF-16 positions, findings to diagnostics, edits to LSP edits.
import {
  DiagnosticSeverity,
  TextDocumentEdit,
  type Diagnostic,
  type Range,
  type TextEdit as LspTextEdit,
  type WorkspaceEdit,
} from "vscode-languageserver";
import type { LineIndex } from "../parsing/lineIndex";
import type { TextChange } from "../parsing/parsedDocument";
import type { Finding, Severity, TextEdit } from "../core/types";
import { ruleByCode } from "../rules";
import { ruleUrl } from "../rules/docs";

export { minimalEdit } from "../core/edits";

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/** What a diagnostic carries to find its finding again when code actions are asked for. */
export interface DiagnosticData {
  code: string;
  start: number;
  end: number;
  version: number;
  fixable: boolean;
}

/**
 * Which findings a code action request is about: those its pyreview diagnostics name, or that
 * overlap the range [start, end] (offsets in the finding's text).
 */
export function requestedFindings(
  diagnostics: readonly Diagnostic[],
  start: number,
  end: number,
): (f: { code: string; start: number; end: number }) => boolean {
  const named = new Set(
    diagnostics
      .filter((d) => d.source === "pyreview")
      .map((d) => {
        const data = d.data as DiagnosticData | undefined;
        return data ? `${data.code}:${data.start}:${data.end}` : "";
      }),
  );
  return (f) => named.has(`${f.code}:${f.start}:${f.end}`) || (f.start <= end && f.end >= start);
}

export function toRange(lines: LineIndex, start: number, end: number): Range {
  return { start: lines.positionAt(start), end: lines.positionAt(end) };
}

export function toDiagnostic(lines: LineIndex, f: Finding, version: number): Diagnostic {
  const rule = ruleByCode(f.code);
  const data: DiagnosticData = { code: f.code, start: f.start, end: f.end, version, fixable: f.fixes.length > 0 };
  return {
    range: toRange(lines, f.start, f.end),
    severity: SEVERITY[f.severity],
    source: "pyreview",
    code: f.code,
    codeDescription: rule ? { href: ruleUrl(rule.meta) } : undefined,
    message: f.message,
    data,
  };
}

/**
 * A finding in a notebook cell: `inCell` in the cell's offsets and lines; `data` keeps the
 * module's offsets (`f`), which code actions match against the notebook's analysis.
 */
export function cellDiagnostic(lines: LineIndex, inCell: Finding, f: Finding, version: number): Diagnostic {
  const diagnostic = toDiagnostic(lines, inCell, version);
  return { ...diagnostic, data: { ...(diagnostic.data as DiagnosticData), start: f.start, end: f.end } };
}

export function toLspEdits(lines: LineIndex, edits: readonly TextEdit[]): LspTextEdit[] {
  return edits.map((e) => ({ range: toRange(lines, e.start, e.end), newText: e.newText }));
}

/**
 * Edits of one document as a WorkspaceEdit: versioned (`documentChanges`) when the client applies
 * those, so the editor rejects an edit computed on an older version; plain `changes` otherwise.
 */
export function toWorkspaceEdit(uri: string, version: number, edits: LspTextEdit[], versioned: boolean): WorkspaceEdit {
  return versioned
    ? { documentChanges: [TextDocumentEdit.create({ uri, version }, edits)] }
    : { changes: { [uri]: edits } };
}

/** LSP incremental content changes → engine changes, each against the text left by the previous. */
export function toTextChanges(
  text: string,
  changes: ReadonlyArray<{ range?: Range; text: string }>,
  makeIndex: (text: string) => LineIndex,
): { changes: TextChange[] | null; fullText: string | null } {
  const out: TextChange[] = [];
  let current = text;
  let index = makeIndex(current);
  for (const c of changes) {
    if (!c.range) return { changes: null, fullText: changes[changes.length - 1].text };
    const start = index.offsetAt(c.range.start);
    const end = index.offsetAt(c.range.end);
    out.push({ start, end, text: c.text });
    current = current.slice(0, start) + c.text + current.slice(end);
    if (changes.length > 1) index = makeIndex(current);
  }
  return { changes: out, fullText: null };
}
