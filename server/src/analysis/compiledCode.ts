// Where a code object made by `compile(...)` is run (SEC002): only in a namespace given for it
// (`exec(code, globals(), self.scope)`, `eval(code, ns, ns)`, a wrapper such as
// `exec_in(self.compiled, namespace)`), followed through the name or `self.x` it is bound to.
// Such code is deliberate (a console, a template engine, a source loader), the same as
// `eval(expr, namespace)` given the text directly.
import type { Node } from "web-tree-sitter";
import type { CallInfo, ModuleModel } from "./model";

/** `exec`, `eval` and their wrappers (`exec_in`, `six.exec_`, `eval_code`). */
const RUNNER = /exec|eval/i;

/** Is `arg` the first argument of a call of a runner that also names the namespace (not a `__builtins__` sandbox)? */
function runsInNamespace(model: ModuleModel, arg: Node): boolean {
  const list = arg.parent;
  const call = list?.type === "argument_list" ? list.parent : null;
  const info = call?.type === "call" ? model.callOf(call) : null;
  if (!info?.callee || info.positional[0]?.startIndex !== arg.startIndex) return false;
  if (!RUNNER.test(info.callee.slice(info.callee.lastIndexOf(".") + 1))) return false;
  const namespace = info.positional[1] ?? info.keywords.get("globals") ?? null;
  return !!namespace && !namespace.text.includes("__builtins__");
}

/** Is the code object this `compile(...)` call makes run only in a namespace given for it (and run at least once)? */
export function runsOnlyInNamespace(model: ModuleModel, compile: CallInfo): boolean {
  const node = compile.node;
  const parent = node.parent;
  if (parent?.type === "argument_list") return runsInNamespace(model, node);
  if (parent?.type !== "assignment" || parent.childForFieldName("right")?.startIndex !== node.startIndex) return false;
  const left = parent.childForFieldName("left");
  const fn = compile.context.fn;
  let uses: Node[];
  if (left?.type === "identifier") {
    // `code = compile(...)`, then `exec(code, ns)` in the same function
    const ids = fn ? model.identifiersNamedIn(left.text, node.endIndex, fn.end) : model.identifiersNamed(left.text);
    uses = ids.filter(
      (id) => id.startIndex > node.endIndex && model.innermostFunction(id.startIndex, id.endIndex) === fn,
    );
  } else if (left?.type === "attribute" && left.childForFieldName("object")?.text === "self" && fn?.parentClass) {
    // `self.compiled = compile(...)`, then `exec_in(self.compiled, namespace)` in the class
    const cls = fn.parentClass;
    const name = left.childForFieldName("attribute")?.text ?? "";
    uses = [];
    for (const id of model.identifiersNamedIn(name, cls.start, cls.end)) {
      const attribute = id.parent;
      if (attribute?.type !== "attribute" || attribute.childForFieldName("object")?.text !== "self") continue;
      if (attribute.startIndex !== left.startIndex) uses.push(attribute);
    }
  } else return false;
  return uses.length > 0 && uses.every((use) => runsInNamespace(model, use));
}
