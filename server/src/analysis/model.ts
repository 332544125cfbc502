// One pass over a syntax tree → the module model every rule reads. A single tree-sitter
// query (run inside the wasm engine) yields the nodes of interest in document order; a stack
// of open scopes gives each its context. Rules never walk the tree again.
import type { Node, Tree } from "web-tree-sitter";
import type { PythonParsing } from "../parsing/parser";
import { docstringOf, dottedName } from "./syntax";

export interface DecoratorInfo {
  node: Node;
  /** The decorator's dotted name without call arguments: `@click.command()` → `click.command`. */
  name: string | null;
}

export interface ParameterInfo {
  name: string;
  node: Node;
  kind: "positional" | "keyword-only" | "positional-only" | "var-positional" | "var-keyword";
  defaultValue: Node | null;
  annotation: Node | null;
}

export interface FunctionInfo {
  kind: "function";
  node: Node;
  /** The decorated_definition when decorated, else the function_definition itself. */
  outer: Node;
  name: string;
  nameNode: Node;
  isAsync: boolean;
  decorators: DecoratorInfo[];
  parametersNode: Node;
  parameters: ParameterInfo[];
  body: Node;
  docstring: Node | null;
  parentClass: ClassInfo | null;
  parentFunction: FunctionInfo | null;
  /** `yield` expressions directly in this function (not in nested functions or lambdas). */
  yields: Node[];
  raises: RaiseInfo[];
  returns: Node[];
}

export interface ClassInfo {
  kind: "class";
  node: Node;
  outer: Node;
  name: string;
  nameNode: Node;
  decorators: DecoratorInfo[];
  body: Node;
  docstring: Node | null;
  parentClass: ClassInfo | null;
  parentFunction: FunctionInfo | null;
  methods: FunctionInfo[];
}

/** Where a node sits: its innermost function and class, except clause and `__main__` guard. */
export interface Context {
  fn: FunctionInfo | null;
  cls: ClassInfo | null;
  /** The innermost `except` clause around the node, within the same function. */
  except: Node | null;
  /** Inside `if __name__ == "__main__":` */
  mainGuard: boolean;
  /** Inside a lambda (within `fn`). */
  inLambda: boolean;
}

export interface CallInfo {
  node: Node;
  calleeNode: Node;
  /** Dotted callee (`subprocess.run`, `self.f`, `LOG.info`), or null for other shapes. */
  callee: string | null;
  argumentsNode: Node | null;
  positional: Node[];
  keywords: Map<string, Node>;
  /** The keyword_argument nodes, for edits. */
  keywordNodes: Node[];
  /** Has `*args` or `**kwargs` in its arguments. */
  hasSplat: boolean;
  context: Context;
}

export interface WithItemInfo {
  statement: Node;
  isAsync: boolean;
  item: Node;
  /** The item's value when it is a call (`with f() as x`). */
  call: CallInfo | null;
}

export interface ImportedName {
  name: string;
  alias: string | null;
  node: Node;
}

export interface ImportInfo {
  node: Node;
  kind: "import" | "from";
  /** For `from`: the module as written, with its leading dots (`..pkg.mod`). */
  module: string;
  level: number;
  names: ImportedName[];
  star: boolean;
  context: Context;
}

export interface RaiseInfo {
  node: Node;
  exception: Node | null;
  context: Context;
}

export interface AssignmentInfo {
  node: Node;
  left: Node;
  right: Node | null;
  context: Context;
}

export interface CommentInfo {
  node: Node;
  line: number;
  text: string;
}

export interface ModuleModel {
  tree: Tree;
  root: Node;
  text: string;
  docstring: Node | null;
  functions: FunctionInfo[];
  classes: ClassInfo[];
  calls: CallInfo[];
  withItems: WithItemInfo[];
  imports: ImportInfo[];
  raises: RaiseInfo[];
  assignments: AssignmentInfo[];
  comments: CommentInfo[];
  /** Every identifier node by its name, in document order. */
  identifiers: Map<string, Node[]>;
  /** Module-level statements, in order. */
  statements: Node[];
  hasSyntaxErrors: boolean;
  /** Ranges [start, end) of ERROR or MISSING nodes. */
  errorRanges: Array<{ start: number; end: number }>;
}

const QUERY = `
(function_definition) @function
(class_definition) @class
(lambda) @lambda
(except_clause) @except
(if_statement) @if
(call) @call
(with_statement) @with
(import_statement) @import
(import_from_statement) @import_from
(future_import_statement) @import_from
(raise_statement) @raise
(return_statement) @return
(yield) @yield
(assignment) @assignment
(augmented_assignment) @assignment
(identifier) @identifier
(comment) @comment
(ERROR) @error
`;

type Frame =
  | { kind: "function"; end: number; info: FunctionInfo }
  | { kind: "class"; end: number; info: ClassInfo }
  | { kind: "lambda"; end: number }
  | { kind: "except"; end: number; node: Node }
  | { kind: "main"; end: number };

const MAIN_GUARD = /^__name__\s*==\s*(['"])__main__\1$|^(['"])__main__\2\s*==\s*__name__$/;

function decoratorsOf(definition: Node): { outer: Node; decorators: DecoratorInfo[] } {
  const parent = definition.parent;
  if (!parent || parent.type !== "decorated_definition") return { outer: definition, decorators: [] };
  const decorators: DecoratorInfo[] = [];
  for (const child of parent.namedChildren) {
    if (child?.type !== "decorator") continue;
    let expr = child.namedChild(0);
    if (expr?.type === "call") expr = expr.childForFieldName("function");
    decorators.push({ node: child, name: dottedName(expr) });
  }
  return { outer: parent, decorators };
}

function parametersOf(parametersNode: Node): ParameterInfo[] {
  const result: ParameterInfo[] = [];
  let keywordOnly = false;
  for (const p of parametersNode.namedChildren) {
    if (!p) continue;
    switch (p.type) {
      case "identifier":
        result.push({ name: p.text, node: p, kind: keywordOnly ? "keyword-only" : "positional", defaultValue: null, annotation: null });
        break;
      case "typed_parameter": {
        const inner = p.namedChild(0);
        const annotation = p.childForFieldName("type");
        if (inner?.type === "identifier") {
          result.push({ name: inner.text, node: p, kind: keywordOnly ? "keyword-only" : "positional", defaultValue: null, annotation });
        } else if (inner?.type === "list_splat_pattern" || inner?.type === "dictionary_splat_pattern") {
          const name = inner.namedChild(0)?.text ?? "";
          const kind = inner.type === "list_splat_pattern" ? "var-positional" : "var-keyword";
          if (kind === "var-positional") keywordOnly = true;
          result.push({ name, node: p, kind, defaultValue: null, annotation });
        }
        break;
      }
      case "default_parameter":
      case "typed_default_parameter": {
        const name = p.childForFieldName("name");
        result.push({
          name: name?.text ?? "",
          node: p,
          kind: keywordOnly ? "keyword-only" : "positional",
          defaultValue: p.childForFieldName("value"),
          annotation: p.childForFieldName("type"),
        });
        break;
      }
      case "list_splat_pattern":
        keywordOnly = true;
        result.push({ name: p.namedChild(0)?.text ?? "", node: p, kind: "var-positional", defaultValue: null, annotation: null });
        break;
      case "dictionary_splat_pattern":
        result.push({ name: p.namedChild(0)?.text ?? "", node: p, kind: "var-keyword", defaultValue: null, annotation: null });
        break;
      case "keyword_separator":
        keywordOnly = true;
        break;
      case "positional_separator":
        for (const r of result) if (r.kind === "positional") r.kind = "positional-only";
        break;
    }
  }
  return result;
}

function importInfo(node: Node, context: Context): ImportInfo {
  const names: ImportedName[] = [];
  let star = false;
  let module = "";
  let level = 0;
  if (node.type === "import_statement") {
    for (const child of node.namedChildren) {
      if (!child) continue;
      if (child.type === "dotted_name") names.push({ name: child.text, alias: null, node: child });
      else if (child.type === "aliased_import") {
        names.push({ name: child.childForFieldName("name")?.text ?? "", alias: child.childForFieldName("alias")?.text ?? null, node: child });
      }
    }
    return { node, kind: "import", module: "", level: 0, names, star, context };
  }
  const moduleNode = node.type === "future_import_statement" ? null : node.childForFieldName("module_name");
  if (node.type === "future_import_statement") module = "__future__";
  else if (moduleNode) {
    module = moduleNode.text.replace(/\s+/g, "");
    const m = /^\.*/.exec(module);
    level = m ? m[0].length : 0;
  }
  for (const child of node.namedChildren) {
    if (!child || child === moduleNode || (moduleNode && child.id === moduleNode.id)) continue;
    if (child.type === "wildcard_import") star = true;
    else if (child.type === "dotted_name") names.push({ name: child.text, alias: null, node: child });
    else if (child.type === "aliased_import") {
      names.push({ name: child.childForFieldName("name")?.text ?? "", alias: child.childForFieldName("alias")?.text ?? null, node: child });
    }
  }
  return { node, kind: "from", module, level, names, star, context };
}

function callInfo(node: Node, context: Context): CallInfo {
  const calleeNode = node.childForFieldName("function") ?? node;
  const argumentsNode = node.childForFieldName("arguments");
  const positional: Node[] = [];
  const keywords = new Map<string, Node>();
  const keywordNodes: Node[] = [];
  let hasSplat = false;
  if (argumentsNode && argumentsNode.type === "argument_list") {
    for (const arg of argumentsNode.namedChildren) {
      if (!arg || arg.type === "comment") continue;
      if (arg.type === "keyword_argument") {
        const name = arg.childForFieldName("name")?.text;
        const value = arg.childForFieldName("value");
        if (name && value) keywords.set(name, value);
        keywordNodes.push(arg);
      } else if (arg.type === "list_splat" || arg.type === "dictionary_splat") {
        hasSplat = true;
      } else {
        positional.push(arg);
      }
    }
  } else if (argumentsNode) {
    positional.push(argumentsNode); // a generator expression argument
  }
  return { node, calleeNode, callee: dottedName(calleeNode), argumentsNode, positional, keywords, keywordNodes, hasSplat, context };
}

export function buildModel(parsing: PythonParsing, tree: Tree, text: string): ModuleModel {
  const root = tree.rootNode;
  const model: ModuleModel = {
    tree,
    root,
    text,
    docstring: docstringOf(root),
    functions: [],
    classes: [],
    calls: [],
    withItems: [],
    imports: [],
    raises: [],
    assignments: [],
    comments: [],
    identifiers: new Map(),
    statements: root.namedChildren.filter((n): n is Node => !!n && n.type !== "comment"),
    hasSyntaxErrors: root.hasError,
    errorRanges: [],
  };

  const stack: Frame[] = [];
  let fn: FunctionInfo | null = null;
  let cls: ClassInfo | null = null;
  let except: Node | null = null;
  let mainGuard = false;
  let inLambda = false;
  let context: Context = { fn, cls, except, mainGuard, inLambda };

  const refresh = (): void => {
    fn = null;
    cls = null;
    except = null;
    mainGuard = false;
    inLambda = false;
    // innermost first
    for (let i = stack.length - 1; i >= 0; i--) {
      const f = stack[i];
      if (f.kind === "function") {
        if (!fn) fn = f.info;
      } else if (f.kind === "class") {
        if (!cls && !fn) cls = f.info;
      } else if (f.kind === "except") {
        if (!except && !fn) except = f.node;
      } else if (f.kind === "lambda") {
        if (!fn) inLambda = true;
      } else if (f.kind === "main") {
        mainGuard = true;
      }
    }
    // a class seen through a function is not the method's class: only the nearest frames count
    context = { fn, cls, except, mainGuard, inLambda };
  };

  const captures = parsing.query(QUERY).captures(root);
  for (const { name, node } of captures) {
    const start = node.startIndex;
    let popped = false;
    while (stack.length && start >= stack[stack.length - 1].end) {
      stack.pop();
      popped = true;
    }
    if (popped) refresh();

    switch (name) {
      case "identifier": {
        const list = model.identifiers.get(node.text);
        if (list) list.push(node);
        else model.identifiers.set(node.text, [node]);
        break;
      }
      case "call":
        model.calls.push(callInfo(node, context));
        break;
      case "comment":
        model.comments.push({ node, line: node.startPosition.row, text: node.text });
        break;
      case "function": {
        const nameNode = node.childForFieldName("name");
        const parametersNode = node.childForFieldName("parameters");
        const body = node.childForFieldName("body");
        if (!nameNode || !parametersNode || !body) break;
        const { outer, decorators } = decoratorsOf(node);
        const info: FunctionInfo = {
          kind: "function",
          node,
          outer,
          name: nameNode.text,
          nameNode,
          isAsync: node.child(0)?.type === "async",
          decorators,
          parametersNode,
          parameters: parametersOf(parametersNode),
          body,
          docstring: docstringOf(body),
          parentClass: context.fn ? null : context.cls,
          parentFunction: context.fn,
          yields: [],
          raises: [],
          returns: [],
        };
        if (info.parentClass) info.parentClass.methods.push(info);
        model.functions.push(info);
        stack.push({ kind: "function", end: node.endIndex, info });
        refresh();
        break;
      }
      case "class": {
        const nameNode = node.childForFieldName("name");
        const body = node.childForFieldName("body");
        if (!nameNode || !body) break;
        const { outer, decorators } = decoratorsOf(node);
        const info: ClassInfo = {
          kind: "class",
          node,
          outer,
          name: nameNode.text,
          nameNode,
          decorators,
          body,
          docstring: docstringOf(body),
          parentClass: context.cls,
          parentFunction: context.fn,
          methods: [],
        };
        model.classes.push(info);
        stack.push({ kind: "class", end: node.endIndex, info });
        refresh();
        break;
      }
      case "lambda":
        stack.push({ kind: "lambda", end: node.endIndex });
        refresh();
        break;
      case "except":
        stack.push({ kind: "except", end: node.endIndex, node });
        refresh();
        break;
      case "if": {
        if (stack.length === 0 && MAIN_GUARD.test(node.childForFieldName("condition")?.text ?? "")) {
          const consequence = node.childForFieldName("consequence");
          // The guard covers the consequence only; frames are entered when their start is reached,
          // so record it now and let later captures inside it see mainGuard.
          if (consequence) {
            stack.push({ kind: "main", end: consequence.endIndex });
            refresh();
          }
        }
        break;
      }
      case "with": {
        const isAsync = node.child(0)?.type === "async";
        const clause = node.namedChildren.find((c) => c?.type === "with_clause");
        if (!clause) break;
        for (const item of clause.namedChildren) {
          if (!item || item.type !== "with_item") continue;
          let value = item.childForFieldName("value");
          if (value?.type === "as_pattern") value = value.namedChild(0);
          // The call node is captured right after this statement; link it below.
          model.withItems.push({ statement: node, isAsync, item, call: null });
          if (value?.type === "call") pendingWithCalls.set(value.id, model.withItems[model.withItems.length - 1]);
        }
        break;
      }
      case "import":
      case "import_from":
        model.imports.push(importInfo(node, context));
        break;
      case "raise": {
        const info: RaiseInfo = { node, exception: node.namedChild(0), context };
        model.raises.push(info);
        if (context.fn && !context.inLambda) context.fn.raises.push(info);
        break;
      }
      case "return":
        if (context.fn && !context.inLambda) context.fn.returns.push(node);
        break;
      case "yield":
        if (context.fn && !context.inLambda) context.fn.yields.push(node);
        break;
      case "assignment": {
        const left = node.childForFieldName("left");
        if (left) model.assignments.push({ node, left, right: node.childForFieldName("right"), context });
        break;
      }
      case "error":
        model.errorRanges.push({ start: node.startIndex, end: node.endIndex });
        break;
    }
    if (name === "call") {
      const pending = pendingWithCalls.get(node.id);
      if (pending) {
        pending.call = model.calls[model.calls.length - 1];
        pendingWithCalls.delete(node.id);
      }
    }
  }
  pendingWithCalls.clear();
  if (model.hasSyntaxErrors) collectMissing(root, model.errorRanges);
  return model;
}

const pendingWithCalls = new Map<number, WithItemInfo>();

function collectMissing(node: Node, out: Array<{ start: number; end: number }>): void {
  if (!node.hasError) return;
  if (node.isMissing) {
    out.push({ start: node.startIndex, end: node.endIndex });
    return;
  }
  for (const child of node.children) if (child) collectMissing(child, out);
}

/** Is this identifier being bound here (assignment target, def/class name, parameter, import)? */
export function isBindingOccurrence(node: Node): boolean {
  const parent = node.parent;
  if (!parent) return false;
  switch (parent.type) {
    case "function_definition":
    case "class_definition":
      return parent.childForFieldName("name")?.id === node.id;
    case "assignment":
    case "augmented_assignment":
      return parent.childForFieldName("left")?.id === node.id;
    case "pattern_list":
    case "tuple_pattern":
    case "list_pattern":
      return true;
    case "for_statement":
    case "for_in_clause":
      return parent.childForFieldName("left")?.id === node.id;
    case "keyword_argument":
      return parent.childForFieldName("name")?.id === node.id;
    case "parameters":
    case "lambda_parameters":
    case "default_parameter":
    case "typed_default_parameter":
      return parent.childForFieldName("value")?.id !== node.id;
    case "typed_parameter":
      return parent.childForFieldName("type")?.id !== node.id;
    case "aliased_import":
      return parent.childForFieldName("alias")?.id === node.id;
    case "dotted_name":
      return parent.parent?.type === "import_statement" || parent.parent?.type === "import_from_statement" || parent.parent?.type === "aliased_import";
    case "as_pattern_target":
      return true;
    case "global_statement":
    case "nonlocal_statement":
      return true;
    case "attribute":
      // `x.name`: the attribute part is not a use of a variable called `name`
      return parent.childForFieldName("attribute")?.id === node.id;
    default:
      return false;
  }
}
