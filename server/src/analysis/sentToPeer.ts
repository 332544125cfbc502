// Whether a value is sent to another party (SEC004): put into an HTTP request's parameters,
// payload or headers, or URL-encoded, directly or through the locals, containers, returns and
// module functions that carry it (`{'password': sha1(pw).hexdigest()}` returned to a caller that
// posts it). A digest sent so is the peer's protocol's choice (Subsonic's token, Emby's
// password fields), not a scheme the code keeps for itself.
import type { Node } from "web-tree-sitter";
import { EVERY_CANDIDATE, qualifiedNames } from "./bindings";
import type { FunctionInfo, ModuleModel } from "./model";
import { dottedName } from "./syntax";

/** Libraries whose calls send what they are given. */
const HTTP_MODULES = /^(?:requests|httpx|aiohttp|urllib3|urllib\.request|http\.client)\./;
/** Calls named for sending a request, given the request's part by keyword (`session.post(url, data=v)`). */
const SENDERS = new Set(["post", "put", "patch", "request", "get", "delete", "head", "options", "fetch", "urlopen"]);
/** Calls that send or encode a request whatever the argument's position (`urlencode(params)`). */
const POSITIONAL_SENDERS = new Set(["urlencode", "urlopen"]);
const REQUEST_PARTS = new Set(["params", "data", "json", "headers", "body", "query", "auth", "cookies", "url"]);
/** Nodes the value flows through unchanged in kind (a digest's `.hexdigest()`, a dict holding it). */
const CARRIERS = new Set([
  "attribute",
  "call",
  "argument_list",
  "keyword_argument",
  "pair",
  "dictionary",
  "list",
  "tuple",
  "expression_list",
  "parenthesized_expression",
  "binary_operator",
  "string",
  "interpolation",
  "concatenated_string",
  "conditional_expression",
]);
/** How many steps (a local read, a return, a parameter) are followed. */
const STEPS = 24;

interface Place {
  node: Node;
  fn: FunctionInfo | null;
}

/** Does the value of `node` (an expression in `fn`) reach a request sent to another party? */
export function sentToPeer(model: ModuleModel, node: Node, fn: FunctionInfo | null): boolean {
  const queue: Place[] = [{ node, fn }];
  const seen = new Set<number>();
  for (let steps = 0; queue.length && steps < STEPS; steps++) {
    const place = queue.shift() as Place;
    if (seen.has(place.node.id)) continue;
    seen.add(place.node.id);
    if (flowsToSender(model, place, queue)) return true;
  }
  return false;
}

/** Walks up from the place; true at a sender, else queues where the value goes next. */
function flowsToSender(model: ModuleModel, { node: start, fn }: Place, queue: Place[]): boolean {
  let node = start;
  for (let p = node.parent; p; node = p, p = p.parent) {
    if (p.type === "argument_list") {
      const call = p.parent;
      if (call?.type !== "call") return false;
      const keyword = node.type === "keyword_argument" ? (node.childForFieldName("name")?.text ?? null) : null;
      if (sends(model, call, keyword)) return true;
      const callee = calledFunction(model, call);
      const parameter = callee ? parameterGiven(callee, p, node, keyword) : null;
      if (callee && parameter) queue.push(...reads(model, callee, parameter, callee.body.startIndex));
      continue; // (the call's result may carry it: `"?".join(urlencode(params))`)
    }
    if (p.type === "call" && p.childForFieldName("function")?.id !== node.id) continue;
    if (CARRIERS.has(p.type)) continue;
    if (p.type === "assignment") {
      if (p.childForFieldName("right")?.id !== node.id) return false;
      const left = p.childForFieldName("left");
      // `params["t"] = token`: the container carries it
      const holder = left?.type === "subscript" ? left.childForFieldName("value") : left;
      for (const id of holder ? namesIn(holder) : []) queue.push(...reads(model, fn, id.text, p.endIndex));
      return false;
    }
    if (p.type === "return_statement") {
      if (fn) queue.push(...callsOf(model, fn));
      return false;
    }
    return false;
  }
  return false;
}

/** A request is sent with the value (`requests.post(url, data=v)`, `urlencode(v)`). */
function sends(model: ModuleModel, call: Node, keyword: string | null): boolean {
  const callee = dottedName(call.childForFieldName("function"));
  if (!callee) return false;
  const last = callee.slice(callee.lastIndexOf(".") + 1);
  const http = (): boolean => qualifiedNames(model, callee, EVERY_CANDIDATE).some((n) => HTTP_MODULES.test(n));
  if (keyword === null) return POSITIONAL_SENDERS.has(last) || http();
  return REQUEST_PARTS.has(keyword) && (SENDERS.has(last) || http());
}

/** The module's own function a call reaches (`helper(v)`, `self.helper(v)`), if one by that name. */
function calledFunction(model: ModuleModel, call: Node): FunctionInfo | null {
  const callee = dottedName(call.childForFieldName("function"));
  if (!callee) return null;
  const method = /^(?:self|cls)\.\w+$/.test(callee);
  if (callee.includes(".") && !method) return null;
  const name = callee.slice(callee.lastIndexOf(".") + 1);
  const found = model.functions.filter((f) => f.name === name && !!f.parentClass === method);
  return found.length === 1 ? found[0] : null;
}

/** The parameter of `fn` that argument `arg` (in `args`) is given to. */
function parameterGiven(fn: FunctionInfo, args: Node, arg: Node, keyword: string | null): string | null {
  if (keyword) return fn.parameters.some((p) => p.name === keyword) ? keyword : null;
  const positional = args.namedChildren.filter(
    (c): c is Node => !!c && c.type !== "comment" && c.type !== "keyword_argument",
  );
  if (positional.some((c) => c.type === "list_splat")) return null;
  const index = positional.findIndex((c) => c.id === arg.id);
  const bound = fn.parentClass && /^(?:self|cls)$/.test(fn.parameters[0]?.name ?? "") ? 1 : 0;
  const parameter = index < 0 ? undefined : fn.parameters[index + bound];
  return parameter && !parameter.kind.startsWith("var") ? parameter.name : null;
}

/** The identifiers a target binds (`a`, `a, b`, `(a, b)`). */
function namesIn(target: Node): Node[] {
  if (target.type === "identifier") return [target];
  if (target.type === "pattern_list" || target.type === "tuple_pattern" || target.type === "list_pattern")
    return target.namedChildren.filter((c): c is Node => c?.type === "identifier");
  return [];
}

/** The reads of local `name` in `fn` after `from` (not its rebinding, nor an attribute of that name). */
function reads(model: ModuleModel, fn: FunctionInfo | null, name: string, from: number): Place[] {
  if (!fn) return [];
  const out: Place[] = [];
  for (const id of model.identifiersNamedIn(name, from, fn.node.endIndex)) {
    const p = id.parent;
    if (p?.type === "attribute" && p.childForFieldName("attribute")?.id === id.id) continue;
    if (p?.type === "keyword_argument" && p.childForFieldName("name")?.id === id.id) continue;
    if (model.innermostFunction(id.startIndex, id.endIndex) !== fn) continue;
    out.push({ node: id, fn });
  }
  return out;
}

/** The calls in this module of `fn` (`fn(...)`, `self.fn(...)`), each as a place holding its result. */
function callsOf(model: ModuleModel, fn: FunctionInfo): Place[] {
  const method = !!fn.parentClass;
  const out: Place[] = [];
  for (const call of model.calls) {
    const callee = call.callee;
    if (!callee) continue;
    if (method ? callee !== `self.${fn.name}` && callee !== `cls.${fn.name}` : callee !== fn.name) continue;
    out.push({ node: call.node, fn: call.context.fn });
  }
  return out;
}
