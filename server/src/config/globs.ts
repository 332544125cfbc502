// Glob matching for exclude, per-file-ignores and test patterns (picomatch's syntax with dot files,
// in time bounded by pattern × path: see globMatch), cached per pattern.
import { path } from "../core/host";
import { ANY_NAME, compileGlob, expandBraces, GLOBSTAR, matchSegments } from "./globMatch";

const cache = new Map<string, (p: string) => boolean>();

function matcher(glob: string): (p: string) => boolean {
  let m = cache.get(glob);
  if (!m) {
    // A pattern without a slash matches a file or folder name anywhere, as in ruff and .gitignore.
    const pattern = glob.includes("/") ? glob.replace(/^\.\//, "") : `**/${glob}`;
    // The path matches, or a folder above it does: a trailing `**` (which also matches no name).
    // With a trailing slash the pattern names a folder: only what lies below it matches.
    const folder = pattern.endsWith("/");
    const below = folder ? [ANY_NAME, GLOBSTAR] : [GLOBSTAR];
    const alternatives = expandBraces(pattern.replace(/\/+$/, "")).map((p) => [...compileGlob(p), ...below]);
    m = (p: string) => {
      const names = p.split("/");
      return alternatives.some((segments) => matchSegments(segments, names));
    };
    cache.set(glob, m);
  }
  return m;
}

/** Does `file` (absolute) match any glob, taken relative to `root` (or as given when null)? */
export function matchesAny(file: string, globs: readonly string[], root: string | null): boolean {
  if (!globs.length) return false;
  const rel = (root ? path.relative(root, file) : file).split(path.sep).join("/");
  const abs = file.split(path.sep).join("/");
  return globs.some((g) => {
    const m = matcher(g);
    return m(rel) || (path.isAbsolute(g) && m(abs));
  });
}

/**
 * Is `file` a test file by `patterns` (settings.testPatterns)? Taken relative to `root` when the
 * file lies inside it (so a checkout under `/home/me/test/` is not all tests), else as given.
 */
export function isTestFile(file: string | null, patterns: readonly string[], root: string | null): boolean {
  if (!file || !patterns.length) return false;
  // several rules ask about the same file on every keystroke: remember the last answer
  const last = lastTestFile;
  if (last && last.file === file && last.patterns === patterns && last.root === root) return last.value;
  let value: boolean;
  const rel = root ? path.relative(root, file) : null;
  if (root && rel && !rel.startsWith("..") && !path.isAbsolute(rel)) value = matchesAny(file, patterns, root);
  else value = matchesAny(file, patterns, null);
  lastTestFile = { file, patterns, root, value };
  return value;
}

let lastTestFile: { file: string; patterns: readonly string[]; root: string | null; value: boolean } | null = null;
