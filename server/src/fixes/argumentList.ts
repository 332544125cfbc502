// SEC001's fix: `run("ls -l", shell=True)` → `run(["ls", "-l"])`, when the string holds plain
// words only (see splitPlainCommand), so the list runs exactly what the shell would have.
import type { Node } from "web-tree-sitter";
import type { Command } from "../analysis/commandShape";
import type { CallInfo } from "../analysis/model";
import { splitPlainCommand } from "../analysis/shellSyntax";
import { stringParts } from "../analysis/syntax";
import type { Fix, TextEdit } from "../core/types";

/** The fix turning `run("ls -l", shell=True)` into `run(["ls", "-l"])`, when exact. */
export function shellStringFix(call: CallInfo, command: Command, text: string): Fix | null {
  const node = command.nodes[0];
  if (node?.type !== "string" || command.nodes.length !== 1) return null;
  const parts = stringParts(node);
  if (!parts || parts.interpolated || !/^[uUrR]?$/.test(parts.prefix)) return null;
  const words = splitPlainCommand(parts.body);
  if (!words) return null;
  if (call.keywords.has("executable")) return null;
  const shellArg = call.keywordNodes.find((k) => k.childForFieldName("name")?.text === "shell");
  const args = call.argumentsNode;
  if (!shellArg || !args) return null;
  const siblings = args.namedChildren.filter((c): c is Node => !!c);
  const i = siblings.findIndex((c) => c.id === shellArg.id);
  let removal: TextEdit;
  if (i > 0) {
    const between = text.slice(siblings[i - 1].endIndex, shellArg.startIndex);
    if (!/^\s*,\s*$/.test(between)) return null;
    removal = { start: siblings[i - 1].endIndex, end: shellArg.endIndex, newText: "" };
  } else {
    const next = siblings[i + 1];
    if (!next) return null; // the command is positional, so `shell` is never first and alone
    const between = text.slice(shellArg.endIndex, next.startIndex);
    if (!/^\s*,\s*$/.test(between)) return null;
    removal = { start: shellArg.startIndex, end: next.startIndex, newText: "" };
  }
  const quote = parts.quote.length === 1 ? parts.quote : '"';
  const list = `[${words.map((w) => `${quote}${w}${quote}`).join(", ")}]`;
  return {
    title: `Pass the argument list ${list.length > 60 ? "" : `${list} `}without a shell`,
    // Exact as to the words; but a missing program now raises FileNotFoundError instead of exit status 127.
    safe: false,
    edits: [{ start: node.startIndex, end: node.endIndex, newText: list }, removal],
  };
}
