// Edits that only touch a trailing comment: `#` typed at the end of a one-line statement, text
// typed into that comment, the comment deleted. tree-sitter-python reparses the whole file for a
// comment at the end of a block's last line (its scanner's tokens after it are not reused: 30 ms
// on a 6,000-line file where another edit costs 4), so such an edit is not parsed at once
// (parsedDocument.ts) and, when every rule that runs is blind to such comments, its analysis is
// the previous one's (engine/documentStore.ts).
import type { Node, Tree } from "web-tree-sitter";

/** A replacement of [start, end) by `text` (parsedDocument.ts's TextChange). */
interface Change {
  start: number;
  end: number;
  text: string;
}

/** Statements that end on the line they start on, where a comment after them is outside every node but the block. */
const SIMPLE_STATEMENTS: ReadonlySet<string> = new Set([
  "expression_statement",
  "return_statement",
  "pass_statement",
  "break_statement",
  "continue_statement",
  "raise_statement",
  "assert_statement",
  "import_statement",
  "import_from_statement",
  "future_import_statement",
  "global_statement",
  "nonlocal_statement",
  "delete_statement",
  "print_statement",
  "exec_statement",
  "type_alias_statement",
]);

/**
 * Words that make a comment more than prose: suppressions (`noqa`, `nosec`, `pylint:`, `type:
 * ignore`, `pyreview`), pragmas and tool switches, encoding declarations, generated-file markers.
 * A comment holding one is left to a full analysis.
 */
const MEANINGFUL =
  /noqa|nosec|pyreview|pylint|type\s*:|pragma|flake8|ruff|mypy|fmt\s*:|isort|coding|generated|edit|lint|@/i;

/** Lines at the top whose comments may be a header (encoding, generated-file markers): left alone. */
const HEADER_LINES = 16;

/** Whitespace, then at most a comment, to the end of the line. */
const AFTER_CODE = /^[ \t\f]*(?:#.*)?$/;

/**
 * Is `change` (against `text`) an edit of the trailing comment of a one-line statement: inside
 * the stretch after the statement's last token, which holds only whitespace and at most a
 * comment before and after it, with no line break and no meaningful word (MEANINGFUL)? `tree` was
 * parsed from an older text whose lines are `text`'s (only such edits came since, and they add no
 * line): `toParsed` maps an offset of `text` at a line's start to that older text's.
 */
export function isTrailingCommentEdit(
  tree: Tree,
  parsedText: string,
  text: string,
  change: Change,
  toParsed: (offset: number) => number | null,
): boolean {
  const { start, end } = change;
  if (/[\r\n]/.test(change.text) || /[\r\n]/.test(text.slice(start, end))) return false;
  if (tree.rootNode.hasError) return false;
  const lineStart = text.lastIndexOf("\n", start - 1) + 1;
  if (text.lastIndexOf("\r", start - 1) >= lineStart) return false; // (a lone \r ends lines: not here)
  let lineEnd = text.indexOf("\n", start);
  if (lineEnd < 0) lineEnd = text.length;
  if (text.charCodeAt(lineEnd - 1) === 13) lineEnd--;
  if (end > lineEnd) return false;
  let row = 0;
  for (let i = text.indexOf("\n"); i >= 0 && i < lineStart && row < HEADER_LINES; i = text.indexOf("\n", i + 1)) row++;
  if (row < HEADER_LINES) return false;
  const line = text.slice(lineStart, lineEnd);
  const first = lineStart + (/^[ \t\f]*/.exec(line)?.[0].length ?? 0);
  if (first >= lineEnd || text[first] === "#") return false;
  const parsedFirst = toParsed(first);
  if (parsedFirst === null) return false;
  const statement = statementStartingAt(tree, parsedFirst);
  if (!statement) return false;
  const codeEnd = first + (statement.endIndex - parsedFirst);
  if (codeEnd > lineEnd || start < codeEnd) return false;
  // (the statement's text is the same in both: only the stretches after code changed since)
  if (parsedText.slice(parsedFirst, statement.endIndex) !== text.slice(first, codeEnd)) return false;
  const before = text.slice(codeEnd, lineEnd);
  const after = before.slice(0, start - codeEnd) + change.text + before.slice(end - codeEnd);
  return AFTER_CODE.test(before) && AFTER_CODE.test(after) && !MEANINGFUL.test(before) && !MEANINGFUL.test(after);
}

/** The one-line-able statement of a block or the module that starts at `offset`, or null. */
function statementStartingAt(tree: Tree, offset: number): Node | null {
  for (let n: Node | null = tree.rootNode.descendantForIndex(offset); n && n.startIndex === offset; n = n.parent) {
    if (!SIMPLE_STATEMENTS.has(n.type)) continue;
    const parent = n.parent;
    return parent && (parent.type === "block" || parent.type === "module") ? n : null;
  }
  return null;
}
