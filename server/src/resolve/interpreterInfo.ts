// What pyreview knows and says about Python interpreters without running one: the command a
// file is checked with, how a message names it, and the answer of an interpreter that could not
// be asked (the builtins of CPython 3.12). The interpreter itself is run by the host (node/).
import type { InterpreterInfo } from "../core/host";

export type { InterpreterInfo } from "../core/host";

/** How long importing a module to list its names (imports.dynamic) may take. */
export const DYNAMIC_TIMEOUT_MS = 5000;

/** dir(builtins) of CPython 3.12 (plus names some versions or platforms add): the fallback. */
const FALLBACK_BUILTINS =
  "ArithmeticError AssertionError AttributeError BaseException BaseExceptionGroup BlockingIOError BrokenPipeError BufferError BytesWarning " +
  "ChildProcessError ConnectionAbortedError ConnectionError ConnectionRefusedError ConnectionResetError DeprecationWarning EOFError Ellipsis " +
  "EncodingWarning EnvironmentError Exception ExceptionGroup False FileExistsError FileNotFoundError FloatingPointError FutureWarning " +
  "GeneratorExit IOError ImportError ImportWarning IndentationError IndexError InterruptedError IsADirectoryError KeyError KeyboardInterrupt " +
  "LookupError MemoryError ModuleNotFoundError NameError None NotADirectoryError NotImplemented NotImplementedError OSError OverflowError " +
  "PendingDeprecationWarning PermissionError ProcessLookupError PythonFinalizationError RecursionError ReferenceError ResourceWarning RuntimeError " +
  "RuntimeWarning StopAsyncIteration StopIteration SyntaxError SyntaxWarning SystemError SystemExit TabError TimeoutError True TypeError " +
  "UnboundLocalError UnicodeDecodeError UnicodeEncodeError UnicodeError UnicodeTranslateError UnicodeWarning UserWarning ValueError Warning " +
  "WindowsError ZeroDivisionError __build_class__ __debug__ __doc__ __import__ __loader__ __name__ __package__ __spec__ abs aiter all anext any " +
  "ascii bin bool breakpoint bytearray bytes callable chr classmethod compile complex copyright credits delattr dict dir divmod enumerate eval " +
  "exec exit filter float format frozenset getattr globals hasattr hash help hex id input int isinstance issubclass iter len license list " +
  "locals map max memoryview min next object oct open ord pow print property quit range repr reversed round set setattr slice sorted " +
  "staticmethod str sum super tuple type vars zip";

/** What is known of `command` before (or without) asking it: nothing but the builtins. */
export function emptyInfo(command: string, error: string | null = null): InterpreterInfo {
  return {
    command,
    sysPath: [],
    builtinModules: new Set(),
    builtins: new Set(FALLBACK_BUILTINS.split(" ")),
    version: null,
    error,
  };
}

/** The interpreter a file is checked with: the setting, else `python3`. */
export function interpreterCommand(configured: string | null): string {
  return configured?.trim() ? configured.trim() : "python3";
}

/** How the message names the interpreter: `python3 (Python 3.12.3)`. */
export function describeInterpreter(info: InterpreterInfo): string {
  if (info.error) return `\`${info.command}\` (${info.error})`;
  return `\`${info.command}\`${info.version ? ` (Python ${info.version})` : ""}`;
}
