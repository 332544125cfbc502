// IMP001: `from m import *` hides where names come from; replace it with the names the file uses.
import * as path from "node:path";
import { annotationStringNames, MODULE_DUNDERS, moduleNames } from "../analysis/bindings";
import type { ImportInfo } from "../analysis/model";
import {
  type AttributedStar,
  attributeNames,
  branchesOf,
  mentionsStarImport,
  onlyImports,
} from "../analysis/starImports";
import { sortImportedNames } from "../fixes/fromImport";
import { explicitImportEdit, starDeletionEdits } from "../fixes/starImport";
import { sharedImportResolver, type ImportResolver, type StarSource } from "../resolve/importResolver";
import { summarize, type ModuleSummary } from "../resolve/moduleSummary";
import type { Fix } from "../core/types";
import type { Rule, RuleContext } from "./types";

const SHOWN_NAMES = 20;

function listNames(names: readonly string[]): string {
  if (names.length <= SHOWN_NAMES) return names.join(", ");
  return `${names.slice(0, SHOWN_NAMES).join(", ")} and ${names.length - SHOWN_NAMES} more`;
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

interface Star extends AttributedStar<Star> {
  info: ImportInfo;
  source: StarSource;
}

function moduleText(info: ImportInfo): string {
  return info.module;
}

function lineOf(info: ImportInfo): number {
  return info.node.startPosition.row + 1;
}

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

    const undefinedNames = attributeNames(stars, wanted.keys(), (n) => builtins.has(n) || MODULE_DUNDERS.has(n));

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

    // (one fix deletes every unused star import it can read)
    const deleted = stars.filter((s) => s.names.size === 0 && s.source.origin !== "none").map((s) => s.info.node);
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
      const edits = used.length
        ? [explicitImportEdit(text, s.info.node, moduleText(s.info), used, ctx.settings.lineLength)]
        : starDeletionEdits(text, s.info.node, deleted);
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
