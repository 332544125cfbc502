// SEC002: eval / exec / compile of a string that is not a literal runs whatever it holds.
import type { Node } from "web-tree-sitter";
import type { CallInfo } from "../analysis/model";
import { builtinCallee, EVERY_CANDIDATE } from "../analysis/bindings";
import { notReported, restrictsBuiltins, runsCodeObject } from "../analysis/codeSources";
import { stringParts } from "../analysis/syntax";
import type { Rule } from "./types";

const BUILTINS = new Set(["eval", "exec", "compile"]);

/** A plain string literal (or implicit concatenation of them), with no f-string interpolation. */
export function isLiteralString(node: Node | null | undefined): boolean {
  if (!node) return false;
  if (node.type === "parenthesized_expression" && node.namedChildCount === 1)
    return isLiteralString(node.namedChild(0));
  if (node.type === "string") {
    const parts = stringParts(node);
    return !!parts && !parts.interpolated;
  }
  if (node.type === "concatenated_string")
    return node.namedChildren.every((c) => !c || c.type === "comment" || isLiteralString(c));
  return false;
}

export const evalExec: Rule = {
  meta: {
    code: "SEC002",
    name: "eval-exec",
    category: "security",
    reviewPoint: null,
    preview: true,
    severity: "warning",
    fixable: "never",
    skipsTestFiles: true,
    summary: "`eval`, `exec` or `compile` is called on a string that is not a literal.",
    rationale:
      "Whatever the string holds runs with the program's privileges, so anyone who can influence it can run code (CWE-95). " +
      "Data should be parsed (`ast.literal_eval`, `json.loads`), and behaviour chosen from a table of functions, not built as source text.",
    notReported:
      'text fixed in the program: string literals, such text trimmed (`"""...""".strip()`, `textwrap.dedent(...)`), joined or formatted (`key + " = object()"`, `"def %s(self): ..." % (name, name)`), a name or module constant bound only to such text or looping over a list of it; ' +
      "the names of the program's own classes and interfaces put into such text (`for method in ITransport`, `dir(Base)`); " +
      "an AST the program builds node by node (`ast.Module(...)`, `ast.parse` of fixed text) given to `compile`; " +
      'running a Python file read in the same function (`exec(compile(f.read(), path, "exec"))`, the same trust as `import`), also after `.replace`, through another `open` or a reader given the open file (`compile_template(f)`); ' +
      "a snippet from the program's configuration (`self.config.x`) or its command line (`sys.argv`, `parse_args()`: whoever types it can run Python already); " +
      'code run in a namespace given for it (templates, expression languages, consoles: `eval(expr, context)`, also compiled first: `code = compile(line, "<stdin>", "single"); exec(code, ns)`, `exec_in(self.compiled, namespace)`), unless the namespace removes `__builtins__` (a sandbox that does not hold) or the text comes from the network (also when the traceback name says so: `compile(s, "<web>", ...)`); ' +
      "a string made only of literals and a regular expression's match groups; a wrapper of the builtin of the same name. " +
      '`exec`/`eval` of a code object is judged once, at its `compile` (the last assignment before the call decides: `formula = compile(formula, ...)`), `compile(..., ast.PyCF_ONLY_AST)` only parses, a code object only inspected (`code.co_flags`) never runs, and nor does one compiled only to check the syntax (`compile(src, "<string>", "exec")` as a statement, or returned by a function named for checking: `check_syntax`). Test files are not checked.',
    example: "value = eval(request.params['value'])",
    useInstead: "import ast\nvalue = ast.literal_eval(request.params['value'])",
    bandit: ["B307", "B102"],
    cwe: 95,
  },
  check({ model, report }) {
    // only calls whose callee ends with one of the names (found from the text), in document order
    const found = new Set<CallInfo>();
    for (const name of BUILTINS) for (const call of model.callsWithCalleeEnding(name)) found.add(call);
    const candidates = [...found].sort((a, b) => a.node.startIndex - b.node.startIndex);
    for (const call of candidates) {
      const callee = call.callee;
      if (!callee) continue;
      const last = callee.slice(callee.lastIndexOf(".") + 1);
      if (!BUILTINS.has(last)) continue;
      const name = builtinCallee(model, call, EVERY_CANDIDATE);
      if (!name || !BUILTINS.has(name)) continue;
      const source = call.positional[0] ?? call.keywords.get("source") ?? null;
      if (!source && call.hasSplat) continue;
      if (!source || isLiteralString(source)) continue;
      // a code object is judged once, at its `compile`, even when run in a `__builtins__` sandbox
      if (name !== "compile" && runsCodeObject(model, call, source)) continue;
      const sandbox = name !== "compile" && restrictsBuiltins(call);
      if (!sandbox && notReported(model, call, name, source)) continue;
      const advice =
        name === "eval"
          ? "parse data with `ast.literal_eval` or `json.loads`, or look the value up in a dict"
          : name === "exec"
            ? "call the code directly, or choose it from a table of functions"
            : "compile only source text the program wrote itself";
      report({
        start: call.node.startIndex,
        end: call.node.endIndex,
        message: sandbox
          ? `\`${name}()\` of a value that is not a string literal runs whatever code it holds, and a namespace without \`__builtins__\` does not contain it (any object leads back to them) (CWE-95): ${advice}.`
          : `\`${name}()\` of a value that is not a string literal runs whatever code it holds (CWE-95): ${advice}.`,
      });
    }
  },
};
