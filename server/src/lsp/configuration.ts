// Effective settings per document: defaults ← [tool.pyreview] of the nearest pyproject.toml ←
// the values the user set in VS Code (pulled with workspace/configuration, refreshed on change).
import type { Connection } from "vscode-languageserver";
import { path } from "../core/host";
import { projectConfigFor } from "../config/pyproject";
import { mergeSettings, parseSettings, type Settings, type SettingsProblem } from "../config/settings";
import type { ShowNotifications } from "../config/settingsTable";
import { settled } from "../core/settle";

/** The levels each `showNotifications` value lets pop up (as ruff's extension). */
const SHOWN: Record<ShowNotifications, ReadonlySet<"error" | "warning" | "info">> = {
  off: new Set(),
  onError: new Set(["error"]),
  onWarning: new Set(["error", "warning"]),
  always: new Set(["error", "warning", "info"]),
};

export interface DocumentSettings {
  settings: Settings;
  root: string | null;
  problems: SettingsProblem[];
}

export class ConfigurationCache {
  private readonly editorValues = new Map<string, Promise<unknown>>();
  private readonly reported = new Set<string>();

  constructor(
    private readonly connection: Connection,
    private readonly canPull: () => boolean,
    private readonly initial: () => unknown,
    private readonly workspaceRoots: () => string[],
  ) {}

  clear(): void {
    this.editorValues.clear();
  }

  private pull(uri: string): Promise<unknown> {
    const cached = this.editorValues.get(uri);
    if (cached) return cached;
    {
      const p: Promise<unknown> = this.canPull()
        ? this.connection.workspace.getConfiguration({ scopeUri: uri, section: "pyreview" }).then(
            (v: unknown) => v,
            () => this.initial(),
          )
        : Promise.resolve(this.initial());
      this.editorValues.set(uri, p);
      return p;
    }
  }

  async forDocument(uri: string, filePath: string | null): Promise<DocumentSettings> {
    const raw = await this.pull(uri);
    const editor = parseSettings(raw ?? {}, "VS Code settings (pyreview.*)");
    const root = filePath ? (this.workspaceRoots().find((r) => filePath.startsWith(r + path.sep)) ?? null) : null;
    const project = filePath
      ? await settled(() => projectConfigFor(filePath, root))
      : { file: null, root: null, values: {}, problems: [], notices: [] };
    const problems = [...project.problems, ...editor.problems.filter((p) => p.key !== "" || raw !== null)];
    // VS Code's baseline is relative to the workspace folder
    if (editor.values.baseline && root && !path.isAbsolute(editor.values.baseline))
      editor.values.baseline = path.join(root, editor.values.baseline);
    const settings = mergeSettings(project.values, editor.values);
    const shown = SHOWN[settings.showNotifications];
    this.announce(problems, shown);
    for (const notice of project.notices) this.tellOnce(`pyreview: ${notice}.`, shown);
    return { settings, root: project.root ?? root, problems };
  }

  /** Tell the user once about each distinct bad value. */
  private announce(problems: readonly SettingsProblem[], shown: ReadonlySet<string>): void {
    for (const p of problems) {
      this.tellOnce(
        `pyreview: ${p.source}${p.key ? `: \`${p.key}\`` : ""}: ${p.message}. The rest of the configuration still applies.`,
        shown,
      );
    }
  }

  /** Always logged; a pop-up only when showNotifications lets warnings through. */
  private tellOnce(text: string, shown: ReadonlySet<string>): void {
    if (this.reported.has(text)) return;
    this.reported.add(text);
    this.connection.console.warn(text);
    if (shown.has("warning")) void this.connection.window.showWarningMessage(text);
  }
}
