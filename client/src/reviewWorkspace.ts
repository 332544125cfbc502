// "Review Workspace": the server walks the workspace (honouring pyreview.exclude and .gitignore)
// and reports progress on our token; we show it as a cancellable notification that counts files.
// Findings go to the Problems panel (the server publishes them) and the summary report opens.
import * as vscode from "vscode";
import { type BaseLanguageClient, WorkDoneProgress } from "vscode-languageclient";
import { reportLinks, showReport } from "./reviewCommands";

interface WorkspaceReviewResult {
  markdown: string;
  files: number;
  reviewed: number;
  findings: number;
  cancelled: boolean;
}

export async function reviewWorkspace(
  context: vscode.ExtensionContext,
  client: BaseLanguageClient,
  relativeLinks: boolean,
): Promise<void> {
  const result = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: "Pyreview: reviewing workspace", cancellable: true },
    async (progress, cancel) => {
      const workDoneToken = globalThis.crypto.randomUUID();
      let last = 0;
      const listener = client.onProgress(WorkDoneProgress.type, workDoneToken, (value) => {
        if (value.kind === "end") return;
        const percentage = value.percentage ?? last;
        progress.report({ message: value.message, increment: Math.max(0, percentage - last) });
        last = percentage;
      });
      try {
        return (await client.sendRequest(
          "workspace/executeCommand",
          {
            command: "pyreview.server.reviewWorkspace",
            arguments: [reportLinks(context, relativeLinks)],
            workDoneToken,
          },
          cancel,
        )) as WorkspaceReviewResult;
      } finally {
        listener.dispose();
      }
    },
  );
  if (!result) return;
  await showReport(context, "workspace", result.markdown);
  void vscode.window.setStatusBarMessage(
    `Pyreview: ${result.findings} findings in ${result.reviewed} of ${result.files} files${result.cancelled ? " (cancelled)" : ""}`,
    5000,
  );
}
