// Finding the comments that hold `noqa` or `nosec`, by text first: most files have few or none.
import type { Node } from "web-tree-sitter";
import type { CommentInfo } from "./facts";

/**
 * A suppression word in the rest of a comment's line (the start and end of the rest count as
 * non-word). Spelled with character classes: the same as /\b(?:noqa|nosec)\b/i (without the
 * `u` flag only ASCII letters match case-insensitively), but V8 runs an `i` regex over many
 * short strings 20 times slower.
 */
/** The rest of a line (sticky: set lastIndex). */
const LINE_REST = /[^\n\r]*/y;
const SUPPRESSION_WORD = /\b(?:[nN][oO][qQ][aA]|[nN][oO][sS][eE][cC])\b/;

/** Comments holding `noqa` or `nosec`, in document order. */
export function findSuppressionComments(text: string, root: Node): CommentInfo[] {
  const out: CommentInfo[] = [];
  // What /#[^\n\r]*?\b(?:noqa|nosec)\b/gi finds, scanning from each `#` to its line's end
  // (that regex alone costs 1.5 ms on a 12,000-line file: it tries the words at every offset).
  for (let from = 0, p = text.indexOf("#"); p >= 0; p = text.indexOf("#", from)) {
    LINE_REST.lastIndex = p + 1;
    LINE_REST.test(text);
    const lineEnd = LINE_REST.lastIndex;
    const word = SUPPRESSION_WORD.exec(text.slice(p + 1, lineEnd));
    if (!word) {
      // (a later `#` on this line sees a part of the same rest: no word there either)
      from = lineEnd;
      continue;
    }
    const node = root.descendantForIndex(p, p + 1);
    if (node?.type !== "comment") {
      // a `#` in a string (`"frag #%s" % x  # noqa`): the comment after it is still to be seen
      from = p + 1;
      continue;
    }
    out.push({ node, line: node.startPosition.row, text: node.text });
    from = node.endIndex;
  }
  return out;
}
