// Runs a CommonJS bundle with V8's code cache, as Node 22's module.enableCompileCache does (this
// runs on Node 20): the first run compiles the 2 MB CLI bundle and, on exit, keeps the code V8
// made for it (with every function the run compiled) in the system's temporary folder; later runs
// take it instead of compiling (tens of milliseconds of every `pyreview check`). The cache is
// named for the bundle's path and status and for Node's and V8's versions, and V8 itself refuses
// cached code that does not match its source: a stale or damaged file costs one compile, never a
// wrong run. PYREVIEW_NO_CODE_CACHE=1 turns it off.
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import Module from "node:module";
import * as os from "node:os";
import * as path from "node:path";
import * as vm from "node:vm";
import { fileStatus } from "./fileStatus";
import { writeWhole } from "./writeWhole";

const FOLDER = "pyreview-code-cache";

/**
 * Where the code cache of `file` lives for this kind of run (`check`, `review`...: each compiles
 * other functions), or null (no status to name it by).
 */
function cachePathOf(file: string, kind: string): string | null {
  try {
    const name = createHash("sha256")
      .update(JSON.stringify([file, fileStatus(fs.statSync(file)), process.version, process.versions.v8, process.arch]))
      .digest("hex")
      .slice(0, 32);
    return path.join(os.tmpdir(), FOLDER, `${name}-${kind.replace(/[^a-z-]/g, "") || "run"}.bin`);
  } catch {
    return null;
  }
}

/** Writes the cache whole (a temporary file renamed over it), and drops the other builds' caches. */
function keep(cachePath: string, data: Buffer): void {
  const folder = path.dirname(cachePath);
  try {
    fs.mkdirSync(folder, { recursive: true, mode: 0o700 });
    writeWhole(cachePath, data, 0o600);
    const now = Date.now();
    for (const name of fs.readdirSync(folder)) {
      const other = path.join(folder, name);
      // (another build's cache, or a temporary file a run left: a day old)
      if (other !== cachePath && now - fs.statSync(other).mtimeMs > 24 * 3600 * 1000) fs.rmSync(other, { force: true });
    }
  } catch {
    // (a temporary folder that cannot be written: the next run compiles again)
  }
}

/**
 * Runs `file` (a CommonJS bundle) as `require` would, its compiled code taken from the cache kept
 * for runs of this `kind` when there.
 */
export function runWithCodeCache(file: string, kind: string): void {
  const cachePath = process.env.PYREVIEW_NO_CODE_CACHE ? null : cachePathOf(file, kind);
  if (!cachePath) {
    require(file);
    return;
  }
  let cachedData: Buffer | undefined;
  try {
    cachedData = fs.readFileSync(cachePath);
  } catch {
    // (the first run of this build)
  }
  const source = fs.readFileSync(file, "utf8").replace(/^#!.*/, "");
  const script = new vm.Script(Module.wrap(source), { filename: file, cachedData });
  if (!cachedData || script.cachedDataRejected) {
    // at exit: the code of every function the run compiled, not only the top level
    process.once("exit", () => keep(cachePath, script.createCachedData()));
  }
  const run = script.runInThisContext() as (
    exports: unknown,
    require: NodeJS.Require,
    module: Module,
    filename: string,
    dirname: string,
  ) => void;
  const mod = new Module(file, module);
  mod.filename = file;
  mod.paths = (Module as unknown as { _nodeModulePaths(dir: string): string[] })._nodeModulePaths(path.dirname(file));
  mod.loaded = true;
  const requireFrom = ((id: string) => mod.require(id)) as NodeJS.Require;
  run.call(mod.exports, mod.exports, requireFrom, mod, file, path.dirname(file));
}
