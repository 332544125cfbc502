// Where a runner's command comes from (SEC001), when that settles whether the call deserves a
// look: handed through from the enclosing function's caller (a wrapper such as
// `def run(cmd, shell=False): return Popen(cmd, shell=shell)`), the program re-running itself
// (`os.execv(sys.executable, [sys.executable] + sys.argv)`), or checked by a sanitizer first
// (`check_ssh_injection(cmd)`).
import type { Node } from "web-tree-sitter";
import { RUNS_COMMAND } from "./commandRunners";
import type { Command, Resolve } from "./commandShape";
import { assignmentsInFunction } from "./localBindings";
import type { CallInfo, FunctionInfo, ModuleModel } from "./model";
import { mentions } from "./textSearch";

/**
 * Is `name` the caller's value: a parameter of `fn` that the body does not assign again, or
 * that a runner primitive (a function named like `execute`, `run_command`) only prepares
 * (`cmd = [str(c) for c in cmd]`, a root helper put in front)?
 */
function isPlainParameter(model: ModuleModel, fn: FunctionInfo, name: string): boolean {
  if (!fn.parameters.some((p) => p.name === name)) return false;
  if (RUNS_COMMAND.test(fn.name)) return true;
  for (const a of assignmentsInFunction(model, fn))
    if (a.left.type === "identifier" && a.left.text === name) return false;
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
      const callee = node.childForFieldName("function")?.text;
      const args = node.childForFieldName("arguments")?.namedChildren.filter((c) => c && c.type !== "comment") ?? [];
      return (
        (callee === "list" || callee === "tuple") &&
        args.length === 1 &&
        isParameterExpression(model, fn, args[0] as Node)
      );
    }
    default:
      return false;
  }
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
    if (other.node.startIndex >= call.node.startIndex) break;
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
