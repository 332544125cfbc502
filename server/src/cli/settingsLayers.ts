// The settings given on the command line, as layers over the project's: one per flag, so that
// --show-settings can say where each value came from. Settings that run code (an interpreter,
// importing modules, folders outside the project) come only from here, never from the project.
import type { ProjectConfig } from "../config/pyproject";
import type { Settings, SettingsLayer } from "../config/settings";

/** The settings flags of `check` and `review` beyond --select and --ignore; paths are absolute. */
export interface SettingsFlags {
  extendSelect?: string[];
  /** --preview (true) or --no-preview (false); undefined: the project's. */
  preview?: boolean;
  /** Globs: with a slash, made absolute from the working folder; without, a name anywhere. */
  extendExclude?: string[];
  /** --python: the interpreter whose sys.path finds installed modules. */
  python?: string;
  /** --extra-path (repeatable): folders searched for imported modules, anywhere. */
  extraPaths?: string[];
  /** --dynamic-imports: import modules without Python source in a separate process. */
  dynamicImports?: boolean;
  /** --baseline FILE (absolute), or null for --no-baseline; undefined: the project's. */
  baseline?: string | null;
}

/** The project's [tool.pyreview] (and ruff's or black's line length), as one layer. */
export function projectLayers(project: ProjectConfig): SettingsLayer[] {
  if (project.file) return [{ source: `${project.file} [tool.pyreview]`, values: project.values }];
  // no pyproject.toml: what an installed package's metadata says (its Requires-Python)
  return Object.keys(project.values).length
    ? [{ source: "the installed package's metadata (Requires-Python)", values: project.values }]
    : [];
}

/** The flags as layers, in the order they apply (after the project's). */
export function cliLayers(
  options: { select: string[] | null; ignore: readonly string[] } & SettingsFlags,
  project: Partial<Settings>,
): SettingsLayer[] {
  const layers: SettingsLayer[] = [];
  const add = (source: string, values: Partial<Settings>): void => {
    layers.push({ source, values });
  };
  if (options.select) add("--select", { select: options.select });
  if (options.extendSelect?.length) add("--extend-select", { extendSelect: options.extendSelect });
  if (options.preview !== undefined) add(options.preview ? "--preview" : "--no-preview", { preview: options.preview });
  // --ignore has always added to the project's ignore, as ruff's does
  if (options.ignore.length) add("--ignore", { extendIgnore: [...options.ignore] });
  if (options.extendExclude?.length) add("--extend-exclude", { extendExclude: options.extendExclude });
  if (options.python) add("--python", { pythonInterpreter: options.python });
  // the project's own extra paths (those inside it) still apply
  if (options.extraPaths?.length)
    add("--extra-path", { extraPaths: [...(project.extraPaths ?? []), ...options.extraPaths] });
  if (options.dynamicImports) add("--dynamic-imports", { importsDynamic: true });
  if (options.baseline !== undefined)
    add(options.baseline === null ? "--no-baseline" : "--baseline", { baseline: options.baseline });
  return layers;
}
