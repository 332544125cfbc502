// The interpreter asked at the very start of `pyreview check`, before the CLI's bundle is even
// compiled: starting Python takes tens of milliseconds (a pyenv shim, a hundred), which a warm run
// would otherwise wait for after finding its files. The launcher (cliLauncher.ts) starts it; the
// CLI's bundle takes its answer (interpreter.ts) through a global, the two being separate bundles.
// Until taken, the process does not wait for it: a run that never asks exits without it.
import { type ChildProcess, execFile } from "node:child_process";

// Asked with `-I`: only `sys`, `json` and `builtins` are imported, all part of the interpreter.
export const INTERPRETER_SCRIPT =
  "import sys, json, builtins; print(json.dumps({'path': sys.path, 'builtins': sorted(sys.builtin_module_names), " +
  "'names': dir(builtins), 'version': '%d.%d.%d' % sys.version_info[:3]}))";

export const INTERPRETER_TIMEOUT_MS = 10_000;

export interface InterpreterAnswer {
  error: (Error & { code?: unknown }) | null;
  stdout: string;
  stderr: string;
}

interface Early {
  command: string;
  child: ChildProcess;
  answer: Promise<InterpreterAnswer>;
}

/** What keeps the process waiting for the child: the process and its pipes (sockets, with ref/unref). */
function handles(child: ChildProcess): Array<{ ref?(): void; unref?(): void }> {
  const pipes = [child.stdout, child.stderr] as unknown as Array<{ ref?(): void; unref?(): void } | null>;
  return [child, ...pipes.filter((p) => p !== null)];
}

const KEY = Symbol.for("pyreview.earlyInterpreter");
const slot = globalThis as unknown as Record<symbol, Early | undefined>;

/** Asks `command` in the background; the promise settles with what it printed. */
export function askInterpreter(command: string): { child: ChildProcess; answer: Promise<InterpreterAnswer> } {
  let child: ChildProcess | undefined;
  const answer = new Promise<InterpreterAnswer>((resolve) => {
    child = execFile(
      command,
      ["-I", "-c", INTERPRETER_SCRIPT],
      { encoding: "utf8", timeout: INTERPRETER_TIMEOUT_MS, windowsHide: true },
      (error, stdout, stderr) => resolve({ error, stdout, stderr }),
    );
  });
  return { child: child as ChildProcess, answer };
}

/**
 * Options that may turn on a rule asking the interpreter (IMP001, DOC001, DOC002 are preview
 * rules): only then is it worth starting now. Without them a run asks it only if its settings
 * (a configuration's `preview`, `select`) or its cached results need it, when they do.
 */
const MAY_NEED_INTERPRETER = /^--(?:preview|select|extend-select)(?:=|$)/;

/**
 * For `check` over files (not standard input) whose command line may turn on a rule that asks the
 * interpreter: the interpreter the run will ask (`--python`, else `python3`, as
 * interpreterCommand), started now and not waited for until taken. Otherwise nothing is started:
 * the default rules never ask it, and a spawn (a pyenv shim costs ~90 ms of CPU) would slow the
 * run on a machine with few cores.
 */
export function startEarly(argv: readonly string[]): void {
  if (argv[0] !== "check" || argv.includes("-") || argv.some((a) => a.startsWith("--stdin-filename"))) return;
  if (!argv.some((a) => MAY_NEED_INTERPRETER.test(a))) return;
  let command = "python3";
  argv.forEach((a, i) => {
    if (a === "--python" && argv[i + 1]?.trim()) command = argv[i + 1].trim();
    else if (a.startsWith("--python=") && a.slice(9).trim()) command = a.slice(9).trim();
  });
  try {
    const { child, answer } = askInterpreter(command);
    for (const h of handles(child)) h.unref?.();
    slot[KEY] = { command, child, answer };
  } catch {
    // (it is asked again when needed)
  }
}

/** The early answer for `command`, once (the process then waits for it), or undefined. */
export function takeEarly(command: string): Promise<InterpreterAnswer> | undefined {
  const early = slot[KEY];
  if (!early || early.command !== command) return undefined;
  slot[KEY] = undefined;
  for (const h of handles(early.child)) h.ref?.();
  return early.answer;
}
