// Loggers a file calls with `{}` templates and positional arguments (`log.debug("size: {}", n)`):
// they format with str.format (beets' StrFormatLogger and its like), not `%`. LOG003 still reports
// an eager message on them, but its lazy rewrite keeps the `{}` template: a `%s` one would be
// logged as written.
import type { CallInfo } from "./model/calls";
import type { Segment } from "./model/segments";
import { logCallee } from "./logging";
import { firstPlainLiteralArgument } from "./logMessages";

/** A %-conversion (`%s`, `%(name)d`, `%5.2f`), not `%%`. */
const PERCENT_CONVERSION = /%(?:\([^)]*\))?[-#0 +]*(?:\d+|\*)?(?:\.(?:\d+|\*))?[diouxXeEfFgGcrsa]/;
/** A str.format field with an automatic or numbered index (`{}`, `{0}`, `{1!r}`, `{:.2f}`). */
const POSITIONAL_FIELD = /(?<!\{)\{\d*(?:![rsa])?(?::[^{}]*)?\}/;

/**
 * The receiver (`self._log`) of a log call whose message is a `{}` template with positional
 * arguments after it, or null. Read from the text (no tree: it runs over every log call of a
 * file), so a call the text cannot show plainly (a comment or a line continuation inside) is not evidence.
 */
function braceTemplateReceiver(call: CallInfo, text: string): string | null {
  const log = logCallee(call.callee);
  // (`log(level, msg)`: its template is not the first argument the text shows)
  if (!log || log.method === "log") return null;
  const literal = firstPlainLiteralArgument(text, call.start);
  if (!literal?.more) return null;
  const written = text.slice(literal.from, literal.to);
  if (!POSITIONAL_FIELD.test(written) || PERCENT_CONVERSION.test(written.replace(/%%/g, ""))) return null;
  return log.receiver;
}

/** The receivers the calls show to format `{}` templates from positional arguments. */
export function braceLoggerReceivers(calls: Iterable<CallInfo>, text: string): Set<string> {
  const out = new Set<string>();
  for (const call of calls) {
    const receiver = braceTemplateReceiver(call, text);
    if (receiver) out.add(receiver);
  }
  return out;
}

/** What LOG003 reads of a segment for other segments' fixes: its `{}`-template receivers. */
export function braceLoggerReads(segment: Segment, text: string): string {
  return [...braceLoggerReceivers(segment.facts.calls, text)].sort().join(",");
}
