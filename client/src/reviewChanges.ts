// "Review Changes": the review of what this branch changed, against its upstream or a ref the
// user picks. The refs come from VS Code's Git extension (its API, version 1) when it is there,
// else from the server (which runs git); the server computes the review. git reads the
// repository's configuration, so this runs only in a trusted workspace.
import * as vscode from "vscode";
import type { BaseLanguageClient } from "vscode-languageclient";
import { reportLinks, showReport } from "./reviewCommands";

/** The part of the Git extension's API (extensions/git/src/api/git.d.ts) used here. */
interface GitRef {
  /** 0: a local branch, 1: a remote branch, 2: a tag. */
  type: number;
  name?: string;
}
interface GitRepository {
  rootUri: vscode.Uri;
  state: { HEAD?: { name?: string; upstream?: { remote: string; name: string } }; refs?: GitRef[] };
  getRefs?(query?: { sort?: "alphabetically" | "committerdate" }): Promise<GitRef[]>;
}
interface GitApi {
  getRepository(uri: vscode.Uri): GitRepository | null;
  /** Opens the repository at a folder the extension has not seen yet (VS Code 1.71+). */
  openRepository?(root: vscode.Uri): Promise<GitRepository | null>;
}
interface GitExtension {
  getAPI(version: 1): GitApi;
}

interface RefChoices {
  branch: string | null;
  upstream: string | null;
  refs: string[];
  /** From the server: the repository's root, null when the folder is not in one. */
  root?: string | null;
  /** Who listed them: VS Code's Git extension, or git run by the server. */
  source?: "Git extension" | "git";
}

interface ChangesReviewResult {
  markdown: string;
  ref: string;
  base: string;
  files: number;
  findings: number;
}

/** The workspace folder of the active file, else the first. */
function currentFolder(): vscode.WorkspaceFolder | undefined {
  const active = vscode.window.activeTextEditor?.document.uri;
  return (active && vscode.workspace.getWorkspaceFolder(active)) || vscode.workspace.workspaceFolders?.[0];
}

/** The Git extension's repository for the folder, if the extension is there and knows one. */
async function gitRepository(folder: vscode.Uri): Promise<GitRepository | null> {
  const extension = vscode.extensions.getExtension<GitExtension>("vscode.git");
  if (!extension) return null;
  try {
    const exports = extension.isActive ? extension.exports : await extension.activate();
    const api = exports.getAPI(1);
    return api.getRepository(folder) ?? (await api.openRepository?.(folder)) ?? null;
  } catch {
    return null; // the extension is disabled (git.enabled: false) or failed
  }
}

async function refChoices(client: BaseLanguageClient, folder: vscode.Uri): Promise<RefChoices> {
  const repository = await gitRepository(folder);
  if (repository) {
    const head = repository.state.HEAD;
    const upstream = head?.upstream ? `${head.upstream.remote}/${head.upstream.name}` : null;
    const refs = (
      repository.getRefs ? await repository.getRefs({ sort: "committerdate" }) : (repository.state.refs ?? [])
    )
      .map((r) => r.name ?? "")
      .filter((name) => name && !name.endsWith("/HEAD"));
    return { branch: head?.name ?? null, upstream, refs, source: "Git extension" };
  }
  // no Git extension (or it is disabled): the server asks git
  const listed = (await client.sendRequest("workspace/executeCommand", {
    command: "pyreview.server.gitRefs",
    arguments: [{ folder: folder.fsPath }],
  })) as RefChoices;
  return { ...listed, source: "git" };
}

/** A quick pick of refs: the upstream first; what the user types is offered too. */
function pickRef(choices: RefChoices): Promise<string | undefined> {
  const items: vscode.QuickPickItem[] = [];
  if (choices.upstream) items.push({ label: choices.upstream, description: "the branch's upstream" });
  for (const ref of choices.refs) {
    if (ref !== choices.upstream && ref !== choices.branch) items.push({ label: ref });
  }
  const pick = vscode.window.createQuickPick();
  pick.title = `Pyreview: Review Changes (refs from ${choices.source === "git" ? "git" : "VS Code's Git extension"})`;
  pick.placeholder = `Compare ${choices.branch ?? "HEAD"} (and unsaved and uncommitted changes) with a branch, tag or commit`;
  pick.items = items;
  pick.onDidChangeValue((value) => {
    const typed = value.trim();
    pick.items =
      typed && !items.some((i) => i.label === typed) ? [...items, { label: typed, description: "as typed" }] : items;
  });
  return new Promise((resolve) => {
    pick.onDidAccept(() => {
      resolve(pick.selectedItems[0]?.label ?? (pick.value.trim() || undefined));
      pick.hide();
    });
    pick.onDidHide(() => {
      resolve(undefined);
      pick.dispose();
    });
    pick.show();
  });
}

export async function reviewChanges(
  context: vscode.ExtensionContext,
  client: BaseLanguageClient,
  refArg: unknown,
  relativeLinks: boolean,
): Promise<void> {
  if (!vscode.workspace.isTrusted) {
    void vscode.window.showWarningMessage(
      "Pyreview: Review Changes runs git, which reads the repository's configuration: trust the workspace first.",
    );
    return;
  }
  const folder = currentFolder();
  if (!folder) {
    void vscode.window.showInformationMessage("Pyreview: open a folder (a git repository) to review its changes.");
    return;
  }
  let ref = typeof refArg === "string" && refArg ? refArg : undefined;
  if (!ref) {
    const choices = await refChoices(client, folder.uri);
    if (choices.root === null) {
      void vscode.window.showInformationMessage(
        `Pyreview: ${folder.name} is not in a git repository: nothing to compare with.`,
      );
      return;
    }
    ref = await pickRef(choices);
  }
  if (!ref) return;
  try {
    const result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Pyreview: reviewing the changes since ${ref}` },
      () =>
        client.sendRequest("workspace/executeCommand", {
          command: "pyreview.server.reviewChanges",
          arguments: [{ ref, folder: folder.uri.fsPath, ...reportLinks(context, relativeLinks) }],
        }) as Promise<ChangesReviewResult>,
    );
    await showReport(context, "changes", result.markdown);
    void vscode.window.setStatusBarMessage(
      `Pyreview: ${result.findings} new finding${result.findings === 1 ? "" : "s"} in ${result.files} changed file${result.files === 1 ? "" : "s"} since ${result.ref}`,
      5000,
    );
  } catch (error) {
    void vscode.window.showErrorMessage(error instanceof Error ? error.message : String(error));
  }
}
