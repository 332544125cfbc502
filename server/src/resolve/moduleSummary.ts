// What a module file offers to `from m import *`, read from its syntax tree once: the names it
// binds at top level (in compound statements too, but not in functions or classes), its own star
// imports, and every static operation on `__all__`. Resolution of other modules happens later
// (exports.ts); this summary depends on the file's text alone, so it is cached by path and mtime.
import type { Node, Tree } from "web-tree-sitter";
import { stringParts } from "../analysis/syntax";
import { firstImpure } from "./sideEffects";

/** A module as an import statement names it: `..a.b` → { module: "a.b", level: 2 }. */
export interface ModuleRef {
  module: string;
  level: number;
}

export type AllPart =
  | { kind: "names"; names: string[] }
  /** `other.__all__`: the `__all__` of another module. */
  | { kind: "ref"; ref: ModuleRef; label: string }
  /** `__all__ = __all__ + [...]` */
  | { kind: "self" }
  | { kind: "dynamic"; why: string };

export interface AllOp {
  op: "set" | "add" | "remove";
  parts: AllPart[];
  line: number;
}

export interface ModuleSummary {
  isStub: boolean;
  /** Names bound at top level, with the 1-based line of the first binding. */
  bindings: Map<string, number>;
  /** In stubs: names bound by a plain import (not `import x as x`), which a stub does not re-export. */
  stubImportOnly: Set<string>;
  /** Its own star imports (`conditional`: inside an if/try/loop block). */
  stars: Array<ModuleRef & { line: number; conditional: boolean }>;
  /** Operations on `__all__`, in order; null when the module never assigns it. */
  all: AllOp[] | null;
  /** Names deleted by an unconditional top-level `del`. */
  deleted: Set<string>;
  /** Modules bound to names by imports (for `name.__all__`). */
  moduleRefs: Map<string, ModuleRef>;
  /** 1-based line of the first syntax error, if any. */
  syntaxErrorLine: number | null;
  /** Why the top-level names may be more than these (e.g. `globals().update(...)`). */
  dynamicNotes: string[];
  /** Names bound by plain `import x` statements (module objects). */
  importedModules: Set<string>;
  /** Names bound by `from m import x` (what the module takes from others, not what it defines). */
  fromImported: Set<string>;
  /** Names functions declare `global` and the top level never binds: bound when those functions run. */
  functionGlobals: Set<string>;
  /** Top-level names bound only on some paths (one branch of an `if`, a `try` body, a loop). */
  conditional: Set<string>;
  /** The first top-level statement that may run code on import (a call, a decorator, a loop…), or null. */
  sideEffect: { line: number; text: string } | null;
  /** The modules the top level imports (importing them may run code too). */
  importRefs: ModuleRef[];
}

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;

function lineOf(node: Node): number {
  return node.startPosition.row + 1;
}

function firstError(node: Node): Node | null {
  if (node.isError || node.isMissing) return node;
  if (!node.hasError) return null;
  for (const child of node.children) {
    const hit = child ? firstError(child) : null;
    if (hit) return hit;
  }
  return node;
}

function refOf(text: string): ModuleRef {
  const stripped = text.replace(/\s+/g, "");
  const level = /^\.*/.exec(stripped)?.[0].length ?? 0;
  return { module: stripped.slice(level), level };
}

export function summarize(tree: Tree, text: string, isStub: boolean, isPackageInit: boolean): ModuleSummary {
  const summary: ModuleSummary = {
    isStub,
    bindings: new Map(),
    stubImportOnly: new Set(),
    stars: [],
    all: null,
    deleted: new Set(),
    moduleRefs: new Map(),
    syntaxErrorLine: null,
    dynamicNotes: [],
    importedModules: new Set(),
    fromImported: new Set(),
    functionGlobals: new Set(),
    conditional: new Set(),
    sideEffect: null,
    importRefs: [],
  };
  // The names each open block binds on every path through it (innermost last).
  const frames: Array<Set<string>> = [new Set()];
  // top-level lists of names (`_classes = ["A", "B"]`), for `__all__ = _classes + [...]`
  const listVars = new Map<string, AllPart[]>();
  // `from m import __all__ as _m_all`
  const allAliases = new Map<string, ModuleRef>();
  const root = tree.rootNode;
  if (root.hasError) {
    const err = firstError(root);
    summary.syntaxErrorLine = err ? lineOf(err) : 1;
  }
  const bind = (name: string, node: Node): void => {
    frames[frames.length - 1].add(name);
    if (!summary.bindings.has(name)) summary.bindings.set(name, lineOf(node));
    summary.deleted.delete(name);
  };
  const allOp = (op: AllOp["op"], parts: AllPart[], node: Node): void => {
    if (op === "set" && parts.some((p) => p.kind === "self")) op = "add";
    (summary.all ??= []).push({ op, parts: parts.filter((p) => p.kind !== "self"), line: lineOf(node) });
  };

  const partsOf = (expr: Node | null): AllPart[] => {
    if (!expr) return [{ kind: "dynamic", why: "no value" }];
    switch (expr.type) {
      case "list":
      case "tuple":
      case "set": {
        const parts: AllPart[] = [];
        const names: string[] = [];
        for (const el of expr.namedChildren) {
          if (!el || el.type === "comment") continue;
          if (el.type === "string") {
            const s = stringParts(el);
            if (s && !s.interpolated && IDENT.test(s.body)) names.push(s.body);
            else parts.push({ kind: "dynamic", why: `an element \`${el.text.slice(0, 40)}\`` });
          } else if (el.type === "list_splat") {
            parts.push(...partsOf(el.namedChild(0)));
          } else {
            parts.push({ kind: "dynamic", why: `an element \`${el.text.slice(0, 40)}\`` });
          }
        }
        return [{ kind: "names", names }, ...parts];
      }
      case "parenthesized_expression":
        return partsOf(expr.namedChild(0));
      case "binary_operator": {
        const op = expr.childForFieldName("operator")?.type;
        if (op === "+")
          return [...partsOf(expr.childForFieldName("left")), ...partsOf(expr.childForFieldName("right"))];
        break;
      }
      case "identifier": {
        const name = expr.text;
        if (name === "__all__") return [{ kind: "self" }];
        const aliased = allAliases.get(name);
        if (aliased) return [{ kind: "ref", ref: aliased, label: ".".repeat(aliased.level) + aliased.module }];
        const list = listVars.get(name);
        if (list) return list.map((p) => (p.kind === "names" ? { kind: "names", names: [...p.names] } : p));
        break;
      }
      case "attribute": {
        if (expr.childForFieldName("attribute")?.text !== "__all__") break;
        const object = expr.childForFieldName("object");
        const dotted = object ? dottedText(object) : null;
        if (!dotted) break;
        const [head, ...rest] = dotted.split(".");
        const bound = summary.moduleRefs.get(head);
        if (bound) {
          const module = rest.length
            ? bound.module
              ? `${bound.module}.${rest.join(".")}`
              : rest.join(".")
            : bound.module;
          return [{ kind: "ref", ref: { module, level: bound.level }, label: dotted }];
        }
        // In a package's __init__, `sub.__all__` names the submodule a `from .sub import *` bound.
        if (isPackageInit) return [{ kind: "ref", ref: { module: dotted, level: 1 }, label: dotted }];
        break;
      }
      case "call": {
        const fn = expr.childForFieldName("function")?.text;
        const args = expr.childForFieldName("arguments");
        if ((fn === "list" || fn === "tuple" || fn === "sorted") && args && args.namedChildCount === 1)
          return partsOf(args.namedChild(0));
        break;
      }
    }
    return [{ kind: "dynamic", why: `\`${expr.text.replace(/\s+/g, " ").slice(0, 60)}\`` }];
  };

  const bindTarget = (target: Node | null): void => {
    if (!target) return;
    switch (target.type) {
      case "identifier":
        bind(target.text, target);
        break;
      case "pattern_list":
      case "tuple_pattern":
      case "list_pattern":
      case "tuple":
      case "list":
      case "expression_list":
      case "parenthesized_expression":
      case "list_splat_pattern":
      case "list_splat":
        for (const c of target.namedChildren) bindTarget(c);
        break;
    }
  };

  const assignment = (node: Node): void => {
    const left = node.childForFieldName("left");
    const right = node.childForFieldName("right");
    if (left?.type === "identifier" && left.text === "__all__") {
      if (right) allOp("set", partsOf(right.type === "assignment" ? right.childForFieldName("right") : right), node);
      else if (isStub) summary.all ??= [];
    } else if (right || isStub) {
      bindTarget(left);
      if (
        left?.type === "identifier" &&
        right &&
        (right.type === "list" || right.type === "tuple" || right.type === "binary_operator")
      ) {
        const parts = partsOf(right);
        if (parts.every((p) => p.kind === "names" || p.kind === "ref")) listVars.set(left.text, parts);
        else listVars.delete(left.text);
      } else if (left?.type === "identifier") listVars.delete(left.text);
    }
    if (right?.type === "assignment") assignment(right); // a = b = 1
  };

  const importStatement = (node: Node): void => {
    for (const child of node.namedChildren) {
      if (!child) continue;
      if (child.type === "dotted_name") {
        const head = child.namedChild(0)?.text;
        if (!head) continue;
        bind(head, child);
        summary.importedModules.add(head);
        if (!summary.moduleRefs.has(head)) summary.moduleRefs.set(head, { module: head, level: 0 });
        if (isStub) summary.stubImportOnly.add(head);
      } else if (child.type === "aliased_import") {
        const name = child.childForFieldName("name")?.text.replace(/\s+/g, "");
        const alias = child.childForFieldName("alias")?.text;
        if (!name || !alias) continue;
        bind(alias, child);
        summary.importedModules.add(alias);
        if (!summary.moduleRefs.has(alias)) summary.moduleRefs.set(alias, { module: name, level: 0 });
        if (isStub && alias !== name) summary.stubImportOnly.add(alias);
      }
    }
  };

  const fromImport = (node: Node): void => {
    const moduleNode = node.childForFieldName("module_name");
    const from = moduleNode ? refOf(moduleNode.text) : { module: "", level: 0 };
    let star = false;
    for (const child of node.namedChildren) {
      if (!child || (moduleNode && child.id === moduleNode.id)) continue;
      if (child.type === "wildcard_import") {
        star = true;
      } else if (child.type === "dotted_name" || child.type === "aliased_import") {
        const name = child.type === "dotted_name" ? child.text : child.childForFieldName("name")?.text;
        const alias = child.type === "aliased_import" ? child.childForFieldName("alias")?.text : name;
        if (!name || !alias) continue;
        bind(alias, child);
        summary.fromImported.add(alias);
        if (name === "__all__") allAliases.set(alias, from);
        else if (!summary.moduleRefs.has(alias))
          summary.moduleRefs.set(alias, { module: from.module ? `${from.module}.${name}` : name, level: from.level });
        if (isStub && !(child.type === "aliased_import" && alias === name)) summary.stubImportOnly.add(alias);
      }
    }
    if (star) summary.stars.push({ ...from, line: lineOf(node), conditional: frames.length > 2 });
    // `from .sub import x` in a package's __init__ also binds `sub` (the submodule) in the package.
    if (isPackageInit && from.level === 1 && from.module) {
      const head = from.module.split(".")[0];
      if (!summary.bindings.has(head)) {
        bind(head, node);
        summary.moduleRefs.set(head, { module: head, level: 1 });
        if (isStub) summary.stubImportOnly.add(head);
      }
    }
  };

  const expressionStatement = (node: Node): void => {
    const expr = node.namedChild(0);
    if (!expr) return;
    if (expr.type === "assignment") {
      assignment(expr);
      return;
    }
    if (expr.type === "augmented_assignment") {
      const left = expr.childForFieldName("left");
      if (left?.type === "identifier" && left.text === "__all__") {
        const op = expr.childForFieldName("operator")?.text ?? expr.child(1)?.text;
        if (op === "+=" || op === "|=") allOp("add", partsOf(expr.childForFieldName("right")), expr);
        else allOp("add", [{ kind: "dynamic", why: `\`__all__ ${op} ...\`` }], expr);
      } else {
        bindTarget(left);
        const list = left?.type === "identifier" ? listVars.get(left.text) : undefined;
        if (list && left) {
          const more = partsOf(expr.childForFieldName("right"));
          if (more.every((p) => p.kind === "names" || p.kind === "ref")) list.push(...more);
          else listVars.delete(left.text);
        }
      }
      return;
    }
    if (expr.type === "call") {
      const fn = expr.childForFieldName("function");
      const args = expr.childForFieldName("arguments");
      if (fn?.type === "attribute" && fn.childForFieldName("object")?.text === "__all__") {
        const method = fn.childForFieldName("attribute")?.text;
        const argList = args?.namedChildren.filter((a): a is Node => !!a && a.type !== "comment") ?? [];
        if (method === "extend" && argList.length === 1) allOp("add", partsOf(argList[0]), expr);
        else if ((method === "append" || method === "remove") && argList.length === 1) {
          const s = argList[0].type === "string" ? stringParts(argList[0]) : null;
          const parts: AllPart[] =
            s && !s.interpolated && IDENT.test(s.body)
              ? [{ kind: "names", names: [s.body] }]
              : [{ kind: "dynamic", why: `\`${expr.text.slice(0, 60)}\`` }];
          allOp(method === "append" ? "add" : "remove", parts, expr);
        } else if (method === "insert" && argList.length === 2) {
          const s = argList[1].type === "string" ? stringParts(argList[1]) : null;
          allOp(
            "add",
            s && IDENT.test(s.body)
              ? [{ kind: "names", names: [s.body] }]
              : [{ kind: "dynamic", why: `\`${expr.text.slice(0, 60)}\`` }],
            expr,
          );
        } else if (
          method &&
          method !== "sort" &&
          method !== "reverse" &&
          method !== "index" &&
          method !== "count" &&
          method !== "copy"
        ) {
          allOp("add", [{ kind: "dynamic", why: `\`${expr.text.replace(/\s+/g, " ").slice(0, 60)}\`` }], expr);
        }
        return;
      }
      const callee = fn?.text ?? "";
      if (
        /^(globals\(\)|vars\(\)|locals\(\))\.(update|setdefault)$/.test(callee) ||
        (callee === "setattr" && args?.namedChild(0)?.text.startsWith("sys.modules"))
      ) {
        summary.dynamicNotes.push(`\`${callee}(...)\` at line ${lineOf(expr)} adds names at run time`);
      }
    }
  };

  /** A block that ends in `raise` never falls through: it constrains nothing after it. */
  const RAISES = new Set<string>();
  /** Walks a block; returns the names it binds on every path that continues after it. */
  const block = (container: Node | null, conditional: boolean): Set<string> => {
    const frame = new Set<string>();
    if (!container) return frame;
    frames.push(frame);
    let last: Node | null = null;
    for (const stmt of container.namedChildren) {
      if (!stmt) continue;
      statement(stmt, conditional);
      if (stmt.type !== "comment") last = stmt;
    }
    frames.pop();
    return conditional && last?.type === "raise_statement" ? RAISES : frame;
  };
  const definitely = (names: Iterable<string>): void => {
    for (const n of names) frames[frames.length - 1].add(n);
  };
  const intersection = (sets: Array<Set<string>>): Set<string> => {
    const live = sets.filter((s) => s !== RAISES);
    const [first, ...rest] = live;
    return new Set([...(first ?? [])].filter((n) => rest.every((s) => s.has(n))));
  };

  const statement = (stmt: Node, conditional: boolean): void => {
    switch (stmt.type) {
      case "function_definition":
      case "class_definition": {
        const name = stmt.childForFieldName("name");
        if (name) bind(name.text, name);
        break;
      }
      case "decorated_definition":
        statement(stmt.childForFieldName("definition") ?? stmt, conditional);
        break;
      case "expression_statement":
        expressionStatement(stmt);
        break;
      case "import_statement":
        importStatement(stmt);
        break;
      case "import_from_statement":
        fromImport(stmt);
        break;
      case "future_import_statement":
        for (const c of stmt.namedChildren) {
          if (c?.type === "dotted_name") bind(c.text, c);
          else if (c?.type === "aliased_import") {
            const alias = c.childForFieldName("alias")?.text;
            if (alias) bind(alias, c);
          }
        }
        break;
      case "type_alias_statement": {
        const left = stmt.childForFieldName("left");
        const id = left?.type === "type" ? left.namedChild(0) : left;
        if (id?.type === "identifier") bind(id.text, id);
        break;
      }
      case "delete_statement":
        if (!conditional) {
          const target = stmt.namedChild(0);
          const targets = target?.type === "expression_list" ? target.namedChildren : [target];
          for (const t of targets) {
            if (t?.type === "identifier" && summary.bindings.has(t.text)) {
              summary.bindings.delete(t.text);
              summary.deleted.add(t.text);
            }
          }
        }
        break;
      case "if_statement": {
        const branches = [block(stmt.childForFieldName("consequence"), true)];
        let hasElse = false;
        for (const alt of stmt.namedChildren) {
          if (alt?.type === "elif_clause") branches.push(block(alt.childForFieldName("consequence"), true));
          else if (alt?.type === "else_clause") {
            branches.push(block(alt.childForFieldName("body"), true));
            hasElse = true;
          }
        }
        if (hasElse) definitely(intersection(branches));
        break;
      }
      case "try_statement": {
        const body = block(stmt.childForFieldName("body"), true);
        const handlers: Array<Set<string>> = [];
        let final = new Set<string>();
        for (const clause of stmt.namedChildren) {
          if (!clause) continue;
          const inner = clause.namedChildren.find((c) => c?.type === "block") ?? null;
          if (clause.type === "except_clause" || clause.type === "except_group_clause")
            handlers.push(block(inner, true));
          else if (clause.type === "finally_clause") final = block(inner, true);
          else if (clause.type === "else_clause" && body !== RAISES)
            for (const n of block(clause.childForFieldName("body"), true)) body.add(n);
        }
        definitely(handlers.length ? intersection([body, ...handlers]) : body);
        definitely(final);
        break;
      }
      case "for_statement":
        frames.push(new Set()); // a loop over nothing binds nothing
        bindTarget(stmt.childForFieldName("left"));
        frames.pop();
        block(stmt.childForFieldName("body"), true);
        block(stmt.childForFieldName("alternative")?.childForFieldName("body") ?? null, true);
        break;
      case "while_statement":
        block(stmt.childForFieldName("body"), true);
        block(stmt.childForFieldName("alternative")?.childForFieldName("body") ?? null, true);
        break;
      case "with_statement": {
        const clause = stmt.namedChildren.find((c) => c?.type === "with_clause");
        for (const item of clause?.namedChildren ?? []) {
          const value = item?.childForFieldName("value");
          if (value?.type === "as_pattern") bindTarget(value.childForFieldName("alias")?.namedChild(0) ?? null);
        }
        definitely(block(stmt.childForFieldName("body"), true));
        break;
      }
      case "match_statement":
        for (const c of stmt.childForFieldName("body")?.namedChildren ?? []) {
          if (c?.type === "case_clause") block(c.childForFieldName("consequence"), true);
        }
        break;
    }
  };

  const always = block(root, false);
  const impure = firstImpure(root, summary.importRefs);
  if (impure) summary.sideEffect = { line: lineOf(impure), text: impure.text.split(/\r?\n/)[0].slice(0, 60) };
  for (const [name] of summary.bindings) if (!always.has(name)) summary.conditional.add(name);
  // Names made at run time where the walk above does not look: `globals().update(...)` in a function,
  // `exec`, `setattr(sys.modules[__name__], ...)`, and `global X` in functions.
  const lineAt = (index: number): number => {
    let n = 1;
    for (let i = text.indexOf("\n"); i >= 0 && i < index; i = text.indexOf("\n", i + 1)) n++;
    return n;
  };
  const runtime =
    /\b(?:globals\(\)\s*(?:\.\s*(?:update|setdefault|__setitem__)\s*\(|\[[^\]\n]*\]\s*=[^=])|vars\(\)\s*\.\s*update\s*\(|sys\.modules\s*\[\s*__name__\s*\]|exec\s*\()/.exec(
      text,
    );
  if (runtime && !summary.dynamicNotes.some((n) => n.includes(`line ${lineAt(runtime.index)} `))) {
    summary.dynamicNotes.push(
      `\`${runtime[0].replace(/\s+/g, "")}\` at line ${lineAt(runtime.index)} may add names at run time`,
    );
  }
  if (text.includes("global ")) {
    const re = /^[ \t]+global[ \t]+([A-Za-z_][\w \t,]*)/gm;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      for (const name of m[1].split(",").map((x) => x.trim())) {
        if (/^[A-Za-z_]\w*$/.test(name) && !summary.bindings.has(name)) summary.functionGlobals.add(name);
      }
    }
  }
  // `__all__` changed where the walk above does not look (inside functions: `@export` decorators)
  if (summary.all && text.includes("__all__")) {
    const seen = new Set(summary.all.map((op) => op.line));
    const re = /\b__all__\s*(?:\.\s*(?:append|extend|insert|remove|pop|clear)\s*\(|\+=|\[[^\]\n]*\]\s*=[^=])/g;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      const line = text.slice(0, m.index).split("\n").length;
      if (seen.has(line)) continue;
      summary.all.push({ op: "add", parts: [{ kind: "dynamic", why: `\`${m[0].trim()}\` at line ${line}` }], line });
      break;
    }
  }
  return summary;
}

function dottedText(node: Node): string | null {
  if (node.type === "identifier") return node.text;
  if (node.type === "attribute") {
    const o = node.childForFieldName("object");
    const a = node.childForFieldName("attribute");
    const head = o ? dottedText(o) : null;
    return head && a ? `${head}.${a.text}` : null;
  }
  return null;
}
