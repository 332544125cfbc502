// workspace/executeCommand: "pyreview.review" (one document's report), "pyreview.applyFixAll" (fix
// all, applied through the editor), "pyreview.server.reviewWorkspace" (every file, with progress),
// "pyreview.server.reviewChanges" (a branch's review) and "pyreview.server.gitRefs" (what to compare with).
import { WorkDoneProgressReporter, type CancellationToken, type ExecuteCommandParams } from "vscode-languageserver";
import { checkTree, enabledRules, previewRulesOff } from "../engine/check";
import { locate } from "../engine/located";
import { CLI_PARSE_BUDGET, parseWithin } from "../parsing/parseBudget";
import { host, path as paths } from "../core/host";
import { readSourceText } from "../parsing/sourceText";
import { readNotebook } from "../parsing/notebookJson";
import { checkNotebook } from "../engine/notebook";
import { fixPreview } from "../review/preview";
import { reviewMarkdown } from "../review/report";
import { fixAllCodeAction } from "./codeActions";
import { toDiagnostic } from "./convert";
import { filePathOf, type Session } from "./session";
import { reviewWorkspace, type FileSummary, type WorkspaceReviewResult } from "./workspaceReview";
import { baselineView } from "./baselineView";
import { folderOf, gitRefs, reviewChanges } from "./reviewChanges";
import { identifyAll } from "../engine/fingerprint";

// Server commands get names of their own: the client registers every one of them with VS Code,
// so they must not collide with the client's palette commands (pyreview.reviewWorkspace, ...).
export const COMMANDS = [
  "pyreview.review",
  "pyreview.applyFixAll",
  "pyreview.server.reviewWorkspace",
  "pyreview.server.reviewChanges",
  "pyreview.server.gitRefs",
];

export async function executeCommand(
  session: Session,
  { command, arguments: args }: ExecuteCommandParams,
  token: CancellationToken,
  workDone: WorkDoneProgressReporter,
): Promise<unknown> {
  if (token.isCancellationRequested) return null;
  const options = (args?.find((a) => a && typeof a === "object" && !Array.isArray(a)) ?? {}) as {
    linkBase?: string | null;
    linkRoot?: string | null;
    uri?: string;
    ref?: string;
    folder?: string;
  };
  const links: ReportLinks = { base: options.linkBase ?? null, root: options.linkRoot ?? null };
  if (command === "pyreview.server.reviewWorkspace") {
    // the library hands a null reporter when the request carried no workDoneToken
    const clientProgress = WorkDoneProgressReporter.isNullInstance(workDone)
      ? undefined
      : { reporter: workDone, token };
    return reviewAllFiles(session, links, clientProgress);
  }
  if (command === "pyreview.server.reviewChanges") {
    const ref = typeof options.ref === "string" && options.ref ? options.ref : undefined;
    return reviewChanges(session, ref, folderOf(options.folder), (uri) => linkTo(uri, links));
  }
  if (command === "pyreview.server.gitRefs") return gitRefs(session, folderOf(options.folder));
  const uri = typeof args?.[0] === "string" ? args[0] : (args?.[0] as { uri?: string } | undefined)?.uri;
  if (!uri) throw new Error(`${command} needs a document URI`);
  if (command === "pyreview.review") return review(session, uri, links);
  if (command === "pyreview.applyFixAll") {
    const action = await fixAllCodeAction(session, uri);
    if (action?.edit) await session.connection.workspace.applyEdit({ label: "pyreview: fix all", edit: action.edit });
    return { applied: !!action };
  }
  throw new Error(`unknown command ${command}`);
}

/**
 * How a report links to files. The desktop client names the report's folder (`base`): links are
 * paths relative to it. The browser client's report lives in another file system than the files,
 * and a Markdown preview follows only links without a scheme: it names the first workspace
 * folder's URI (`root`), and links are `/path/in/folder`, which the preview takes from that folder.
 */
interface ReportLinks {
  base: string | null;
  root: string | null;
}

/** Where a report's links to `uri` point (the URI itself when neither applies). */
function linkTo(uri: string, links: ReportLinks): string {
  const root = links.root?.replace(/\/+$/, "");
  if (root && uri.startsWith(`${root}/`)) return uri.slice(root.length);
  const file = filePathOf(uri);
  return file && links.base ? paths.relative(links.base, file) : uri;
}

async function review(
  session: Session,
  uri: string,
  links: ReportLinks,
): Promise<{ markdown: string; findings: ReturnType<typeof locate>[] }> {
  const snapshot = await session.analyze(uri);
  if (!snapshot) throw new Error(`pyreview.review: ${uri} is not open`);
  const path = filePathOf(uri);
  const findings = snapshot.findings.map((f) => locate(path ?? uri, snapshot.lines, f));
  const reviewed = snapshot.findings.map((f, i) => {
    const fix = f.fixes.find((x) => x.safe);
    return { ...findings[i], preview: fix ? fixPreview(snapshot.text, fix) : null };
  });
  const { settings, root } = await session.settingsFor(uri);
  const markdown = reviewMarkdown({
    displayPath: session.displayPath(uri),
    linkTarget: linkTo(uri, links),
    source: snapshot.text,
    findings: reviewed,
    unchecked: snapshot.unchecked,
    rulesRun: snapshot.rulesRun,
    previewOff: previewRulesOff(settings, path, root),
    baselined: snapshot.baselined,
  });
  return { markdown, findings };
}

async function reviewAllFiles(
  session: Session,
  links: ReportLinks,
  clientProgress?: { reporter: WorkDoneProgressReporter; token: CancellationToken },
): Promise<WorkspaceReviewResult> {
  const folders = await Promise.all(
    session.roots.map(async (root) => {
      const probe = `${root}/__init__.py`; // settings of the folder itself
      const { settings } = await session.config.forDocument(host().documents.uriOf(probe), probe);
      return { root, exclude: settings.exclude };
    }),
  );
  return reviewWorkspace(
    session.connection,
    folders,
    (uri) => checkFile(session, uri),
    (uri) => session.displayPath(uri),
    (uri) => linkTo(uri, links),
    clientProgress,
  );
}

/** Checks one file (an open buffer as it is, else from disk) and publishes its diagnostics. */
async function checkFile(session: Session, uri: string): Promise<FileSummary> {
  if (session.store.get(uri)) {
    const snapshot = await session.analyze(uri);
    return { uri, codes: (snapshot?.findings ?? []).map((f) => f.code) };
  }
  const path = filePathOf(uri);
  const read = path ? await session.settled(() => readSourceText(path)) : { ok: false as const, reason: "not a file" };
  if (!read.ok) return { uri, codes: [], skipped: read.reason };
  const { settings, root } = await session.config.forDocument(uri, path);
  if (path?.toLowerCase().endsWith(".ipynb")) {
    // a closed notebook is counted in the report; its cells get diagnostics once it is opened
    const notebook = readNotebook(read.text);
    if (!notebook.ok) return { uri, codes: [], skipped: notebook.reason };
    const rules = enabledRules(settings, path, root);
    const options = { path, settings, root, rules, resolver: session.resolver };
    const result = await session.settled(() =>
      checkNotebook(session.parsing, notebook.notebook.cells, options, !!settings.baseline),
    );
    const shown = (
      await session.settled(() => baselineView(settings, path, result?.findings ?? [], result?.identities))
    ).findings;
    return { uri, codes: shown.map((f) => f.code) };
  }
  const parsed = parseWithin(session.parsing.parser, read.text, null, CLI_PARSE_BUDGET);
  if (!parsed.tree) return { uri, codes: [], skipped: parsed.reason };
  const tree = parsed.tree;
  try {
    const rules = enabledRules(settings, path, root);
    const options = { path, settings, root, rules, resolver: session.resolver };
    const result = await session.settled(() => checkTree(session.parsing, tree, read.text, options));
    // the baseline hides (or marks) what it holds, as in an open file
    const identities = settings.baseline ? identifyAll(tree.rootNode, read.text, result.findings) : undefined;
    const shown = (await session.settled(() => baselineView(settings, path, result.findings, identities))).findings;
    await session.connection.sendDiagnostics({
      uri,
      diagnostics: shown.map((f) => toDiagnostic(result.lines, f, 0)),
    });
    return { uri, codes: shown.map((f) => f.code) };
  } finally {
    tree.delete();
  }
}
