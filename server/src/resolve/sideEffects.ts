// Whether importing a module may do something beyond binding names (IMP001: deleting an unused
// star import is safe only when importing the module did nothing else). Read from the tree once,
// in the module's summary: its top level is "pure" when it holds only docstrings, imports,
// definitions and assignments of literals; the imports are followed by the resolver.
import type { Node } from "web-tree-sitter";

/** A module as an import names it (moduleSummary's ModuleRef: not imported, which imports this file). */
interface ModuleRef {
  module: string;
  level: number;
}

/** Decorators that only wrap or register nothing (their use at import time does nothing visible). */
const PURE_DECORATORS =
  /^(?:(?:functools\.)?(?:wraps|lru_cache|cache|cached_property|total_ordering|singledispatch)|(?:dataclasses\.)?dataclass|(?:contextlib\.)?(?:async)?contextmanager|(?:typing(?:_extensions)?\.)?(?:overload|final|runtime_checkable)|(?:abc\.)?(?:abstractmethod|abstractproperty)|(?:enum\.)?unique|property|staticmethod|classmethod|\w+\.(?:setter|getter|deleter))$/;

const LITERAL_TYPES = new Set([
  "integer",
  "float",
  "string",
  "concatenated_string",
  "true",
  "false",
  "none",
  "ellipsis",
  "identifier",
]);

/** A value built of literals and names only (`(1, "a")`, `-1`, `2 ** 10`, `{"k": OTHER}`, `os.sep`). */
function isLiteral(node: Node | null): boolean {
  if (!node) return true;
  if (LITERAL_TYPES.has(node.type)) {
    if (node.type !== "string") return true;
    return !node.namedChildren.some((c) => c?.type === "interpolation"); // an f-string runs code
  }
  switch (node.type) {
    case "attribute":
      return isLiteral(node.childForFieldName("object"));
    case "list":
    case "tuple":
    case "set":
    case "dictionary":
    case "pair":
    case "parenthesized_expression":
    case "unary_operator":
    case "binary_operator":
    case "expression_list":
      return node.namedChildren.every((c) => !c || c.type === "comment" || isLiteral(c));
    default:
      return false;
  }
}

function decoratorsArePure(decorated: Node): boolean {
  return decorated.namedChildren.every((c) => {
    if (c?.type !== "decorator") return true;
    const expr = c.namedChild(0);
    const name = expr?.type === "call" ? expr.childForFieldName("function") : expr;
    return !!name && PURE_DECORATORS.test(name.text.replace(/\s+/g, ""));
  });
}

/** A def whose defaults and annotations are literals (they are evaluated when the def runs). */
function defIsPure(def: Node): boolean {
  const params = def.childForFieldName("parameters");
  for (const p of params?.namedChildren ?? []) {
    const value = p?.childForFieldName("value");
    if (value && !isLiteral(value)) return false;
  }
  return true;
}

function classIsPure(cls: Node, refs: ModuleRef[]): boolean {
  const bases = cls.childForFieldName("superclasses");
  // a keyword (metaclass=…) may run code that registers the class
  if (bases?.namedChildren.some((b) => b && (b.type === "keyword_argument" || !isLiteral(b)))) return false;
  return firstImpure(cls.childForFieldName("body"), refs) === null;
}

function refOf(text: string): ModuleRef {
  const stripped = text.replace(/\s+/g, "");
  const level = /^\.*/.exec(stripped)?.[0].length ?? 0;
  return { module: stripped.slice(level), level };
}

/**
 * The first statement of a block that may run code when the module is imported (a call, a
 * decorator, a loop…), or null; the modules its imports name are added to `refs`.
 */
export function firstImpure(block: Node | null, refs: ModuleRef[]): Node | null {
  for (const stmt of block?.namedChildren ?? []) {
    if (!stmt || stmt.type === "comment") continue;
    if (!isPureStatement(stmt, refs)) return stmt;
  }
  return null;
}

function isPureStatement(stmt: Node, refs: ModuleRef[]): boolean {
  switch (stmt.type) {
    case "pass_statement":
    case "future_import_statement":
      return true;
    case "import_statement":
      for (const c of stmt.namedChildren) {
        const name = c?.type === "aliased_import" ? c.childForFieldName("name") : c;
        if (name?.type === "dotted_name") refs.push({ module: name.text, level: 0 });
      }
      return true;
    case "import_from_statement": {
      const module = stmt.childForFieldName("module_name");
      if (module) refs.push(refOf(module.text));
      return true;
    }
    case "function_definition":
      return defIsPure(stmt);
    case "class_definition":
      return classIsPure(stmt, refs);
    case "decorated_definition": {
      const def = stmt.childForFieldName("definition");
      if (!def || !decoratorsArePure(stmt)) return false;
      return def.type === "class_definition" ? classIsPure(def, refs) : defIsPure(def);
    }
    case "expression_statement": {
      const e = stmt.namedChild(0);
      if (!e) return true;
      if (e.type === "string" || e.type === "concatenated_string" || e.type === "ellipsis") return true;
      if (e.type === "assignment" || e.type === "augmented_assignment") {
        let right = e.childForFieldName("right");
        while (right?.type === "assignment") right = right.childForFieldName("right"); // a = b = 1
        return isLiteral(right);
      }
      // `__all__.extend([...])`, `__all__.append("x")`
      if (e.type === "call" && /^__all__\s*\.\s*(?:extend|append)$/.test(e.childForFieldName("function")?.text ?? ""))
        return (e.childForFieldName("arguments")?.namedChildren ?? []).every((a) => !a || isLiteral(a));
      return false;
    }
    case "if_statement": {
      // a condition that calls nothing (`sys.version_info >= (3, 8)`, `TYPE_CHECKING`)
      const condition = stmt.childForFieldName("condition");
      if (condition && (condition.type === "call" || condition.descendantsOfType("call").length > 0)) return false;
      return stmt.namedChildren.every((c) => {
        if (!c || c.id === condition?.id || c.type === "comment") return true;
        const body = c.type === "block" ? c : (c.childForFieldName("consequence") ?? c.childForFieldName("body"));
        return firstImpure(body, refs) === null;
      });
    }
    case "try_statement":
      return stmt.namedChildren.every((c) => {
        if (!c || c.type === "comment") return true;
        if (c.type === "block") return firstImpure(c, refs) === null;
        const body = c.namedChildren.find((x) => x?.type === "block") ?? null;
        return firstImpure(body, refs) === null;
      });
    default:
      return false;
  }
}
