// `pyreview check -`: the text comes on standard input, as editors' generic lint plugins (ALE,
// Neovim's, Emacs's) send a buffer not yet saved. It is checked as the file --stdin-filename
// names (its settings, its test patterns), which need not exist; nothing is read from or written
// to disk. With --fix the fixed text is what goes back.
import * as fs from "node:fs";
import { loadPython } from "../parsing/parser";
import { decodeSource, MAX_FILE_BYTES } from "../parsing/sourceText";
import type { SourceRead } from "../node/sourceFile";
import { matchesAny } from "../config/globs";
import { checkFile, type CliOptions, type FileResult, settingsFor } from "./checkFile";
import { fixFile } from "./fixFile";
import { notChecked } from "./unchecked";

export interface StdinResult {
  /** Null when --force-exclude and the project's excludes leave the file out (as ruff does). */
  result: FileResult | null;
  /** The bytes read (what --fix gives back when nothing was fixed or the text was not checked). */
  input: Buffer;
}

/** Standard input whole, or null past `max` bytes. */
async function readStdin(max: number): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of process.stdin) {
    const bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += bytes.length;
    if (size > max) {
      process.stdin.destroy();
      return null;
    }
    chunks.push(bytes);
  }
  return Buffer.concat(chunks);
}

/**
 * Checks standard input as `file` (absolute). With --fix or --diff the result has `fixedText`
 * (when the fixes change anything), and with --fix its findings are those left in the fixed text.
 */
export async function checkStdin(file: string, options: CliOptions, forceExclude = false): Promise<StdinResult> {
  const input = await readStdin(MAX_FILE_BYTES);
  if (forceExclude) {
    const { settings, root } = settingsFor(file, options);
    if (matchesAny(file, settings.exclude, root)) return { result: null, input: input ?? Buffer.alloc(0) };
  }
  if (input === null) return { result: notChecked(file, "larger than 10 MB"), input: Buffer.alloc(0) };
  const decoded = decodeSource(input);
  if (!decoded.ok) return { result: notChecked(file, decoded.reason), input };
  const read: SourceRead = { ...decoded, bytes: input, stat: fs.fstatSync(0) };
  const parsing = await loadPython();
  const plain = { ...options, fix: false, diff: false, writableTrees: [] };
  if (!options.fix && !options.diff) return { result: checkFile(parsing, file, plain, read), input };
  // the fixes, computed and not written (there is no file to write)
  const planned = fixFile(parsing, file, { ...plain, diff: true, keepSource: true }, false, read);
  if (options.diff || planned.fixedText === undefined || planned.skipped !== undefined)
    return { result: planned, input };
  const after = checkFile(parsing, file, plain, { ...read, text: planned.fixedText });
  return { result: { ...after, fixedText: planned.fixedText, fixesApplied: planned.fixesApplied }, input };
}
