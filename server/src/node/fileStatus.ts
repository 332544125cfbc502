// A file's status as what vouches for its content: device, inode, size, mtime and ctime (which no
// tool can set back, unlike mtime). The result cache takes a file whose status is unchanged as
// unchanged (git's index does the same), and so do the kept interpreter answers, the tool's
// identity and the code cache's name.
import type * as fs from "node:fs";

/** A file changed this recently may change again within its file system's timestamp resolution. */
const RACY_MS = 2000;

/** The status as text: `dev:ino:size:mtime:ctime`. */
export function fileStatus(st: fs.Stats): string {
  return `${st.dev}:${st.ino}:${st.size}:${st.mtimeMs}:${st.ctimeMs}`;
}

/**
 * The status, when it can vouch for the content: null for a file changed in the last two seconds,
 * whose next change might not move its timestamps.
 */
export function fileStamp(st: fs.Stats, now = Date.now()): string | null {
  return now - Math.max(st.ctimeMs, st.mtimeMs) < RACY_MS ? null : fileStatus(st);
}
