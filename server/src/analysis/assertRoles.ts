// What an `assert` is for (SEC009): a check a caller relies on (argument validation in a public
// function, or control flow a handler catches as AssertionError), or something -O can drop
// without anyone noticing: an internal invariant of a private helper, narrowing for a type
// checker (`x = f(); assert x is not None`, or `x` dereferenced at once, which fails anyway),
// a post-condition right after waiting (`event.wait(); assert done`).
import type { Node } from "web-tree-sitter";
import { assignmentsInFunction } from "./localBindings";
import type { FunctionInfo, ModuleModel } from "./model";
import { escapeRegExp } from "./textSearch";

/** A function whose callers are the module's own (`_name`, not a dunder; nested in a function; a method of a `_Class`), a test helper (`assert_*`) or a visitor's callback (`visit_*`). */
export function isPrivateFunction(fn: FunctionInfo): boolean {
  if (fn.parentFunction) return true;
  const name = fn.name;
  // a test helper (`assert_node`): asserting is its purpose; a visitor's callback (`visit_reference`):
  // its dispatcher, not a caller, hands it nodes of a tree the program built
  if (/^assert|^(?:visit|depart|leave)_/i.test(name)) return true;
  if (name.startsWith("_") && !(name.startsWith("__") && name.endsWith("__"))) return true;
  for (let cls = fn.parentClass; cls; cls = cls.parentClass) if (cls.name.startsWith("_")) return true;
  return false;
}

/** Is `id` (within `top`) part of an index (`self.block[top][left]`): a position in something, not the thing checked? */
function inIndex(id: Node, top: Node): boolean {
  for (let child = id, p = id.parent; p && child.id !== top.id; child = p, p = p.parent)
    if (p.type === "subscript" && p.childForFieldName("value")?.id !== child.id) return true;
  return false;
}

/** The names a condition reads (not attribute names, keywords, indices or the strings in it). */
function namesRead(test: Node): Set<string> {
  const out = new Set<string>();
  const indexed = test.text.includes("[");
  for (const id of test.descendantsOfType("identifier")) {
    const p = id?.parent;
    if (!id || !p) continue;
    if (p.type === "attribute" && p.childForFieldName("attribute")?.id === id.id) continue;
    if (p.type === "keyword_argument" && p.childForFieldName("name")?.id === id.id) continue;
    if (indexed && inIndex(id, test)) continue;
    out.add(id.text);
  }
  if (test.type === "identifier") out.add(test.text);
  return out;
}

const paramsCache = new WeakMap<FunctionInfo, Set<string>>();
const localsCache = new WeakMap<FunctionInfo, Set<string>>();

/** A function's public parameters (not self/cls or `_private`). */
function paramsOf(fn: FunctionInfo): Set<string> {
  let params = paramsCache.get(fn);
  if (!params) {
    params = new Set(
      fn.parameters.map((p) => p.name).filter((n) => n && n !== "self" && n !== "cls" && !n.startsWith("_")),
    );
    paramsCache.set(fn, params);
  }
  return params;
}

/** The names a function assigns (`x = ...`). */
function localsOf(model: ModuleModel, fn: FunctionInfo): Set<string> {
  let locals = localsCache.get(fn);
  if (!locals) {
    locals = new Set();
    for (const a of assignmentsInFunction(model, fn)) if (a.left.type === "identifier") locals.add(a.left.text);
    localsCache.set(fn, locals);
  }
  return locals;
}

/** Builtins that convert a value without computing anything new from it. */
const CONVERSIONS = new Set([
  "dict",
  "list",
  "tuple",
  "set",
  "frozenset",
  "str",
  "int",
  "float",
  "bytes",
  "bool",
  "len",
]);
/** Methods that give the same value in another form (`v.split(".")`), not a result computed from it. */
const TRANSFORMS = new Set([
  "split",
  "rsplit",
  "splitlines",
  "strip",
  "lstrip",
  "rstrip",
  "lower",
  "upper",
  "casefold",
  "copy",
  "items",
  "keys",
  "values",
  "encode",
  "decode",
]);
const LITERALS = new Set(["string", "integer", "float", "true", "false", "none", "concatenated_string"]);

/** The leftmost name of `a.b.c` / `a.b()`. */
function rootName(node: Node): string | null {
  let n: Node | null = node;
  while (n && (n.type === "attribute" || n.type === "call"))
    n = n.type === "attribute" ? n.childForFieldName("object") : n.childForFieldName("function");
  return n?.type === "identifier" ? n.text : null;
}

/**
 * What a local's value is, as assigned: the caller's argument in another form (`v = v.split(".")`,
 * `atts = dict(attributes)`, `x = arg or default`), a constant, or something the function
 * computed (a call's result, an element looked up: `footnote = notes[uri]`).
 */
function valueKind(right: Node, params: ReadonlySet<string>): "argument" | "constant" | "computed" {
  if (LITERALS.has(right.type)) return "constant";
  if ((right.type === "list" || right.type === "tuple") && right.namedChildren.every((c) => !c || LITERALS.has(c.type)))
    return "constant";
  if (right.type === "identifier" || right.type === "attribute")
    return params.has(rootName(right) ?? "") ? "argument" : "computed";
  if (right.type === "call") {
    const callee = right.childForFieldName("function");
    if (
      callee?.type === "attribute" &&
      TRANSFORMS.has(callee.childForFieldName("attribute")?.text ?? "") &&
      params.has(rootName(callee) ?? "")
    )
      return "argument";
    const first = right.childForFieldName("arguments")?.namedChildren.find((c) => c && c.type !== "comment");
    if (callee?.type === "identifier" && CONVERSIONS.has(callee.text) && first?.type === "identifier")
      return params.has(first.text) ? "argument" : "computed";
    return "computed";
  }
  if (
    ["boolean_operator", "binary_operator", "conditional_expression", "parenthesized_expression"].includes(right.type)
  ) {
    if (right.descendantsOfType("call").length || right.descendantsOfType("subscript").length) return "computed";
    return [...namesRead(right)].some((n) => params.has(n)) ? "argument" : "computed";
  }
  return "computed";
}

/**
 * The parameter (not self/cls) the condition checks, itself or through a local that holds it in
 * another form, or null: also when the condition reads what the function computed itself (a
 * post-condition: `results = machine.run(lines); assert results == []`) or a `_private` parameter.
 */
export function checkedParameter(model: ModuleModel, fn: FunctionInfo, test: Node, at: number): string | null {
  // (from the text first: most asserts read neither a parameter nor a local made in the function,
  // and a parameter's name is in the signature's text)
  const words = (model.text.slice(test.startIndex, test.endIndex).match(/[A-Za-z_]\w*/g) ?? []).filter(
    (w) => w !== "self" && w !== "cls",
  );
  const signature = model.text.slice(fn.node.startIndex, fn.body.startIndex);
  if (!words.some((w) => signature.includes(w))) {
    const locals = localsOf(model, fn);
    if (!words.some((w) => locals.has(w))) return null;
  }
  const params = paramsOf(fn);
  if (!params.size) return null;
  if (!words.some((w) => params.has(w))) {
    const locals = localsOf(model, fn);
    if (!words.some((w) => locals.has(w))) return null;
  }
  const read = namesRead(test);
  if (fn.parameters.some((p) => p.name.startsWith("_") && read.has(p.name))) return null;
  let found: string | null = null;
  for (const name of read) if (params.has(name)) found ??= name;
  for (const a of assignmentsInFunction(model, fn)) {
    if (a.node.startIndex >= at) continue;
    // `parsed, pos = parse(text)`: names unpacked from a call's result hold part of what it computed
    if (a.left.type === "pattern_list" || a.left.type === "tuple_pattern" || a.left.type === "list_pattern") {
      if (!a.left.descendantsOfType("identifier").some((id) => !!id && read.has(id.text))) continue;
      // (only a call's results: a tuple looked up in the object's state may hold what the caller was given)
      if (a.right?.type !== "call") continue;
      const kind = valueKind(a.right, params);
      if (kind === "computed") return null;
      if (kind === "argument" && a.right) for (const name of namesRead(a.right)) if (params.has(name)) found ??= name;
      continue;
    }
    if (a.left.type !== "identifier" || !read.has(a.left.text)) continue;
    const right = a.right;
    const kind = right ? valueKind(right, params) : "computed";
    if (kind === "computed") return null;
    if (kind === "argument" && right) for (const name of namesRead(right)) if (params.has(name)) found ??= name;
  }
  return found;
}

/** `assert x is not None` (or `self.x`): the expression it narrows. */
function notNoneSubject(test: Node): string | null {
  // (also an item under a literal key: `attrs["height"] is not None`)
  const m = /^([A-Za-z_][\w.]*(?:\[(?:"[^"\\]*"|'[^'\\]*'|\d+)\])*)\s+is\s+not\s+None$/.exec(test.text);
  return m ? m[1] : null;
}

function previousStatement(statement: Node): Node | null {
  let p = statement.previousNamedSibling;
  while (p?.type === "comment") p = p.previousNamedSibling;
  return p;
}

function nextStatement(statement: Node): Node | null {
  let n = statement.nextNamedSibling;
  while (n?.type === "comment") n = n.nextNamedSibling;
  return n;
}

/**
 * How many statements after an `x is not None` assert are read whole for a use of `x` that fails on
 * None; further on, only statements that run unconditionally (not a use inside an `if` body).
 */
const NARROWING_REACH = 3;

/** Statements that run whatever happens once reached: a use of `x` in them is sure to run. */
const SIMPLE = new Set(["expression_statement", "return_statement"]);

/** Parts of a statement that may not evaluate a use in it (`x.a if x else None`, `x and x.a`, `lambda: x.a`). */
const DEFERRED = /\b(?:if|and|or|lambda)\b/;

/** Statements that neither use the name when they run nor leave: other asserts, nested definitions. */
const SKIPPED = new Set(["assert_statement", "function_definition", "class_definition", "decorated_definition"]);

/**
 * Statements that can leave the block early without an exception: a use after them may not run.
 * (A `raise` between leaves with an exception too, so the caller is still told.)
 */
const LEAVES = /\b(?:return|yield|break|continue)\b/;

/**
 * Narrowing for a type checker: `x` just assigned, or set by every branch of the `if x is None:`
 * right before, or used later in the same block in a way that fails on None anyway (`x.a`, `x[i]`,
 * `x()`, `len(x)`, `salt + x`, `os.path.join(..., x, ...)`, or passed to a function of the module
 * that does so at once), with no statement between that could leave normally first: under -O the
 * caller still gets an exception.
 */
export function isNarrowing(model: ModuleModel, statement: Node, test: Node): boolean {
  const subject = notNoneSubject(test);
  if (!subject) return false;
  const escaped = escapeRegExp(subject);
  const before = previousStatement(statement);
  if (before?.type === "expression_statement" && new RegExp(`^${escaped}\\s*(?::[^=]+)?=[^=]`).test(before.text))
    return true;
  if (before?.type === "if_statement" && setWhenNone(before, subject, escaped)) return true;
  return failsSoonOnNone(model, nextStatement(statement), subject, 0);
}

/** `if x is None: ... x = ...`: the branch for None gives `x` a value (a post-condition of the function's own code). */
function setWhenNone(statement: Node, subject: string, escaped: string): boolean {
  const condition = statement.childForFieldName("condition")?.text.replace(/\s+/g, " ");
  if (condition !== `${subject} is None` && condition !== `not ${subject}`) return false;
  const body = statement.childForFieldName("consequence")?.text ?? "";
  return new RegExp(`(?<![\\w.])${escaped}\\s*(?::[^=]+)?=[^=]`).test(body) && !/\bNone\s*$/m.test(body);
}

/** How deep a value is followed into the module's own functions (`self._connect(x)` → `_create(x)`). */
const CALL_DEPTH = 2;

/**
 * Does a statement from `first` on (in the same block) use `subject` in a way that fails on None,
 * before anything could leave normally or rebind it?
 */
function failsSoonOnNone(model: ModuleModel, first: Node | null, subject: string, depth: number): boolean {
  const escaped = escapeRegExp(subject);
  const dereferenced = new RegExp(`(?<![\\w.])${escaped}\\s*[.[(]`);
  const passed = new RegExp(
    `(?<![\\w.])(?:(?:len|iter|next|sorted|int|float|os\\.fspath|os\\.path\\.\\w+)\\(\\s*|os\\.path\\.join\\([^()]*,\\s*)${escaped}\\s*[,)]`,
  );
  // an operand of arithmetic or concatenation (`salt + x`, `x * 2`; not `"%s" % x`, which formats None)
  const operand = new RegExp(
    `(?<![\\w.])${escaped}\\s*(?:[-+*/@]|//)(?!=)|(?:[\\w)\\]'"]\\s*(?:[-+*/@]|//))\\s*${escaped}(?![\\w.(\\[])`,
  );
  const rebound = new RegExp(`(?<![\\w.])${escaped}\\s*(?::[^=]+)?=[^=]`);
  let after = first;
  for (let i = 0; after; after = nextStatement(after)) {
    // (another assert goes with this one under -O; a nested definition runs nothing yet; nor does a docstring)
    if (
      SKIPPED.has(after.type) ||
      after.type === "comment" ||
      (after.type === "expression_statement" && after.firstNamedChild?.type === "string")
    )
      continue;
    i++;
    const text = after.text;
    const sure = i <= NARROWING_REACH || (SIMPLE.has(after.type) && !DEFERRED.test(text));
    if (sure && (dereferenced.test(text) || passed.test(text) || operand.test(text))) return true;
    if (sure && depth < CALL_DEPTH && passesToFailingFunction(model, after, subject, depth)) return true;
    if (rebound.test(text) || LEAVES.test(text)) return false;
  }
  return false;
}

/**
 * Does the statement pass `subject` to a function of the module (`create(x)`, `self._connect(x)`)
 * whose parameter for it fails on None at once? The call then raises for the caller under -O too.
 */
function passesToFailingFunction(model: ModuleModel, statement: Node, subject: string, depth: number): boolean {
  if (!statement.text.includes("(")) return false;
  const calls = statement.descendantsOfType("call");
  for (const call of calls) {
    if (!call) continue;
    const callee = call.childForFieldName("function");
    const name =
      callee?.type === "identifier"
        ? callee.text
        : callee?.type === "attribute" && /^(?:self|cls)$/.test(callee.childForFieldName("object")?.text ?? "")
          ? callee.childForFieldName("attribute")?.text
          : null;
    if (!name) continue;
    const args = call
      .childForFieldName("arguments")
      ?.namedChildren.filter((a): a is Node => !!a && a.type !== "comment");
    const index = args?.findIndex((a) => a.text === subject) ?? -1;
    const keyword = args?.find((a) => a.type === "keyword_argument" && a.childForFieldName("value")?.text === subject);
    if (index < 0 && !keyword) continue;
    if (args?.slice(0, index < 0 ? args.length : index).some((a) => /splat/.test(a.type))) continue;
    const targets = model.functions.filter(
      (f) => f.name === name && (callee?.type === "identifier") === !f.parentClass,
    );
    if (!targets.length) continue;
    const fails = targets.every((target) => {
      const params = target.parameters;
      const offset = target.parentClass && params[0] && /^(?:self|cls)$/.test(params[0].name) ? 1 : 0;
      const param = keyword
        ? params.find((p) => p.name === keyword.childForFieldName("name")?.text)
        : params[index + offset];
      if (!param || param.kind === "var-positional" || param.kind === "var-keyword") return false;
      return failsSoonOnNone(model, target.body.firstNamedChild, param.name, depth + 1);
    });
    if (fails) return true;
  }
  return false;
}

/** Right after waiting for something (`event.wait()`, `thread.join()`): a post-condition of that wait. */
export function followsWait(statement: Node): boolean {
  const before = previousStatement(statement);
  return !!before && /\.(?:wait|join|acquire|result|wait_for)\([^\n]*\)\s*$/.test(before.text);
}

/**
 * Right after the object's own call that was handed what the assert reads
 * (`self.fire_event(state, dict_); assert key not in dict_`): a post-condition of the function's
 * own work, not a check of its caller's argument.
 */
export function followsOwnCall(statement: Node, test: Node): boolean {
  const before = previousStatement(statement);
  if (before?.type !== "expression_statement") return false;
  let call = before.firstNamedChild;
  if (call?.type === "assignment") call = call.childForFieldName("right");
  if (call?.type !== "call" || !/^self\.\w+$/.test(call.childForFieldName("function")?.text ?? "")) return false;
  const given = namesRead(call.childForFieldName("arguments") ?? call);
  given.delete("self");
  return [...namesRead(test)].some((n) => given.has(n));
}

/** The names of the functions a condition calls (`_isrecursive(p)` → `_isrecursive`). */
function calleesOf(node: Node): Set<string> {
  const out = new Set<string>();
  const add = (call: Node | null): void => {
    const text = call?.childForFieldName("function")?.text;
    if (text) out.add(text.slice(text.lastIndexOf(".") + 1));
  };
  if (node.type === "call") add(node);
  for (const call of node.descendantsOfType("call")) add(call);
  return out;
}

/** The condition that must hold for `ref` to run: the `if` (or conditional expression, `and`) around it within its function. */
function guardOf(ref: Node): Node | null {
  for (let child = ref, p = ref.parent; p; child = p, p = p.parent) {
    if (p.type === "function_definition" || p.type === "class_definition" || p.type === "lambda") return null;
    if ((p.type === "if_statement" || p.type === "elif_clause") && p.childForFieldName("consequence")?.id === child.id)
      return p.childForFieldName("condition");
    if (p.type === "conditional_expression" && p.namedChild(0)?.id === child.id) return p.namedChild(1);
    if (
      p.type === "boolean_operator" &&
      p.childForFieldName("operator")?.type === "and" &&
      p.childForFieldName("right")?.id === child.id
    )
      return p.childForFieldName("left");
  }
  return null;
}

/**
 * Do the module's own uses of the function all sit where the same check was just made
 * (`if _isrecursive(name): glob2(name)`; `m = lookup(cls)` then `if m is None: create(cls)` for
 * `assert lookup(cls) is None`)? Then the assert restates what its callers guarantee.
 */
export function callersCheckFirst(model: ModuleModel, fn: FunctionInfo, test: Node): boolean {
  const checks = calleesOf(test);
  if (!checks.size) return false;
  const refs = model.identifiersNamed(fn.name).filter((id) => id.id !== fn.nameNode.id);
  if (!refs.length) return false;
  return refs.every((ref) => {
    const guard = guardOf(ref);
    if (!guard) return false;
    const called = calleesOf(guard);
    const caller = model.innermostFunction(ref.startIndex, ref.endIndex);
    if (caller) {
      // a name the condition reads, assigned in the caller from a call: `manager = lookup(cls)`
      const read = namesRead(guard);
      for (const a of assignmentsInFunction(model, caller))
        if (a.left.type === "identifier" && read.has(a.left.text) && a.right?.type === "call")
          for (const c of calleesOf(a.right)) called.add(c);
    }
    return [...checks].some((c) => called.has(c));
  });
}

/** Inside a `try` whose handler catches AssertionError: control flow, not a check. */
export function caughtAsAssertionError(statement: Node): boolean {
  for (let child = statement, p = statement.parent; p; child = p, p = p.parent) {
    if (p.type === "function_definition" || p.type === "class_definition") return false;
    if (p.type !== "try_statement" || p.childForFieldName("body")?.id !== child.id) continue;
    if (p.namedChildren.some((h) => h?.type === "except_clause" && /\bAssertionError\b/.test(h.text.split(":")[0])))
      return true;
  }
  return false;
}

/** Words that say an assert states an internal invariant (`"BUG: no steps"`, `# only possible if a bug happens`). */
const INVARIANT =
  /\bbug\b|(?:does(?:n't| not)|never) pass(?:es)? (?:this|it|that)\b|should(?:n't| not| never) happen|can(?:not|'t) happen|never happens|impossible|invariant|sanity|internal error|unreachable|fail(?:ed|s)? to handle|unhandled|only[- ]once|make sure (?:that )?we did(?:n't| not)|function contract|(?:should|must)(?:n't| not| never) be (?:instantiated|created|constructed|called|used) directly/i;

/** Does the assert's message, or a comment on or just above it, call it an internal invariant (or say its callers never pass the value)? */
export function saysInvariant(text: string, statement: Node): boolean {
  if (INVARIANT.test(statement.text)) return true;
  const lineEnd = text.indexOf("\n", statement.endIndex);
  const trailing = text.slice(statement.endIndex, lineEnd < 0 ? text.length : lineEnd);
  if (trailing.includes("#") && INVARIANT.test(trailing)) return true;
  let lineStart = text.lastIndexOf("\n", statement.startIndex - 1) + 1;
  for (let i = 0; i < 4 && lineStart > 0; i++) {
    const prevStart = text.lastIndexOf("\n", lineStart - 2) + 1;
    const line = text.slice(prevStart, lineStart - 1).trim();
    if (!line.startsWith("#")) return false;
    if (INVARIANT.test(line)) return true;
    lineStart = prevStart;
  }
  return false;
}

/**
 * The first statement of the last `else` of an `if`/`elif` chain on the same names (`if reading
 * and writing: ... elif reading: ... else: assert writing`): the exhaustiveness of the
 * function's own case analysis, not a check of its caller.
 */
export function closesCaseAnalysis(statement: Node, test: Node): boolean {
  const block = statement.parent;
  const clause = block?.parent;
  if (clause?.type !== "else_clause" || block?.firstNamedChild?.id !== statement.id) return false;
  const chain = clause.parent;
  const read = namesRead(test);
  const conditions = [chain?.childForFieldName("condition")];
  for (const c of chain?.namedChildren ?? [])
    if (c?.type === "elif_clause") conditions.push(c.childForFieldName("condition"));
  return conditions.some((c) => !!c && [...namesRead(c)].some((n) => read.has(n)));
}

/** `assert self._verify(results)`: the object checking its own work with a private helper. */
export function selfCheck(test: Node): boolean {
  return /^(?:not\s+)?self\._\w+\(/.test(test.text);
}

/**
 * `assert repo.store._version == version`: the condition reads another object's private attribute,
 * state no caller sets or sees, so it checks the program's own consistency, not its caller's input.
 */
export function readsPrivateState(test: Node): boolean {
  return /(?<![\w.])(?!self\b|cls\b)[A-Za-z_]\w*(?:\.\w+)*\._(?!_)\w/.test(test.text);
}
