// SEC009: `assert` guarding production code, which `python -O` removes.
//
// Not reported: test files (settings.testPatterns), where assert is the point; and asserts made
// only of isinstance()/issubclass() calls, which are there to narrow types for static checkers
// (mypy, pyright) rather than to validate input — an `if not isinstance(...): raise TypeError`
// would be a style choice, not a fix; likewise any assert whose comment (on its line or the
// comment lines just above) says it is for mypy, pyright or type checking.
import type { Node } from "web-tree-sitter";
import type { Rule } from "./types";

function isTypeNarrowing(test: Node | null): boolean {
  if (!test) return false;
  if (test.type === "parenthesized_expression" && test.namedChildCount === 1)
    return isTypeNarrowing(test.namedChild(0));
  if (test.type === "boolean_operator" && test.childForFieldName("operator")?.type === "and") {
    return isTypeNarrowing(test.childForFieldName("left")) && isTypeNarrowing(test.childForFieldName("right"));
  }
  if (test.type !== "call") return false;
  const fn = test.childForFieldName("function");
  return fn?.type === "identifier" && (fn.text === "isinstance" || fn.text === "issubclass");
}

const TYPE_CHECKER =
  /\b(?:mypy|pyright|pyre|pytype|type[- ]?check(?:er|ing)?|type narrowing|narrow(?:s|ing)? the type)\b/i;

/** A comment on the assert's last line, or on the comment lines right above it, naming a type checker. */
function commentSaysTypeChecker(text: string, start: number, end: number): boolean {
  const lineEnd = text.indexOf("\n", end);
  const trailing = text.slice(end, lineEnd < 0 ? text.length : lineEnd);
  if (trailing.includes("#") && TYPE_CHECKER.test(trailing)) return true;
  let lineStart = text.lastIndexOf("\n", start - 1) + 1;
  for (let i = 0; i < 5 && lineStart > 0; i++) {
    const prevStart = text.lastIndexOf("\n", lineStart - 2) + 1;
    const line = text.slice(prevStart, lineStart - 1).trim();
    if (!line.startsWith("#")) return false;
    if (TYPE_CHECKER.test(line)) return true;
    lineStart = prevStart;
  }
  return false;
}

export const assertAsGuard: Rule = {
  meta: {
    code: "SEC009",
    name: "assert-as-guard",
    category: "security",
    reviewPoint: null,
    severity: "information",
    fixable: "never",
    skipsTestFiles: true,
    summary: "`assert` checks a condition in non-test code; `python -O` removes it.",
    rationale:
      "Assertions are compiled away when Python runs with -O (or PYTHONOPTIMIZE), so a check made with `assert` silently stops happening there (CWE-703). " +
      "A condition the program relies on — valid input, initialised state — should be checked with `if` and an explicit exception. " +
      "Test files, and asserts that narrow types for static checkers (isinstance()-only, or commented as for mypy), are not reported.",
    example: "def resize(image, size):\n    assert size > 0\n    ...",
    useInstead:
      'def resize(image, size):\n    if size <= 0:\n        raise ValueError(f"size must be positive, got {size}")\n    ...',
    bandit: ["B101"],
    cwe: 703,
  },
  check(ctx) {
    const { model, text } = ctx;
    if (!text.includes("assert")) return; // (faster than indexOfFast here: its rarest piece, "rt", is common)
    const re = /\bassert\b/g;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      const keyword = model.root.descendantForIndex(m.index, m.index + 6);
      if (keyword?.type !== "assert" || keyword.startIndex !== m.index) continue;
      const statement = keyword.parent;
      if (statement?.type !== "assert_statement") continue;
      const test = statement.namedChildren.find((c) => c && c.type !== "comment") ?? null;
      if (isTypeNarrowing(test) || commentSaysTypeChecker(text, statement.startIndex, statement.endIndex)) continue;
      ctx.report({
        start: statement.startIndex,
        end: statement.endIndex,
        message:
          "`assert` is removed when Python runs with -O, so this check silently stops happening there (CWE-703): test the condition with `if` and raise an exception.",
      });
      re.lastIndex = Math.max(re.lastIndex, statement.endIndex);
    }
  },
};
