// Definitions: functions and classes with their decorators and parameters, and the Context
// (innermost function, class, except clause, main guard) every collected node carries.
import type { Node } from "web-tree-sitter";
import { docstringOf, dottedName } from "../syntax";
import { Located, type NodeRef, type TreeView } from "./located";

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

/** Where a node sits: its innermost function and class, except clause and `__main__` guard. */
export interface Context {
  fn: FunctionInfo | null;
  /** The class whose body directly holds the node (not through a function). */
  cls: ClassInfo | null;
  /** The innermost `except` clause around the node, within the same function. */
  except: NodeRef | null;
  /** Inside `if __name__ == "__main__":` */
  mainGuard: boolean;
  /** Inside a lambda (within `fn`). */
  inLambda: boolean;
}

export class RaiseInfo extends Located {
  constructor(
    node: Node | null,
    start: number,
    view: TreeView,
    readonly context: Context,
  ) {
    super(node, start, "raise_statement", view);
  }
  get exception(): Node | null {
    return this.lazy("exception", () => this.node.namedChild(0));
  }
}

export const MODULE_CONTEXT: Context = { fn: null, cls: null, except: null, mainGuard: false, inLambda: false };

function decoratorsOf(definition: Node): { outer: Node; decorators: DecoratorInfo[] } {
  const parent = definition.parent;
  if (parent?.type !== "decorated_definition") return { outer: definition, decorators: [] };
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
        result.push({
          name: p.text,
          node: p,
          kind: keywordOnly ? "keyword-only" : "positional",
          defaultValue: null,
          annotation: null,
        });
        break;
      case "typed_parameter": {
        const inner = p.namedChild(0);
        const annotation = p.childForFieldName("type");
        if (inner?.type === "identifier") {
          result.push({
            name: inner.text,
            node: p,
            kind: keywordOnly ? "keyword-only" : "positional",
            defaultValue: null,
            annotation,
          });
        } else if (inner?.type === "list_splat_pattern" || inner?.type === "dictionary_splat_pattern") {
          const name = inner.namedChild(0)?.text ?? "";
          const kind = inner.type === "list_splat_pattern" ? "var-positional" : "var-keyword";
          if (kind === "var-positional") keywordOnly = true;
          result.push({ name, node: p, kind, defaultValue: null, annotation });
        }
        break;
      }
      case "default_parameter":
      case "typed_default_parameter":
        result.push({
          name: p.childForFieldName("name")?.text ?? "",
          node: p,
          kind: keywordOnly ? "keyword-only" : "positional",
          defaultValue: p.childForFieldName("value"),
          annotation: p.childForFieldName("type"),
        });
        break;
      case "list_splat_pattern":
        keywordOnly = true;
        result.push({
          name: p.namedChild(0)?.text ?? "",
          node: p,
          kind: "var-positional",
          defaultValue: null,
          annotation: null,
        });
        break;
      case "dictionary_splat_pattern":
        result.push({
          name: p.namedChild(0)?.text ?? "",
          node: p,
          kind: "var-keyword",
          defaultValue: null,
          annotation: null,
        });
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

const DEF_NAME = /(?:async\s+)?def\s+([A-Za-z_][A-Za-z0-9_]*)(?=[\s([])/y;

export class FunctionInfo extends Located {
  readonly kind = "function";
  /** `yield` expressions directly in this function (not in nested functions or lambdas). */
  readonly yields: NodeRef[] = [];
  readonly raises: RaiseInfo[] = [];
  readonly returns: NodeRef[] = [];
  /** Set by buildModel in a tree without syntax errors: the name can be read from the text. */
  textual = false;
  /** Defined under `if __name__ == "__main__":` (the script's own code, not the module's API). */
  inMainGuard = false;
  private nameText: string | undefined = undefined;

  constructor(
    node: Node | null,
    start: number,
    view: TreeView,
    private text: string,
    readonly parentClass: ClassInfo | null,
    readonly parentFunction: FunctionInfo | null,
  ) {
    super(node, start, "function_definition", view);
  }

  /** (the text moves with the fact: the name and `async` are read from it) */
  setText(text: string): void {
    this.text = text;
  }

  get nameNode(): Node {
    return this.lazy("nameNode", () => this.node.childForFieldName("name") ?? this.node);
  }
  get name(): string {
    if (this.nameText !== undefined) return this.nameText;
    let name: string | null = null;
    if (this.textual) {
      // `def name(` / `async def name[T](`: an ASCII name, wholly matched (no comment or `\` can sit in between)
      DEF_NAME.lastIndex = this.start;
      name = DEF_NAME.exec(this.text)?.[1] ?? null;
    }
    return (this.nameText = name ?? this.nameNode.text);
  }
  get isAsync(): boolean {
    return this.text.startsWith("async", this.start);
  }
  /** The decorated_definition when decorated, else the function_definition itself. */
  get outer(): Node {
    return this.lazy("outer", () => decoratorsOf(this.node).outer);
  }
  get decorators(): DecoratorInfo[] {
    return this.lazy("decorators", () => decoratorsOf(this.node).decorators);
  }
  get parametersNode(): Node {
    return this.lazy("parametersNode", () => this.node.childForFieldName("parameters") ?? this.node);
  }
  get parameters(): ParameterInfo[] {
    return this.lazy("parameters", () => parametersOf(this.parametersNode));
  }
  get body(): Node {
    return this.lazy("body", () => this.node.childForFieldName("body") ?? this.node);
  }
  get docstring(): Node | null {
    return this.lazy("docstring", () => docstringOf(this.body));
  }
}

export class ClassInfo extends Located {
  readonly kind = "class";
  readonly methods: FunctionInfo[] = [];

  constructor(
    node: Node | null,
    start: number,
    view: TreeView,
    readonly parentClass: ClassInfo | null,
    readonly parentFunction: FunctionInfo | null,
  ) {
    super(node, start, "class_definition", view);
  }

  get nameNode(): Node {
    return this.lazy("nameNode", () => this.node.childForFieldName("name") ?? this.node);
  }
  get name(): string {
    return this.lazy("name", () => this.nameNode.text);
  }
  get outer(): Node {
    return this.lazy("outer", () => decoratorsOf(this.node).outer);
  }
  get decorators(): DecoratorInfo[] {
    return this.lazy("decorators", () => decoratorsOf(this.node).decorators);
  }
  get body(): Node {
    return this.lazy("body", () => this.node.childForFieldName("body") ?? this.node);
  }
  get docstring(): Node | null {
    return this.lazy("docstring", () => docstringOf(this.body));
  }
  /** Base-class expressions as written (`object`, `base.Base`). */
  get bases(): string[] {
    return this.lazy("bases", () => {
      const list = this.node.childForFieldName("superclasses");
      return list
        ? list.namedChildren.filter((c): c is Node => !!c && c.type !== "keyword_argument").map((c) => c.text)
        : [];
    });
  }
}
