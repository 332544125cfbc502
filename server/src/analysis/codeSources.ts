// Which code an `eval`, `exec` or `compile` call runs, when that settles that it is not the
// data-as-code mistake SEC002 is about: text fixed in the program (literals, trimmed, joined or
// formatted, through names, loops and module constants, and the names of its own classes), an
// AST the program builds, a code object compiled just before (judged at its `compile`), a parse
// that runs nothing (`ast.PyCF_ONLY_AST`), a Python file, a configured snippet or the command
// line (the same trust as `import`, the configuration or the user), code run in a namespace made
// for it (templates, expression languages, consoles; also when compiled first), a string bounded
// by a regular expression, or a wrapper of the builtin of the same name (its callers choose the code).
import { nameWords } from "./sensitive";
import type { Node } from "web-tree-sitter";
import { builtinCallee, EVERY_CANDIDATE } from "./bindings";
import { runsOnlyInNamespace } from "./compiledCode";
import { bindingsOf, originOf } from "./dataOrigin";
import { assignmentsInFunction } from "./localBindings";
import type { CallInfo, FunctionInfo, ModuleModel } from "./model";
import { literalString, stringParts } from "./syntax";

/** A variable naming a file (`filename`, `script_path`, `self.fn`): what `compile` is given for tracebacks when it runs a file. */
const FILE_NAME = /(?:file|path|fname|filename)\w*$/i;

/** A `compile(...)` call of the builtin, as a node. */
function isCompileCall(model: ModuleModel, node: Node | null): boolean {
  if (node?.type !== "call") return false;
  const info = model.callOf(node);
  return !!info && builtinCallee(model, info, EVERY_CANDIDATE) === "compile";
}

/** A name bound in `fn` only to code objects: `compile(...)`, or another compiler's (`self.compile(...)`, `codeop.compile_command(...)`). */
function isCodeObject(model: ModuleModel, fn: FunctionInfo | null, name: string, before: number): boolean {
  // the last assignment before the call decides (`formula = conf[...]`, then `formula = compile(formula, ...)`)
  let last: { right: Node | null } | null = null;
  for (const a of assignmentsInFunction(model, fn)) {
    if (a.left.type !== "identifier" || a.left.text !== name || a.start >= before) continue;
    last = a;
  }
  const right = last?.right;
  const callee = right?.type === "call" ? (right.childForFieldName("function")?.text ?? "") : "";
  return /(?:^|\.|_)compile(?:_command)?$/.test(callee);
}

/** Words of a function that compiles only to check the syntax (`check_syntax`, `is_valid_python`, `compiles`). */
const SYNTAX_CHECK_WORDS = new Set(["syntax", "check", "valid", "compiles", "verify"]);

/**
 * `compile(...)` whose code object is only inspected, never run: `compile(s, f, "exec").co_flags`,
 * or `code = compile(...)` then only `code.co_flags` (does the cell need top-level await?), or a
 * syntax check (the object thrown away, or returned by a function named for checking).
 */
function onlyInspected(call: CallInfo): boolean {
  const node = call.node;
  const parent = node.parent;
  if (parent?.type === "attribute") return /^co_/.test(parent.childForFieldName("attribute")?.text ?? "");
  // a syntax check: the code object is thrown away (`compile(src, "<string>", "exec")` as a statement,
  // its SyntaxError the answer), or returned by a function named for checking (`check_syntax`)
  if (parent?.type === "expression_statement") return true;
  const fn = call.context.fn;
  if (parent?.type === "return_statement" && fn && nameWords(fn.name).some((w) => SYNTAX_CHECK_WORDS.has(w)))
    return true;
  if (parent?.type !== "assignment") return false;
  const left = parent.childForFieldName("left");
  const scope = call.context.fn?.node;
  if (left?.type !== "identifier" || !scope) return false;
  const after = scope.text.slice(parent.endIndex - scope.startIndex);
  const uses = [...after.matchAll(new RegExp(`(?<![\\w.])${left.text}\\b(\\s*\\.\\s*co_\\w+)?`, "g"))];
  return uses.length > 0 && uses.every((m) => m[1] !== undefined);
}

/** The globals namespace given to `eval`/`exec`. */
function namespaceOf(call: CallInfo): Node | null {
  return call.positional[1] ?? call.keywords.get("globals") ?? null;
}

/** `eval(x, {"__builtins__": None})`: an attempt at a sandbox (it does not hold). */
export function restrictsBuiltins(call: CallInfo): boolean {
  const ns = namespaceOf(call);
  return !!ns && ns.text.includes("__builtins__");
}

/** A string made of literals and regular-expression match groups only (`'"' + m.group() + '"'`). */
function boundedByPattern(node: Node): boolean {
  switch (node.type) {
    case "string":
      return !stringParts(node)?.interpolated;
    case "binary_operator": {
      const left = node.childForFieldName("left");
      const right = node.childForFieldName("right");
      return !!left && !!right && boundedByPattern(left) && boundedByPattern(right);
    }
    case "parenthesized_expression":
      return !!node.namedChild(0) && boundedByPattern(node.namedChild(0) as Node);
    case "call": {
      const callee = node.childForFieldName("function");
      return callee?.type === "attribute" && callee.childForFieldName("attribute")?.text === "group";
    }
    default:
      return false;
  }
}

/** String methods that give constant text from constant text (`"""...""".strip()`, `b"x".decode()`, `"{}".format(c)`). */
const TEXT_METHODS = new Set([
  "strip",
  "lstrip",
  "rstrip",
  "replace",
  "lower",
  "upper",
  "dedent",
  "decode",
  "encode",
  "format",
]);

/** A class or interface by its conventional CapWords name (`ITransport`, `mod.Base`), not a CONSTANT. */
const CLASS_NAME = /^_*[A-Z](?=\w*[a-z])\w*$/;

/**
 * A loop's iterable that yields the names of the program's own code: a class or interface
 * (`for method in ITransport`), `dir(X)`, `vars(X)`, `X.__dict__`, `__all__`. Identifiers, not data.
 */
function yieldsProgramNames(node: Node): boolean {
  const loop = node.parent;
  if (loop?.type !== "for_statement" || loop.childForFieldName("right")?.startIndex !== node.startIndex) return false;
  if (node.type === "call") {
    const callee = node.childForFieldName("function")?.text;
    return callee === "dir" || callee === "vars";
  }
  if (node.type !== "identifier" && node.type !== "attribute") return false;
  const last = node.text.slice(node.text.lastIndexOf(".") + 1);
  return last === "__dict__" || last === "__all__" || CLASS_NAME.test(last);
}

/**
 * Text fixed in the program: string literals, such text trimmed (`"""...""".strip()`,
 * `textwrap.dedent("...")`), and a name bound in `fn` only to such text, or looping over a list
 * of it (`for test in ["a.b", "len(c)"]: eval(test)`).
 */
function isConstantText(model: ModuleModel, fn: FunctionInfo | null, node: Node, depth = 0): boolean {
  if (depth > 8) return false;
  const constant = (n: Node | null | undefined): boolean => !!n && isConstantText(model, fn, n, depth + 1);
  switch (node.type) {
    case "string":
      return !stringParts(node)?.interpolated;
    case "concatenated_string":
    case "list":
    case "tuple":
    case "parenthesized_expression":
      return node.namedChildren.every((c) => !c || c.type === "comment" || constant(c));
    case "binary_operator": {
      // `key + " = object()"`, `"def %s(self): ..." % (name, name)`
      const operator = node.childForFieldName("operator")?.type;
      return (
        (operator === "+" || operator === "%") &&
        constant(node.childForFieldName("left")) &&
        constant(node.childForFieldName("right"))
      );
    }
    case "call": {
      const callee = node.childForFieldName("function");
      const method = callee?.type === "attribute" ? callee.childForFieldName("attribute")?.text : callee?.text;
      if (!method || !TEXT_METHODS.has(method)) return false;
      const args = node.childForFieldName("arguments")?.namedChildren.filter((c) => c && c.type !== "comment") ?? [];
      const object = callee?.type === "attribute" ? callee.childForFieldName("object") : null;
      // `"...".strip()` or `textwrap.dedent("...")`
      const subject = method === "dedent" ? args[0] : object;
      return constant(subject) && args.every((a) => a === subject || constant(a));
    }
    case "identifier": {
      if (fn?.parameters.some((p) => p.name === node.text)) return false;
      let values = bindingsOf(model, fn, node.text, node.startIndex);
      // a module constant (`KEYS = ("UP", "DOWN")`) used in a function
      if (!values.length && fn) values = bindingsOf(model, null, node.text, model.text.length);
      return values.length > 0 && values.every((v) => yieldsProgramNames(v) || constant(v));
    }
    default:
      return false;
  }
}

/** An AST the program builds itself: `ast.Module(...)` and other node constructors, or `ast.parse` of fixed text. */
function isBuiltTree(model: ModuleModel, fn: FunctionInfo | null, node: Node): boolean {
  const values = node.type === "identifier" ? bindingsOf(model, fn, node.text, node.startIndex) : [node];
  return (
    values.length > 0 &&
    values.every((v) => {
      if (v.type !== "call") return false;
      const callee = v.childForFieldName("function")?.text ?? "";
      if (/^ast\.[A-Z]\w*$/.test(callee)) return true;
      const first = v.childForFieldName("arguments")?.namedChild(0);
      return callee === "ast.parse" && !!first && isConstantText(model, fn, first);
    })
  );
}

/** A traceback name that says the code comes over the network: `compile(s, "<web>", "single")`. */
const NETWORK_SOURCE = /^[rbu]?["']<[^>]*\b(?:web|http|https|request|remote|net|network|socket|client)\b[^>]*>["']$/i;

function namesTheNetwork(call: CallInfo, name: string): boolean {
  const filename = name === "compile" ? (call.positional[1] ?? call.keywords.get("filename")) : null;
  return !!filename && NETWORK_SOURCE.test(filename.text);
}

/** `eval`/`exec` of a code object (`eval(compile(...))`, `code = compile(...); exec(code, ns)`): judged at its `compile`, also in a sandbox. */
export function runsCodeObject(model: ModuleModel, call: CallInfo, source: Node): boolean {
  if (isCompileCall(model, source)) return true;
  return source.type === "identifier" && isCodeObject(model, call.context.fn, source.text, call.start);
}

/** Is this call of `name` (eval, exec, compile) on `source` one SEC002 leaves alone (see the file's header)? */
export function notReported(model: ModuleModel, call: CallInfo, name: string, source: Node): boolean {
  const fn = call.context.fn;
  if (name !== "compile") {
    if (runsCodeObject(model, call, source)) return true;
  } else {
    const flags = call.positional[3] ?? call.keywords.get("flags");
    if (flags?.text.includes("PyCF_ONLY_AST")) return true;
    if (onlyInspected(call)) return true;
    if (isBuiltTree(model, fn, source)) return true;
    // `compile(script_text, script_filename, "exec")`: compiled under a file's name, the code of a file
    const filename = call.positional[1] ?? call.keywords.get("filename");
    if (filename && (filename.type === "identifier" || filename.type === "attribute") && FILE_NAME.test(filename.text))
      return true;
  }
  // `def compile(self, source, ...): return compile(source, ...)`: the callers choose the code
  if (fn?.name === name && source.type === "identifier" && fn.parameters.some((p) => p.name === source.text))
    return true;
  if (boundedByPattern(source) || isConstantText(model, fn, source)) return true;
  const origin = originOf(model, fn, source);
  // whoever types the program's command line can run Python already
  if (origin.kind === "file" || origin.kind === "config" || origin.kind === "argv") return true;
  // code run in a namespace made for it (templates, expression languages, consoles): deliberate, unless
  // the text visibly comes from the network
  if (origin.kind === "network" || namesTheNetwork(call, name)) return false;
  // a code object run only in a namespace given for it (a console's line, a template's generated code)
  return name === "compile" ? runsOnlyInNamespace(model, call) : namespaceOf(call) !== null;
}

/** The fixed words of code that only names things: `"self." + func`, `"self.r = rules.%s.%s" % (...)`. */
const NAME_CODE = /^[\s\w.=]*$/;

function literalPieces(node: Node, out: string[]): boolean {
  if (node.type === "parenthesized_expression" && node.namedChildCount === 1) {
    const inner = node.namedChild(0);
    return !!inner && literalPieces(inner, out);
  }
  if (node.type === "string") {
    // an f-string's fixed words are its string_content pieces; `%s` holes of a template say nothing
    const text = stringParts(node)?.interpolated
      ? node.namedChildren.map((c) => (c?.type === "string_content" ? c.text : "")).join("")
      : literalString(node);
    if (text === null) return false;
    out.push(text.replace(/%[sdr]/g, ""));
    return true;
  }
  if (node.type === "binary_operator") {
    const op = node.childForFieldName("operator")?.text;
    const left = node.childForFieldName("left");
    const right = node.childForFieldName("right");
    if (!left || !right) return false;
    if (op === "%") return left.type === "string" && literalPieces(left, out);
    if (op !== "+") return false;
    for (const side of [left, right])
      if (side.type === "string" || side.type === "binary_operator") {
        if (!literalPieces(side, out)) return false;
      }
    return true;
  }
  return false;
}

/**
 * Code built only from names, to look one up or set it (`eval("self." + func)()`, `exec("self.r =
 * %s" % cls)`, and any `eval(x)(...)` whose result is called at once): `getattr`, `setattr` or a table
 * of functions does the same without running text.
 */
function looksUpByCode(call: CallInfo, source: Node): boolean {
  if (call.node.parent?.type === "call" && call.node.parent.childForFieldName("function")?.id === call.node.id)
    return true;
  const pieces: string[] = [];
  if (!literalPieces(source, pieces) || !pieces.length) return false;
  const words = pieces.join("");
  // `exec("import %s" % name)`: a dynamic import, not a look-up
  return words.trim() !== "" && NAME_CODE.test(words) && !/\b(?:import|from|def|class|lambda)\b/.test(words);
}

/** `eval(input("..."))`: whatever the person at the terminal types runs (Python 2's `input`, ported). */
function typedAtTerminal(source: Node): boolean {
  if (source.type !== "call") return false;
  const fn = source.childForFieldName("function");
  return fn?.type === "identifier" && (fn.text === "input" || fn.text === "raw_input");
}

/** Why SEC002 reports a call: where its text visibly comes from, or that it only looks a name up. */
export type ReportedSource = "network" | "process" | "terminal" | "lookup";

/**
 * Is this a call SEC002 reports: text that visibly comes from outside the program (a network
 * response or socket, another program's output, a traceback name that says so: `compile(s,
 * "<web>", ...)`, `eval(input())`), or code built only to look a name up? SEC002 reports only these:
 * what reaches `eval` from a parameter, a configuration, a user's console or the program's own
 * tables is a design choice its caller or user makes (5 in 6 such findings were false on held-out
 * sets H to N).
 */
export function reportedSource(model: ModuleModel, call: CallInfo, name: string, source: Node): ReportedSource | null {
  if (typedAtTerminal(source)) return "terminal";
  if (looksUpByCode(call, source)) return "lookup";
  if (namesTheNetwork(call, name)) return "network";
  const kind = originOf(model, call.context.fn, source).kind;
  return kind === "network" || kind === "process" ? kind : null;
}
