// What a class keeps for itself (SEC003): the arguments the file's own calls give a private
// helper's parameter (`self._is_expired(f)` after `with open(...) as f`), and the values written
// into an in-memory container kept on `self` (`self._cache[key] = pickled`) when the class starts
// it empty and every write to it is in sight. The caller asks where each value comes from; this
// module only finds them.
import type { Node } from "web-tree-sitter";
import type { ClassInfo, FunctionInfo, ModuleModel } from "./model";

/** A value with the function it is computed in. */
export interface Placed {
  node: Node;
  fn: FunctionInfo | null;
}

/** `_helper`, not `__dunder__`: called only from its own module by convention. */
export function isPrivate(fn: FunctionInfo): boolean {
  return fn.name.startsWith("_") && !fn.name.endsWith("__");
}

/**
 * The arguments the file's calls give parameter `name` of `fn` (`self._check(f)`,
 * `Base._check(self, f)`, `_check(f)`), or null when one cannot be read (`*args`, a default used)
 * or there is no call.
 */
export function callerArguments(model: ModuleModel, fn: FunctionInfo, name: string): Placed[] | null {
  const index = fn.parameters.findIndex((p) => p.name === name);
  if (index < 0 || fn.parameters[index].kind.startsWith("var")) return null;
  const cls = fn.parentClass;
  const bound = !!cls && /^(?:self|cls)$/.test(fn.parameters[0]?.name ?? "");
  const out: Placed[] = [];
  for (const call of model.callsWithCalleeEnding(fn.name)) {
    const callee = call.callee ?? "";
    if (callee !== fn.name && !callee.endsWith(`.${fn.name}`)) continue;
    if (call.node.startIndex >= fn.start && call.node.endIndex <= fn.end) continue;
    // `self.m(x)` passes `self` itself; `Base.m(self, x)` does not
    const shift = bound && callee.includes(".") && !callee.startsWith(`${cls?.name}.`) ? 1 : 0;
    const arg = call.positional[index - shift] ?? call.keywords.get(name);
    if (!arg || call.hasSplat) return null;
    out.push({ node: arg, fn: call.context.fn });
  }
  return out.length ? out : null;
}

/** Methods of a dict, list or deque that only read it, or take items out. */
const READS = new Set([
  "get",
  "pop",
  "popitem",
  "popleft",
  "move_to_end",
  "clear",
  "keys",
  "values",
  "items",
  "copy",
  "index",
  "count",
  "remove",
  "discard",
]);
/** Container types the program starts empty (`OrderedDict()`), with how many arguments that allows. */
const FRESH = new Map([
  ["dict", 0],
  ["list", 0],
  ["set", 0],
  ["deque", 0],
  ["OrderedDict", 0],
  ["defaultdict", 1],
]);

/** `{}`, `[]`, `OrderedDict()`, `defaultdict(list)`, or `registry.setdefault(name, OrderedDict())`. */
function isFreshContainer(node: Node | null): boolean {
  if (!node) return false;
  if (node.type === "dictionary" || node.type === "list") return node.namedChildCount === 0;
  if (node.type !== "call") return false;
  const callee = node.childForFieldName("function");
  const args = node.childForFieldName("arguments")?.namedChildren.filter((c) => c && c.type !== "comment") ?? [];
  const name = callee?.type === "attribute" ? callee.childForFieldName("attribute")?.text : callee?.text;
  if (name === "setdefault" && callee?.type === "attribute") return args.length === 2 && isFreshContainer(args[1]);
  const allowed = FRESH.get(name ?? "");
  return allowed !== undefined && args.length <= allowed;
}

/**
 * The values written into `self.<attribute>` in class `cls`, or null when it is not a container
 * the class starts empty and fills item by item (it is replaced, handed out or filled in bulk).
 */
export function containerWrites(model: ModuleModel, cls: ClassInfo, attribute: string): Placed[] | null {
  const out: Placed[] = [];
  let started = false;
  for (const id of model.identifiersNamedIn(attribute, cls.start, cls.end)) {
    const use = id.parent;
    if (use?.type !== "attribute" || use.childForFieldName("object")?.text !== "self") continue;
    if (use.childForFieldName("attribute")?.startIndex !== id.startIndex) continue;
    const parent = use.parent;
    const fn = model.innermostFunction(use.startIndex, use.endIndex);
    if (!parent) return null;
    const isLeftOf = (n: Node): boolean => n.childForFieldName("left")?.startIndex === use.startIndex;
    if (parent.type === "assignment" && isLeftOf(parent)) {
      // `self._cache = {}`
      if (!isFreshContainer(parent.childForFieldName("right"))) return null;
      started = true;
    } else if (parent.type === "subscript" && parent.childForFieldName("value")?.startIndex === use.startIndex) {
      const statement = parent.parent;
      if (statement?.type === "assignment" && statement.childForFieldName("left")?.startIndex === parent.startIndex) {
        const right = statement.childForFieldName("right");
        if (!right) return null;
        out.push({ node: right, fn });
      } else if (statement?.type === "augmented_assignment" && isLeftOf(statement)) return null;
      // (otherwise a read, or `del self._cache[key]`)
    } else if (parent.type === "attribute") {
      // `self._cache.get(key)`, `self._cache.setdefault(key, value)`
      const method = parent.childForFieldName("attribute")?.text ?? "";
      const call = parent.parent?.type === "call" ? model.callOf(parent.parent) : null;
      if (READS.has(method)) continue;
      const written =
        method === "setdefault"
          ? call?.positional[1]
          : /^(?:append|appendleft|add)$/.test(method)
            ? call?.positional[0]
            : null;
      if (!written) return null;
      out.push({ node: written, fn });
    } else if (
      parent.type !== "comparison_operator" &&
      !(parent.type === "argument_list" && parent.parent?.childForFieldName("function")?.text === "len")
    )
      // handed to other code, which may fill it (`key in self._cache`, `len(self._cache)` only read it)
      return null;
  }
  return started ? out : null;
}
