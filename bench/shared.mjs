// The shared tools (corpus and native ruff) live in ../shared beside the repository, as every
// checkout and CI lay it out: found from this file, never by an absolute path.
import * as path from "node:path";
import { fileURLToPath } from "node:url";

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const SHARED = path.resolve(REPO, "..", "shared");

/** A script of ../shared/tools. */
export function sharedTool(name) {
  return path.join(SHARED, "tools", name);
}
