// Where a runner's command comes from (SEC001), when that settles whether the call deserves a
// look: handed through from the enclosing function's caller (a wrapper such as
// `def run(cmd, shell=False): return Popen(tonativestr(cmd), shell=shell)`), the program
// re-running itself (`os.execv(sys.executable, [sys.executable] + sys.argv)`), checked by a
// sanitizer first (`check_ssh_injection(cmd)`), made of words each shell-quoted before they were
// joined (`" ".join(shlex.quote(a) for a in args)`), or written by the user in the configuration.
import type { Node } from "web-tree-sitter";
import { LAST_IMPORT, qualify } from "./bindings";
import { RUNS_COMMAND } from "./commandRunners";
import type { Command, Resolve } from "./commandShape";
import { bindingsOf, originOf } from "./dataOrigin";
import { assignmentsInFunction } from "./localBindings";
import type { CallInfo, FunctionInfo, ModuleModel } from "./model";
import { quotedConversions } from "./shellSyntax";
import { stringParts } from "./syntax";
import { mentions } from "./textSearch";

/** str/bytes conversions that hand a command on unchanged (`tonativestr(cmd)`, `os.fsencode(cmd)`, `str(cmd)`). */
const CONVERSION =
  /^(?:str|bytes|fs(?:en|de)code|(?:to|as|ensure|safe)_?(?:native)?_?(?:str|bytes|text|unicode|binary)|(?:native|sys|byte)str|strtolocal|unicode)$/i;

function lastName(node: Node | null): string {
  if (!node) return "";
  if (node.type === "attribute") return node.childForFieldName("attribute")?.text ?? "";
  return node.type === "identifier" ? node.text : "";
}

function callArguments(node: Node): Node[] {
  const args = node.childForFieldName("arguments");
  // `f(x for x in y)`: the generator is the whole argument list
  if (args?.type === "generator_expression") return [args];
  return (args?.namedChildren ?? []).filter(
    (c): c is Node => !!c && c.type !== "comment" && c.type !== "keyword_argument",
  );
}

/** `tonativestr(x)`, `rapply(tonativestr, x)`, `x.encode()` → `x`: what a conversion converts, else the node. */
export function unconverted(node: Node): Node {
  for (let n = node, i = 0; i < 4; i++) {
    if (n.type === "parenthesized_expression" && n.namedChildCount === 1) {
      n = n.namedChild(0) as Node;
      continue;
    }
    if (n.type !== "call") return n;
    const callee = n.childForFieldName("function");
    const args = callArguments(n);
    const name = lastName(callee);
    if (CONVERSION.test(name) && args.length === 1) n = args[0];
    else if ((name === "rapply" || name === "map") && args.length === 2 && CONVERSION.test(lastName(args[0])))
      n = args[1];
    else if ((name === "encode" || name === "decode") && callee?.type === "attribute")
      n = callee.childForFieldName("object") ?? n;
    else return n;
  }
  return node;
}

/**
 * Is `name` the caller's value: a parameter of `fn` that the body assigns again only from
 * itself (`command = findexe(command)`, through one name), or that a runner primitive (a
 * function named like `execute`, `run_command`) only prepares (`cmd = [str(c) for c in cmd]`,
 * a root helper put in front)?
 */
function isPlainParameter(model: ModuleModel, fn: FunctionInfo, name: string): boolean {
  if (!fn.parameters.some((p) => p.name === name)) return false;
  if (RUNS_COMMAND.test(fn.name)) return true;
  const word = new RegExp(`(?<![\\w.])${name}(?!\\w)`);
  for (const a of assignmentsInFunction(model, fn)) {
    if (a.left.type !== "identifier" || a.left.text !== name || !a.right) continue;
    if (word.test(a.right.text)) continue;
    const from = a.right.type === "identifier" ? bindingsOf(model, fn, a.right.text, a.node.startIndex) : [];
    if (!from.length || !from.every((v) => word.test(v.text))) return false;
  }
  return true;
}

/** `p`, `*p`, `list(p)`, `p[1:]`, `p[0]` for a parameter `p` of `fn`. */
function isParameterExpression(model: ModuleModel, fn: FunctionInfo, node: Node): boolean {
  switch (node.type) {
    case "identifier":
      return isPlainParameter(model, fn, node.text);
    case "list_splat":
    case "parenthesized_expression":
    case "subscript": {
      const inner = node.type === "subscript" ? node.childForFieldName("value") : node.namedChild(0);
      return !!inner && isParameterExpression(model, fn, inner);
    }
    case "call": {
      const inner = unconverted(node);
      if (inner !== node) return isParameterExpression(model, fn, inner);
      const callee = node.childForFieldName("function")?.text;
      const args = node.childForFieldName("arguments")?.namedChildren.filter((c) => c && c.type !== "comment") ?? [];
      return (
        (callee === "list" || callee === "tuple") &&
        args.length === 1 &&
        isParameterExpression(model, fn, args[0] as Node)
      );
    }
  }
  return false;
}

/**
 * Is the command handed through unchanged from the enclosing function's parameters (a wrapper
 * whose callers choose the command)? `nodes` are the command's nodes as found (see commandOf);
 * none, with `*args`/`**kwargs` passed on, counts when the function takes them.
 */
export function isPassThrough(model: ModuleModel, call: CallInfo, command: Command | null): boolean {
  const fn = call.context.fn;
  if (!fn || !command) return false;
  if (!command.nodes.length)
    return call.hasSplat && fn.parameters.some((p) => p.kind === "var-positional" || p.kind === "var-keyword");
  return command.nodes.every((n) => isParameterExpression(model, fn, n));
}

/** The program itself: `sys.executable`, `sys.argv[0]`, or their real or absolute path. */
const SELF = /^(?:(?:os\.path\.)?(?:realpath|abspath)\(\s*)?sys\.(?:executable|argv\[0\])\s*\)?$/;
/** What the user typed: a slice of `sys.argv` (or of an `argv` parameter). */
const ARGV_SLICE = /^(?:sys\.)?argv\[\s*\d*\s*:\s*\d*\s*\]$/;

/** The node naming the program a command runs: the first word of a list, the path of `execv`. */
function programNode(node: Node, resolve: Resolve): Node | null {
  let n: Node | null = node;
  if (n.type === "identifier") n = resolve(n) ?? n;
  while (n?.type === "binary_operator") n = n.childForFieldName("left");
  if (n && (n.type === "list" || n.type === "tuple"))
    return n.namedChildren.find((c) => c && c.type !== "comment") ?? null;
  return n;
}

/**
 * Does the program run itself again (`os.execv(sys.executable, [sys.executable] + sys.argv)`,
 * `subprocess.call([sys.executable, ...])`), or the command line its user typed (`argv[1:]`)?
 */
export function isSelfRun(call: CallInfo, command: Command | null, resolve: Resolve): boolean {
  if (!command?.nodes.length) return false;
  const first = command.nodes[0];
  const text = first.text.replace(/\s+/g, "");
  if (ARGV_SLICE.test(text))
    return !text.startsWith("argv") || !!call.context.fn?.parameters.some((p) => p.name === "argv");
  const program = programNode(first, resolve);
  return !!program && SELF.test(program.text.replace(/\s+/g, ""));
}

/** A sanitizer's name: `check_ssh_injection`, `check_for_injection`, `sanitize_command`. */
const SANITIZER = /^(?:check_\w*injection\w*|\w*sanitiz\w*)$/i;

/** Was the command, or a name it is built from, given to a sanitizer earlier in the same function? */
export function isSanitized(model: ModuleModel, call: CallInfo, command: Command | null, resolve: Resolve): boolean {
  if (!command?.nodes.length || !mentions(model.text, "injection", "saniti")) return false;
  const fn = call.context.fn;
  const checked = new Set<string>();
  for (const other of model.calls) {
    if (other.start >= call.start) break;
    if (other.context.fn !== fn) continue;
    const callee = other.callee;
    if (!callee || !SANITIZER.test(callee.slice(callee.lastIndexOf(".") + 1))) continue;
    for (const a of other.positional) if (a.type === "identifier") checked.add(a.text);
  }
  if (!checked.size) return false;
  // the command's own text, and the value its name was given (`command = " ".join(cmd_list)`)
  const texts: string[] = [];
  for (let node of command.nodes) {
    if (node.type === "list_splat") node = node.namedChild(0) ?? node;
    texts.push(node.text);
    if (node.type === "identifier") texts.push(resolve(node)?.text ?? "");
  }
  return texts.some((t) => [...checked].some((name) => new RegExp(`(?<![\\w.])${name}(?!\\w)`).test(t)));
}

/** `shlex.split(line)`, `line.split()`: a command line split from a string at run time (through one name). */
export function isSplitCommandLine(command: Command | null, resolve: Resolve): boolean {
  let node: Node | null = command?.nodes.length === 1 ? command.nodes[0] : null;
  if (node?.type === "list_splat") node = node.namedChild(0);
  if (node?.type === "identifier") node = resolve(node);
  if (node?.type !== "call") return false;
  const callee = node.childForFieldName("function");
  return callee?.type === "attribute" && callee.childForFieldName("attribute")?.text === "split";
}

/** Shell quoting functions: `shlex.quote`, `pipes.quote`, a project's `shellquote`, `quote_arg`. */
const QUOTE =
  /^(?:quote|shellquote|shell_?quote|shlex_?quote|quote_?(?:arg|argument|shell)s?|cmd_?quote|escape_?shell_?arg)$/i;

/** A call of a quoting function. */
function isQuoteCall(node: Node): boolean {
  return node.type === "call" && QUOTE.test(lastName(node.childForFieldName("function")));
}

/** A value every shell reads as one plain word: a string literal, or a module's constant (`os.devnull`), converted. */
function isFixedWord(model: ModuleModel, fn: FunctionInfo | null, node: Node, before: number): boolean {
  const n = unconverted(node);
  if (n.type === "string") return !stringParts(n)?.interpolated;
  if (n.type === "attribute") {
    const root = n.text.split(".")[0];
    return root !== "self" && !fn?.parameters.some((p) => p.name === root) && !!qualify(model, n.text, LAST_IMPORT);
  }
  if (n.type === "identifier") {
    const values = bindingsOf(model, fn, n.text, before);
    return values.length > 0 && values.every((v) => v.type !== "identifier" && isFixedWord(model, fn, v, before));
  }
  return false;
}

/** Words each quoted (or fixed): `pipes.quote(a) for a in args`, `map(shellquote, args)`, `[quote(a), ">", os.devnull]`. */
function isQuotedWords(
  model: ModuleModel,
  fn: FunctionInfo | null,
  node: Node,
  before: number,
  depth: number,
): boolean {
  if (depth > 6) return false;
  switch (node.type) {
    case "generator_expression":
    case "list_comprehension": {
      const body = node.childForFieldName("body");
      return !!body && isQuoteCall(body);
    }
    case "list":
    case "tuple":
      // (a name holding a command already quoted word by word: `" ".join(["sudo", cmd])`)
      return node.namedChildren.every(
        (c) =>
          !c ||
          c.type === "comment" ||
          isQuoteCall(c) ||
          isFixedWord(model, fn, c, before) ||
          (c.type === "identifier" && isQuotedCommand(model, fn, c, before, depth + 1)),
      );
    case "call": {
      const args = callArguments(node);
      const name = lastName(node.childForFieldName("function"));
      if (name === "map") return args.length === 2 && QUOTE.test(lastName(args[0]));
      return (
        (name === "list" || name === "tuple") &&
        args.length === 1 &&
        isQuotedWords(model, fn, args[0], before, depth + 1)
      );
    }
    case "binary_operator": {
      const left = node.childForFieldName("left");
      const right = node.childForFieldName("right");
      return (
        !!left &&
        !!right &&
        isQuotedWords(model, fn, left, before, depth + 1) &&
        isQuotedWords(model, fn, right, before, depth + 1)
      );
    }
    case "identifier":
      return boundQuoted(model, fn, node, before, depth, isQuotedWords);
    default:
      return false;
  }
}

/**
 * Is the name's value, where it is used, quoted: its last plain assignment before `before` and
 * every `+=` after it pass `test`?
 */
function boundQuoted(
  model: ModuleModel,
  fn: FunctionInfo | null,
  id: Node,
  before: number,
  depth: number,
  test: (model: ModuleModel, fn: FunctionInfo | null, node: Node, before: number, depth: number) => boolean,
): boolean {
  const use = Math.min(before, id.startIndex);
  const values = bindingsOf(model, fn, id.text, use);
  if (!values.length) return false;
  // from the last plain assignment every path to the use goes through (one in a block holding
  // the use, not in a branch beside it); without one, every binding
  let start = 0;
  for (let i = values.length - 1; i >= 0; i--) {
    const block = values[i].parent?.type === "assignment" ? values[i].parent?.parent?.parent : null;
    if (block && block.startIndex <= use && use < block.endIndex) {
      start = i;
      break;
    }
  }
  return values.slice(start).every((v) => {
    const at = v.startIndex;
    // `x = " ".join(x)`: the words the name held just before
    if (v.type === "call" && v.text.includes(id.text) && test === isQuotedCommand) {
      const args = callArguments(v);
      if (args.length === 1 && args[0].type === "identifier" && args[0].text === id.text)
        return joinsQuoted(v) && boundQuoted(model, fn, args[0], at, depth + 1, isQuotedWords);
    }
    // `script = cmd`: on this path the command is the caller's, handed on whole (a wrapper)
    if (test === isQuotedCommand && v.type === "identifier" && fn && isPlainParameter(model, fn, v.text)) return true;
    return (
      test(model, fn, v, at, depth + 1) || (test === isQuotedCommand && isQuotedWords(model, fn, v, at, depth + 1))
    );
  });
}

/** `" ".join(...)`, `b" ".join(...)`. */
function joinsQuoted(node: Node): boolean {
  const callee = node.childForFieldName("function");
  return callee?.type === "attribute" && callee.childForFieldName("attribute")?.text === "join";
}

/** A command string whose words were each shell-quoted before they were joined (`" ".join(shlex.quote(a) for a in args)`). */
function isQuotedCommand(
  model: ModuleModel,
  fn: FunctionInfo | null,
  node: Node,
  before: number,
  depth: number,
): boolean {
  if (depth > 6) return false;
  const n = unconverted(node);
  if (n.type === "call" && joinsQuoted(n)) {
    const args = callArguments(n);
    return args.length === 1 && isQuotedWords(model, fn, args[0], before, depth + 1);
  }
  if (n.type === "identifier") return boundQuoted(model, fn, n, before, depth, isQuotedCommand);
  // `b"p4 print %s" % shellquote(path)`, `"a " + quote(b)`, f"ls {quote(d)}", "ls {}".format(quote(d)),
  // and a program the user configured (`b"%s -d @- %s" % (ui.config(...), quote(url))`)
  // a program found on the PATH, or the user's own: a word nobody else chooses
  const chosen = (x: Node): boolean => {
    const kind = originOf(model, fn, unconverted(x)).kind;
    return kind === "config" || kind === "program";
  };
  const part = (x: Node | null | undefined): boolean =>
    !!x &&
    (isQuoteCall(unconverted(x)) ||
      isFixedWord(model, fn, x, before) ||
      isQuotedCommand(model, fn, x, before, depth + 1) ||
      chosen(x) ||
      // `user = ""`, then `user = "-u %s" % quote(name)`: each value fixed or quoted
      (x.type === "identifier" &&
        boundQuoted(
          model,
          fn,
          x,
          before,
          depth + 1,
          (m, f, v, b, d) => isFixedWord(m, f, v, b) || isQuotedCommand(m, f, v, b, d),
        )));
  // inside the template's own quotes, quoting is undone: only a word nobody chooses is safe there
  const unquotedPart = (x: Node): boolean => {
    const inner = unconverted(x);
    const word = isQuoteCall(inner) ? (callArguments(inner)[0] ?? inner) : x;
    return isFixedWord(model, fn, word, before) || chosen(word);
  };
  if (n.type === "binary_operator") {
    const op = n.childForFieldName("operator")?.type;
    const left = n.childForFieldName("left");
    const right = n.childForFieldName("right");
    const template = left?.type === "string" ? stringParts(left) : null;
    if (op === "%" && template && !template.interpolated && right) {
      const values =
        right.type === "tuple" ? right.namedChildren.filter((c): c is Node => !!c && c.type !== "comment") : [right];
      const inQuotes = quotedConversions(template.body);
      return values.every((c, i) => (inQuotes.length === values.length && inQuotes[i] ? unquotedPart(c) : part(c)));
    }
    return op === "+" && part(left) && part(right);
  }
  // `self._read_command()`: a method of the class that returns the command; every return quoted
  if (n.type === "call" && depth < 3) {
    const method = ownMethod(fn, n);
    if (method?.returns.length)
      return method.returns.every((r) => {
        const value = r.node.namedChild(0);
        return !!value && isQuotedCommand(model, method, value, value.startIndex, depth + 1);
      });
  }
  if (n.type === "string" && stringParts(n)?.interpolated) {
    const values = n.namedChildren.filter((c): c is Node => c?.type === "interpolation").map((c) => c.namedChild(0));
    return values.length > 0 && values.every(part);
  }
  if (n.type === "call") {
    const callee = n.childForFieldName("function");
    if (callee?.type === "attribute" && callee.childForFieldName("attribute")?.text === "format") {
      const object = callee.childForFieldName("object");
      const args = callArguments(n);
      return object?.type === "string" && !stringParts(object)?.interpolated && args.length > 0 && args.every(part);
    }
  }
  return false;
}

/** `self.name(...)` → the method `name` of the class `fn` is a method of. */
function ownMethod(fn: FunctionInfo | null, call: Node): FunctionInfo | null {
  const callee = call.childForFieldName("function");
  if (callee?.type !== "attribute" || callee.childForFieldName("object")?.text !== "self") return null;
  const name = callee.childForFieldName("attribute")?.text;
  return fn?.parentClass?.methods.find((m) => m.name === name) ?? null;
}

/** A `%` conversion (`%s`, `%(name)s`, `%-10d`) or `%%`. */
const CONVERSION_SPEC = /%(?:\([^)]*\))?[-#0 +]*\d*(?:\.\d+)?[sdrifxXeEgGc]|%%/g;

/**
 * `"%s --list" % self.chkconfig_path`: a command string whose only run-time parts are programs
 * found on the PATH (or the user's own); the template with each such part written as a plain
 * word, so the caller can tell whether it needs a shell at all. Null for anything else.
 */
export function locatedProgramCommand(
  model: ModuleModel,
  call: CallInfo,
  command: Command | null,
  resolve: Resolve,
): string | null {
  if (command?.nodes.length !== 1) return null;
  let n = unconverted(command.nodes[0]);
  if (n.type === "identifier") n = resolve(n) ?? n;
  if (n.type !== "binary_operator" || n.childForFieldName("operator")?.type !== "%") return null;
  const left = n.childForFieldName("left");
  const right = n.childForFieldName("right");
  const template = left?.type === "string" ? stringParts(left) : null;
  if (!template || template.interpolated || !right) return null;
  const fn = call.context.fn;
  const values =
    right.type === "tuple" ? right.namedChildren.filter((c): c is Node => !!c && c.type !== "comment") : [right];
  const words: string[] = [];
  for (const v of values) {
    const literal = v.type === "string" ? stringParts(v) : null;
    if (literal && !literal.interpolated) words.push(literal.body);
    else if (originOf(model, fn, unconverted(v)).kind === "program") words.push("program");
    else return null;
  }
  if (!words.includes("program")) return null;
  let i = 0;
  const text = template.body.replace(CONVERSION_SPEC, (spec) => (spec === "%%" ? "%" : (words[i++] ?? spec)));
  return i === words.length ? text : null;
}

/** Was every word of the command shell-quoted before it was joined into one string? */
export function isQuoted(model: ModuleModel, call: CallInfo, command: Command | null): boolean {
  if (command?.nodes.length !== 1) return false;
  return isQuotedCommand(model, call.context.fn, command.nodes[0], call.node.startIndex, 0);
}

/** Is the command, whole, a value of the program's configuration (a shell command its user wrote there)? */
export function isConfigured(model: ModuleModel, call: CallInfo, command: Command | null): boolean {
  if (command?.nodes.length !== 1) return false;
  return originOf(model, call.context.fn, unconverted(command.nodes[0])).kind === "config";
}
