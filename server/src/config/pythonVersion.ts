// The oldest Python a project supports, for advice and fixes that need a newer one (SEC004's
// `usedforsecurity=False` needs 3.9). Spelled as ruff spells it (`py39`); read from
// `[tool.pyreview] target-version`, else `[project] requires-python`, else ruff's `target-version`.

/** Every value `target-version` takes. */
export const PYTHON_TARGETS = ["py37", "py38", "py39", "py310", "py311", "py312", "py313", "py314"] as const;

/** The oldest Python a `requires-python` specifier allows (`>=3.9,<4` → `py39`), or null when it sets no floor. */
export function requiresPythonFloor(spec: unknown): string | null {
  if (typeof spec !== "string") return null;
  let floor: [number, number] | null = null;
  for (const clause of spec.split(",")) {
    const m = /^\s*(>=|~=|===?|>)\s*(\d+)\.(\d+)/.exec(clause);
    if (!m) continue;
    const v: [number, number] = [Number(m[2]), Number(m[3])];
    if (!floor || v[0] > floor[0] || (v[0] === floor[0] && v[1] > floor[1])) floor = v;
  }
  return floor ? `py${floor[0]}${floor[1]}` : null;
}

/** `py39` → [3, 9]; null for anything else. */
export function pythonVersionOf(target: string | null | undefined): [number, number] | null {
  const m = /^py(\d)(\d+)$/.exec(target ?? "");
  return m ? [Number(m[1]), Number(m[2])] : null;
}

/** Does the project (its `targetVersion` setting) support only Pythons at least `major.minor`? False when unknown. */
export function requiresAtLeast(target: string | null | undefined, major: number, minor: number): boolean {
  const v = pythonVersionOf(target);
  return !!v && (v[0] > major || (v[0] === major && v[1] >= minor));
}
