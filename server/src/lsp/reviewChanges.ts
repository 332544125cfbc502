// "Review Changes" on the server: the Python files a branch changed (against REF's merge base,
// the working tree and unsaved buffers included), each checked now and at the base, and the
// findings the change brought, as the review of a branch (review/changesReport.ts). Also the
// refs the client offers to compare with. git runs only when the user asks for this command
// (the client asks only in a trusted workspace), through the host: a browser has no git.
import { files as hostFiles, host, path, type GitRepositories } from "../core/host";
import type { FileChange } from "../core/fileChange";
import { matchesAny } from "../config/globs";
import type { Settings } from "../config/settings";
import { newFindings, offChangeFirst, type ChangedFinding } from "../engine/changeReview";
import { checkTree, enabledRules, type CheckOptions } from "../engine/check";
import { loadBaseline, matchFile } from "../engine/baselineFile";
import { identifyAll, type FindingIdentity } from "../engine/fingerprint";
import { locate, type LocatedFinding } from "../engine/located";
import { checkNotebook, locateInNotebook } from "../engine/notebook";
import { readNotebook } from "../parsing/notebookJson";
import { CLI_PARSE_BUDGET, parseWithin } from "../parsing/parseBudget";
import { readSourceText } from "../parsing/sourceText";
import { CAUSED_ELSEWHERE, changesReportMarkdown, type ChangedFileReview } from "../review/changesReport";
import { fixPreview } from "../review/preview";
import { filePathOf, type Session } from "./session";

export interface GitRefs {
  /** The repository's root, or null when the folder is not in one. */
  root: string | null;
  branch: string | null;
  upstream: string | null;
  refs: string[];
}

/** What the client offers to compare with: the branch's upstream first, then the other refs. */
export async function gitRefs(session: Session, folder: string | undefined): Promise<GitRefs> {
  const git = gitOf();
  const dir = folder ?? session.roots[0];
  const root = dir ? await git.root(dir) : null;
  if (!root) return { root: null, branch: null, upstream: null, refs: [] };
  const [branch, upstream, refs] = await Promise.all([git.currentBranch(root), git.upstreamOf(root), git.refsOf(root)]);
  return { root, branch, upstream, refs };
}

/** The host's git; an error for the user where there is none. */
function gitOf(): GitRepositories {
  const git = host().git;
  if (!git) throw new Error("pyreview: Review Changes runs git, which is not available here (the browser build)");
  return git;
}

export interface ChangesReviewResult {
  markdown: string;
  ref: string;
  base: string;
  files: number;
  findings: number;
}

interface Checked {
  findings: LocatedFinding[];
  identities: FindingIdentity[];
  /** Before/after of each finding's safe fix, as `findings`. */
  previews: Array<string | null>;
  source: string;
}

export async function reviewChanges(
  session: Session,
  ref: string | undefined,
  folder: string | undefined,
  linkTo: (uri: string) => string,
): Promise<ChangesReviewResult> {
  const git = gitOf();
  const dir = folder ?? session.roots[0];
  const root = dir ? await git.root(dir) : null;
  if (!root) throw new Error(`pyreview: Review Changes needs a git repository: ${dir ?? "no folder is open"}`);
  const against = ref ?? (await git.upstreamOf(root));
  if (!against) throw new Error("pyreview: the branch has no upstream: pick a branch, tag or commit to compare with");
  const base = await git.mergeBase(root, against);
  const changes = await git.changedFiles(root, base);
  const changeAt = new Map(changes.map((c) => [path.join(root, ...c.path.split("/")), c]));
  // the files Review Workspace would review (exclude, .gitignore, vendored folders) that changed
  const files: Array<{ file: string; change: FileChange }> = [];
  const seen = new Set<string>();
  for (const workspace of session.roots) {
    const probe = path.join(workspace, "__init__.py");
    const { settings } = await session.config.forDocument(host().documents.uriOf(probe), probe);
    for (const file of await host().sourceFiles(workspace, settings.exclude)) {
      const change = changeAt.get(realPath(file));
      if (change && !seen.has(file)) {
        seen.add(file);
        files.push({ file, change });
      }
    }
  }
  const older = await git.textsAt(
    root,
    base,
    files.flatMap((f) => (f.change.oldPath ? [f.change.oldPath] : [])),
  );
  const reviews: ChangedFileReview[] = [];
  const checkedFiles: Array<{
    file: string;
    change: FileChange;
    now: Checked;
    before: Checked | null;
    settings: Settings;
  }> = [];
  for (const { file, change } of files) {
    const uri = host().documents.uriOf(file);
    const { settings, root: settingsRoot } = await session.config.forDocument(uri, file);
    if (matchesAny(file, settings.exclude, settingsRoot)) continue;
    const open = file.toLowerCase().endsWith(".ipynb") ? undefined : session.store.textOf(uri);
    const read = open === undefined ? readSourceText(file) : { ok: true as const, text: open };
    if (!read.ok) {
      reviews.push({
        displayPath: session.displayPath(uri),
        linkTarget: null,
        source: "",
        findings: [],
        skipped: read.reason,
      });
      continue;
    }
    const options = {
      path: file,
      settings,
      root: settingsRoot,
      rules: enabledRules(settings, file, settingsRoot),
      resolver: session.resolver,
    };
    const now = checkText(session, file, read.text, options);
    if (typeof now === "string") {
      reviews.push({ displayPath: session.displayPath(uri), linkTarget: null, source: "", findings: [], skipped: now });
      continue;
    }
    const oldText = change.oldPath ? older.get(change.oldPath) : null;
    const then = typeof oldText === "string" ? checkText(session, file, oldText, options) : null;
    checkedFiles.push({ file, change, now, before: typeof then === "string" ? null : then, settings });
  }
  const fresh = newFindings(
    checkedFiles.map(({ file, change, now, before }) => ({
      change:
        file.toLowerCase().endsWith(".ipynb") && !change.whole ? { ...change, added: [], deletedAfter: [] } : change,
      current: identified(now),
      base: before ? identified(before) : null,
    })),
  );
  let baselined = 0;
  let total = 0;
  for (const [i, { file, change, now, settings }] of checkedFiles.entries()) {
    const uri = host().documents.uriOf(file);
    // what the baseline holds is not the change's (matched against the whole file, as counts are,
    // old findings first)
    const known = new Set<number>();
    const loaded = settings.baseline ? loadBaseline(settings.baseline) : null;
    if (loaded && !("problem" in loaded))
      for (const f of matchFile(loaded, file, offChangeFirst(change, identified(now))).known) known.add(f.index);
    const kept = fresh[i].filter(({ finding }) => !known.has(finding.index));
    baselined += fresh[i].length - kept.length;
    const findings = kept.map(({ finding, onChange }) => {
      const f = now.findings[finding.index];
      return {
        ...f,
        message: onChange ? f.message : `${f.message} ${CAUSED_ELSEWHERE}`,
        preview: now.previews[finding.index],
      };
    });
    total += findings.length;
    reviews.push({ displayPath: session.displayPath(uri), linkTarget: linkTo(uri), source: now.source, findings });
  }
  reviews.sort((a, b) => a.displayPath.localeCompare(b.displayPath));
  const short = await git.shortHash(root, base);
  const markdown = changesReportMarkdown({ ref: against, base: short, files: reviews, baselined });
  return { markdown, ref: against, base: short, files: reviews.length, findings: total };
}

function identified(c: Checked): Array<ChangedFinding & { index: number }> {
  return c.findings.map((f, index) => ({
    code: f.code,
    scope: c.identities[index].scope,
    fingerprint: c.identities[index].fingerprint,
    snippet: c.identities[index].code,
    line: f.line,
    endLine: f.endLine,
    index,
  }));
}

/** One version of a file checked (a notebook's JSON, or Python source), with identities; or why not. */
function checkText(session: Session, file: string, text: string, options: CheckOptions): Checked | string {
  if (file.toLowerCase().endsWith(".ipynb")) {
    const notebook = readNotebook(text);
    if (!notebook.ok) return notebook.reason;
    const result = checkNotebook(session.parsing, notebook.notebook.cells, options, true);
    if (!result?.identities) return "the parser returned no tree";
    const checked: Checked = { findings: [], identities: [], previews: [], source: text };
    result.findings.forEach((f, i) => {
      const at = locateInNotebook(file, result.module, f);
      const id = result.identities?.[i];
      if (!at || !id) return;
      checked.findings.push(at);
      checked.identities.push(id);
      checked.previews.push(null);
    });
    return checked;
  }
  const parsed = parseWithin(session.parsing.parser, text, null, CLI_PARSE_BUDGET);
  if (!parsed.tree) return parsed.reason;
  const tree = parsed.tree;
  try {
    const result = checkTree(session.parsing, tree, text, options);
    return {
      findings: result.findings.map((f) => locate(file, result.lines, f)),
      identities: identifyAll(tree.rootNode, text, result.findings),
      previews: result.findings.map((f) => {
        const fix = f.fixes.find((x) => x.safe);
        return fix ? fixPreview(text, fix) : null;
      }),
      source: text,
    };
  } finally {
    tree.delete();
  }
}

function realPath(file: string): string {
  try {
    return hostFiles().realpath(file);
  } catch {
    return file;
  }
}

/** A folder given as a path or a file URI. */
export function folderOf(value: unknown): string | undefined {
  if (typeof value !== "string") return undefined;
  return value.startsWith("file:") ? (filePathOf(value) ?? undefined) : value;
}
