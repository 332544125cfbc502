// Unwrapping a call to its argument: `_LE("x")` → `"x"`.
import type { CallInfo } from "../analysis/model";
import type { TextEdit } from "../core/types";
import { hasMultiLineString, shiftContinuationLines } from "./callLayout";

/**
 * The edit unwrapping a call of one plain argument, `_LE(x)` → `x`; null for other calls. A
 * multi-line argument keeps the parentheses, `(x)`, unless brackets already hold it, and so
 * does an argument with a comment beside it. Continuation lines aligned under the argument
 * move left with it.
 */
export function unwrapCallEdit(call: CallInfo): TextEdit | null {
  if (call.positional.length !== 1 || call.keywordNodes.length || call.hasSplat || !call.argumentsNode) return null;
  const arg = call.positional[0];
  const args = call.argumentsNode;
  const inner = args.namedChildren.filter((c) => c && c.type !== "comment");
  if (inner.length !== 1 || args.namedChildren.length !== 1) {
    // a comment inside the call: keep the parentheses so it stays valid
    return { start: call.calleeNode.startIndex, end: call.calleeNode.endIndex, newText: "" };
  }
  // Inside brackets a multi-line argument may stand bare; elsewhere it keeps its parentheses.
  const bracketed = call.node.parent?.type === "argument_list" || call.node.parent?.type === "parenthesized_expression";
  if (arg.startPosition.row !== arg.endPosition.row && !bracketed) {
    return { start: call.calleeNode.startIndex, end: call.calleeNode.endIndex, newText: "" };
  }
  // continuation lines aligned under the argument move left with it, by the columns it moves
  // (`_(\n    "a "\n    "b")`: the argument starts on a line of its own)
  const text = hasMultiLineString(arg)
    ? arg.text
    : shiftContinuationLines(arg.text, call.node.startPosition.column - arg.startPosition.column);
  return { start: call.node.startIndex, end: call.node.endIndex, newText: text };
}
