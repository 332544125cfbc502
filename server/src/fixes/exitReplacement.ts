// EXC001's fixes: replace an exit in a library function by an exception. In an `except`
// block, re-raise what was caught (safe when no message or hard exit is lost) or raise
// RuntimeError from it; elsewhere raise RuntimeError with the exit's message.
import type { Node } from "web-tree-sitter";
import type { Exit } from "../analysis/exits";
import type { FunctionInfo, ModuleModel } from "../analysis/model";
import type { Fix, TextEdit } from "../core/types";

/** An argument worth keeping as an exception message (not an exit status such as `1` or `None`). */
function messageOf(args: Node[] | null): string {
  if (!args?.length) return "";
  const a = args[0];
  if (/^(integer|none|true|false)$/.test(a.type)) return "";
  if (a.type === "unary_operator" && a.namedChild(0)?.type === "integer") return "";
  return a.text;
}

/** A name for the caught exception that the function does not use yet. */
function freshName(model: ModuleModel, fn: FunctionInfo | null): string {
  const start = fn ? fn.node.startIndex : 0;
  const end = fn ? fn.node.endIndex : model.text.length;
  for (const candidate of ["exc", "err", "error", "exc_"]) {
    if (!model.identifiersNamedIn(candidate, start, end).length) return candidate;
  }
  return "caught_exc";
}

export function exitFixes(model: ModuleModel, exit: Exit): Fix[] {
  if (!exit.statement) return [];
  const stmt = exit.statement;
  const fixes: Fix[] = [];
  const handler = exit.context.except?.node ?? null;
  const message = messageOf(exit.args);
  if (handler) {
    fixes.push({
      title: "Re-raise the original exception",
      // Dropping a message the exit would have printed loses information: not automatic then.
      safe: !message && !exit.hard,
      edits: [{ start: stmt.startIndex, end: stmt.endIndex, newText: "raise" }],
    });
    if (exit.args) {
      const value = handler.childForFieldName("value");
      const edits: TextEdit[] = [];
      let name: string;
      if (value?.type === "as_pattern") {
        const alias = value.childForFieldName("alias");
        const id = alias?.namedChild(0);
        if (id?.type !== "identifier") return fixes;
        name = id.text;
      } else {
        name = freshName(model, exit.context.fn);
        if (value) edits.push({ start: value.endIndex, end: value.endIndex, newText: ` as ${name}` });
        else {
          // a bare `except:` catches BaseException; say so to bind it
          const colon = handler.children.find((c) => c?.type === ":");
          if (!colon) return fixes;
          edits.push({ start: colon.startIndex, end: colon.startIndex, newText: ` BaseException as ${name}` });
        }
      }
      edits.push({
        start: stmt.startIndex,
        end: stmt.endIndex,
        newText: `raise RuntimeError(${message}) from ${name}`,
      });
      const chained: Fix = { title: `Raise RuntimeError from \`${name}\``, safe: false, edits };
      // When re-raising would drop the exit's message, keeping it comes first.
      if (fixes[0].safe) fixes.push(chained);
      else fixes.unshift(chained);
    }
  } else if (exit.args) {
    fixes.push({
      title: "Raise RuntimeError instead",
      safe: false,
      edits: [{ start: stmt.startIndex, end: stmt.endIndex, newText: `raise RuntimeError(${message})` }],
    });
  }
  return fixes;
}
