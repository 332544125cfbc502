// SEC002: eval / exec / compile of a string that is not a literal runs whatever it holds.
import type { Node } from "web-tree-sitter";
import type { CallInfo } from "../analysis/model";
import { builtinCallee, EVERY_CANDIDATE } from "../analysis/bindings";
import { notReported, restrictsBuiltins, runsCodeObject, reportedSource } from "../analysis/codeSources";
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
    summary:
      "`eval`, `exec` or `compile` runs text that comes from outside the program (the network, another program's output, the terminal), or code built only from names to look one up or set it.",
    rationale:
      "Whatever the text holds runs with the program's privileges, so anyone who can influence it can run code (CWE-95). " +
      "Data should be parsed (`ast.literal_eval`, `json.loads`), and behaviour chosen from a table of functions or with `getattr`, not built as source text. " +
      "Only calls whose text visibly comes from outside are reported: on held-out projects, 5 in 6 findings about any non-literal text were a deliberate design (expression languages, consoles, plugin code, the caller's own value). Reported: " +
      'text read from a socket or a network response (`urlopen(url).read()`, `sock.recv(...)`, `response.text`), or compiled under a name that says so (`compile(s, "<web>", ...)`); ' +
      "another program's output (`check_output(...)`, `Popen(...).stdout`); `eval(input(...))` (Python 2's `input`, ported); " +
      'code built only from names, to look one up or set it: `eval("self." + func)()`, `eval(f"settings.{name}")`, `exec("self.r = %s" % cls)`, and any `eval(x)(...)` whose result is called at once.',
    notReported:
      "text whose origin the function does not show: a parameter (the caller's value), an attribute, a configuration value, a file or the command line; " +
      'text fixed in the program: string literals, such text trimmed (`"""...""".strip()`, `textwrap.dedent(...)`), joined or formatted (`key + " = object()"`, `"def %s(self): ..." % (name, name)`), a name or module constant bound only to such text or looping over a list of it; ' +
      "the names of the program's own classes and interfaces put into such text (`for method in ITransport`, `dir(Base)`); " +
      "an AST the program builds node by node (`ast.Module(...)`, `ast.parse` of fixed text) given to `compile`; " +
      "code run in a namespace given for it (templates, expression languages, consoles: `eval(expr, context)`, `exec(code, ns)`), unless the text comes from the network; " +
      "a string made only of literals and a regular expression's match groups; a wrapper of the builtin of the same name. " +
      "`exec`/`eval` of a code object is judged once, at its `compile`, `compile(..., ast.PyCF_ONLY_AST)` only parses, a code object only inspected (`code.co_flags`) never runs, and nor does one compiled only to check the syntax. Test files are not checked.",
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
      const why = reportedSource(model, call, name, source);
      if (!why) continue;
      const what =
        why === "lookup"
          ? "code built only from names (a variable or attribute looked up or set)"
          : why === "terminal"
            ? "what is typed at the terminal"
            : why === "network"
              ? "text from the network"
              : "another program's output";
      const advice =
        why === "lookup"
          ? "use `getattr`/`setattr`, or a dict of the functions"
          : name === "eval"
            ? "parse data with `ast.literal_eval` or `json.loads`, or look the value up in a dict"
            : name === "exec"
              ? "call the code directly, or choose it from a table of functions"
              : "compile only source text the program wrote itself";
      const contained = sandbox
        ? ", and a namespace without `__builtins__` does not contain it (any object leads back to them)"
        : "";
      report({
        start: call.node.startIndex,
        end: call.node.endIndex,
        message: `\`${name}()\` of ${what} runs it as Python${contained} (CWE-95): ${advice}.`,
      });
    }
  },
};
