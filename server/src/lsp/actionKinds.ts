// The code action kinds pyreview offers, and how a request's `only` selects them.
import { CodeActionKind } from "vscode-languageserver";

export const FIX_ALL_KIND = "source.fixAll.pyreview";
/** "Replace all wildcard imports in this file" (IMP001), a source action of its own kind. */
export const WILDCARD_KIND = "source.replaceWildcardImports.pyreview";
export const CODE_ACTION_KINDS = [CodeActionKind.QuickFix, FIX_ALL_KIND, WILDCARD_KIND];

/** `kind` is asked for when `only` names it or one of its parents (`source` asks for `source.fixAll.pyreview`). */
export function asks(only: readonly string[], kind: string): boolean {
  return only.some((k) => k === kind || kind.startsWith(`${k}.`));
}

/** Quick fixes are wanted when nothing narrows the request, or it names them. */
export function wantsQuickFixes(only: readonly string[] | undefined): boolean {
  return !only || only.includes("") || asks(only, CodeActionKind.QuickFix);
}
