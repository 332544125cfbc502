// IMP001: `from m import *` hides where names come from; replace it with the names the file uses.
import * as path from "node:path";
import type { Node } from "web-tree-sitter";
import type { ImportInfo } from "../analysis/model";
import { annotationStringNames, MODULE_DUNDERS, moduleNames } from "../analysis/scopes";
import { indentationAt, lineStartOf, nextLineStart } from "../analysis/syntax";
import { indexOfFast } from "../analysis/textSearch";
import { deleteLinesOf, standsAlone } from "../fixes/imports";
import { formatFromImport, indentUnitOf, sortImportedNames } from "../fixes/fromImport";
import { lineBreakOf } from "../parsing/lineIndex";
import { sharedImportResolver, type ImportResolver, type StarSource } from "../resolve/importResolver";
import { summarize, type ModuleSummary } from "../resolve/moduleSummary";
import type { Fix, TextEdit } from "../core/types";
import type { Rule, RuleContext } from "./types";

const DEFAULT_LINE_LENGTH = 88;
const SHOWN_NAMES = 20;

function listNames(names: readonly string[]): string {
  if (names.length <= SHOWN_NAMES) return names.join(", ");
  return `${names.slice(0, SHOWN_NAMES).join(", ")} and ${names.length - SHOWN_NAMES} more`;
}

/** For each if/try statement above `node`: which branch holds it. */
function branchesOf(node: Node): Map<number, string> {
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
function exclusive(a: Map<number, string>, b: Map<number, string>): boolean {
  for (const [stmt, branchA] of a) {
    const branchB = b.get(stmt);
    if (branchB === undefined || branchB === branchA) continue;
    if (branchA.startsWith("if:")) return true;
    if (branchA === "try:finally" || branchB === "try:finally") continue;
    return true; // body vs handler, or two handlers
  }
  return false;
}

/**
 * Names listed in the file's own `__all__` (they must exist, so a star import may be supplying
 * them), including other modules' `__all__` it concatenates; `exact` is false when some part is computed.
 */
function ownAllNames(
  ctx: RuleContext,
  resolver: ImportResolver,
  summary: ModuleSummary,
): { names: string[]; exact: boolean; line: number } {
  const out = { names: [] as string[], exact: true, line: 0 };
  for (const op of summary.all ?? []) {
    if (op.op === "remove") continue;
    for (const p of op.parts) {
      if (p.kind === "names") out.names.push(...p.names);
      else if (p.kind === "ref") {
        const all = resolver.allOf(p.ref, ctx.path, ctx.root, ctx.settings);
        if (all) out.names.push(...all.names);
        if (!all?.exact) {
          out.exact = false;
          out.line ||= op.line;
        }
      } else if (p.kind === "dynamic") {
        out.exact = false;
        out.line ||= op.line;
      }
    }
  }
  return out;
}

const DUNDER = /^__\w+__$/;

/** Only imports, a docstring, dunder assignments (`__all__`, `__version__`), `del` and `pass`, also in if/try blocks. */
function onlyImports(statements: readonly Node[]): boolean {
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

interface Star {
  info: ImportInfo;
  source: StarSource;
  branches: Map<number, string>;
  names: Set<string>;
  /** name → the later star import that takes it from this one */
  lostTo: Map<string, Star>;
  /** name → earlier star imports this one takes it from */
  wonFrom: Map<string, Star[]>;
  /** Used names no module is known to export, attributed to this one (its names are not fully known). */
  guessed: string[];
}

function moduleText(info: ImportInfo): string {
  return info.module;
}

function lineOf(info: ImportInfo): number {
  return info.node.startPosition.row + 1;
}

/** The edits that delete unused star imports, keeping every block non-empty. */
function deletionEdits(text: string, star: Star, all: readonly Star[]): TextEdit[] {
  const node = star.info.node;
  const parent = node.parent;
  if (parent && parent.type === "block") {
    const deleted = all
      .filter((s) => s.names.size === 0 && s.source.origin !== "none" && s.info.node.parent?.id === parent.id)
      .map((s) => s.info.node.id);
    const remaining = parent.namedChildren.filter((c) => c && c.type !== "comment" && !deleted.includes(c.id));
    if (!remaining.length && deleted[0] === node.id)
      return [{ start: node.startIndex, end: node.endIndex, newText: "pass" }];
  }
  if (!standsAlone(text, node)) {
    // `from m import *; x = 1` → `x = 1`; `x = 1; from m import *` → `x = 1`
    const after = /^[ \t]*;[ \t]*/.exec(text.slice(node.endIndex));
    if (after && !/^[\r\n#]|^$/.test(text.slice(node.endIndex + after[0].length)))
      return [{ start: node.startIndex, end: node.endIndex + after[0].length, newText: "" }];
    const before = /[ \t]*;[ \t]*$/.exec(text.slice(lineStartOf(text, node.startIndex), node.startIndex));
    if (before) return [{ start: node.startIndex - before[0].length, end: node.endIndex, newText: "" }];
    return [{ start: node.startIndex, end: node.endIndex, newText: "pass" }];
  }
  return [deleteLinesOf(text, node)];
}

function replacementEdit(ctx: RuleContext, star: Star, names: string[]): TextEdit {
  const { text } = ctx;
  const node = star.info.node;
  const lineEnd = nextLineStart(text, node.endIndex);
  const rest = text.slice(node.endIndex, lineEnd).replace(/[\r\n]+$/, "");
  const m = /^(\s*)(#.*)$/.exec(rest);
  const comment = m ? m[2].trimEnd() : null;
  const gap = m ? m[1] : "";
  const indent = indentationAt(text, node.startIndex);
  const startsLine = text.slice(lineStartOf(text, node.startIndex), node.startIndex).trim() === "";
  const { text: statement, wrapped } = formatFromImport(moduleText(star.info), names, {
    indent: startsLine ? indent : "",
    unit: indentUnitOf(text),
    lineLength: ctx.settings.lineLength ?? DEFAULT_LINE_LENGTH,
    lineBreak: lineBreakOf(text),
    comment,
    gap,
  });
  if (wrapped && comment)
    return { start: node.startIndex, end: node.endIndex + rest.trimEnd().length, newText: statement };
  return { start: node.startIndex, end: node.endIndex, newText: statement };
}

/**
 * Does `import` followed by `*` (across spaces and line continuations only) occur in the text?
 * In a tree without syntax errors every star import is written so: a cheap test, before the
 * imports are read from the tree.
 */
function mentionsStarImport(text: string): boolean {
  for (let i = indexOfFast(text, "import"); i >= 0; i = indexOfFast(text, "import", i + 6)) {
    STAR_AFTER_IMPORT.lastIndex = i + 6;
    if (STAR_AFTER_IMPORT.test(text)) return true;
  }
  return false;
}
const STAR_AFTER_IMPORT = /(?:[ \t\f]|\\(?:\r\n|\r|\n))*\*/y;

export const wildcardImport: Rule = {
  meta: {
    code: "IMP001",
    name: "wildcard-import",
    category: "imports",
    reviewPoint: 1,
    severity: "warning",
    fixable: "sometimes",
    noqaAliases: ["F401", "F403", "F405"],
    summary: "`from m import *` hides where the file's names come from; import the names the file uses.",
    rationale:
      "A star import binds every public name of another module, so a reader (and a linter) cannot tell where a name comes from, " +
      "a later change to that module can silently shadow the file's names, and unused names are never flagged. " +
      "Listing the names the file actually uses keeps the behaviour and makes the dependency explicit.",
    example: "from neutron.agent.linux.utils import *\n\nexecute(['ip', 'link'])",
    useInstead: "from neutron.agent.linux.utils import execute\n\nexecute(['ip', 'link'])",
  },
  check(ctx) {
    const { model, text } = ctx;
    if (model.hasSyntaxErrors ? !text.includes("*") : !mentionsStarImport(text)) return;
    const infos = model.imports.filter((i) => i.star && i.kind === "from");
    if (!infos.length) return;
    const base = ctx.path ? path.basename(ctx.path) : "";
    if (base.endsWith(".pyi")) return;
    const isInit = base === "__init__.py";
    if (isInit && !ctx.settings.importsInInit) return;

    const resolver = ctx.resolver ?? sharedImportResolver(model.tree.language);
    const stars: Star[] = infos.map((info) => ({
      info,
      source: resolver.starSource(
        { module: info.module.slice(info.level), level: info.level },
        ctx.path,
        ctx.root,
        ctx.settings,
      ),
      branches: branchesOf(info.node),
      names: new Set(),
      lostTo: new Map(),
      wonFrom: new Map(),
      guessed: [],
    }));
    const names = moduleNames(model);
    const builtins = resolver.builtins(ctx.settings);

    // The names the star imports may be supplying: read from module scope and not bound by the
    // file, plus those the file's own `__all__` lists.
    const wanted = new Map<string, number>();
    for (const [name, use] of names.unbound) wanted.set(name, use.first.startIndex);
    for (const [name, at] of names.readBeforeBinding)
      if (stars.some((s) => s.source.names.has(name))) wanted.set(name, at);
    for (const name of annotationStringNames(model)) {
      if (!wanted.has(name) && !names.bound.has(name) && stars.some((s) => s.source.names.has(name)))
        wanted.set(name, -1);
    }
    const own = summarize(model.tree, text, false, isInit);
    const ownAll = ownAllNames(ctx, resolver, own);
    for (const name of ownAll.names) if (!names.bound.has(name) && !wanted.has(name)) wanted.set(name, -1);
    // Bound by the file only on some paths (`try: from nt import _isdir as isdir`): elsewhere the star import supplies it.
    for (const name of own.conditional) {
      if (wanted.has(name) || !(names.boundAndUsed.has(name) || ownAll.names.includes(name))) continue;
      if (stars.some((s) => s.source.names.has(name))) wanted.set(name, -1);
    }

    const undefinedNames: string[] = [];
    for (const [name] of wanted) {
      const exporters = stars.filter((s) => s.source.names.has(name));
      if (!exporters.length) {
        if (builtins.has(name) || MODULE_DUNDERS.has(name)) continue;
        // Not among the names read, but a module whose names are not fully known can supply it.
        const guess = [...stars].reverse().find((s) => s.source.origin !== "none" && !s.source.exact);
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
    undefinedNames.sort();

    // A name the file binds and a later star import rebinds: which one a use sees depends on order.
    const rebound: string[] = [];
    for (const [name, usedAt] of names.boundAndUsed) {
      const boundAt = names.bound.get(name) ?? 0;
      if (
        stars.some(
          (s) => s.source.names.has(name) && s.info.node.startIndex > boundAt && usedAt > s.info.node.startIndex,
        )
      )
        rebound.push(name);
    }

    const unresolved = stars.filter((s) => s.source.origin === "none");
    const allFromSource = stars.every(
      (s) => (s.source.origin === "source" || s.source.origin === "stub") && s.source.exact,
    );
    // A module that does nothing but import probably exists to re-export what it imports.
    const facade = isInit || onlyImports(model.statements);
    const safe =
      allFromSource &&
      !rebound.length &&
      !model.hasSyntaxErrors &&
      !facade &&
      ownAll.exact &&
      !stars.some((s) => [...s.names].some((n) => s.source.conditional.has(n)));
    const unsafeWhy: string[] = [];
    if (unresolved.length)
      unsafeWhy.push(
        `${unresolved.map((s) => `\`${s.source.label}\``).join(", ")} could not be read, and may supply or shadow names`,
      );
    for (const s of stars) {
      if (s.source.origin === "dynamic")
        unsafeWhy.push(`the names of \`${s.source.label}\` were listed by importing it, not read from source`);
      else if (s.source.origin !== "none" && !s.source.exact)
        unsafeWhy.push(`the names of \`${s.source.label}\` are not fully static: ${s.source.notes.join("; ")}`);
    }
    if (rebound.length)
      unsafeWhy.push(
        `${listNames(rebound)} ${rebound.length === 1 ? "is" : "are"} defined in this file and rebound by a later star import`,
      );
    if (model.hasSyntaxErrors) unsafeWhy.push("this file has syntax errors");
    if (!ownAll.exact)
      unsafeWhy.push(
        `this file's \`__all__\` is computed (line ${ownAll.line}), so which names it re-exports cannot all be checked`,
      );
    const sometimes = stars.flatMap((s) =>
      [...s.names].filter((n) => s.source.conditional.has(n)).map((n) => `\`${n}\` (\`${s.source.label}\`)`),
    );
    if (sometimes.length)
      unsafeWhy.push(
        `${sometimes.slice(0, 5).join(", ")}${sometimes.length > 5 ? ", …" : ""} ${sometimes.length === 1 ? "is" : "are"} defined only on some paths (an \`if\` or \`try\`), and an explicit import fails where it is not`,
      );
    if (isInit)
      unsafeWhy.push(
        "in a package's `__init__.py` a star import usually re-exports the module's names as the package's",
      );
    else if (facade)
      unsafeWhy.push(
        "this file does little but import, so it may exist to re-export these modules' names to its importers",
      );

    for (const s of stars) {
      const label = `\`${s.source.label}\``;
      if (s.source.origin === "none") {
        ctx.unchecked(`\`from ${s.source.label} import *\` (line ${lineOf(s.info)}): ${s.source.problem}`);
        const undef = undefinedNames.length
          ? ` The file uses ${listNames(undefinedNames)}, which no other star-imported module exports.`
          : "";
        ctx.report({
          start: s.info.node.startIndex,
          end: s.info.node.endIndex,
          message: `Wildcard import from ${label}: ${s.source.problem}.${undef}`,
        });
        continue;
      }
      const used = sortImportedNames(s.names);
      let message: string;
      if (used.length)
        message = `Wildcard import from ${label}: this file uses ${used.length} of its names: ${listNames(used)}.`;
      else message = `Wildcard import from ${label}: this file uses none of its names; the import can be deleted.`;
      const won = [...s.wonFrom].map(
        ([n, from]) =>
          `\`${n}\` is also exported by ${from.map((f) => `\`${f.source.label}\` (line ${lineOf(f.info)})`).join(", ")}; this later import wins`,
      );
      const lost = [...s.lostTo].map(
        ([n, to]) =>
          `\`${n}\` is also exported by \`${to.source.label}\` (line ${lineOf(to.info)}), which is imported later and wins`,
      );
      if (s.guessed.length) {
        const g = sortImportedNames(s.guessed);
        message += ` ${listNames(g)} ${g.length === 1 ? "is" : "are"} not among the names read from it, but no other module supplies ${g.length === 1 ? "it" : "them"}.`;
      }
      if (won.length || lost.length)
        message += ` ${[...won, ...lost].slice(0, 5).join("; ")}${won.length + lost.length > 5 ? "; …" : ""}.`;
      if (undefinedNames.length) {
        message += unresolved.length
          ? ` ${listNames(undefinedNames)} ${undefinedNames.length === 1 ? "is" : "are"} exported by no module that could be read (perhaps by ${unresolved.map((u) => `\`${u.source.label}\``).join(", ")}).`
          : ` Used but exported by no star-imported module (left undefined): ${listNames(undefinedNames)}.`;
      }
      if (!safe) message += ` The fix is unsafe: ${unsafeWhy.join("; ")}.`;
      const edits = used.length ? [replacementEdit(ctx, s, used)] : deletionEdits(text, s, stars);
      const title = used.length
        ? used.length <= 3
          ? `Replace with \`from ${moduleText(s.info)} import ${used.join(", ")}\``
          : `Import the ${used.length} names used from \`${moduleText(s.info)}\` explicitly`
        : `Delete the unused \`from ${moduleText(s.info)} import *\``;
      const fix: Fix = { title, safe, edits };
      ctx.report({ start: s.info.node.startIndex, end: s.info.node.endIndex, message, fixes: [fix] });
    }
  },
};
