// "Review File", "Review Workspace", "Fix All": ask the server, show the result.
import * as vscode from "vscode";
import type { BaseLanguageClient } from "vscode-languageclient";

export interface ReviewResult {
  markdown: string;
  findings: Array<{ code: string; line: number; severity: string; message: string }>;
}

/** The active Python document; a notebook cell only with `cells` (Review File takes files, Fix All a cell too). */
function activePythonDocument(cells = false): vscode.TextDocument | undefined {
  const doc = vscode.window.activeTextEditor?.document;
  if (doc?.languageId !== "python") return undefined;
  return cells || doc.uri.scheme !== "vscode-notebook-cell" ? doc : undefined;
}

/** The folder reports are written to; their links to lines are relative to it. */
export function reportFolder(context: vscode.ExtensionContext): vscode.Uri {
  return vscode.Uri.joinPath(context.globalStorageUri, "reviews");
}

/** Writes the report into the extension's storage and opens its Markdown preview to the side. */
export async function showReport(
  context: vscode.ExtensionContext,
  name: string,
  markdown: string,
): Promise<vscode.Uri> {
  const dir = reportFolder(context);
  await vscode.workspace.fs.createDirectory(dir);
  const file = vscode.Uri.joinPath(dir, `review-${name.replace(/[^A-Za-z0-9_.-]/g, "_")}.md`);
  await vscode.workspace.fs.writeFile(file, new TextEncoder().encode(markdown));
  await vscode.commands.executeCommand("markdown.showPreviewToSide", file);
  return file;
}

/**
 * How the server writes report links: paths relative to the report's folder (the desktop), or
 * paths from the first workspace folder (the browser: the report is in another file system, and
 * a Markdown preview resolves `/path` links against that folder).
 */
export function reportLinks(
  context: vscode.ExtensionContext,
  relativeLinks: boolean,
): { linkBase: string } | { linkRoot: string | null } {
  if (relativeLinks) return { linkBase: reportFolder(context).fsPath };
  return { linkRoot: vscode.workspace.workspaceFolders?.[0]?.uri.toString() ?? null };
}

export async function reviewFile(
  context: vscode.ExtensionContext,
  client: BaseLanguageClient,
  uri: vscode.Uri | undefined,
  relativeLinks: boolean,
): Promise<void> {
  const doc = uri ? await vscode.workspace.openTextDocument(uri) : activePythonDocument();
  if (!doc) {
    void vscode.window.showInformationMessage("Pyreview: open a Python file to review it.");
    return;
  }
  const result = (await client.sendRequest("workspace/executeCommand", {
    command: "pyreview.review",
    arguments: [doc.uri.toString(), reportLinks(context, relativeLinks)],
  })) as ReviewResult;
  await showReport(context, doc.uri.path.slice(doc.uri.path.lastIndexOf("/") + 1), result.markdown);
}

export async function fixAll(client: BaseLanguageClient): Promise<void> {
  const doc = activePythonDocument(true);
  if (!doc) {
    void vscode.window.showInformationMessage("Pyreview: open a Python file to fix it.");
    return;
  }
  const result = (await client.sendRequest("workspace/executeCommand", {
    command: "pyreview.applyFixAll",
    arguments: [doc.uri.toString()],
  })) as { applied: boolean };
  if (!result.applied) void vscode.window.setStatusBarMessage("Pyreview: nothing to fix", 3000);
}
