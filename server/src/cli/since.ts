// `--since REF` (check and review): only the Python files changed between REF's merge base with
// HEAD and the working tree are checked, each with its base version, and only the findings the
// change brought are kept (engine/changeReview.ts says which). `review --since` writes them as
// the review of a branch: one comment for its pull request.
import * as fs from "node:fs";
import * as path from "node:path";
import { collectFiles } from "../node/files";
import { changedFiles, GitError, mergeBase, repositoryRoot, shortHash, textsAt } from "../node/git";
import type { FileChange } from "../core/fileChange";
import { newFindings, offChangeFirst, type ChangedFinding } from "../engine/changeReview";
import { loadBaseline, matchFile } from "../engine/baselineFile";
import { CAUSED_ELSEWHERE, changesReportMarkdown } from "../review/changesReport";
import { keepFindings } from "./baselineRun";
import { settingsFor, type CliOptions, type FileResult } from "./checkFile";
import { displayPath } from "./format";
import { isNotebookPath } from "./notebookFile";
import { notChecked } from "./unchecked";
import { checkFiles } from "./pool";

/** A problem that ends the run with exit status 2 (no repository, an unknown ref). */
export class SinceError extends Error {}

export interface SinceRun {
  results: FileResult[];
  /** A configuration problem was met (exit 2). */
  configuration: boolean;
  ref: string;
  /** The merge base, abbreviated. */
  base: string;
  /** The repository's root. */
  root: string;
  /** Messages for stderr (paths that yielded nothing, the comparison made, a baseline not read). */
  notes: string[];
  /** New findings the files' baselines held (not reported). */
  baselined: number;
}

export async function runSince(
  ref: string,
  paths: readonly string[],
  options: CliOptions,
  forceExclude: boolean,
): Promise<SinceRun> {
  const anchor = path.resolve(paths[0]);
  let folder = anchor;
  try {
    if (!fs.statSync(anchor).isDirectory()) folder = path.dirname(anchor);
  } catch {
    folder = path.dirname(anchor);
  }
  const root = await repositoryRoot(folder);
  if (!root) throw new SinceError(`--since compares with a git commit: ${folder} is not in a git repository`);
  let base: string;
  let changes: FileChange[];
  try {
    base = await mergeBase(root, ref);
    changes = await changedFiles(root, base);
  } catch (error) {
    if (error instanceof GitError) throw new SinceError(`--since ${ref}: ${error.message}`);
    throw error;
  }
  const short = await shortHash(root, base).catch(() => base.slice(0, 12));
  const changeAt = new Map(changes.map((c) => [path.join(root, ...c.path.split("/")), c]));
  // the files a run over the paths would check (exclude, .gitignore, vendored folders), that changed
  const first = settingsFor(path.resolve(paths[0], paths[0].endsWith(".py") ? "" : "__init__.py"), options);
  const collected = collectFiles(paths, first.settings.exclude, first.root, { forceExclude });
  const byPath = new Map<string, FileChange>();
  for (const file of collected.files) {
    const change = changeAt.get(realPath(file));
    if (change) byPath.set(file, change);
  }
  const files = [...byPath.keys()];
  const olderPaths = files.flatMap((f) => {
    const old = byPath.get(f)?.oldPath;
    return old ? [old] : [];
  });
  const older = await textsAt(root, base, olderPaths).catch(() => new Map<string, string | null>());
  const baseItems = files.flatMap((file) => {
    const old = byPath.get(file)?.oldPath;
    const text = old ? older.get(old) : null;
    return typeof text === "string" ? [{ file, text }] : [];
  });
  const checked = await checkFiles([...files.map((file) => ({ file })), ...baseItems], { ...options, identify: true });
  const results = checked.slice(0, files.length);
  const baseOf = new Map(baseItems.map((item, i) => [item.file, checked[files.length + i]]));
  const fresh = newFindings(
    results.map((r) => {
      const change = byPath.get(r.path) ?? { path: r.path, oldPath: null, whole: true, added: [], deletedAfter: [] };
      const baseResult = baseOf.get(r.path);
      return {
        // a notebook's lines are its cells': its change is judged against its base alone
        change: isNotebookPath(r.path) && !change.whole ? { ...change, added: [], deletedAfter: [] } : change,
        current: changedFindings(r),
        base: baseResult && baseResult.skipped === undefined ? changedFindings(baseResult) : null,
      };
    }),
  );
  let baselined = 0;
  const problems = new Set<string>();
  results.forEach((r, i) => {
    if (r.skipped !== undefined) return;
    // what the file's baseline holds is not the change's: matched against the whole file (its
    // counts are the file's), old findings first; then the baseline is done with
    const known = new Set<number>();
    if (r.baseline) {
      const loaded = loadBaseline(r.baseline);
      if ("problem" in loaded) problems.add(loaded.problem);
      else {
        const change = byPath.get(r.path);
        const all = changedFindings(r);
        for (const f of matchFile(loaded, r.path, change ? offChangeFirst(change, all) : all).known) known.add(f.index);
      }
      r.baseline = undefined;
    }
    const kept = fresh[i].filter((n) => !known.has(n.finding.index));
    baselined += fresh[i].length - kept.length;
    const elsewhere = new Set(kept.filter((n) => !n.onChange).map((n) => n.finding.index));
    r.findings = r.findings.map((f, k) =>
      elsewhere.has(k) ? { ...f, message: `${f.message} ${CAUSED_ELSEWHERE}` } : f,
    );
    keepFindings(r, new Set(kept.map((n) => n.finding.index)));
  });
  for (const m of collected.missing) results.push(notChecked(path.resolve(m), "no such file or directory"));
  for (const u of collected.unreadable) results.push(notChecked(u.path, u.reason));
  const notes = [
    ...collected.empty.map((e) => `pyreview: ${e.path}: nothing to check: ${e.reason}`),
    ...collected.problems.map((p) => `pyreview: configuration: ${p}`),
    `pyreview: the changes since ${ref} (merge base ${short}, working tree included): ${files.length} Python file${files.length === 1 ? "" : "s"} changed`,
  ];
  return {
    results,
    configuration: collected.problems.length > 0 || problems.size > 0,
    ref,
    base: short,
    root,
    notes: [...notes, ...[...problems].map((p) => `pyreview: configuration: ${p}`)],
    baselined,
  };
}

function realPath(file: string): string {
  try {
    return fs.realpathSync(file);
  } catch {
    return file;
  }
}

function changedFindings(r: FileResult): Array<ChangedFinding & { index: number }> {
  const ids = r.identities ?? [];
  return r.findings.flatMap((f, index) => {
    const id = ids[index];
    return id
      ? [
          {
            code: f.code,
            scope: id.scope,
            fingerprint: id.fingerprint,
            snippet: id.code,
            line: f.line,
            endLine: f.endLine,
            index,
          },
        ]
      : [];
  });
}

/**
 * Where the report's links point: on GitHub Actions, the file at the commit being checked (so
 * the links of a pull-request comment work); elsewhere, the path from the working folder.
 */
export function reportLink(root: string, file: string): string {
  const { GITHUB_SERVER_URL: server, GITHUB_REPOSITORY: repo, GITHUB_SHA: sha } = process.env;
  if (server && repo && sha) {
    const rel = path.relative(root, file).split(path.sep).map(encodeURIComponent).join("/");
    return `${server}/${repo}/blob/${sha}/${rel}`;
  }
  return displayPath(file);
}

/** `review --since`: the branch's review as Markdown. */
export function sinceMarkdown(run: SinceRun): string {
  return changesReportMarkdown({
    ref: run.ref,
    base: run.base,
    baselined: run.baselined,
    files: run.results.map((r) => ({
      displayPath: displayPath(r.path),
      linkTarget: reportLink(run.root, r.path),
      source: r.source ?? "",
      findings: r.findings.map((f, i) => ({ ...f, preview: r.previews?.[i] ?? null })),
      skipped: r.skipped,
    })),
  });
}
