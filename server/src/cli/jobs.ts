// What a thread does with one file of a run: check it, fix it (fixFile.ts), add its noqa comments
// (addNoqa.ts), check a notebook's cells or an older text of the file (olderText.ts); with the
// result cache, the check is recorded (dependencies.ts) and its entry written.
import { host, installHost } from "../core/host";
import type { PythonParsing } from "../parsing/parser";
import { readSource } from "../node/sourceFile";
import { sharedImportResolver } from "../resolve/importResolver";
import { checkFile, type CliOptions, type FileResult, settingsFor } from "./checkFile";
import { DependencyRecorder } from "./dependencies";
import { fixFile } from "./fixFile";
import { checkNotebookFile, isNotebookPath } from "./notebookFile";
import { addNoqaToFile } from "./addNoqa";
import { checkOlderText } from "./olderText";
import { fileStamp } from "../node/fileStatus";
import { cacheable, cachedPart, contentHash, ResultCache } from "./resultCache";

/** One file to check, or (with --fix or --diff) to fix, or (with --add-noqa) to suppress. */
export interface FileJob {
  file: string;
  /** Fix mode: apply only fixes that keep the module's names (fixPlan.ts). */
  keepInterface?: boolean;
  /** An older text of the file to check instead of what is on disk (--since: the merge base's). */
  text?: string;
  /** With the result cache: the entry the result is written to (cachedCheck.ts). */
  cacheKey?: string;
}

export type CacheUse = NonNullable<CliOptions["cache"]>;

/**
 * What a thread runs for one job: an older text's check (never written), a notebook's own check
 * (it fixes its cells itself), else a fix, the noqa comments of --add-noqa, or a check.
 */
export function runJob(parsing: PythonParsing, job: FileJob, options: CliOptions): FileResult {
  if (job.text !== undefined) return checkOlderText(parsing, job.file, job.text, options);
  if (isNotebookPath(job.file)) return checkNotebookFile(parsing, job.file, options);
  if (options.fix || options.diff) return fixFile(parsing, job.file, options, job.keepInterface);
  return options.addNoqa ? addNoqaToFile(parsing, job.file, options) : checkFile(parsing, job.file, options);
}

/** This thread's recorder, installed over the host the first time a cached job runs. */
let recorder: DependencyRecorder | null = null;

function recorderFor(parsing: PythonParsing): DependencyRecorder {
  if (!recorder) {
    recorder = new DependencyRecorder(host());
    installHost(recorder.host);
    recorder.watch(sharedImportResolver(parsing.language).modules);
  }
  return recorder;
}

/** How a thread runs a job: with a cache entry to write, the check is recorded and its result kept. */
export function jobRunner(parsing: PythonParsing, options: CliOptions): (job: FileJob) => FileResult {
  const use = options.cache;
  if (!use) return (job) => runJob(parsing, job, options);
  const cache = ResultCache.at(use.dir);
  return (job) => {
    if (!job.cacheKey) return runJob(parsing, job, options);
    const rec = recorderFor(parsing);
    settingsFor(job.file, options); // (read before recording: the settings are part of the entry's key)
    const read = readSource(job.file);
    if (!read.ok) return checkFile(parsing, job.file, options, read);
    const { value, dependencies } = rec.record(() => checkFile(parsing, job.file, options, read));
    if (dependencies && cacheable(value)) {
      const stamp = fileStamp(read.stat);
      cache.write(job.cacheKey, {
        content: contentHash(read.bytes),
        ...(stamp ? { stamp } : {}),
        dependencies,
        result: cachedPart(value),
      });
    }
    return value;
  };
}
