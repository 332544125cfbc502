// What command a runner's call runs (SEC001): a literal list of words, partly or wholly built at
// run time, or one string for a shell; following a name to the one value it was assigned. And
// how it runs: through a shell (`shell=True`), or as root (`run_as_root`, a root helper,
// `sudo`, a privsep entrypoint).
import type { Node } from "web-tree-sitter";
import { shellKeyword, type Style } from "./commandRunners";
import type { CallInfo, FunctionInfo } from "./model";
import { literalString, stringParts } from "./syntax";

export type Shape =
  /** every word is a string literal */
  | "literal"
  /** a list of words, some built at run time */
  | "partly-dynamic"
  /** built at run time altogether */
  | "dynamic";

export interface Command {
  shape: Shape;
  /** The command is one string (for a shell), not a list of words. */
  isString: boolean;
  /** The node(s) holding it, for the message and the fix. */
  nodes: Node[];
  /** The first word when it is a literal (`sudo`, `ip`). */
  program: string | null;
}

function isLiteralWord(node: Node): boolean {
  if (node.type === "string") return literalString(node) !== null;
  if (node.type === "concatenated_string") return node.namedChildren.every((c) => !c || isLiteralWord(c));
  return false;
}

/** A name written as a constant (`GIT_REPOSITORY`, `_MAX`): bound once by convention, never input. */
const CONSTANT_NAME = /^_?[A-Z][A-Z0-9_]*$/;
/** Calls that give a number: no shell code can be in it. */
const NUMBER_CALLS = /^(?:int|len|os\.getpid|os\.getppid|os\.getuid|os\.getgid|round)$/;

/** A value that cannot carry shell code: a number, a constant, or a number's text (`str(os.getpid())`). */
function fixedValue(node: Node, resolve: Resolve): boolean {
  switch (node.type) {
    case "integer":
    case "float":
      return true;
    case "identifier": {
      // bound here to a literal; or a constant's name bound elsewhere (imported): not one bound here
      // to something else (`CMD = os.environ["CMD"]`)
      const value = resolve(node);
      if (value) return isLiteralWord(value) || value.type === "integer" || value.type === "float";
      return CONSTANT_NAME.test(node.text);
    }
    case "attribute":
      // a module's constant (`settings.GIT_REPOSITORY`)
      return CONSTANT_NAME.test(node.childForFieldName("attribute")?.text ?? "");
    case "call": {
      const fn = node.childForFieldName("function")?.text ?? "";
      const args =
        node.childForFieldName("arguments")?.namedChildren.filter((c): c is Node => !!c && c.type !== "comment") ?? [];
      if (NUMBER_CALLS.test(fn)) return true;
      return fn === "str" && args.length === 1 && fixedValue(args[0], resolve);
    }
    case "parenthesized_expression":
      return node.namedChildCount === 1 && fixedValue(node.namedChild(0) as Node, resolve);
    default:
      return isLiteralWord(node);
  }
}

/** A %-template whose every placeholder is a numeric conversion (`%d`, `%5i`, `%.2f`, `%x`), with at least one. */
function onlyNumericPlaceholders(template: Node): boolean {
  const text = template.type === "string" ? literalString(template) : null;
  if (text === null) return false;
  const specs = text.replace(/%%/g, "").match(/%(?:\([^)]*\))?[-+ #0]*(?:\d+|\*)?(?:\.(?:\d+|\*))?[hlL]?[a-zA-Z]/g);
  return !!specs && specs.every((spec) => /[diouxXeEfFgG]$/.test(spec));
}

/** `"…%s…" % CONSTANT`, `"…%d…" % (n, m)`, `f"…{CONSTANT}…"`: formatting filled only with fixed values. */
function fixedFormatting(node: Node, resolve: Resolve): boolean {
  if (node.type === "binary_operator" && node.childForFieldName("operator")?.type === "%") {
    const template = node.childForFieldName("left");
    const values = node.childForFieldName("right");
    if (!template || !values || !isLiteralWord(template)) return false;
    // every placeholder converts to a number (`"kill -HUP %d" % pid`): whatever fills it, it becomes
    // digits (or raises), never shell code
    if (onlyNumericPlaceholders(template)) return true;
    const items =
      values.type === "tuple" ? values.namedChildren.filter((c): c is Node => !!c && c.type !== "comment") : [values];
    return items.length > 0 && items.every((v) => fixedValue(v, resolve));
  }
  if (node.type === "string" && stringParts(node)?.interpolated) {
    const fields = node.namedChildren.filter((c): c is Node => c?.type === "interpolation");
    return fields.every((f) => {
      const expression = f.namedChild(0);
      return !!expression && fixedValue(expression, resolve);
    });
  }
  return false;
}

/** The shape of a list of words (`["ip", "link", dev]`, or positional arguments). */
function wordsShape(words: Node[], resolve: Resolve): Command {
  const elements = words.filter((w) => w.type !== "comment");
  if (!elements.length) return { shape: "literal", isString: false, nodes: words, program: null };
  const splat = elements.some((w) => w.type === "list_splat" || w.type === "parenthesized_list_splat");
  const literal = elements.every(isLiteralWord);
  const first = elements[0];
  const program = first.type === "string" ? literalString(first) : null;
  if (splat && elements.length === 1) {
    // `*cmd` where `cmd` is a list assigned once, just above
    const inner = elements[0].namedChild(0);
    const value = inner?.type === "identifier" ? resolve(inner) : null;
    if (value && (value.type === "list" || value.type === "tuple"))
      return { ...commandShape(value, resolve), nodes: words };
    return { shape: "dynamic", isString: false, nodes: words, program: null };
  }
  return {
    shape: literal ? "literal" : "partly-dynamic",
    isString: false,
    nodes: words,
    program: program?.trim() || null,
  };
}

/** One command argument: a literal list/tuple, a string, or anything else (dynamic). */
export function commandShape(node: Node, resolve: Resolve): Command {
  if (node.type === "list" || node.type === "tuple")
    return {
      ...wordsShape(
        node.namedChildren.filter((c): c is Node => !!c),
        resolve,
      ),
      nodes: [node],
    };
  if (node.type === "parenthesized_expression" && node.namedChildCount === 1)
    return commandShape(node.namedChild(0) as Node, resolve);
  if (node.type === "identifier") {
    const value = resolve(node);
    if (value) return { ...commandShape(value, noResolve), nodes: [node] };
  }
  if (node.type === "conditional_expression") {
    const a = node.namedChild(0);
    const b = node.namedChild(2);
    if (a && b) {
      const x = commandShape(a, resolve);
      const y = commandShape(b, resolve);
      const shape: Shape = x.shape === y.shape ? x.shape : "partly-dynamic";
      return {
        shape,
        isString: x.isString && y.isString,
        nodes: [node],
        program: x.program === y.program ? x.program : null,
      };
    }
  }
  if (node.type === "binary_operator" && node.childForFieldName("operator")?.type === "+") {
    // `["ovs-vsctl"] + opts + args`: the program is the leftmost list's first word
    let left: Node | null = node;
    while (left?.type === "binary_operator") left = left.childForFieldName("left");
    if (left && (left.type === "list" || left.type === "tuple")) {
      const head = commandShape(left, resolve);
      return { shape: "partly-dynamic", isString: false, nodes: [node], program: head.program };
    }
  }
  if (isLiteralWord(node)) {
    const text = node.type === "string" ? literalString(node) : null;
    return { shape: "literal", isString: true, nodes: [node], program: text?.trim().split(/\s+/)[0] || null };
  }
  // `"git pull %s HEAD" % GIT_REPOSITORY`, `"kill -HUP %d" % os.getppid()`, f"kill {os.getpid()}":
  // a template filled only with constants and numbers is as fixed as a literal
  if (fixedFormatting(node, resolve)) {
    const template = node.type === "binary_operator" ? node.childForFieldName("left") : node;
    const body = template ? stringParts(template)?.body : undefined;
    return { shape: "literal", isString: true, nodes: [node], program: body?.trim().split(/\s+/)[0] || null };
  }
  return {
    shape: "dynamic",
    isString: node.type === "string" || node.type === "binary_operator" || node.type === "concatenated_string",
    nodes: [node],
    program: null,
  };
}

/** The value a name holds where it is used, when that is certain (see `assignedValue`). */
export type Resolve = (identifier: Node) => Node | null;
const noResolve: Resolve = () => null;

/** The command of a call, by the runner's style; null when it cannot be found (e.g. only `**kwargs`). */
export function commandOf(call: CallInfo, style: Style, resolve: Resolve): Command | null {
  const pos = call.positional;
  switch (style) {
    case "args":
    case "shell": {
      const arg = pos[0] ?? call.keywords.get("args") ?? call.keywords.get("cmd") ?? call.keywords.get("command");
      if (!arg) return call.hasSplat ? { shape: "dynamic", isString: false, nodes: [], program: null } : null;
      return commandShape(arg, resolve);
    }
    case "remote": {
      const arg = pos[1] ?? call.keywords.get("cmd");
      return arg ? commandShape(arg, resolve) : { shape: "dynamic", isString: true, nodes: [], program: null };
    }
    case "varargs":
    case "generic": {
      const args =
        call.argumentsNode?.namedChildren.filter(
          (c): c is Node =>
            !!c && c.type !== "keyword_argument" && c.type !== "dictionary_splat" && c.type !== "comment",
        ) ?? [];
      if (!args.length) return null;
      if (args.length === 1 && args[0].type !== "list_splat") return commandShape(args[0], resolve);
      // `execute(cmd, process_input)`: only a leading string literal makes the arguments words
      if (style === "generic" && args[0].type !== "list_splat" && args[0].type !== "string")
        return commandShape(args[0], resolve);
      return wordsShape(args, resolve);
    }
    case "execl":
    case "spawnl": {
      const args = (
        call.argumentsNode?.namedChildren.filter(
          (c): c is Node => !!c && c.type !== "keyword_argument" && c.type !== "comment",
        ) ?? []
      ).slice(style === "spawnl" ? 1 : 0);
      const name = call.callee ?? "";
      return wordsShape(/e$/.test(name) ? args.slice(0, -1) : args, resolve);
    }
    case "execv":
    case "spawnv": {
      const offset = style === "spawnv" ? 1 : 0;
      const path = pos[offset];
      const argv = pos[offset + 1];
      if (!path || !argv) return { shape: "dynamic", isString: false, nodes: pos, program: null };
      const list = commandShape(argv, resolve);
      const pathLiteral = isLiteralWord(path);
      const shape: Shape =
        list.shape === "literal" && pathLiteral
          ? "literal"
          : list.shape === "dynamic" && !pathLiteral
            ? "dynamic"
            : "partly-dynamic";
      return { shape, isString: false, nodes: [path, argv], program: pathLiteral ? literalString(path) : null };
    }
  }
}

/** `shell=True` or any `*_shell=True` (`use_unsafe_shell=True`): true; `shell=flag`: maybe; absent or False: false. */
export function shellFlag(call: CallInfo): "true" | "maybe" | "false" {
  const v = shellKeyword(call)?.value;
  if (!v) return "false";
  if (v.type === "false" || v.type === "none" || (v.type === "integer" && Number(v.text) === 0)) return "false";
  if (v.type === "true" || v.type === "integer" || v.type === "string") return "true";
  return "maybe";
}

const PRIVSEP = /(?:privsep|privileged|pctxt)\S*\.entrypoint$/;
const ROOT_PROGRAMS = new Set(["sudo", "doas", "pkexec", "su", "neutron-rootwrap", "nova-rootwrap", "rootwrap"]);

/** Why the call runs as root, and whether through a privsep entrypoint (its caller, unprivileged, chooses the arguments). */
export interface Root {
  reason: string;
  privsep: FunctionInfo | null;
}

/** Why the call runs as root, or null: `run_as_root=True`, a root helper, sudo, a privsep entrypoint. */
export function rootOf(call: CallInfo, command: Command | null): Root | null {
  const reason = rootReason(call, command);
  if (!reason) return null;
  let privsep: FunctionInfo | null = null;
  for (let fn: FunctionInfo | null = call.context.fn; fn && !privsep; fn = fn.parentFunction)
    if (fn.decorators.some((x) => x.name && PRIVSEP.test(x.name))) privsep = fn;
  return { reason, privsep: reason.includes("privsep") ? privsep : null };
}

function rootReason(call: CallInfo, command: Command | null): string | null {
  const asRoot = call.keywords.get("run_as_root");
  if (asRoot && asRoot.type !== "false" && asRoot.type !== "none") {
    return asRoot.type === "true"
      ? "as root (`run_as_root=True`)"
      : `possibly as root (\`run_as_root=${asRoot.text}\`)`;
  }
  const helper = call.keywords.get("root_helper");
  if (helper && helper.type !== "none" && !(helper.type === "string" && literalString(helper) === ""))
    return "as root (through `root_helper`)";
  if (command?.program && ROOT_PROGRAMS.has(command.program.split("/").pop() ?? ""))
    return `as root (through \`${command.program}\`)`;
  for (let fn: FunctionInfo | null = call.context.fn; fn; fn = fn.parentFunction) {
    const d = fn.decorators.find((x) => x.name && PRIVSEP.test(x.name));
    if (d) return `with root privileges (in the privsep entrypoint \`${fn.name}\`, @${d.name})`;
  }
  return null;
}
