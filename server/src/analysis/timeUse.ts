// What a function's body shows of a time parameter (DOC002): whether it is a time value at all
// (a clock is called, not counted), whether the body reads it, and whether its unit is evident
// from where it goes (`time.sleep(delay)`: the callee's unit is the unit).
import type { Node } from "web-tree-sitter";
import type { FunctionInfo, ModuleModel, ParameterInfo } from "./model";
import { lastName } from "./syntax";

/** Callees whose (first) argument is a number of seconds, in the standard library and its usual companions. */
const SECONDS_CALLEES = new Set([
  "sleep",
  "settimeout",
  "setdefaulttimeout",
  "create_connection",
  "wait_for",
  "wait",
  "join",
  "stop_after_delay",
  "wait_fixed",
  "Timeout",
  "call_later",
  "spawn_after",
  "spawn_after_local",
  "enter",
  "Timer",
]);

/** Clocks: what a duration is added to or compared with (`time.monotonic() + timeout`). */
const CLOCK = /(?:^|\.)(?:time|monotonic|perf_counter|monotonic_ns|time_ns)$/;

/** Keywords that name their unit: `requests.get(url, timeout=t)` (seconds), `timedelta(seconds=t)`. */
const UNIT_KEYWORD =
  /^(?:timeout|connect_timeout|read_timeout|seconds|milliseconds|microseconds|minutes|hours|days|weeks)$/;

/**
 * Names a callable goes by: one producing times (`get_time`, `clock`, `time_func`, `now_fn`), or an
 * event handler (`on_interval`: called on each interval, `retry_callback`, `timeout_cb`).
 */
const CLOCK_NAME = /^(?:get_\w+|on_\w+|\w+_(?:func|fn|function|factory|getter|callback|cb|handler)|clock|timer|now)$/i;

/** The uses of a parameter in its function's body (identifiers spelled so, not attributes or keywords). */
function usesOf(model: ModuleModel, fn: FunctionInfo, name: string): Node[] {
  const body = fn.body;
  return model.identifiersNamedIn(name, body.startIndex, body.endIndex).filter((id) => {
    const parent = id.parent;
    if (parent?.type === "attribute" && parent.childForFieldName("attribute")?.id === id.id) return false;
    if (parent?.type === "keyword_argument" && parent.childForFieldName("name")?.id === id.id) return false;
    return true;
  });
}

/** A callable, not a time value: annotated `Callable[...]`, named like a clock, or called in the body. */
export function isClockCallable(model: ModuleModel, fn: FunctionInfo, p: ParameterInfo): boolean {
  if (p.annotation && /\bCallable\b/.test(p.annotation.text)) return true;
  if (CLOCK_NAME.test(p.name)) return true;
  return usesOf(model, fn, p.name).some((id) => {
    const parent = id.parent;
    return parent?.type === "call" && parent.childForFieldName("function")?.id === id.id;
  });
}

/** A body that only declares (a docstring, `pass`, `...`, `raise NotImplementedError`): an interface. */
function isStubBody(fn: FunctionInfo): boolean {
  return fn.body.namedChildren.every((st) => {
    if (!st || st.type === "comment" || st.type === "pass_statement") return true;
    if (st.type === "expression_statement") {
      const e = st.namedChild(0);
      return e?.type === "string" || e?.type === "ellipsis";
    }
    return st.type === "raise_statement" && /NotImplemented/.test(st.text);
  });
}

/**
 * The body has code but never reads the parameter (kept for a signature it must match): its
 * unit makes no difference here. An interface's stub body is not such a body.
 */
export function isUnread(model: ModuleModel, fn: FunctionInfo, p: ParameterInfo): boolean {
  if (isStubBody(fn)) return false;
  const body = fn.body;
  if (/\b(?:locals|vars)\s*\(\s*\)/.test(model.text.slice(body.startIndex, body.endIndex))) return false;
  const uses = usesOf(model, fn, p.name);
  return uses.length === 0 || overwrittenFirst(fn, uses);
}

/**
 * Is the first use of a parameter an assignment to it, in a statement of the body itself (not a
 * branch) whose value does not read it (`timeout = (self.timeout,)`)? The value passed is never read.
 */
function overwrittenFirst(fn: FunctionInfo, uses: Node[]): boolean {
  const first = uses[0];
  const assignment = first.parent;
  if (assignment?.type !== "assignment" || assignment.childForFieldName("left")?.id !== first.id) return false;
  if (assignment.parent?.type !== "expression_statement" || assignment.parent.parent?.id !== fn.body.id) return false;
  const value = assignment.childForFieldName("right");
  // (`self.timeout` is an attribute, not a use: only identifiers are counted)
  return !!value && !uses.some((id) => id.startIndex >= value.startIndex && id.endIndex <= value.endIndex);
}

/** The callee's last name of a call node. */
function calleeName(call: Node): string | null {
  const f = call.childForFieldName("function");
  if (!f || (f.type !== "identifier" && f.type !== "attribute")) return null;
  return lastName(f.text.replace(/\s+/g, ""));
}

/**
 * Is the parameter's unit evident from where the body sends it? Passed straight to a callee that
 * takes seconds (`time.sleep(delay)`, `sock.settimeout(timeout)`, `stop_after_delay(timeout)`),
 * as a keyword that names its unit (`timeout=`, `timedelta(seconds=...)`), or added to / compared
 * with a clock (`time.monotonic() + timeout`).
 */
export function unitEvidentFromUse(model: ModuleModel, fn: FunctionInfo, p: ParameterInfo, depth = 0): boolean {
  return usesOf(model, fn, p.name).some((id) => {
    const parent = id.parent;
    if (!parent) return false;
    if (parent.type === "keyword_argument") {
      const keyword = parent.childForFieldName("name")?.text ?? "";
      if (UNIT_KEYWORD.test(keyword)) return true;
      const call = parent.parent?.parent;
      return call?.type === "call" && evidentInCallee(model, fn, call, keyword, -1, depth);
    }
    if (parent.type === "argument_list") {
      const call = parent.parent;
      const name = call?.type === "call" ? calleeName(call) : null;
      if (!call || !name) return false;
      if (SECONDS_CALLEES.has(name)) return true;
      const position = parent.namedChildren.findIndex((c) => c?.id === id.id);
      return evidentInCallee(model, fn, call, null, position, depth);
    }
    if (parent.type === "binary_operator" || parent.type === "comparison_operator") {
      // `time.monotonic() + timeout`, `time.time() - start < timeout`
      return parent.namedChildren.some((c) => !!c && readsClock(c));
    }
    return false;
  });
}

/**
 * The value handed on to a function of this file (`f(...)`, or a method of the caller's class
 * through `self.f(...)`/`cls.f(...)`), as `keyword=` or at `position`: is its unit evident where
 * that function sends it (`interval=interval` on to a helper that passes `timeout=interval`)?
 */
function evidentInCallee(
  model: ModuleModel,
  caller: FunctionInfo,
  call: Node,
  keyword: string | null,
  position: number,
  depth: number,
): boolean {
  if (depth >= 3) return false;
  const f = call.childForFieldName("function");
  if (!f) return false;
  let callee: FunctionInfo | undefined;
  if (f.type === "identifier")
    callee = model.functions.find((g) => !g.parentClass && !g.parentFunction && g.name === f.text);
  else if (f.type === "attribute" && /^(?:self|cls)$/.test(f.childForFieldName("object")?.text ?? "")) {
    const name = f.childForFieldName("attribute")?.text;
    callee = caller.parentClass?.methods.find((m) => m.name === name);
  }
  if (!callee || callee === caller) return false;
  let target: ParameterInfo | undefined;
  if (keyword !== null) target = callee.parameters.find((q) => q.name === keyword);
  else if (position >= 0) {
    // a method called through `self.`/`cls.`: its first parameter is bound already
    const offset = f.type === "attribute" && callee.decorators.every((d) => d.name !== "staticmethod") ? 1 : 0;
    const q = callee.parameters[position + offset];
    if (q?.kind === "positional" || q?.kind === "positional-only") target = q;
  }
  return !!target && unitEvidentFromUse(model, callee, target, depth + 1);
}

/** A clock call, or a difference or sum that starts with one (`time.time() - start`). */
function readsClock(n: Node): boolean {
  if (n.type === "call") return CLOCK.test(calleeName(n) ?? "");
  if (n.type === "parenthesized_expression") return !!n.namedChild(0) && readsClock(n.namedChild(0) as Node);
  if (n.type !== "binary_operator") return false;
  const left = n.childForFieldName("left");
  return left?.type === "call" && CLOCK.test(calleeName(left) ?? "");
}

/**
 * The body shows the value is not a duration at all: it divides a count (`n % interval`: every
 * Nth call), or it is an object whose attributes are read (`interval.second_precision`: a SQL
 * type; `timeout.total_seconds()`: a timedelta, which carries its unit).
 */
export function usedAsNonDuration(model: ModuleModel, fn: FunctionInfo, p: ParameterInfo): boolean {
  return model.identifiersNamedIn(p.name, fn.body.startIndex, fn.body.endIndex).some((id) => {
    const parent = id.parent;
    if (parent?.type === "attribute") return parent.childForFieldName("object")?.id === id.id;
    if (parent?.type !== "binary_operator" || parent.childForFieldName("right")?.id !== id.id) return false;
    return parent.childForFieldName("operator")?.type === "%";
  });
}

/** A function that is not private itself and is not a method of a private class. */
function isPublicFunction(fn: FunctionInfo): boolean {
  const dunder = /^__\w+__$/.test(fn.name);
  return (dunder || !fn.name.startsWith("_")) && !fn.parentClass?.name.startsWith("_") && !fn.parentFunction;
}

/**
 * Does a public function of the file hand its own parameter of that name to this (private)
 * function, directly or through other private ones: `def set_max_timeout(max_timeout):
 * _Wrapper.set_max_timeout(max_timeout)`? Then the public one is where the unit is documented
 * (or reported).
 */
export function forwardedByPublicCaller(model: ModuleModel, fn: FunctionInfo, p: ParameterInfo, depth = 0): boolean {
  // each call of it: `f(...)`, `x.f(...)`, `Class().f(...)`
  for (const id of model.identifiersNamed(fn.name)) {
    const callee = id.parent?.type === "attribute" ? id.parent : id;
    if (callee !== id && callee.childForFieldName("attribute")?.id !== id.id) continue;
    const call = callee.parent;
    if (call?.type !== "call" || call.childForFieldName("function")?.id !== callee.id) continue;
    const caller = model.innermostFunction(call.startIndex, call.endIndex);
    const own = caller?.parameters.find((q) => q.name === p.name);
    if (!caller || caller === fn || !own) continue;
    // a private caller counts when a public one hands the value on to it in turn
    if (!isPublicFunction(caller) && (depth >= 3 || !forwardedByPublicCaller(model, caller, own, depth + 1))) continue;
    const args = call.childForFieldName("arguments")?.namedChildren ?? [];
    const passes = args.some((a) => {
      if (a?.type === "identifier") return a.text === p.name;
      if (a?.type !== "keyword_argument") return false;
      return a.childForFieldName("name")?.text === p.name && a.childForFieldName("value")?.text === p.name;
    });
    if (passes) return true;
  }
  return false;
}

/** A multicast address or a hop among the function's parameters: a `ttl` beside them counts hops. */
const HOP_CONTEXT = /^(?:maddr|\w*m(?:ulti)?cast\w*|hops?|\w+_hops?)$/i;

/**
 * A `ttl` that is the IP time-to-live, a count of hops (a multicast URI's `ttl` beside `maddr`,
 * `setsockopt(IPPROTO_IP, IP_MULTICAST_TTL, ttl)`), not a duration.
 */
export function isHopCount(model: ModuleModel, fn: FunctionInfo, p: ParameterInfo): boolean {
  if (!/(?:^|_)ttl$/i.test(p.name)) return false;
  if (/m(?:ulti)?cast|hop/i.test(p.name) || fn.parameters.some((q) => HOP_CONTEXT.test(q.name))) return true;
  return /\bIP(?:V6)?_(?:MULTICAST_)?(?:TTL|HOPS)\b|\bIPV6_(?:UNICAST|MULTICAST)_HOPS\b/.test(
    model.text.slice(fn.body.startIndex, fn.body.endIndex),
  );
}

/**
 * A saved value of an option handed back to its setter (`set_option("connection_timeout",
 * original_connection_timeout)`): the call names the option the parameter's name ends with, whose
 * unit is the option's own.
 */
export function restoresOption(model: ModuleModel, fn: FunctionInfo, p: ParameterInfo): boolean {
  return usesOf(model, fn, p.name).some((id) => {
    const args = id.parent?.type === "argument_list" ? id.parent : null;
    if (!args) return false;
    return args.namedChildren.some((a) => {
      if (a?.type !== "string") return false;
      const option = a.text.replace(/^[rRuUbB]?(["'])|(["'])$/g, "");
      return /^\w+$/.test(option) && (p.name === option || p.name.endsWith(`_${option}`));
    });
  });
}

/**
 * Methods named after the standard library's whose `timeout` is seconds (`socket.settimeout`,
 * `Thread.join`, `Event.wait`, `Lock.acquire`), with the kind of object that owns each.
 */
const STANDARD_TIMEOUT_METHODS = new Map([
  ["settimeout", /\bsocket/i],
  ["join", /\bthread/i],
  ["wait", /\b(?:event|condition|thread)/i],
  ["acquire", /\b(?:lock|semaphore)/i],
]);

/**
 * A method that follows the standard library's interface of its name: `join(timeout=None)` that
 * hands the value straight to `event.wait(timeout=timeout)` (or another callee taking seconds), or
 * `settimeout(timeout)` in a class whose docstring says it is socket-like. Readers take its unit
 * from the interface it follows (not a `settimeout` that hands the value to a callee of its own).
 */
export function followsStandardSignature(model: ModuleModel, fn: FunctionInfo, p: ParameterInfo): boolean {
  const owner = STANDARD_TIMEOUT_METHODS.get(fn.name);
  if (!owner || !fn.parentClass || p.name !== "timeout") return false;
  const classDoc = fn.parentClass.docstring?.text ?? "";
  if (owner.test(classDoc)) return true;
  return usesOf(model, fn, p.name).some((id) => {
    const parent = id.parent;
    const call = parent?.type === "keyword_argument" ? parent.parent?.parent : parent?.parent;
    if (parent?.type === "keyword_argument" && parent.childForFieldName("name")?.text !== "timeout") return false;
    if (parent?.type !== "keyword_argument" && parent?.type !== "argument_list") return false;
    if (call?.type !== "call") return false;
    const name = calleeName(call) ?? "";
    if (SECONDS_CALLEES.has(name)) return true;
    // `select.select(rlist, wlist, xlist, timeout)`: its fourth argument is seconds (not `poll(timeout)`: milliseconds)
    return name === "select" && parent.type === "argument_list" && parent.namedChildren[3]?.id === id.id;
  });
}
