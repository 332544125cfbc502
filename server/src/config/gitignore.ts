// .gitignore files in git's syntax, matched in bounded time (globMatch): a repository's
// .gitignore is text from the repository, and a regex-based matcher backtracks on it.
import { ANY_NAME, compileGlob, GLOBSTAR, matchSegments, type Segment } from "./globMatch";

interface Rule {
  negated: boolean;
  /** A trailing `/`: the pattern matches folders only. */
  folderOnly: boolean;
  segments: Segment[];
}

function parseLine(raw: string): Rule | null {
  // trailing spaces are dropped unless escaped with a backslash
  let line = raw.replace(/\r$/, "").replace(/(?<!\\)(?: +)$/, "");
  if (!line || line.startsWith("#")) return null;
  const negated = line.startsWith("!");
  if (negated) line = line.slice(1);
  const folderOnly = line.endsWith("/");
  line = line.replace(/\/+$/, "");
  if (!line) return null;
  // a slash at the start or in the middle anchors the pattern to the .gitignore's folder
  const anchored = line.includes("/");
  line = line.replace(/^\//, "");
  let segments = compileGlob(line);
  if (!anchored) segments = [GLOBSTAR, ...segments];
  // a trailing `/**` matches everything inside the folder, not the folder itself
  if (segments.length > 1 && segments[segments.length - 1] === GLOBSTAR && line.endsWith("/**"))
    segments = [...segments.slice(0, -1), ANY_NAME, GLOBSTAR];
  return { negated, folderOnly, segments };
}

export class GitIgnoreRules {
  private readonly rules: Rule[];

  constructor(text: string) {
    this.rules = text
      .split("\n")
      .map(parseLine)
      .filter((r): r is Rule => r !== null);
  }

  /**
   * The decision of the last rule matching `rel` itself ('/'-separated, relative to the
   * .gitignore's folder): true ignored, false re-included (`!`), undefined when none matches.
   * Folders above `rel` are not looked at (see `ignores`).
   */
  decide(rel: string, isDir: boolean): boolean | undefined {
    const names = rel.split("/");
    for (let k = this.rules.length - 1; k >= 0; k--) {
      const rule = this.rules[k];
      if (rule.folderOnly && !isDir) continue;
      if (matchSegments(rule.segments, names)) return !rule.negated;
    }
    return undefined;
  }

  /** Is `rel` ignored, itself or through a folder above it (git cannot re-include below one)? */
  ignores(rel: string, isDir: boolean): boolean {
    const names = rel.split("/");
    for (let i = 1; i <= names.length; i++) {
      const last = i === names.length;
      if (this.decide(names.slice(0, i).join("/"), !last || isDir)) return true;
    }
    return false;
  }
}
