// What interpreters said, kept beside the command line's result cache, so that a warm run need not
// start Python (as long as starting the interpreter itself takes: tens of milliseconds) to learn
// what it learnt last time. An answer is taken only while everything it rests on is as it was: the
// executable the command finds on PATH (device, inode, size, mtime, ctime), the `pyvenv.cfg` beside
// it, and every folder of its sys.path (a module or a `.pth` file installed there moves its times).
// A command that is a script (a `#!` file: pyenv's and asdf's shims choose the interpreter at each
// run from the environment and the working folder) vouches for nothing: it is always asked.
import * as fs from "node:fs";
import * as path from "node:path";
import type { InterpreterInfo } from "../core/host";
import { fileStamp } from "./fileStatus";
import { knownInterpreters, seedInterpreters } from "./interpreter";
import { writeWhole } from "./writeWhole";

const FORMAT = 1;

interface Remembered {
  command: string;
  /** Status of each file and folder the answer rests on (null: absent). */
  rests: Array<[string, string | null]>;
  sysPath: string[];
  builtinModules: string[];
  builtins: string[];
  version: string | null;
}

/** What the answer takes of `file`: its status, "racy" when it changed too recently to vouch, null when absent. */
function stamp(file: string, now: number): string | null | "racy" {
  try {
    return fileStamp(fs.statSync(file), now) ?? "racy";
  } catch {
    return null;
  }
}

/** The file `command` runs: a path as given, else the first executable of that name on PATH. */
function executableOf(command: string): string | null {
  if (command.includes("/") || command.includes("\\")) return path.resolve(command);
  for (const dir of (process.env.PATH ?? "").split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, command);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      if (fs.statSync(candidate).isFile()) return candidate;
    } catch {
      // (not here)
    }
  }
  return null;
}

/** Whether `file` is a script (`#!`): what it runs is decided when it runs. */
function isScript(file: string): boolean {
  try {
    const fd = fs.openSync(file, "r");
    try {
      const head = Buffer.alloc(2);
      return fs.readSync(fd, head, 0, 2, 0) === 2 && head.toString("latin1") === "#!";
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    return true;
  }
}

/** What an answer rests on: the executable, the pyvenv.cfg a virtual environment keeps, sys.path's folders. */
function restsOf(executable: string, sysPath: readonly string[]): string[] {
  const bin = path.dirname(executable);
  return [executable, path.join(bin, "pyvenv.cfg"), path.join(path.dirname(bin), "pyvenv.cfg"), ...sysPath];
}

/** Takes the answers kept in `file` that still hold (the interpreters are then not started). */
export function recallInterpreters(file: string): void {
  let kept: unknown;
  try {
    kept = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch {
    return;
  }
  const record = kept as { format?: unknown; interpreters?: unknown };
  if (record?.format !== FORMAT || !Array.isArray(record.interpreters)) return;
  const now = Date.now();
  const infos: InterpreterInfo[] = [];
  for (const r of record.interpreters as Remembered[]) {
    if (!r || typeof r.command !== "string" || !Array.isArray(r.rests) || !Array.isArray(r.sysPath)) continue;
    const executable = executableOf(r.command);
    if (!executable || r.rests[0]?.[0] !== executable) continue;
    if (!r.rests.every(([p, s]) => stamp(p, now) === s)) continue;
    infos.push({
      command: r.command,
      sysPath: r.sysPath,
      builtinModules: new Set(r.builtinModules),
      builtins: new Set(r.builtins),
      version: r.version,
      error: null,
    });
  }
  seedInterpreters(infos);
}

/** Keeps in `file` the answers of the interpreters asked (those that answered), written whole. */
export function rememberInterpreters(file: string): void {
  const now = Date.now();
  const interpreters: Remembered[] = [];
  for (const info of knownInterpreters()) {
    if (info.error) continue;
    const executable = executableOf(info.command);
    if (!executable || isScript(executable)) continue;
    const rests: Array<[string, string | null]> = [];
    let racy = false;
    for (const p of restsOf(executable, info.sysPath)) {
      const s = stamp(p, now);
      if (s === "racy") racy = true;
      else rests.push([p, s]);
    }
    if (racy) continue;
    interpreters.push({
      command: info.command,
      rests,
      sysPath: info.sysPath,
      builtinModules: [...info.builtinModules],
      builtins: [...info.builtins],
      version: info.version,
    });
  }
  const text = JSON.stringify({ format: FORMAT, interpreters });
  try {
    if (fs.readFileSync(file, "utf8") === text) return;
  } catch {
    // (not written yet)
  }
  try {
    writeWhole(file, text);
  } catch {
    // (a folder that cannot be written: the interpreter is asked again next time)
  }
}
