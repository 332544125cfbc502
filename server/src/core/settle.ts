// The engine reads files synchronously; in the browser they come from the editor, asynchronously.
// A computation there runs on what is known, the file system notes what it was asked and did
// not know, and the computation runs again once that has arrived: a star import is resolved one
// folder or module further each round. On Node every answer is known at once: one run.
import { files } from "./host";

/** More rounds than any chain of star imports and packages a file is likely to need. */
export const MAX_ROUNDS = 24;

/**
 * `compute()` once every file it read was known (or after MAX_ROUNDS). `again` runs before each
 * new round (to drop a result cached from guesses); caches that depend on the files themselves
 * are told by the file system's `onAnswered` listeners.
 */
export async function settled<T>(compute: () => T, again?: () => void): Promise<T> {
  const remote = files().remote;
  let result = compute();
  for (let round = 1; remote?.pending && round < MAX_ROUNDS; round++) {
    await remote.fetchUnanswered();
    again?.();
    result = compute();
  }
  return result;
}
