// Asserts whose subject the function's signature explains (SEC009): a parameter the method never
// uses but asserts is the object itself (`assert recipient is self`), an Optional parameter a fixed interface makes the function
// take (`def log_exception(self, typ: Optional[type], ...)`: no default, asserted at once), an
// Optional attribute of an argument narrowed in annotated code (`assert request.connection is not
// None`). None of them is a check a caller relies on: under -O nothing the function does changes,
// or the assert only tells a type checker what the object's producer guarantees.
import type { Node } from "web-tree-sitter";
import type { FunctionInfo, ModuleModel, ParameterInfo } from "./model";

function parameterNamed(fn: FunctionInfo, name: string): ParameterInfo | undefined {
  return fn.parameters.find((p) => p.name === name);
}

/**
 * `assert recipient is self` where the method reads `recipient` nowhere else: a vestigial
 * parameter that must be the object itself; nothing the method does depends on it.
 */
export function vestigialSelfParameter(model: ModuleModel, fn: FunctionInfo, test: Node, statement: Node): boolean {
  const m = /^([A-Za-z_]\w*)\s+is\s+self$|^self\s+is\s+([A-Za-z_]\w*)$/.exec(test.text);
  const name = m?.[1] ?? m?.[2];
  if (!name || !parameterNamed(fn, name)) return false;
  const uses = model.identifiersNamedIn(name, fn.body.startIndex, fn.body.endIndex);
  return uses.every((id) => statement.startIndex <= id.startIndex && id.endIndex <= statement.endIndex);
}

const OPTIONAL = /^["']?(?:(?:typing\.)?Optional\[|.*\|\s*None\b|None\s*\|)/s;

/**
 * `assert typ is not None` at the top of a function whose parameter `typ` is annotated Optional
 * but has no default: every caller must pass it, so the Optional comes from a signature fixed
 * elsewhere (the interface the method implements), and the assert narrows it for the checker.
 */
export function narrowsFixedSignature(fn: FunctionInfo, test: Node, statement: Node): boolean {
  const m = /^([A-Za-z_]\w*)\s+is\s+not\s+None$/.exec(test.text);
  if (!m || statement.parent?.id !== fn.body.id) return false;
  const p = parameterNamed(fn, m[1]);
  return !!p && !p.defaultValue && !!p.annotation && OPTIONAL.test(p.annotation.text);
}

/** Does the function carry type annotations (a typed code base, where asserts narrow for a checker)? */
function annotated(fn: FunctionInfo): boolean {
  return !!fn.node.childForFieldName("return_type") || fn.parameters.some((p) => !!p.annotation);
}

/**
 * `assert request.connection is not None` (no message) in annotated code: the attribute's
 * Optional type is the state its producer sets, and the assert narrows it for the type checker;
 * it does not check what the caller chose to pass.
 */
export function narrowsArgumentAttribute(fn: FunctionInfo, test: Node, hasMessage: boolean): boolean {
  if (hasMessage) return false;
  const m = /^([A-Za-z_]\w*)(?:\.[A-Za-z_]\w*)+\s+is\s+not\s+None$/.exec(test.text);
  return !!m && m[1] !== "self" && m[1] !== "cls" && !!parameterNamed(fn, m[1]) && annotated(fn);
}

/**
 * `assert not isinstance(secret, dict)` where `secret: Union[str, bytes, Dict[int, str]]`: the
 * check takes a member of the parameter's declared Union away for the type checker, as a bare
 * `isinstance` narrows to one.
 */
export function excludesDeclaredType(model: ModuleModel, fn: FunctionInfo, test: Node): boolean {
  const m = /^not\s+isinstance\(\s*([A-Za-z_]\w*)\s*,\s*(?:[\w.]+\.)?(\w+)\s*\)$/.exec(test.text);
  let annotation = m ? parameterNamed(fn, m[1])?.annotation : null;
  if (!m || !annotation) return false;
  // a module-level alias (`_SecretTypes = Union[str, bytes, Dict[int, str]]`) stands for its value
  if (annotation.type === "type" && annotation.namedChildCount === 1) annotation = annotation.namedChild(0);
  const alias = annotation?.type === "identifier" ? annotation.text : null;
  const declared = alias
    ? model.assignments.find((a) => !a.context.fn && a.left.type === "identifier" && a.left.text === alias)?.right
    : annotation;
  return !!declared && new RegExp(`\\b${m[2]}\\b`, "i").test(declared.text);
}
