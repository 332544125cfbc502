// The values the user set for pyreview.* (not the defaults), so that [tool.pyreview] in
// pyproject.toml applies wherever the user has not chosen otherwise in VS Code. Settings that can
// run code (the interpreter, dynamic imports, extra module folders) are sent only in a trusted
// workspace: in Restricted Mode every rule runs and nothing executes.
import * as vscode from "vscode";
import { SETTINGS } from "../../server/src/config/settingsTable";

/** The keys under `pyreview.` VS Code knows (package.json is generated from the same table). */
export const SETTING_KEYS: readonly string[] = SETTINGS.flatMap((s) => (s.vscode ? [s.vscode] : []));

/** The keys package.json lists as restrictedConfigurations. */
const RUNS_CODE = new Set(SETTINGS.flatMap((s) => (s.vscode && s.runsCode !== "never" ? [s.vscode] : [])));

/** Whether settings that run code may be sent. */
export function mayRunCode(): boolean {
  return vscode.workspace.isTrusted;
}

export function explicitSettings(scope: vscode.Uri | undefined): Record<string, unknown> {
  const config = vscode.workspace.getConfiguration("pyreview", scope);
  const trusted = mayRunCode();
  const out: Record<string, unknown> = {};
  for (const key of SETTING_KEYS) {
    if (!trusted && RUNS_CODE.has(key)) continue;
    const i = config.inspect(key);
    if (!i) continue;
    const value =
      i.workspaceFolderLanguageValue ??
      i.workspaceFolderValue ??
      i.workspaceLanguageValue ??
      i.workspaceValue ??
      i.globalLanguageValue ??
      i.globalValue;
    if (value === undefined) continue;
    const parts = key.split(".");
    let target = out;
    for (const p of parts.slice(0, -1)) target = (target[p] ??= {}) as Record<string, unknown>;
    target[parts[parts.length - 1]] = value;
  }
  return out;
}
