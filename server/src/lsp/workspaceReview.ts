// "Review Workspace" on the server: walks the workspace folders (honouring `exclude` and
// .gitignore), checks each file with work-done progress the editor shows as a cancellable
// notification, and returns the summary report. The caller publishes each file's diagnostics.
import type { CancellationToken, Connection, WorkDoneProgressReporter } from "vscode-languageserver";
import { host } from "../core/host";
import { workspaceReportMarkdown, type FileCounts } from "../review/workspaceReport";

export interface FileSummary {
  uri: string;
  codes: string[];
  skipped?: string;
}

export interface WorkspaceReviewResult {
  markdown: string;
  files: number;
  reviewed: number;
  findings: number;
  cancelled: boolean;
}

const REPORT_EVERY = 10;

/** After the messages already waiting (setImmediate on Node; a browser worker has only setTimeout). */
const nextTurn: (run: () => void) => void = globalThis.setImmediate ?? ((run) => setTimeout(run, 0));

/**
 * Progress goes to the client's token when the request carried one (the client shows it as a
 * cancellable notification and cancels the request), else to a progress the server creates.
 */
export async function reviewWorkspace(
  connection: Connection,
  folders: ReadonlyArray<{ root: string; exclude: readonly string[] }>,
  checkOne: (uri: string) => Promise<FileSummary>,
  displayPath: (uri: string) => string,
  linkTo: (uri: string) => string,
  clientProgress?: { reporter: WorkDoneProgressReporter; token: CancellationToken },
): Promise<WorkspaceReviewResult> {
  const listed = await Promise.all(folders.map(({ root, exclude }) => host().sourceFiles(root, exclude)));
  const uris = listed.flat().map((f) => host().documents.uriOf(f));
  const created = clientProgress ? null : await connection.window.createWorkDoneProgress();
  const progress: WorkDoneProgressReporter = clientProgress?.reporter ?? created!;
  const cancel: CancellationToken = clientProgress?.token ?? created!.token;
  progress.begin("Pyreview: reviewing workspace", 0, `0 of ${uris.length} files`, true);
  const results: FileSummary[] = [];
  let cancelled = false;
  try {
    for (let i = 0; i < uris.length; i++) {
      if (cancel.isCancellationRequested) {
        cancelled = true;
        break;
      }
      results.push(await checkOne(uris[i]));
      if ((i + 1) % REPORT_EVERY === 0 || i + 1 === uris.length) {
        progress.report(Math.round((100 * (i + 1)) / uris.length), `${i + 1} of ${uris.length} files`);
        // let a cancellation notification in
        await new Promise<void>((resolve) => nextTurn(resolve));
      }
    }
  } finally {
    progress.done();
  }
  const files: FileCounts[] = results.map((r) => ({
    path: displayPath(r.uri),
    link: linkTo(r.uri),
    codes: r.codes,
    skipped: r.skipped,
  }));
  return {
    markdown: workspaceReportMarkdown("Workspace review", files, uris.length, cancelled),
    files: uris.length,
    reviewed: results.length,
    findings: results.reduce((n, r) => n + r.codes.length, 0),
    cancelled,
  };
}
