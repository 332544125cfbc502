// Fixing several files in one run so that the fixes compose. Each file's fixes are computed
// against every file as it is before the run (no file is written until the plan is complete, so
// the result does not depend on the order the threads finish in). A fix that reads another
// module (IMP001 lists what a star import gives) stays right only if that module still gives
// it after the run, so: a file whose fixes would change names that another file of the run
// takes from it (after that file's own fixes) is fixed again keeping its names, and this repeats
// until no file's fixes break another's. `--diff` prints and `--fix` writes the same plan.
import * as path from "node:path";
import type { ImportUse } from "../resolve/importUses";
import type { InterfaceChange } from "../resolve/moduleInterface";
import type { CliOptions, FileResult } from "./checkFile";
import { encodeSource, writeFixed } from "./writeFile";
import { displayPath } from "./format";
import { checkFiles } from "./pool";
import { escapeRegExp } from "../analysis/textSearch";

function quoted(names: readonly string[]): string {
  const shown = names.slice(0, 3).map((n) => `\`${n}\``);
  return names.length > 3 ? `${shown.join(", ")}, …` : shown.join(", ");
}

/**
 * The names of `lost` that `text` may read from a module object it calls `bound`: as an
 * attribute (`bound.name`), or quoted anywhere (`getattr(m, "name")`, `mock.patch.object(m, "name")`).
 */
function readAttributes(text: string, bound: string, lost: readonly string[]): string[] {
  const chain = bound.split(".").map(escapeRegExp).join("\\s*\\.\\s*");
  const attribute = new RegExp(`(?<![\\p{L}\\p{N}_.])${chain}\\s*\\.\\s*([\\p{L}\\p{N}_]+)`, "gu");
  const read = new Set<string>();
  for (const m of text.matchAll(attribute)) read.add(m[1]);
  return lost.filter((n) => read.has(n) || new RegExp(`["']${escapeRegExp(n)}["']`).test(text));
}

/** Why the change to a module breaks what `use` (in the importer's text) takes from it; null if it does not. */
function breaks(use: ImportUse, direct: boolean, change: InterfaceChange, text: string): string | null {
  if (use.kind === "star") {
    // through a star import the importer copies the module's exports (or the `__all__` they copy)
    if (!change.exportsChanged && !change.lost.includes("__all__")) return null;
    return direct ? "star-imports it" : "star-imports a module that takes names from it";
  }
  if (use.kind === "names") {
    // from the module itself: any name it binds; through its star imports: what they export
    const lost = use.names.filter((n) => (direct ? change.lost : change.lostExports).includes(n));
    if (!lost.length) return null;
    return `imports ${quoted(lost)} from ${direct ? "it" : "a module that star-imports it"}`;
  }
  const used = readAttributes(text, use.bound, direct ? change.lost : change.lostExports);
  if (!used.length) return null;
  return `reads ${quoted(used)} from ${direct ? "it" : "a module that star-imports it"}`;
}

/**
 * The files (by index) whose planned change breaks another file of the run, with the reason;
 * the first importer found (in file order) gives the reason, so the plan is deterministic.
 */
export function breakingChanges(results: readonly FileResult[]): Map<number, string> {
  const out = new Map<number, string>();
  const changed = new Map<string, { index: number; change: InterfaceChange }>();
  results.forEach((r, index) => {
    if (r.interfaceChange) changed.set(path.resolve(r.path), { index, change: r.interfaceChange });
  });
  if (!changed.size) return out;
  results.forEach((importer, j) => {
    const text = importer.fixedText ?? importer.source ?? "";
    for (const use of importer.imports ?? []) {
      const direct = new Set(use.files.map((f) => path.resolve(f)));
      const reached = [...direct, ...use.via.map((f) => path.resolve(f))];
      for (const file of reached) {
        const hit = changed.get(file);
        if (!hit || hit.index === j || out.has(hit.index)) continue;
        const why = breaks(use, direct.has(file), hit.change, text);
        if (why) out.set(hit.index, `${displayPath(importer.path)} ${why}`);
      }
    }
  });
  return out;
}

/** Computes every file's fixed text for `--fix` or `--diff` (nothing is written). */
export async function planFixes(files: readonly string[], options: CliOptions): Promise<FileResult[]> {
  const results = await checkFiles(files, options);
  // Each round keeps the names of at least one more file (whose result then changes no names),
  // so this ends after at most one round per file.
  for (;;) {
    const fresh = [...breakingChanges(results)];
    if (!fresh.length) return results;
    const redone = await checkFiles(
      fresh.map(([i]) => ({ file: files[i], keepInterface: true })),
      options,
    );
    fresh.forEach(([i, reason], k) => {
      results[i] = { ...redone[k], keptInterface: reason };
    });
  }
}

/**
 * Writes the planned texts, keeping a byte order mark, the careful way (writeFile.ts): a file that
 * changed since it was read, is read-only, or lies outside `trees` is not written, with the reason.
 */
export function writePlannedFixes(results: FileResult[], trees: readonly string[]): void {
  for (const r of results) {
    if (r.fixedText === undefined || r.source === undefined || !r.readIdentity) continue;
    const bom = !!r.bom;
    // the bytes read are the source text re-encoded: it was decoded from valid UTF-8, losslessly
    const read = { bytes: encodeSource(r.source, bom), stat: r.readIdentity };
    const written = writeFixed(r.path, read, encodeSource(r.fixedText, bom), trees);
    if (!written.written) {
      r.writeError = written.reason;
      r.fixedText = undefined;
      r.fixesApplied = 0;
    }
  }
}
