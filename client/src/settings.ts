// The values the user set for pyreview.* (not the defaults), so that [tool.pyreview] in
// pyproject.toml applies wherever the user has not chosen otherwise in VS Code.
import * as vscode from "vscode";

export const SETTING_KEYS = [
  "enable",
  "select",
  "ignore",
  "severity",
  "run",
  "debounceMs",
  "python.interpreter",
  "extraPaths",
  "exclude",
  "lineLength",
  "docstringStyle",
  "entryPoints",
  "cliModules",
  "testPatterns",
  "imports.dynamic",
  "imports.inInit",
] as const;

export function explicitSettings(scope: vscode.Uri | undefined): Record<string, unknown> {
  const config = vscode.workspace.getConfiguration("pyreview", scope);
  const out: Record<string, unknown> = {};
  for (const key of SETTING_KEYS) {
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

interface PythonExtensionApi {
  environments?: {
    getActiveEnvironmentPath(resource?: vscode.Uri): { path: string } | undefined;
  };
}

/** The Python extension's active interpreter, when it is installed and active. */
export async function activePythonInterpreter(scope: vscode.Uri | undefined): Promise<string | undefined> {
  const ext = vscode.extensions.getExtension<PythonExtensionApi>("ms-python.python");
  if (!ext) return undefined;
  try {
    const api = ext.isActive ? ext.exports : await ext.activate();
    return api.environments?.getActiveEnvironmentPath(scope)?.path;
  } catch {
    return undefined;
  }
}
