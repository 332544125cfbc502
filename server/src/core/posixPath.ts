// POSIX path syntax for the browser, where there is no node:path: the engine's paths there are
// the path parts of the editor's URIs (`/owner/repo/pkg/mod.py`). The algorithms are those of
// Node's path.posix (a test compares the two on generated paths); the working folder is `/`.

const SLASH = 47;
const DOT = 46;

/** Resolves `.` and `..` segments and collapses slashes; `allowAboveRoot` keeps leading `..`. */
function normalizeString(path: string, allowAboveRoot: boolean): string {
  let res = "";
  let lastSegmentLength = 0;
  let lastSlash = -1;
  let dots = 0;
  let code = 0;
  for (let i = 0; i <= path.length; ++i) {
    if (i < path.length) code = path.charCodeAt(i);
    else if (code === SLASH) break;
    else code = SLASH;
    if (code === SLASH) {
      if (lastSlash === i - 1 || dots === 1) {
        // an empty segment or `.`: nothing to add
      } else if (dots === 2) {
        const endsInDotDot =
          res.length >= 2 &&
          lastSegmentLength === 2 &&
          res.charCodeAt(res.length - 1) === DOT &&
          res.charCodeAt(res.length - 2) === DOT;
        if (!endsInDotDot) {
          if (res.length > 2) {
            const lastSlashIndex = res.lastIndexOf("/");
            if (lastSlashIndex === -1) {
              res = "";
              lastSegmentLength = 0;
            } else {
              res = res.slice(0, lastSlashIndex);
              lastSegmentLength = res.length - 1 - res.lastIndexOf("/");
            }
            lastSlash = i;
            dots = 0;
            continue;
          }
          if (res.length !== 0) {
            res = "";
            lastSegmentLength = 0;
            lastSlash = i;
            dots = 0;
            continue;
          }
        }
        if (allowAboveRoot) {
          res += res.length > 0 ? "/.." : "..";
          lastSegmentLength = 2;
        }
      } else {
        res = res.length > 0 ? `${res}/${path.slice(lastSlash + 1, i)}` : path.slice(lastSlash + 1, i);
        lastSegmentLength = i - lastSlash - 1;
      }
      lastSlash = i;
      dots = 0;
    } else if (code === DOT && dots !== -1) {
      ++dots;
    } else {
      dots = -1;
    }
  }
  return res;
}

export const sep = "/";

export function isAbsolute(path: string): boolean {
  return path.length > 0 && path.charCodeAt(0) === SLASH;
}

export function normalize(path: string): string {
  if (path.length === 0) return ".";
  const absolute = isAbsolute(path);
  const trailingSeparator = path.charCodeAt(path.length - 1) === SLASH;
  let out = normalizeString(path, !absolute);
  if (out.length === 0) return absolute ? "/" : trailingSeparator ? "./" : ".";
  if (trailingSeparator) out += "/";
  return absolute ? `/${out}` : out;
}

export function join(...parts: string[]): string {
  const joined = parts.filter((p) => p.length > 0).join("/");
  return joined.length === 0 ? "." : normalize(joined);
}

/** Absolute path of `parts` taken from right to left, from `/` when none is absolute. */
export function resolve(...parts: string[]): string {
  let resolved = "";
  let absolute = false;
  for (let i = parts.length - 1; i >= -1 && !absolute; i--) {
    const part = i >= 0 ? parts[i] : "/";
    if (part.length === 0) continue;
    resolved = `${part}/${resolved}`;
    absolute = isAbsolute(part);
  }
  resolved = normalizeString(resolved, !absolute);
  return absolute ? `/${resolved}` : resolved.length > 0 ? resolved : ".";
}

export function relative(from: string, to: string): string {
  if (from === to) return "";
  const a = resolve(from);
  const b = resolve(to);
  if (a === b) return "";
  // both start with `/`: compare what follows it
  const fromLen = a.length - 1;
  const toLen = b.length - 1;
  const length = Math.min(fromLen, toLen);
  let lastCommonSep = -1;
  let i = 0;
  for (; i < length; i++) {
    const code = a.charCodeAt(1 + i);
    if (code !== b.charCodeAt(1 + i)) break;
    if (code === SLASH) lastCommonSep = i;
  }
  if (i === length) {
    if (toLen > length) {
      if (b.charCodeAt(1 + i) === SLASH) return b.slice(2 + i); // `from` is a folder above `to`
      if (i === 0) return b.slice(1 + i); // `from` is the root
    } else if (fromLen > length) {
      if (a.charCodeAt(1 + i) === SLASH)
        lastCommonSep = i; // `to` is a folder above `from`
      else if (i === 0) lastCommonSep = 0; // `to` is the root
    }
  }
  let up = "";
  for (i = 1 + lastCommonSep + 1; i <= a.length; ++i) {
    if (i === a.length || a.charCodeAt(i) === SLASH) up += up.length === 0 ? ".." : "/..";
  }
  return `${up}${b.slice(1 + lastCommonSep)}`;
}

export function dirname(path: string): string {
  if (path.length === 0) return ".";
  const hasRoot = isAbsolute(path);
  let end = -1;
  let matchedSlash = true;
  for (let i = path.length - 1; i >= 1; --i) {
    if (path.charCodeAt(i) === SLASH) {
      if (!matchedSlash) {
        end = i;
        break;
      }
    } else {
      matchedSlash = false;
    }
  }
  if (end === -1) return hasRoot ? "/" : ".";
  if (hasRoot && end === 1) return "//";
  return path.slice(0, end);
}

export function basename(path: string): string {
  let start = 0;
  let end = -1;
  let matchedSlash = true;
  for (let i = path.length - 1; i >= 0; --i) {
    if (path.charCodeAt(i) === SLASH) {
      if (!matchedSlash) {
        start = i + 1;
        break;
      }
    } else if (end === -1) {
      matchedSlash = false;
      end = i + 1;
    }
  }
  return end === -1 ? "" : path.slice(start, end);
}
