// A language status item for Python files and notebook cells (beside the language mode, as ruff
// and Pylance show theirs): the active document's finding count; its link opens the review.
import * as vscode from "vscode";

export function createLanguageStatus(context: vscode.ExtensionContext): void {
  const item = vscode.languages.createLanguageStatusItem("pyreview.status", { language: "python" });
  item.name = "Pyreview";
  item.command = { title: "Review", command: "pyreview.reviewFile", tooltip: "Pyreview: Review File" };
  context.subscriptions.push(item);
  const update = (): void => {
    const doc = vscode.window.activeTextEditor?.document;
    if (doc?.languageId !== "python") return;
    const found = vscode.languages.getDiagnostics(doc.uri).filter((d) => d.source === "pyreview");
    const n = found.length;
    item.text = n ? `$(checklist) pyreview: ${n}` : "$(check) pyreview";
    item.detail = n ? `${n} finding${n === 1 ? "" : "s"} in this file` : "no findings";
    item.severity = found.some((d) => d.severity === vscode.DiagnosticSeverity.Error)
      ? vscode.LanguageStatusSeverity.Error
      : found.some((d) => d.severity === vscode.DiagnosticSeverity.Warning)
        ? vscode.LanguageStatusSeverity.Warning
        : vscode.LanguageStatusSeverity.Information;
  };
  context.subscriptions.push(
    vscode.languages.onDidChangeDiagnostics(update),
    vscode.window.onDidChangeActiveTextEditor(update),
  );
  update();
}
