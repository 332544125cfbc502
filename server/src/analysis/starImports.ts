// Star imports (IMP001): found cheaply in the text; which of them can both run (branches of an
// `if` or `try`); whether a module does nothing but import (a facade re-exporting names); and
// which star import supplies each name the file uses, as Python would bind it.
import type { Node } from "web-tree-sitter";
import type { ImportInfo, ModuleModel } from "./model";
import { annotationStringNames, type ModuleNames } from "./scopes";
import { occursFollowedBy } from "./textSearch";

/**
 * Does `import` followed by `*` (across spaces and line continuations only) occur in the text?
 * In a tree without syntax errors every star import is written so: a cheap test, before the
 * imports are read from the tree.
 */
export function mentionsStarImport(text: string): boolean {
  return occursFollowedBy(text, "import", STAR_AFTER_IMPORT);
}
const STAR_AFTER_IMPORT = /(?:[ \t\f]|\\(?:\r\n|\r|\n))*\*/y;

/** For each if/try statement (by its start) above a node: which branch holds it. */
export type Branches = Map<number, string>;

/** For each if/try statement above `node`: which branch holds it. */
export function branchesOf(node: Node): Branches {
  const out = new Map<number, string>();
  let child = node;
  let parent = node.parent;
  while (parent && parent.type !== "module") {
    if (parent.type === "if_statement") {
      out.set(
        parent.startIndex,
        child.type === "elif_clause" || child.type === "else_clause" ? `if:${child.startIndex}` : "if:body",
      );
    } else if (parent.type === "try_statement") {
      const kind =
        child.type === "except_clause" || child.type === "except_group_clause"
          ? `try:except:${child.startIndex}`
          : child.type === "finally_clause"
            ? "try:finally"
            : "try:body";
      out.set(parent.startIndex, kind);
    }
    child = parent;
    parent = parent.parent;
  }
  return out;
}

/** Can never both run: different branches of one `if`, or a `try` body and one of its handlers (or two handlers). */
export function exclusive(a: Branches, b: Branches): boolean {
  for (const [stmt, branchA] of a) {
    const branchB = b.get(stmt);
    if (branchB === undefined || branchB === branchA) continue;
    if (branchA.startsWith("if:")) return true;
    if (branchA === "try:finally" || branchB === "try:finally") continue;
    return true; // body vs handler, or two handlers
  }
  return false;
}

/** What a star import supplies, as far as it is known (a resolver's StarSource). */
export interface StarExports {
  readonly names: ReadonlySet<string>;
  /** `none`: the module could not be read. */
  readonly origin: string;
  /** All its names are known. */
  readonly exact: boolean;
  /** Names it defines only under an `if` or in a `try` (when known). */
  readonly conditional?: ReadonlySet<string>;
}

/** A star import being given the names it supplies. */
export interface AttributedStar<S> {
  readonly info: ImportInfo;
  readonly source: StarExports;
  readonly branches: Branches;
  /** The used names it supplies. */
  readonly names: Set<string>;
  /** name → the later star import that takes it from this one */
  readonly lostTo: Map<string, S>;
  /** name → earlier star imports this one takes it from */
  readonly wonFrom: Map<string, S[]>;
  /** Used names no module is known to export, attributed to this one (its names are not fully known). */
  readonly guessed: string[];
  /** Used builtins this one defines only under an `if` or in a `try`: left to the builtin. */
  readonly conditionalBuiltins: string[];
}

/**
 * Gives each wanted name to the star import that binds it as Python would: the last one that
 * exports it, unless the two never both run. A name none exports goes to the last star import
 * whose names are not fully known and that may define it (`mayDefine`); the names left (none exports, none may, and they do not
 * exist anyway, as builtins do) are returned, sorted.
 */
export function attributeNames<S extends AttributedStar<S>>(
  stars: readonly S[],
  wanted: Iterable<string>,
  existsAnyway: (name: string) => boolean,
  mayDefine: (star: S, name: string) => boolean = () => true,
): string[] {
  const undefinedNames: string[] = [];
  for (const name of wanted) {
    const exporters = stars.filter((s) => s.source.names.has(name));
    // a builtin that the modules define only under an `if` or in a `try` (a Python 2 fallback,
    // `if not PY3: bool = int`): the file reads the builtin wherever they do not define it, and an
    // explicit import of it would fail there
    if (exporters.length && existsAnyway(name) && exporters.every((s) => s.source.conditional?.has(name))) {
      for (const s of exporters) s.conditionalBuiltins.push(name);
      continue;
    }
    if (!exporters.length) {
      if (existsAnyway(name)) continue;
      // Not among the names read, but a module whose names are not fully known can supply it.
      const guess = [...stars]
        .reverse()
        .find((s) => s.source.origin !== "none" && !s.source.exact && mayDefine(s, name));
      if (guess) {
        guess.names.add(name);
        guess.guessed.push(name);
      } else undefinedNames.push(name);
      continue;
    }
    for (let i = 0; i < exporters.length; i++) {
      const s = exporters[i];
      const later = exporters.slice(i + 1).find((t) => !exclusive(s.branches, t.branches));
      if (later) {
        s.lostTo.set(name, later);
        continue;
      }
      s.names.add(name);
      const earlier = exporters.slice(0, i).filter((t) => !exclusive(s.branches, t.branches));
      if (earlier.length) s.wonFrom.set(name, earlier);
    }
  }
  return undefinedNames.sort();
}

const DUNDER = /^__\w+__$/;

/**
 * The names the star imports may be supplying, in the order attribution sees them: read from
 * module scope and not bound by the file (or read before the file binds them), named in string
 * annotations or the file's own `__all__` (`ownAll`), or bound by the file only on some paths
 * (`ownConditional`).
 */
export function wantedNames<S extends AttributedStar<S>>(
  model: ModuleModel,
  names: ModuleNames,
  stars: readonly S[],
  ownAll: readonly string[],
  ownConditional: Iterable<string>,
): Set<string> {
  const exported = (name: string): boolean => stars.some((s) => s.source.names.has(name));
  const wanted = new Set<string>();
  for (const name of names.unbound.keys()) wanted.add(name);
  for (const name of names.readBeforeBinding.keys()) if (exported(name)) wanted.add(name);
  for (const name of annotationStringNames(model)) if (!names.bound.has(name) && exported(name)) wanted.add(name);
  for (const name of ownAll) if (!names.bound.has(name)) wanted.add(name);
  // Bound by the file only on some paths (`try: from nt import _isdir as isdir`): elsewhere the star import supplies it.
  for (const name of ownConditional)
    if ((names.boundAndUsed.has(name) || ownAll.includes(name)) && exported(name)) wanted.add(name);
  return wanted;
}

/** Names the file binds and a later star import rebinds before a use: which one the use sees depends on order. */
export function reboundNames<S extends AttributedStar<S>>(names: ModuleNames, stars: readonly S[]): string[] {
  const rebound: string[] = [];
  for (const [name, usedAt] of names.boundAndUsed) {
    const boundAt = names.bound.get(name) ?? 0;
    const at = (s: S): number => s.info.node.startIndex;
    if (stars.some((s) => s.source.names.has(name) && at(s) > boundAt && usedAt > at(s))) rebound.push(name);
  }
  return rebound;
}

/** `warnings.warn(...)`, `warn(...)`: a moved module's notice to its importers. */
const WARNING_CALL = /^(?:[A-Za-z_][\w.]*\.)?warn\s*\(/;

/**
 * Only imports, a docstring, dunder assignments (`__all__`, `__version__`), `del`, `pass` and a
 * deprecation warning (`warnings.warn("x has moved to y")`: a module kept at its old place for its
 * importers), also in if/try blocks.
 */
export function onlyImports(statements: readonly Node[]): boolean {
  return statements.every((stmt) => {
    switch (stmt.type) {
      case "comment":
      case "import_statement":
      case "import_from_statement":
      case "future_import_statement":
      case "pass_statement":
      case "delete_statement":
        return true;
      case "expression_statement": {
        const e = stmt.namedChild(0);
        if (!e) return true;
        if (e.type === "string" || e.type === "concatenated_string") return true;
        if (e.type === "call") return WARNING_CALL.test(e.text);
        return e.type === "assignment" && DUNDER.test(e.childForFieldName("left")?.text ?? "");
      }
      case "if_statement":
      case "try_statement":
        return onlyImports(
          stmt.namedChildren
            .flatMap((c) => {
              if (!c) return [];
              if (c.type === "block") return c.namedChildren;
              const inner = c.namedChildren.find((x) => x?.type === "block");
              return inner ? inner.namedChildren : [];
            })
            .filter((n): n is Node => !!n),
        );
      default:
        return false;
    }
  });
}

/** `except ImportError`, `except (ImportError, …)`, `except ModuleNotFoundError`, `except Exception`, a bare `except`. */
function catchesImportError(clause: Node): boolean {
  if (clause.type !== "except_clause") return false;
  const caught = clause.namedChildren.find((c) => c?.type !== "block" && c?.type !== "comment");
  if (!caught) return true;
  return /\b(?:ImportError|ModuleNotFoundError|Exception|BaseException)\b/.test(caught.text);
}

/**
 * A compatibility import: a star import in a `try` whose handler catches ImportError (or in that
 * handler, as the fallback), or in one branch of an `if` that has others (a version or platform
 * switch). Such a module re-exports whichever names are available: the star import is its API.
 */
export function isCompatibilityImport(node: Node): boolean {
  for (let parent = node.parent; parent && parent.type !== "module"; parent = parent.parent) {
    if (parent.type === "try_statement") {
      if (parent.namedChildren.some((c) => !!c && catchesImportError(c))) return true;
    } else if (parent.type === "if_statement") {
      if (parent.namedChildren.some((c) => c?.type === "elif_clause" || c?.type === "else_clause")) return true;
    } else if (parent.type === "except_clause" && catchesImportError(parent)) return true;
  }
  return false;
}

/** Words of a comment that says a star import is kept to re-export names (for old importers). */
const KEPT_FOR_IMPORTERS =
  /re-?export|backwards?[- ]compat|\bcompat(?:ibility)?\b|\bmoved?\b|\bold (?:code|imports?|names?|location)\b|\bimporters?\b/i;

/**
 * Does a comment on the import's line, or the comment block just above it, say it is kept for
 * those who import its names from here (`# re-export`, `# moved to w3lib.url; keeps old code working`)?
 */
export function explainedAsReexport(text: string, node: Node): boolean {
  const lineEnd = text.indexOf("\n", node.endIndex);
  const rest = text.slice(node.endIndex, lineEnd < 0 ? text.length : lineEnd);
  const hash = rest.indexOf("#");
  if (hash >= 0 && KEPT_FOR_IMPORTERS.test(rest.slice(hash))) return true;
  const lines = text.slice(0, node.startIndex).split(/\r?\n/);
  lines.pop(); // the import's own line, up to the import
  const block: string[] = [];
  while (lines.length && /^\s*#/.test(lines[lines.length - 1])) block.unshift(lines.pop() as string);
  return block.length > 0 && KEPT_FOR_IMPORTERS.test(block.join(" "));
}

/**
 * The words of a module's text, lower-cased, `-` read as `_` (`Accept-Ranges` → `accept_ranges`),
 * and whether it star-imports: a name its computed `__all__` may add is spelled somewhere in it.
 */
export function spelledNames(text: string): { words: Set<string>; starImports: boolean } {
  const words = new Set(
    text
      .toLowerCase()
      .replace(/-/g, "_")
      .split(/[^a-z0-9_]+/),
  );
  return { words, starImports: /^[ \t]*from[ \t]+\S+[ \t]+import[ \t]+\*/m.test(text) };
}

/** Does the file define (a top-level `def` or `class`) a name the star-imported module exports too? */
export function redefinesSome(exported: ReadonlySet<string>, model: ModuleModel): boolean {
  const top = (d: { parentClass: unknown; parentFunction: unknown; name: string }) =>
    !d.parentClass && !d.parentFunction && exported.has(d.name);
  return model.functions.some(top) || model.classes.some(top);
}
