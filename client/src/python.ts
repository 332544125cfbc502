// The Python extension's interpreter, through its published API package (@vscode/python-extension):
// the active environment of a resource, and a notice when the user picks another. Everything here
// is optional: without the Python extension pyreview uses its own setting, else python3 on PATH.
import { PVSC_EXTENSION_ID, PythonExtension } from "@vscode/python-extension";
import * as vscode from "vscode";

let api: Promise<PythonExtension | undefined> | undefined;

/** The Python extension's API, once per installation; undefined when it is absent or fails. */
function pythonApi(): Promise<PythonExtension | undefined> {
  if (!vscode.extensions.getExtension(PVSC_EXTENSION_ID)) return Promise.resolve(undefined);
  api ??= PythonExtension.api().then(
    (a) => a,
    () => undefined,
  );
  return api;
}

/** The executable of the Python extension's active environment for `scope`, when there is one. */
export async function activePythonInterpreter(scope: vscode.Uri | undefined): Promise<string | undefined> {
  const python = await pythonApi();
  if (!python) return undefined;
  try {
    const active = python.environments.getActiveEnvironmentPath(scope);
    // a conda or venv folder resolves to its executable; the path itself is one already otherwise
    const resolved = await python.environments.resolveEnvironment(active);
    return resolved?.executable.uri?.fsPath ?? active.path;
  } catch {
    return undefined;
  }
}

/**
 * Calls `changed` when the user selects another interpreter in the Python extension, including
 * when that extension is installed or enabled after pyreview started.
 */
export function onInterpreterChange(changed: () => void): vscode.Disposable {
  const subscriptions: vscode.Disposable[] = [];
  let following = false;
  const follow = async (): Promise<void> => {
    if (following) return;
    const python = await pythonApi();
    if (!python || following) return;
    following = true;
    subscriptions.push(python.environments.onDidChangeActiveEnvironmentPath(() => changed()));
  };
  void follow();
  subscriptions.push(
    vscode.extensions.onDidChange(() => {
      if (following || !vscode.extensions.getExtension(PVSC_EXTENSION_ID)) return;
      api = undefined; // installed or enabled since: ask again
      void follow().then(() => following && changed());
    }),
  );
  return new vscode.Disposable(() => {
    for (const s of subscriptions) s.dispose();
  });
}
