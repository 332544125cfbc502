// Opt-in (`imports.dynamic`): the names of a module without Python source (a C extension, a
// builtin module), listed by importing it in a separate, short-lived interpreter process with a
// timeout. Importing runs the module's code, which is why this is off by default.
import { spawnSync } from "node:child_process";
import type { DynamicExports } from "../core/host";
import { DYNAMIC_TIMEOUT_MS } from "../resolve/interpreterInfo";

const SCRIPT = [
  "import sys, json, importlib",
  "if sys.argv[2]: sys.path.insert(0, sys.argv[2])",
  "m = importlib.import_module(sys.argv[1])",
  "names = getattr(m, '__all__', None)",
  "names = [n for n in dir(m) if not n.startswith('_')] if names is None else [str(n) for n in names]",
  "print(json.dumps(names))",
].join("\n");

const cache = new Map<string, DynamicExports>();

/** `module` imported with `interpreter` (with `entry` first on sys.path, when given). Cached by `stamp`. */
export function dynamicExports(
  interpreter: string,
  module: string,
  entry: string | null,
  stamp: string,
): DynamicExports {
  const key = `${interpreter}\0${module}\0${entry ?? ""}\0${stamp}`;
  const hit = cache.get(key);
  if (hit) return hit;
  let result: DynamicExports;
  try {
    const r = spawnSync(interpreter, ["-I", "-c", SCRIPT, module, entry ?? ""], {
      encoding: "utf8",
      timeout: DYNAMIC_TIMEOUT_MS,
      windowsHide: true,
      stdio: ["ignore", "pipe", "pipe"],
      cwd: entry ?? undefined,
      maxBuffer: 16 * 1024 * 1024,
    });
    if (r.error) {
      const code = (r.error as NodeJS.ErrnoException).code;
      result = {
        ok: false,
        error:
          code === "ETIMEDOUT"
            ? `importing it took longer than ${DYNAMIC_TIMEOUT_MS / 1000} s`
            : code === "ENOENT"
              ? `interpreter \`${interpreter}\` not found`
              : r.error.message,
      };
    } else if (r.status !== 0) {
      const last = (r.stderr ?? "").trim().split(/\r?\n/).pop() ?? "";
      result = {
        ok: false,
        error: `importing it failed${last ? `: ${last.slice(0, 200)}` : ` (exit status ${r.status})`}`,
      };
    } else {
      const names = JSON.parse(r.stdout.trim().split(/\r?\n/).pop() ?? "[]") as unknown;
      result =
        Array.isArray(names) && names.every((n) => typeof n === "string")
          ? { ok: true, names }
          : { ok: false, error: "unexpected output" };
    }
  } catch (error) {
    result = { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
  if (cache.size > 2000) cache.clear();
  cache.set(key, result);
  return result;
}
