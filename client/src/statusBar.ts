// A status-bar item with the active file's pyreview finding count; clicking opens the review.
import * as vscode from "vscode";

export function createStatusBar(context: vscode.ExtensionContext): void {
  const item = vscode.window.createStatusBarItem(vscode.StatusBarAlignment.Right, 100);
  item.command = "pyreview.reviewFile";
  context.subscriptions.push(item);
  const update = (): void => {
    const doc = vscode.window.activeTextEditor?.document;
    if (doc?.languageId !== "python") {
      item.hide();
      return;
    }
    const n = vscode.languages.getDiagnostics(doc.uri).filter((d) => d.source === "pyreview").length;
    item.text = n ? `$(checklist) pyreview: ${n}` : "$(check) pyreview";
    item.tooltip = n
      ? `pyreview: ${n} finding${n === 1 ? "" : "s"} in this file. Click to open the review.`
      : "pyreview: no findings. Click to open the review.";
    item.show();
  };
  context.subscriptions.push(
    vscode.languages.onDidChangeDiagnostics(update),
    vscode.window.onDidChangeActiveTextEditor(update),
  );
  update();
}
