// Loggers a file calls with `{}` templates and positional arguments (`log.debug("size: {}", n)`):
// they format with str.format (beets' StrFormatLogger and its like), not `%`. LOG003 still reports
// an eager message on them, but its lazy rewrite keeps the `{}` template: a `%s` one would be
// logged as written.
import type { CallInfo } from "./model/calls";
import type { Segment } from "./model/segments";
import { literalBody, parseStrFormat, plainLiteral } from "./formatStrings";
import { LOG_METHODS } from "./logging";
import { logMessageArgument } from "./logMessages";
import { isStringLiteral, unparen } from "./syntax";

/** A %-conversion (`%s`, `%(name)d`, `%5.2f`), not `%%`. */
const PERCENT_CONVERSION = /%(?:\([^)]*\))?[-#0 +]*(?:\d+|\*)?(?:\.(?:\d+|\*))?[diouxXeEfFgGcrsa]/;

/** The receiver (`self._log`) of a log call whose message is a `{}` template with positional arguments after it, or null. */
function braceTemplateReceiver(call: CallInfo): string | null {
  const callee = call.callee;
  const dot = callee ? callee.lastIndexOf(".") : -1;
  if (!callee || dot < 0) return null;
  const method = callee.slice(dot + 1);
  if (!LOG_METHODS.has(method)) return null;
  const index = method === "log" ? 1 : 0;
  if (call.positional.length <= index + 1) return null;
  const message = logMessageArgument(call, index);
  const literal = message && unparen(message);
  if (!literal || !isStringLiteral(literal) || !plainLiteral(literal)) return null;
  const body = literalBody(literal);
  if (!body.includes("{") || PERCENT_CONVERSION.test(body.replace(/%%/g, ""))) return null;
  const parsed = parseStrFormat(body);
  if (!parsed?.some((p) => typeof p !== "string")) return null;
  return callee.slice(0, dot);
}

/** The receivers the calls show to format `{}` templates from positional arguments. */
export function braceLoggerReceivers(calls: Iterable<CallInfo>): Set<string> {
  const out = new Set<string>();
  for (const call of calls) {
    const receiver = braceTemplateReceiver(call);
    if (receiver) out.add(receiver);
  }
  return out;
}

/** What LOG003 reads of a segment for other segments' fixes: its `{}`-template receivers. */
export function braceLoggerReads(segment: Segment): string {
  return [...braceLoggerReceivers(segment.facts.calls)].sort().join(",");
}
