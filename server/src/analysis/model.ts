// One pass over a syntax tree → the module model every rule reads. A single tree-sitter
// query (run inside the wasm engine) yields the nodes of interest in document order; a stack
// of open scopes gives each its context. Crossing from JS into wasm is the cost that matters
// (a keystroke re-runs this on a 3,000-line file), so everything beyond that pass is computed
// lazily, once, when a rule first asks for it. Rules never walk the whole tree again.
import type { Node, Tree } from "web-tree-sitter";
import type { PythonParsing } from "../parsing/parser";
import { docstringOf, dottedName } from "./syntax";
import { indexOfFast, TextFinder } from "./textSearch";

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
  except: Node | null;
  /** Inside `if __name__ == "__main__":` */
  mainGuard: boolean;
  /** Inside a lambda (within `fn`). */
  inLambda: boolean;
}

const MODULE_CONTEXT: Context = { fn: null, cls: null, except: null, mainGuard: false, inLambda: false };

/** [A-Za-z0-9_] (NaN, past the end, is not). */
export function isWordCode(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95;
}

/** Matches JavaScript's `\s` (NaN, past either end, does not). */
export function isSpaceCode(c: number): boolean {
  if (c <= 32) return c === 32 || (c >= 9 && c <= 13);
  return (
    c >= 0xa0 &&
    (c === 0xa0 ||
      c === 0x1680 ||
      (c >= 0x2000 && c <= 0x200a) ||
      c === 0x2028 ||
      c === 0x2029 ||
      c === 0x202f ||
      c === 0x205f ||
      c === 0x3000 ||
      c === 0xfeff)
  );
}

/** Memoises a lazily computed property on first access. */
function once<T>(self: object, key: string, compute: () => T): T {
  const value = compute();
  Object.defineProperty(self, key, { value, enumerable: true });
  return value;
}

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

/** The first index in an ascending list whose key is at least `value` (a binary search). */
export function lowerBound<T>(list: ArrayLike<T>, value: number, key: (item: T) => number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (key(list[mid]) < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

const identity = (n: number): number => n;

export class FunctionInfo {
  readonly kind = "function";
  /** `yield` expressions directly in this function (not in nested functions or lambdas). */
  readonly yields: Node[] = [];
  readonly raises: RaiseInfo[] = [];
  readonly returns: Node[] = [];
  /** Set by buildModel in a tree without syntax errors: the name can be read from the text. */
  textual = false;
  private nameText: string | undefined = undefined;

  constructor(
    readonly node: Node,
    private readonly text: string,
    readonly parentClass: ClassInfo | null,
    readonly parentFunction: FunctionInfo | null,
  ) {}

  get nameNode(): Node {
    return once(this, "nameNode", () => this.node.childForFieldName("name") ?? this.node);
  }
  get name(): string {
    if (this.nameText !== undefined) return this.nameText;
    let name: string | null = null;
    if (this.textual) {
      // `def name(` / `async def name[T](`: an ASCII name, wholly matched (no comment or `\` can sit in between)
      DEF_NAME.lastIndex = this.node.startIndex;
      name = DEF_NAME.exec(this.text)?.[1] ?? null;
    }
    return (this.nameText = name ?? this.nameNode.text);
  }
  get isAsync(): boolean {
    return this.text.startsWith("async", this.node.startIndex);
  }
  /** The decorated_definition when decorated, else the function_definition itself. */
  get outer(): Node {
    return once(this, "outer", () => decoratorsOf(this.node).outer);
  }
  get decorators(): DecoratorInfo[] {
    return once(this, "decorators", () => decoratorsOf(this.node).decorators);
  }
  get parametersNode(): Node {
    return once(this, "parametersNode", () => this.node.childForFieldName("parameters") ?? this.node);
  }
  get parameters(): ParameterInfo[] {
    return once(this, "parameters", () => parametersOf(this.parametersNode));
  }
  get body(): Node {
    return once(this, "body", () => this.node.childForFieldName("body") ?? this.node);
  }
  get docstring(): Node | null {
    return once(this, "docstring", () => docstringOf(this.body));
  }
}

export class ClassInfo {
  readonly kind = "class";
  readonly methods: FunctionInfo[] = [];

  constructor(
    readonly node: Node,
    readonly parentClass: ClassInfo | null,
    readonly parentFunction: FunctionInfo | null,
  ) {}

  get nameNode(): Node {
    return once(this, "nameNode", () => this.node.childForFieldName("name") ?? this.node);
  }
  get name(): string {
    return once(this, "name", () => this.nameNode.text);
  }
  get outer(): Node {
    return once(this, "outer", () => decoratorsOf(this.node).outer);
  }
  get decorators(): DecoratorInfo[] {
    return once(this, "decorators", () => decoratorsOf(this.node).decorators);
  }
  get body(): Node {
    return once(this, "body", () => this.node.childForFieldName("body") ?? this.node);
  }
  get docstring(): Node | null {
    return once(this, "docstring", () => docstringOf(this.body));
  }
  /** Base-class expressions as written (`object`, `base.Base`). */
  get bases(): string[] {
    return once(this, "bases", () => {
      const list = this.node.childForFieldName("superclasses");
      return list
        ? list.namedChildren.filter((c): c is Node => !!c && c.type !== "keyword_argument").map((c) => c.text)
        : [];
    });
  }
}

const DOTTED = /^[A-Za-z_][A-Za-z0-9_]*(?:\s*\.\s*[A-Za-z_][A-Za-z0-9_]*)*$/;
/** A dotted name without whitespace then `(`: most calls. */
const TIGHT_DOTTED_THEN_PAREN = /[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*(?=\()/y;
/** A dotted name then `(` (whitespace between only), read at a call's start. */
const DOTTED_THEN_PAREN = /[A-Za-z_][A-Za-z0-9_]*(?:\s*\.\s*[A-Za-z_][A-Za-z0-9_]*)*(?=\s*\()/y;
/** The same, also allowing comments and line continuations before the `(`. */
const DOTTED_THEN_PAREN_LOOSE =
  /[A-Za-z_][A-Za-z0-9_]*(?:\s*\.\s*[A-Za-z_][A-Za-z0-9_]*)*(?:\s|#[^\r\n]*|\\(?:\r\n|\r|\n))*\(/y;

/**
 * A call's dotted callee read from the text at its start, without asking the tree for the
 * callee node: exact in a tree without syntax errors. The function part starts where the call
 * does; a dotted name there followed by `(` is the whole function part unless another call
 * starts at the same place (`f(x)(y)`, `f(x).g()`: the function part holds that call, so it is
 * not a dotted name). `undefined`: cannot tell from the text (ask the tree).
 */
function calleeFromText(text: string, start: number, startsCall: boolean): string | null | undefined {
  if (startsCall) return null;
  const c = text.charCodeAt(start);
  // the function part's text must start like a name
  if (!((c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95)) return null;
  TIGHT_DOTTED_THEN_PAREN.lastIndex = start;
  if (TIGHT_DOTTED_THEN_PAREN.test(text)) return text.slice(start, TIGHT_DOTTED_THEN_PAREN.lastIndex);
  DOTTED_THEN_PAREN.lastIndex = start;
  const m = DOTTED_THEN_PAREN.exec(text);
  if (m) return m[0].replace(/\s+/g, "");
  // A dotted function part is followed by its arguments' `(`, with only whitespace, comments
  // or line continuations between: without that shape it is not dotted.
  DOTTED_THEN_PAREN_LOOSE.lastIndex = start;
  return DOTTED_THEN_PAREN_LOOSE.test(text) ? undefined : null;
}

export class CallInfo {
  /**
   * Set by buildModel in a tree without syntax errors: the callee can be read from the text.
   * `startsCall`: the next call in document order starts at the same offset (it is inside this
   * one's function part).
   */
  textual = false;
  startsCall = false;
  /** The memoised callee (a plain field: read for every call by most rules). */
  private calleeText: string | null | undefined = undefined;

  constructor(
    readonly node: Node,
    private readonly text: string,
    readonly context: Context,
  ) {}

  get calleeNode(): Node {
    return once(this, "calleeNode", () => this.node.childForFieldName("function") ?? this.node);
  }
  /** Dotted callee (`subprocess.run`, `self.f`, `LOG.info`), or null for other shapes. */
  get callee(): string | null {
    if (this.calleeText !== undefined) return this.calleeText;
    let callee: string | null | undefined;
    if (this.textual) callee = calleeFromText(this.text, this.node.startIndex, this.startsCall);
    if (callee === undefined) {
      const t = this.text.slice(this.calleeNode.startIndex, this.calleeNode.endIndex);
      callee = DOTTED.test(t) ? t.replace(/\s+/g, "") : null;
    }
    this.calleeText = callee;
    return callee;
  }
  get argumentsNode(): Node | null {
    return once(this, "argumentsNode", () => this.node.childForFieldName("arguments"));
  }
  private get args(): { positional: Node[]; keywords: Map<string, Node>; keywordNodes: Node[]; hasSplat: boolean } {
    return once(this, "args", () => {
      const positional: Node[] = [];
      const keywords = new Map<string, Node>();
      const keywordNodes: Node[] = [];
      let hasSplat = false;
      const argumentsNode = this.argumentsNode;
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
      return { positional, keywords, keywordNodes, hasSplat };
    });
  }
  get positional(): Node[] {
    return this.args.positional;
  }
  get keywords(): Map<string, Node> {
    return this.args.keywords;
  }
  /** The keyword_argument nodes, for edits. */
  get keywordNodes(): Node[] {
    return this.args.keywordNodes;
  }
  /** Has `*args` or `**kwargs` in its arguments. */
  get hasSplat(): boolean {
    return this.args.hasSplat;
  }
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

/** `from <module> import <rest>` (spaces or line continuations around the keywords). */
const FROM_IMPORT =
  /^from(?![A-Za-z0-9_])(?:\s|\\(?:\r\n|\r|\n))*((?:\.\s*)*(?:[A-Za-z_][A-Za-z0-9_]*(?:\s*\.\s*[A-Za-z_][A-Za-z0-9_]*)*)?)(?:\s|\\(?:\r\n|\r|\n))*import(?![A-Za-z0-9_])(?:\s|\\(?:\r\n|\r|\n))*([^]*)$/;
const PLAIN_IMPORT = /^import(?![A-Za-z0-9_])(?:\s|\\(?:\r\n|\r|\n))*([^]*)$/;
/** Spaces and line continuations at the start or the end of an imported name's part. */
const LEADING_GAP = /^(?:\s|\\(?:\r\n|\r|\n))*/;
const TRAILING_GAP = /(?:\s|\\(?:\r\n|\r|\n))*$/;
const IMPORT_ITEM =
  /^([A-Za-z_][A-Za-z0-9_]*(?:[ \t\f\r\n]*\.[ \t\f\r\n]*[A-Za-z_][A-Za-z0-9_]*)*)(?:[ \t\f\r\n]+as[ \t\f\r\n]+([A-Za-z_][A-Za-z0-9_]*))?$/;

interface ParsedImport {
  module: string;
  level: number;
  names: ImportedName[];
  star: boolean;
}

/** An imported name read from the text: its node is looked up in the tree only when asked for. */
class LazyImportedName implements ImportedName {
  private resolved: Node | undefined = undefined;

  constructor(
    public name: string,
    public alias: string | null,
    private readonly info: ImportInfo,
    private readonly start: number,
    private readonly end: number,
    private readonly index: number,
  ) {}

  get node(): Node {
    if (this.resolved) return this.resolved;
    const { start, end } = this;
    const want = this.alias === null ? "dotted_name" : "aliased_import";
    let n = this.info.node.descendantForIndex(start, end);
    // (a one-word dotted_name shares its range with its identifier, the smallest node there)
    while (
      n &&
      n.type !== want &&
      n.startIndex === start &&
      n.endIndex === end &&
      n.parent &&
      n.parent.startIndex === start &&
      n.parent.endIndex === end
    )
      n = n.parent;
    if (!n || n.type !== want || n.startIndex !== start || n.endIndex !== end)
      n = this.info.readTree().names[this.index].node;
    return (this.resolved = n);
  }
}

export class ImportInfo {
  /** Set by buildModel in a tree without syntax errors: the statement can be read from the text. */
  source: string | null = null;

  constructor(
    readonly node: Node,
    readonly context: Context,
    readonly kind: "import" | "from",
  ) {}

  private parsedCache: ParsedImport | undefined = undefined;
  private treeCache: ParsedImport | undefined = undefined;
  private get parsed(): ParsedImport {
    if (this.parsedCache) return this.parsedCache;
    if (this.source !== null) {
      const read = this.readText(this.source);
      if (read) return (this.parsedCache = read);
    }
    return (this.parsedCache = this.readTree());
  }

  /**
   * The statement read from its text (one call into the tree, for its end), with each name's
   * node found only when asked for; null for shapes read from the tree instead (a comment, a
   * line continuation, a name that is not plain ASCII).
   */
  private readText(text: string): ParsedImport | null {
    const start = this.node.startIndex;
    const statement = text.slice(start, this.node.endIndex);
    if (statement.includes("#")) return null;
    let module = "";
    let rest: string;
    let m = this.kind === "import" ? PLAIN_IMPORT.exec(statement) : null;
    if (m) rest = m[1];
    else {
      m = this.kind === "from" ? FROM_IMPORT.exec(statement) : null;
      if (!m?.[1]) return null;
      module = m[1].replace(/\s+/g, "");
      rest = m[2];
    }
    const level = this.kind === "from" ? (/^\.*/.exec(module)?.[0].length ?? 0) : 0;
    if (this.kind === "from" && rest === "*") return { module, level, names: [], star: true };
    let restStart = start + statement.length - rest.length;
    if (this.kind === "from" && rest.startsWith("(")) {
      if (!rest.endsWith(")")) return null;
      rest = rest.slice(1, -1);
      restStart++;
    }
    const names: ImportedName[] = [];
    const parts = rest.split(",");
    let offset = restStart;
    for (let k = 0; k < parts.length; k++) {
      const part = parts[k];
      const lead = (LEADING_GAP.exec(part) as RegExpExecArray)[0].length;
      const item =
        lead === part.length
          ? ""
          : part.slice(lead, part.length - (TRAILING_GAP.exec(part) as RegExpExecArray)[0].length);
      const itemStart = offset + lead;
      offset += part.length + 1;
      if (!item) {
        // only a trailing comma inside parentheses
        if (k === parts.length - 1 && k > 0 && this.kind === "from") continue;
        return null;
      }
      const words = IMPORT_ITEM.exec(item);
      if (!words) return null;
      names.push(this.lazyName(words[1], words[2] ?? null, itemStart, itemStart + item.length, names.length));
    }
    return names.length ? { module, level, names, star: false } : null;
  }

  /** A name whose node (dotted_name or aliased_import spanning [start, end)) is found when first asked for. */
  private lazyName(name: string, alias: string | null, start: number, end: number, index: number): ImportedName {
    return new LazyImportedName(name, alias, this, start, end, index);
  }

  /** (Internal) the statement read from its nodes. */
  readTree(): ParsedImport {
    if (this.treeCache) return this.treeCache;
    // (each `.type` crosses into wasm: read once per node)
    const names: ImportedName[] = [];
    let star = false;
    let module = "";
    let level = 0;
    const node = this.node;
    const aliased = (child: Node): ImportedName => ({
      name: child.childForFieldName("name")?.text ?? "",
      alias: child.childForFieldName("alias")?.text ?? null,
      node: child,
    });
    const type = node.type;
    if (type === "import_statement") {
      for (const child of node.namedChildren) {
        const t = child?.type;
        if (t === "dotted_name") names.push({ name: child!.text, alias: null, node: child! });
        else if (t === "aliased_import") names.push(aliased(child!));
      }
      return (this.treeCache = { module, level, names, star });
    }
    const future = type === "future_import_statement";
    const moduleNode = future ? null : node.childForFieldName("module_name");
    if (future) module = "__future__";
    else if (moduleNode) {
      module = moduleNode.text.replace(/\s+/g, "");
      level = /^\.*/.exec(module)?.[0].length ?? 0;
    }
    for (const child of node.namedChildren) {
      if (!child || (moduleNode && child.id === moduleNode.id)) continue;
      const t = child.type;
      if (t === "wildcard_import") star = true;
      else if (t === "dotted_name") names.push({ name: child.text, alias: null, node: child });
      else if (t === "aliased_import") names.push(aliased(child));
    }
    return (this.treeCache = { module, level, names, star });
  }
  /** For `from`: the module as written, with its leading dots (`..pkg.mod`). */
  get module(): string {
    return this.parsed.module;
  }
  get level(): number {
    return this.parsed.level;
  }
  get names(): ImportedName[] {
    return this.parsed.names;
  }
  get star(): boolean {
    return this.parsed.star;
  }
}

export interface RaiseInfo {
  node: Node;
  readonly exception: Node | null;
  context: Context;
}

export class AssignmentInfo {
  constructor(
    readonly node: Node,
    readonly context: Context,
  ) {}
  get left(): Node {
    return once(this, "left", () => this.node.childForFieldName("left") ?? this.node);
  }
  get right(): Node | null {
    return once(this, "right", () => this.node.childForFieldName("right"));
  }
  /** The annotation of `x: T = v`, if any. */
  get annotation(): Node | null {
    return once(this, "annotation", () => this.node.childForFieldName("type"));
  }
  /** Is this a module-level statement (not in a function, class or compound block)? */
  get isModuleLevel(): boolean {
    return this.node.parent?.parent?.type === "module";
  }
}

export interface CommentInfo {
  node: Node;
  line: number;
  text: string;
}

/** The node types the one pass collects (tree-sitter's C traversal finds them all at once). */
const COLLECTED = [
  "function_definition",
  "class_definition",
  "lambda",
  "except_clause",
  "if_statement",
  "call",
  "with_statement",
  "import_statement",
  "import_from_statement",
  "future_import_statement",
  "raise_statement",
  "return_statement",
  "yield",
  "assignment",
];

const COLLECTED_BUT_IF = COLLECTED.filter((t) => t !== "if_statement");

type Frame =
  | { kind: "function"; end: number; info: FunctionInfo }
  | { kind: "class"; end: number; info: ClassInfo }
  | { kind: "lambda"; end: number }
  | { kind: "except"; end: number; node: Node }
  | { kind: "main"; end: number };

/**
 * A suppression word in the rest of a comment's line (the start and end of the rest count as
 * non-word). Spelled with character classes: the same as /\b(?:noqa|nosec)\b/i (without the
 * `u` flag only ASCII letters match case-insensitively), but V8 runs an `i` regex over many
 * short strings 20 times slower.
 */
/** The rest of a line (sticky: set lastIndex). */
const LINE_REST = /[^\n\r]*/y;
const SUPPRESSION_WORD = /\b(?:[nN][oO][qQ][aA]|[nN][oO][sS][eE][cC])\b/;

/** How an `if` whose condition may match MAIN_GUARD starts. */
const IF_MAIN = /if(?:\s|\\(?:\r\n|\r|\n))*(?:__name__|['"])/y;

const MAIN_GUARD = /^__name__\s*==\s*(['"])__main__\1$|^(['"])__main__\2\s*==\s*__name__$/;

export class ModuleModel {
  readonly functions: FunctionInfo[] = [];
  readonly classes: ClassInfo[] = [];
  readonly calls: CallInfo[] = [];
  readonly withStatements: Array<{ node: Node; context: Context }> = [];
  readonly imports: ImportInfo[] = [];
  readonly raises: RaiseInfo[] = [];
  readonly assignments: AssignmentInfo[] = [];
  readonly hasSyntaxErrors: boolean;
  private readonly usesCache = new Map<string, Node[]>();

  constructor(
    private readonly parsing: PythonParsing,
    readonly tree: Tree,
    readonly text: string,
  ) {
    this.root = tree.rootNode;
    this.hasSyntaxErrors = this.root.hasError;
  }

  readonly root: Node;

  get docstring(): Node | null {
    return once(this, "docstring", () => docstringOf(this.root));
  }

  /** Module-level statements, in order (comments excluded). */
  get statements(): Node[] {
    return once(this, "statements", () =>
      this.root.namedChildren.filter((n): n is Node => !!n && n.type !== "comment"),
    );
  }

  /** Every comment, in document order. */
  get comments(): CommentInfo[] {
    return once(this, "comments", () => {
      if (!this.text.includes("#")) return [];
      return this.parsing
        .query("(comment) @comment")
        .captures(this.root)
        .map(({ node }) => ({ node, line: node.startPosition.row, text: node.text }));
    });
  }

  /** Comments holding `noqa` or `nosec` (found by text first: most files have few or none). */
  get suppressionComments(): CommentInfo[] {
    return once(this, "suppressionComments", () => {
      const out: CommentInfo[] = [];
      // What /#[^\n\r]*?\b(?:noqa|nosec)\b/gi finds, scanning from each `#` to its line's end
      // (that regex alone costs 1.5 ms on a 12,000-line file: it tries the words at every offset).
      const text = this.text;
      for (let from = 0, p = text.indexOf("#"); p >= 0; p = text.indexOf("#", from)) {
        LINE_REST.lastIndex = p + 1;
        LINE_REST.test(text);
        const lineEnd = LINE_REST.lastIndex;
        const word = SUPPRESSION_WORD.exec(text.slice(p + 1, lineEnd));
        if (!word) {
          // (a later `#` on this line sees a part of the same rest: no word there either)
          from = lineEnd;
          continue;
        }
        from = p + 1 + word.index + word[0].length;
        const node = this.root.descendantForIndex(p, p + 1);
        if (node?.type !== "comment") continue;
        out.push({ node, line: node.startPosition.row, text: node.text });
        from = Math.max(from, node.endIndex);
      }
      return out;
    });
  }

  /** The `with` items, with their call when the item's value is one. */
  get withItems(): WithItemInfo[] {
    return once(this, "withItems", () => {
      const out: WithItemInfo[] = [];
      for (const { node, context } of this.withStatements) {
        const isAsync = this.text.startsWith("async", node.startIndex);
        const clause = node.namedChildren.find((c) => c?.type === "with_clause");
        for (const item of clause?.namedChildren ?? []) {
          if (item?.type !== "with_item") continue;
          let value = item.childForFieldName("value");
          if (value?.type === "as_pattern") value = value.namedChild(0);
          out.push({
            statement: node,
            isAsync,
            item,
            call: value?.type === "call" ? this.withCall(value, context) : null,
          });
        }
      }
      return out;
    });
  }

  /** A CallInfo for a `with` item's call, reading its callee from the text as the same call's in `calls` does. */
  private withCall(node: Node, context: Context): CallInfo {
    const info = new CallInfo(node, this.text, context);
    const same = this.callOf(node);
    if (same) {
      info.textual = same.textual;
      info.startsCall = same.startsCall;
    }
    return info;
  }

  /** The model's CallInfo of a call node (calls are in document order), or null. */
  callOf(node: Node): CallInfo | null {
    const starts = this.callStarts;
    const start = node.startIndex;
    for (let k = lowerBound(starts, start, identity); k < starts.length && starts[k] === start; k++) {
      if (this.calls[k].node.id === node.id) return this.calls[k];
    }
    return null;
  }

  /** The model's AssignmentInfo of an assignment node (assignments are in document order), or null. */
  assignmentOf(node: Node): AssignmentInfo | null {
    const list = this.assignments;
    const start = node.startIndex;
    for (
      let k = lowerBound(list, start, (a) => a.node.startIndex);
      k < list.length && list[k].node.startIndex === start;
      k++
    ) {
      if (list[k].node.id === node.id) return list[k];
    }
    return null;
  }

  /**
   * Identifier nodes spelled `name`, in document order (found by text, then confirmed in the
   * tree: cheap for the few names a rule asks about).
   */
  identifiersNamed(name: string): Node[] {
    let hit = this.usesCache.get(name);
    if (hit) return hit;
    hit = [];
    // `name` not inside a longer word (indexOf: far cheaper than a regex with look-behind)
    const text = this.text;
    const n = name.length;
    if (n === 0) {
      this.usesCache.set(name, hit);
      return hit;
    }
    const finder = new TextFinder(name);
    for (let i = finder.next(text, 0); i >= 0; ) {
      if ((i > 0 && isWordCode(text.charCodeAt(i - 1))) || isWordCode(text.charCodeAt(i + n))) {
        i = finder.next(text, i + 1);
        continue;
      }
      const node = this.root.descendantForIndex(i, i + n);
      if (node && node.type === "identifier" && node.startIndex === i) hit.push(node);
      i = finder.next(text, i + n);
    }
    this.usesCache.set(name, hit);
    return hit;
  }

  /** The start of each call in `calls` (filled by buildModel: nodes' starts are JS-side there). */
  readonly callStarts: number[] = [];
  private readonly suffixCache = new Map<string, CallInfo[]>();

  /**
   * Calls whose dotted callee ends with `suffix` (`callee.endsWith(suffix)`: `exit` finds
   * `exit()`, `sys.exit()` and `os._exit()`), in document order. Found from the text: each
   * occurrence of `suffix` ending a word, then the calls starting where a dotted name ending
   * there may start; so no other call's callee is read (cheap for a rare suffix).
   * `suffix` must be a non-empty run of name characters.
   */
  callsWithCalleeEnding(suffix: string): CallInfo[] {
    let hit = this.suffixCache.get(suffix);
    if (hit) return hit;
    hit = [];
    const text = this.text;
    const calls = this.calls;
    if (this.hasSyntaxErrors) {
      // (a call's start may not be its callee's there)
      hit = calls.filter((c) => c.callee?.endsWith(suffix));
      this.suffixCache.set(suffix, hit);
      return hit;
    }
    const starts = this.callStarts;
    const found = new Set<CallInfo>();
    const visit = (q: number): void => {
      // the calls starting at q (nested ones share a start; at most one has a dotted callee)
      for (let k = lowerBound(starts, q, identity); k < starts.length && starts[k] === q; k++) {
        const callee = calls[k].callee;
        if (callee?.endsWith(suffix)) found.add(calls[k]);
      }
    };
    const n = suffix.length;
    const finder = new TextFinder(suffix);
    for (let i = n ? finder.next(text, 0) : -1; i >= 0; i = finder.next(text, i + 1)) {
      if (isWordCode(text.charCodeAt(i + n))) continue;
      // back to the start of the word, then along `a . b . word` to each possible start
      let q = i;
      while (q > 0 && isWordCode(text.charCodeAt(q - 1))) q--;
      for (;;) {
        visit(q);
        let j = q - 1;
        while (j >= 0 && isSpaceCode(text.charCodeAt(j))) j--;
        if (j < 0 || text.charCodeAt(j) !== 46) break; // "."
        j--;
        while (j >= 0 && isSpaceCode(text.charCodeAt(j))) j--;
        if (j < 0 || !isWordCode(text.charCodeAt(j))) break;
        while (j > 0 && isWordCode(text.charCodeAt(j - 1))) j--;
        q = j;
      }
    }
    if (found.size) hit = [...found].sort((a, b) => a.node.startIndex - b.node.startIndex);
    this.suffixCache.set(suffix, hit);
    return hit;
  }

  /**
   * `identifiersNamed(name)` restricted to the nodes lying within [start, end): only that part
   * of the text is searched (unless the whole file's answer is known already).
   */
  identifiersNamedIn(name: string, start: number, end: number): Node[] {
    const all = this.usesCache.get(name);
    if (all) return all.filter((id) => id.startIndex >= start && id.endIndex <= end);
    const hit: Node[] = [];
    const text = this.text;
    const n = name.length;
    if (n === 0) return hit;
    const finder = new TextFinder(name);
    for (let i = finder.next(text, Math.max(0, start)); i >= 0 && i + n <= end; ) {
      if ((i > 0 && isWordCode(text.charCodeAt(i - 1))) || isWordCode(text.charCodeAt(i + n))) {
        i = finder.next(text, i + 1);
        continue;
      }
      const node = this.root.descendantForIndex(i, i + n);
      if (node && node.type === "identifier" && node.startIndex === i && node.endIndex <= end) hit.push(node);
      i = finder.next(text, i + n);
    }
    return hit;
  }

  private functionEnds: Map<FunctionInfo, number> | null = null;

  /**
   * The innermost function whose definition holds [start, end), or null (module or class
   * level). Function ends are read from the tree once per model, not per question.
   */
  innermostFunction(start: number, end: number): FunctionInfo | null {
    const functions = this.functions;
    let ends = this.functionEnds;
    if (!ends) {
      ends = new Map();
      for (const f of functions) ends.set(f, f.node.endIndex);
      this.functionEnds = ends;
    }
    // The last function starting at or before `start` (they are in document order): every
    // function holding `start` is it or one it is nested in (its parentFunction chain).
    let lo = 0;
    let hi = functions.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (functions[mid].node.startIndex <= start) lo = mid + 1;
      else hi = mid;
    }
    for (let f: FunctionInfo | null = lo > 0 ? functions[lo - 1] : null; f; f = f.parentFunction) {
      if (end <= (ends.get(f) as number)) return f;
    }
    return null;
  }

  /** Every identifier node by name (one query over the whole tree: use only when needed). */
  get identifiers(): Map<string, Node[]> {
    return once(this, "identifiers", () => {
      const map = new Map<string, Node[]>();
      // descendantsOfType is about three times cheaper than a query's captures here
      for (const node of this.root.descendantsOfType("identifier")) {
        if (!node) continue;
        const t = node.text;
        const list = map.get(t);
        if (list) list.push(node);
        else map.set(t, [node]);
      }
      return map;
    });
  }

  /** Ranges [start, end) of ERROR and MISSING nodes. */
  get errorRanges(): Array<{ start: number; end: number }> {
    return once(this, "errorRanges", () => {
      const out: Array<{ start: number; end: number }> = [];
      if (this.hasSyntaxErrors) collectErrors(this.root, out);
      return out;
    });
  }
}

function collectErrors(node: Node, out: Array<{ start: number; end: number }>): void {
  if (node.isError || node.isMissing) {
    out.push({ start: node.startIndex, end: node.endIndex });
    return;
  }
  if (!node.hasError) return;
  for (const child of node.children) if (child) collectErrors(child, out);
}

export function buildModel(parsing: PythonParsing, tree: Tree, text: string): ModuleModel {
  const model = new ModuleModel(parsing, tree, text);
  const stack: Frame[] = [];
  let context: Context = MODULE_CONTEXT;
  // Callees are read from the text when the tree has no errors (see calleeFromText).
  const textual = !model.hasSyntaxErrors;
  const mayHaveMainGuard = indexOfFast(text, "__main__") >= 0;

  const refresh = (): void => {
    let fn: FunctionInfo | null = null;
    let cls: ClassInfo | null = null;
    let except: Node | null = null;
    let mainGuard = false;
    let inLambda = false;
    for (let i = stack.length - 1; i >= 0; i--) {
      const f = stack[i];
      if (f.kind === "function") fn ??= f.info;
      else if (f.kind === "class") {
        if (!cls && !fn) cls = f.info;
      } else if (f.kind === "except") {
        if (!except && !fn) except = f.node;
      } else if (f.kind === "lambda") {
        if (!fn) inLambda = true;
      } else mainGuard = true;
    }
    context = stack.length ? { fn, cls, except, mainGuard, inLambda } : MODULE_CONTEXT;
  };

  // (`if` statements matter only for a main guard: without `__main__` in the file they are not fetched)
  for (const node of model.root.descendantsOfType(mayHaveMainGuard ? COLLECTED : COLLECTED_BUT_IF)) {
    if (!node) continue;
    const start = node.startIndex;
    if (stack.length && start >= stack[stack.length - 1].end) {
      while (stack.length && start >= stack[stack.length - 1].end) stack.pop();
      refresh();
    }
    switch (node.type) {
      case "call": {
        const info = new CallInfo(node, text, context);
        if (textual) {
          info.textual = true;
          const previous = model.calls[model.calls.length - 1];
          if (previous && previous.node.startIndex === start) previous.startsCall = true;
        }
        model.calls.push(info);
        model.callStarts.push(start);
        break;
      }
      case "assignment":
        model.assignments.push(new AssignmentInfo(node, context));
        break;
      case "function_definition": {
        const info = new FunctionInfo(node, text, context.fn ? null : context.cls, context.fn);
        info.textual = textual;
        if (info.parentClass) info.parentClass.methods.push(info);
        model.functions.push(info);
        stack.push({ kind: "function", end: node.endIndex, info });
        refresh();
        break;
      }
      case "class_definition": {
        const info = new ClassInfo(node, context.cls, context.fn);
        model.classes.push(info);
        stack.push({ kind: "class", end: node.endIndex, info });
        refresh();
        break;
      }
      case "lambda":
        if (!node.isNamed) break; // the `lambda` keyword shares the node's name
        stack.push({ kind: "lambda", end: node.endIndex });
        refresh();
        break;
      case "except_clause":
        stack.push({ kind: "except", end: node.endIndex, node });
        refresh();
        break;
      case "if_statement": {
        // (text first: a main guard's condition starts `__name__` or a quote, in a file that says
        // `__main__`; asking the tree for the parent walks down from the root)
        if (!mayHaveMainGuard) break;
        IF_MAIN.lastIndex = start;
        if (!IF_MAIN.test(text) || node.parent?.type !== "module") break;
        const condition = node.childForFieldName("condition");
        if (condition && MAIN_GUARD.test(condition.text)) {
          const consequence = node.childForFieldName("consequence");
          if (consequence) {
            stack.push({ kind: "main", end: consequence.endIndex });
            refresh();
          }
        }
        break;
      }
      case "with_statement":
        model.withStatements.push({ node, context });
        break;
      case "import_statement":
        model.imports.push(new ImportInfo(node, context, "import"));
        if (textual) model.imports[model.imports.length - 1].source = text;
        break;
      case "import_from_statement":
      case "future_import_statement":
        model.imports.push(new ImportInfo(node, context, "from"));
        if (textual) model.imports[model.imports.length - 1].source = text;
        break;
      case "raise_statement": {
        const info: RaiseInfo = {
          node,
          context,
          get exception(): Node | null {
            return once(this, "exception", () => node.namedChild(0));
          },
        };
        model.raises.push(info);
        if (context.fn && !context.inLambda) context.fn.raises.push(info);
        break;
      }
      case "return_statement":
        if (context.fn && !context.inLambda) context.fn.returns.push(node);
        break;
      case "yield":
        if (!node.isNamed) break; // the `yield` keyword shares the node's name
        if (context.fn && !context.inLambda) context.fn.yields.push(node);
        break;
    }
  }
  return model;
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
      return (
        parent.parent?.type === "import_statement" ||
        parent.parent?.type === "import_from_statement" ||
        parent.parent?.type === "aliased_import"
      );
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
