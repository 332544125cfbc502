// A cheap test on raw text for `import *`: only such documents need the interpreter warmed, the
// wildcard source action, or a re-check when a module they may star-import changes.
const STAR_IMPORT = /\bimport\s*\*/;

export function mentionsStarImport(text: string): boolean {
  return STAR_IMPORT.test(text);
}
