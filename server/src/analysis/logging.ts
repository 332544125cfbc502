// The logging vocabulary shared by the logging rules: log methods, the names loggers go by, the
// factories that make them, and the translation functions that wrap log messages.

/** Logger methods that log a message: `LOG.info(msg, *args)`; `log` takes the level first. */
export const LOG_METHODS: ReadonlySet<string> = new Set([
  "debug",
  "info",
  "warning",
  "warn",
  "error",
  "exception",
  "critical",
  "log",
]);
export const LOG_METHOD_NAMES: readonly string[] = [...LOG_METHODS];

/**
 * A log call's callee taken apart: `self._log.debug` → receiver `self._log`, method `debug`, the
 * message its first argument (`LOG.log(level, msg)`: its second); null for any other callee.
 */
export function logCallee(callee: string | null): { receiver: string; method: string; messageIndex: number } | null {
  const dot = callee ? callee.lastIndexOf(".") : -1;
  if (!callee || dot < 0) return null;
  const method = callee.slice(dot + 1);
  if (!LOG_METHODS.has(method)) return null;
  return { receiver: callee.slice(0, dot), method, messageIndex: method === "log" ? 1 : 0 };
}

/** Receivers taken to be loggers by name (OpenStack writes `LOG`; others `logger`, `log`). */
export const LOGGER_NAMES: ReadonlySet<string> = new Set([
  "LOG",
  "_LOG",
  "LOGGER",
  "_LOGGER",
  "log",
  "_log",
  "logger",
  "_logger",
  "logging",
]);

/** Attributes taken to be loggers by name: `self.log`, `cls._LOG`. */
export const LOGGER_ATTRIBUTES: ReadonlySet<string> = new Set([
  "LOG",
  "_LOG",
  "log",
  "_log",
  "logger",
  "_logger",
  "LOGGER",
  "_LOGGER",
]);

/** Factories whose result is a logger (or a logger adapter): `logging.getLogger`, oslo.log's `log.getLogger`, ... */
export const LOGGER_FACTORIES: ReadonlySet<string> = new Set([
  "getLogger",
  "LoggerAdapter",
  "KeywordArgumentAdapter",
  "getChild",
]);
export const LOGGER_FACTORY_NAMES: readonly string[] = [...LOGGER_FACTORIES];

/**
 * oslo.i18n's log-translation markers (`_LE("...")`): deprecated no-ops, forbidden by hacking N537.
 * These four are what LOG001 reports.
 */
export const LOG_TRANSLATION_MARKERS: ReadonlySet<string> = new Set(["_LE", "_LI", "_LW", "_LC"]);

/**
 * Translation functions that may wrap a log message (`LOG.error(_("x %s" % y))`): `_`, the log
 * markers, and `_LX`, which some projects defined beside them. LOG003 looks inside these.
 */
export const MESSAGE_TRANSLATORS: ReadonlySet<string> = new Set(["_", "__", ...LOG_TRANSLATION_MARKERS, "_LX"]);

/**
 * Logger classes constructed directly (`log = Logger()`), by qualified name, with how their
 * messages are formatted: twisted's and logbook's format `{name}` fields from keyword
 * arguments (PEP 3101), so %-placeholders and positional lazy arguments do not apply.
 */
export const LOGGER_CLASSES: ReadonlyMap<string, LogStyle> = new Map([
  ["logging.Logger", "percent"],
  ["twisted.logger.Logger", "brace"],
  ["twisted.logger._logger.Logger", "brace"],
  ["logbook.Logger", "brace"],
]);

/**
 * Logger factories whose loggers format `{name}` fields from keyword arguments, by qualified
 * name: txaio's `make_logger()` makes twisted's `Logger` (or its asyncio twin, which formats the same).
 */
export const BRACE_LOGGER_FACTORIES: ReadonlySet<string> = new Set(["txaio.make_logger"]);

/** Packages whose loggers format `{}` fields, not %-placeholders (`from loguru import logger`). */
export const BRACE_LOGGING_PACKAGES = /^(?:twisted\.logger|twisted\.python\.log|loguru|logbook|eliot)(?:\.|$)/;

/** How a logger formats its message with its arguments: `%` (stdlib, oslo.log, structlog's adapter) or `{}`. */
export type LogStyle = "percent" | "brace";
