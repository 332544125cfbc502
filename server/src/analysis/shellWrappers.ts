// The file's own shell wrappers (SEC001): functions that hand a parameter, unchanged, to a shell
// (`def system(cmd): return subprocess.call(cmd, shell=True)`), directly or through another
// such wrapper. They are not reported themselves (their callers choose the command); the calls
// to them in the same file are where a command built at run time meets the shell.
import type { Node } from "web-tree-sitter";
import type { RunnerCall } from "./commandRunners";
import { type Command, commandOf, commandShape, type Resolve, shellFlag } from "./commandShape";
import { isPassThrough, unconverted } from "./commandSources";
import type { CallInfo, FunctionInfo, ModuleModel } from "./model";

/** A function of this file that runs its parameter `parameter` through a shell. */
export interface ShellWrapper {
  fn: FunctionInfo;
  parameter: string;
  /** Its position among the arguments a caller writes (`self`/`cls` left out). */
  index: number;
  /** The runner it ends in, for the message (`subprocess.call`). */
  runner: string;
}

/** A call of a shell wrapper, with the command it passes. */
export interface WrapperCall {
  call: CallInfo;
  wrapper: ShellWrapper;
  command: Command;
}

function wrapperOf(fn: FunctionInfo | null, node: Node | undefined, runner: string): ShellWrapper | null {
  const inner = node ? unconverted(node) : null;
  if (!fn || inner?.type !== "identifier") return null;
  const params = fn.parameters.filter(
    (p, i) => !(i === 0 && fn.parentClass && (p.name === "self" || p.name === "cls")),
  );
  const index = params.findIndex((p) => p.name === inner.text && p.kind === "positional");
  return index < 0 ? null : { fn, parameter: inner.text, index, runner };
}

/** Does `call` call `fn` from where it is visible by that name (`f(...)`, or `self.f(...)` in its class)? */
function callsFunction(call: CallInfo, fn: FunctionInfo): boolean {
  if (fn.parentClass) {
    return (
      (call.callee === `self.${fn.name}` || call.callee === `cls.${fn.name}`) &&
      call.context.fn?.parentClass === fn.parentClass
    );
  }
  return call.callee === fn.name;
}

function argumentFor(call: CallInfo, wrapper: ShellWrapper): Node | null {
  return call.positional[wrapper.index] ?? call.keywords.get(wrapper.parameter) ?? null;
}

/** A string visibly built here (through one name): formatting, concatenation, an f-string, `.format()`. */
function isBuiltString(node: Node, resolve: Resolve): boolean {
  let n: Node | null = unconverted(node);
  if (n.type === "identifier") n = resolve(n);
  if (!n) return false;
  n = unconverted(n);
  switch (n.type) {
    case "binary_operator":
      return /^[%+]$/.test(n.childForFieldName("operator")?.type ?? "");
    case "string":
      return n.namedChildren.some((c) => c?.type === "interpolation");
    case "call": {
      const callee = n.childForFieldName("function");
      return callee?.type === "attribute" && callee.childForFieldName("attribute")?.text === "format";
    }
    default:
      return false;
  }
}

/**
 * The calls of the file's shell wrappers that pass a command of their own (not their caller's),
 * found from the runner calls that hand a parameter to a shell, through wrappers of wrappers.
 */
export function shellWrapperCalls(
  model: ModuleModel,
  runners: RunnerCall[],
  resolve: (call: CallInfo) => Resolve,
): WrapperCall[] {
  const wrappers: ShellWrapper[] = [];
  for (const { call, callee, style } of runners) {
    const shell = style === "shell" || style === "remote" || shellFlag(call) === "true";
    if (!shell) continue;
    const command = commandOf(call, style, resolve(call));
    if (command?.nodes.length !== 1 || !isPassThrough(model, call, command)) continue;
    const w = wrapperOf(call.context.fn, command.nodes[0], callee);
    if (w && !wrappers.some((x) => x.fn === w.fn)) wrappers.push(w);
  }
  const out: WrapperCall[] = [];
  for (let i = 0; i < wrappers.length && wrappers.length < 50; i++) {
    const wrapper = wrappers[i];
    for (const call of model.calls) {
      if (!callsFunction(call, wrapper.fn)) continue;
      const arg = argumentFor(call, wrapper);
      if (!arg) continue;
      const command = { ...commandShape(arg, resolve(call)), nodes: [arg] };
      if (isPassThrough(model, call, command)) {
        // a wrapper of the wrapper
        const w = wrapperOf(call.context.fn, arg, wrapper.runner);
        if (w && !wrappers.some((x) => x.fn === w.fn)) wrappers.push(w);
        continue;
      }
      if (isBuiltString(arg, resolve(call))) out.push({ call, wrapper, command });
    }
  }
  return out.sort((a, b) => a.call.node.startIndex - b.call.node.startIndex);
}
