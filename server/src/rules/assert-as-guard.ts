// SEC009: `assert` guarding production code, which `python -O` removes.
//
// Reported: checks a caller relies on, that is the condition reads a parameter of a public
// function (argument validation), and asserts a handler catches as AssertionError. Not reported:
// test files (settings.testPatterns), where assert is the point; internal invariants (private
// helpers, conditions on the program's own state or another object's private attributes);
// narrowing for static checkers (a bare isinstance()/issubclass(), `x is not None` right after
// `x = ...` or before `x` is used, Optional attributes and interface-fixed Optional parameters
// (assertSignatures.ts), or a comment naming mypy, pyright or type checking); post-conditions
// right after a wait.
import type { Node } from "web-tree-sitter";
import {
  callersCheckFirst,
  caughtAsAssertionError,
  checkedParameter,
  closesCaseAnalysis,
  followsOwnCall,
  followsWait,
  isNarrowing,
  isPrivateFunction,
  readsPrivateState,
  saysInvariant,
  selfCheck,
} from "../analysis/assertRoles";
import {
  excludesDeclaredType,
  narrowsArgumentAttribute,
  narrowsFixedSignature,
  vestigialSelfParameter,
} from "../analysis/assertSignatures";
import type { ModuleModel } from "../analysis/model";
import { isTestSupport } from "../analysis/testSupport";
import type { Rule } from "./types";

/** `x is None`. */
function isNoneTest(node: Node | null): boolean {
  return node?.type === "comparison_operator" && /^[\w.]+\s+is\s+None$/.test(node.text);
}

function isTypeNarrowing(test: Node | null): boolean {
  if (!test) return false;
  if (test.type === "parenthesized_expression" && test.namedChildCount === 1)
    return isTypeNarrowing(test.namedChild(0));
  if (test.type === "boolean_operator" && test.childForFieldName("operator")?.type === "and") {
    return isTypeNarrowing(test.childForFieldName("left")) && isTypeNarrowing(test.childForFieldName("right"));
  }
  // `x is None or isinstance(x, int)`: an Optional narrowed as one
  if (test.type === "boolean_operator" && test.childForFieldName("operator")?.type === "or") {
    const left = test.childForFieldName("left");
    const right = test.childForFieldName("right");
    return isNoneTest(left) ? isTypeNarrowing(right) : isNoneTest(right) && isTypeNarrowing(left);
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

/** The parameter an assert checks for its caller, "caught" for control flow, or null when it is not reported. */
function reportable(
  model: ModuleModel,
  statement: Node,
  test: Node,
  catches: boolean,
  hasMessage: boolean,
): string | null {
  const fn = model.innermostFunction(statement.startIndex, statement.endIndex);
  // (a `try` around it that catches AssertionError says so within the function's text)
  const [from, to] = fn ? [fn.node.startIndex, fn.node.endIndex] : [0, model.text.length];
  const caught = catches && model.text.slice(from, to).includes("AssertionError");
  if (caught && caughtAsAssertionError(statement)) return "caught";
  if (!fn || isPrivateFunction(fn) || selfCheck(test) || readsPrivateState(test)) return null;
  // `assert False, kind`: the unreachable branch of a check on its message's parameter
  const checked = test.type === "false" ? statement : test;
  const parameter = checkedParameter(model, fn, checked, statement.startIndex);
  if (!parameter) return null;
  if (
    isNarrowing(model, statement, test) ||
    narrowsFixedSignature(fn, test, statement) ||
    narrowsArgumentAttribute(fn, test, hasMessage) ||
    (!hasMessage && excludesDeclaredType(model, fn, test)) ||
    vestigialSelfParameter(model, fn, test, statement) ||
    followsWait(statement) ||
    followsOwnCall(statement, test) ||
    saysInvariant(model.text, statement) ||
    callersCheckFirst(model, fn, test)
  )
    return null;
  return closesCaseAnalysis(statement, test) ? null : parameter;
}

export const assertAsGuard: Rule = {
  meta: {
    code: "SEC009",
    name: "assert-as-guard",
    category: "security",
    reviewPoint: null,
    preview: true,
    severity: "information",
    fixable: "never",
    skipsTestFiles: true,
    summary: "`assert` checks a caller's argument, or serves as control flow; `python -O` removes it.",
    rationale:
      "Assertions are compiled away when Python runs with -O (or PYTHONOPTIMIZE), so a check made with `assert` silently stops happening there (CWE-703). " +
      "A check callers rely on should be made with `if` and an explicit exception. Reported: asserts on a parameter of a public function or method (or a local made from one), `isinstance` asserts with a message, and asserts a handler catches as AssertionError.",
    notReported:
      'Internal invariants (private helpers, nested functions, functions whose every call in the module is made only after the same check, the program\'s own state, another object\'s private attributes (`repo.store._version`), messages or comments saying "bug", "should not happen" or that callers never pass the value), ' +
      "narrowing for static checkers (a bare `isinstance` no handler catches, also of an Optional: `x is None or isinstance(x, int)`, a bare `not isinstance(x, T)` where `T` is part of `x`'s annotation, `x is not None` right after `x = ...` or before a use of `x` that fails on None anyway (`x.a`, `salt + x`, `os.path.join(d, x)`, or passing `x` to a function of the module that does so at once) with nothing between that could return first, " +
      "`obj.attr is not None` without a message on an argument's attribute in annotated code, `x is not None` at the top of a function whose parameter `x: Optional[...]` has no default (a signature an interface fixes), a comment naming mypy), " +
      "post-conditions of the function's own computation (names unpacked from its own calls, state right after its own `self.method(...)` call given the same values, `x` after an `if x is None:` that sets it) or right after a wait, " +
      "a vestigial parameter the method ignores but asserts is the object itself (`assert recipient is self`), " +
      "test helpers (`assert_*`), visitor callbacks (`visit_*`), test files, and a library's test support (a `testing/` package, modules importing a test package).",
    example: "def resize(image, size):\n    assert size > 0\n    ...",
    useInstead:
      'def resize(image, size):\n    if size <= 0:\n        raise ValueError(f"size must be positive, got {size}")\n    ...',
    bandit: ["B101"],
    cwe: 703,
  },
  check(ctx) {
    const { model, text } = ctx;
    if (!text.includes("assert")) return; // (faster than indexOfFast here: its rarest piece, "rt", is common)
    // a library's test support (its `testing/` package, modules plugging into it): asserting is its purpose
    if (isTestSupport(model, ctx.path, ctx.root)) return;
    const re = /\bassert\b/g;
    const catches = text.includes("AssertionError");
    for (let m = re.exec(text); m; m = re.exec(text)) {
      const keyword = model.root.descendantForIndex(m.index, m.index + 6);
      if (keyword?.type !== "assert" || keyword.startIndex !== m.index) continue;
      const statement = keyword.parent;
      if (statement?.type !== "assert_statement") continue;
      const parts = statement.namedChildren.filter((c): c is Node => !!c && c.type !== "comment");
      const test = parts[0] ?? null;
      const hasMessage = parts.length > 1;
      if (!test || commentSaysTypeChecker(text, statement.startIndex, statement.endIndex)) continue;
      const what = reportable(model, statement, test, catches, hasMessage);
      if (!what) continue;
      // a bare isinstance() narrows types (unless a handler catches it: control flow); one with a
      // message for the caller validates an argument
      if (what !== "caught" && isTypeNarrowing(test) && !hasMessage) continue;
      ctx.report({
        start: statement.startIndex,
        end: statement.endIndex,
        message:
          what === "caught"
            ? "`assert` is used as control flow here (a handler catches AssertionError), and it is removed when Python runs with -O, so the check and its handling silently stop happening (CWE-703): test the condition with `if` and raise a named exception."
            : `\`assert\` is removed when Python runs with -O, so this check of \`${what}\` silently stops happening there (CWE-703): test the condition with \`if\` and raise an exception (ValueError, TypeError).`,
      });
      re.lastIndex = Math.max(re.lastIndex, statement.endIndex);
    }
  },
};
