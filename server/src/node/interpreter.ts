// The Python interpreter's view of the world: its sys.path, builtin modules and builtins, asked
// once per interpreter with a command that imports none of the user's code (`-I`: isolated mode,
// no PYTHONPATH, no user site, no current directory on the path), and cached for the process.
import { spawnSync } from "node:child_process";
import * as path from "node:path";
import type { InterpreterInfo } from "../core/host";
import { emptyInfo } from "../resolve/interpreterInfo";
import {
  askInterpreter,
  INTERPRETER_SCRIPT as SCRIPT,
  INTERPRETER_TIMEOUT_MS as TIMEOUT_MS,
  takeEarly,
} from "./earlyInterpreter";

const cache = new Map<string, InterpreterInfo>();
const warming = new Map<string, Promise<void>>();

function settle(
  info: InterpreterInfo,
  error: (Error & { code?: unknown }) | null | undefined,
  status: number | null,
  stdout: string,
  stderr: string,
): InterpreterInfo {
  try {
    if (error && (error.code === "ENOENT" || status === null)) {
      info.error =
        error.code === "ENOENT"
          ? "not found"
          : /ETIMEDOUT|SIGTERM/.test(String(error.code) + error.message)
            ? `no answer within ${TIMEOUT_MS / 1000} s`
            : error.message;
    } else if (status !== 0) {
      info.error = `exited with status ${status}${stderr ? `: ${stderr.trim().split(/\r?\n/).pop()}` : ""}`;
    } else {
      const data = JSON.parse(stdout) as { path: string[]; builtins: string[]; names: string[]; version: string };
      info.sysPath = data.path.filter((p) => p !== "").map((p) => path.resolve(p));
      info.builtinModules = new Set(data.builtins);
      info.builtins = new Set(data.names);
      info.version = data.version;
    }
  } catch (e) {
    info.error = e instanceof Error ? e.message : String(e);
  }
  return info;
}

/** The interpreter's facts (spawns it the first time only; failures are cached too). */
export function interpreterInfo(command: string): InterpreterInfo {
  const hit = cache.get(command);
  if (hit) return hit;
  const r = spawnSync(command, ["-I", "-c", SCRIPT], {
    encoding: "utf8",
    timeout: TIMEOUT_MS,
    windowsHide: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const info = settle(emptyInfo(command), r.error, r.error ? null : r.status, r.stdout ?? "", r.stderr ?? "");
  cache.set(command, info);
  return info;
}

/** Asks the interpreter without blocking (the server does this before a check needs it). */
export function warmInterpreter(command: string): Promise<void> {
  if (cache.has(command)) return Promise.resolve();
  let p = warming.get(command);
  if (!p) {
    // (the launcher may have asked it already, before the bundle was loaded)
    p = (takeEarly(command) ?? askInterpreter(command).answer).then(({ error, stdout, stderr }) => {
      const status = error ? (typeof error.code === "number" ? error.code : null) : 0;
      if (!cache.has(command)) cache.set(command, settle(emptyInfo(command), error, status, stdout, stderr));
      warming.delete(command);
    });
    warming.set(command, p);
  }
  return p;
}

/** Forget what interpreters said (the configured interpreter or its environment changed). */
export function clearInterpreterCache(): void {
  cache.clear();
}

/** What the interpreters asked so far said (for worker threads: see `seedInterpreters`). */
export function knownInterpreters(): InterpreterInfo[] {
  return [...cache.values()];
}

/** Takes what another thread's interpreters said, so that this thread does not ask them again. */
export function seedInterpreters(infos: readonly InterpreterInfo[]): void {
  for (const info of infos) if (!cache.has(info.command)) cache.set(info.command, info);
}
