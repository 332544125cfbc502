// "Review Workspace": every Python file (honouring pyreview.exclude), with a cancellable
// progress notification; findings go to the Problems panel and a summary report opens.
import * as vscode from "vscode";
import type { LanguageClient } from "vscode-languageclient/node";
import { showReport } from "./reviewCommands";

const BATCH = 25;

interface FileSummary {
  uri: string;
  findings: Array<{ code: string; severity: string }>;
  skipped?: string;
}

export async function reviewWorkspace(context: vscode.ExtensionContext, client: LanguageClient): Promise<void> {
  const exclude = vscode.workspace.getConfiguration("pyreview").get<string[]>("exclude", []);
  const excludeGlob = ["**/.git/**", "**/node_modules/**", "**/.venv/**", "**/.tox/**", ...exclude.map((g) => (g.includes("/") ? g : `**/${g}/**`))];
  const files = await vscode.workspace.findFiles("**/*.py", `{${excludeGlob.join(",")}}`);
  const results: FileSummary[] = [];
  const cancelled = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: "Pyreview: reviewing workspace", cancellable: true },
    async (progress, token) => {
      for (let i = 0; i < files.length; i += BATCH) {
        if (token.isCancellationRequested) return true;
        const batch = files.slice(i, i + BATCH).map((u) => u.toString());
        const answer = (await client.sendRequest("workspace/executeCommand", { command: "pyreview.checkFiles", arguments: [batch] }, token)) as FileSummary[] | null;
        if (answer) results.push(...answer);
        progress.report({ message: `${Math.min(i + BATCH, files.length)} of ${files.length} files`, increment: (100 * batch.length) / Math.max(1, files.length) });
      }
      return false;
    },
  );
  const markdown = (await client.sendRequest("workspace/executeCommand", {
    command: "pyreview.workspaceReport",
    arguments: [{ results, total: files.length, cancelled }],
  })) as string;
  await showReport(context, "workspace", markdown);
}
