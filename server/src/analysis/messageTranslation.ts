// Log messages passed through a gettext translator: `LOG.warning(_("Node %s has no ports"), node)`
// where `_` comes from the project's i18n module (oslo.i18n: `from ironic.common.i18n import _`)
// or is gettext itself (`from swift import gettext_ as _`). OpenStack's hacking N537 forbids it
// like the `_LE` markers: log messages are not translated. A `_` from elsewhere (sphinx.locale,
// whose `__()` translates console messages on purpose) is not a log translator.
import type { Node } from "web-tree-sitter";
import { identity, isWordCode, lowerBound } from "./chars";
import { LoggerReceivers } from "./loggers";
import { logCallee } from "./logging";
import type { CallInfo, ImportInfo, ModuleModel } from "./model";
import { unparen } from "./syntax";

export interface TranslatorImport {
  info: ImportInfo;
  /** The name it binds (`_`). */
  bound: string;
  /** Where it comes from, for messages: `ironic.common.i18n`, `swift.gettext_`. */
  origin: string;
  /** oslo.i18n's translator (a project `i18n`/`_i18n` module, or oslo_i18n itself). */
  oslo: boolean;
}

const I18N_MODULE = /(?:^|\.)_?i18n$|^oslo_i18n(?:\.|$)/;

/** The imports binding `_` to a gettext translator. */
export function translatorImports(model: ModuleModel): TranslatorImport[] {
  const out: TranslatorImport[] = [];
  for (const info of model.imports) {
    if (info.kind !== "from" || info.star) continue;
    const statement = model.text.slice(info.node.startIndex, info.node.endIndex);
    if (!/\b_\b/.test(statement)) continue;
    for (const n of info.names) {
      if ((n.alias ?? n.name) !== "_") continue;
      const module = info.module.replace(/^\.+/, "");
      const oslo = n.name === "_" && I18N_MODULE.test(module);
      if (oslo || /gettext/i.test(n.name)) out.push({ info, bound: "_", origin: `${module}.${n.name}`, oslo });
    }
  }
  return out;
}

/** The log call whose message is `node` (or is built from it: `node % x`, `node.format(x)`), or null. */
function logCallOfMessage(model: ModuleModel, node: Node, receivers: LoggerReceivers): CallInfo | null {
  let message: Node = node;
  for (let p = message.parent; p; p = message.parent) {
    if (p.type === "parenthesized_expression") message = p;
    // (the operator by its field: a comment may stand between the operands, `_("x")  # noqa` then `% y`)
    else if (
      p.type === "binary_operator" &&
      p.childForFieldName("left")?.id === message.id &&
      p.childForFieldName("operator")?.type === "%"
    )
      message = p;
    else if (p.type === "attribute" && p.childForFieldName("attribute")?.text === "format" && p.parent?.type === "call")
      message = p.parent;
    else break;
  }
  const list = message.parent;
  if (list?.type !== "argument_list" || list.parent?.type !== "call") return null;
  const call = model.callOf(list.parent);
  const log = call ? logCallee(call.callee) : null;
  if (!call || !log) return null;
  if (call.positional[log.messageIndex]?.id !== message.id) return null;
  return receivers.isLogger(log.receiver) ? call : null;
}

/** Calls spelled `name(` (a name not preceded by another name character or a dot), found by text. */
function callsNamed(model: ModuleModel, name: string): CallInfo[] {
  if (model.hasSyntaxErrors) return model.calls.filter((c) => c.callee === name);
  const out: CallInfo[] = [];
  const text = model.text;
  const starts = model.callStarts;
  for (let i = text.indexOf(`${name}(`); i >= 0; i = text.indexOf(`${name}(`, i + 1)) {
    const before = text.charCodeAt(i - 1);
    if (i > 0 && (isWordCode(before) || before === 46)) continue; // "."
    for (let k = lowerBound(starts, i, identity); k < starts.length && starts[k] === i; k++)
      if (model.calls[k].callee === name) out.push(model.calls[k]);
  }
  return out;
}

/**
 * Calls of the translator `name` that make a log message (`LOG.error(_("x %s") % y)`), in order;
 * `among` picks which of the file's calls of it to look at (the segments a run reports in).
 */
export function translatedLogMessages(
  model: ModuleModel,
  name: string,
  among: (calls: readonly CallInfo[]) => readonly CallInfo[] = (calls) => calls,
): Array<{ translated: CallInfo; method: string }> {
  const receivers = new LoggerReceivers(model);
  const out: Array<{ translated: CallInfo; method: string }> = [];
  for (const c of among(callsNamed(model, name))) {
    const log = logCallOfMessage(model, unparen(c.node), receivers);
    const method = log ? logCallee(log.callee)?.method : undefined;
    if (method) out.push({ translated: c, method });
  }
  return out;
}
