// Parsing under a time budget. Some inputs cost tree-sitter far more than their size suggests
// (20,000 lines holding only `\` take about half a minute), so every parse of user text gets a
// deadline; past it the parse is cancelled and the text is reported as not analysed.
import type { Parser, Tree } from "web-tree-sitter";
import type { PythonParsing } from "./parser";

/** A budget that grows with the text: ordinary code parses at 0.5 to 2.5 s per MB here. */
export interface ParseBudget {
  baseMs: number;
  msPerMB: number;
}

/** The command line: a 10 MB file of the costliest ordinary shape still fits. */
export const CLI_PARSE_BUDGET: ParseBudget = { baseMs: 3000, msPerMB: 4000 };

/** The editor: a parse blocks every other document, so the deadline is short. */
export const EDITOR_PARSE_BUDGET: ParseBudget = { baseMs: 1000, msPerMB: 1000 };

export function budgetMs(budget: ParseBudget, textLength: number): number {
  return Math.round(budget.baseMs + (budget.msPerMB * textLength) / (1024 * 1024));
}

export type BudgetedParse = { tree: Tree; elapsedMs: number } | { tree: null; reason: string; elapsedMs: number };

/**
 * Parses `text` (incrementally from `oldTree`, already edited, when given) and gives up past
 * the budget. A cancelled parse would be resumed by the parser's next call whatever text that
 * call brings, so the parser is reset before returning.
 */
export function parseWithin(parser: Parser, text: string, oldTree: Tree | null, budget: ParseBudget): BudgetedParse {
  const limit = budgetMs(budget, text.length);
  const start = performance.now();
  const deadline = start + limit;
  let cancelled = false;
  // tree-sitter calls this every hundred or so parser operations; returning true cancels
  const progressCallback = (): boolean => (cancelled = performance.now() > deadline);
  const tree = parser.parse(text, oldTree, { progressCallback });
  const elapsedMs = performance.now() - start;
  if (tree) return { tree, elapsedMs };
  parser.reset();
  const reason = cancelled
    ? `not analysed: parsing took longer than its budget (${(limit / 1000).toFixed(1)} s)`
    : "the parser returned no tree";
  return { tree: null, reason, elapsedMs };
}

/**
 * The same parsing, every parse of a string under the budget: for code that parses on its own
 * (fix-all parses once per pass, and again to validate fixes). `overBudget` tells the first
 * cancellation; a cancelled parse returns null, which such code takes as "no tree", and so does
 * every parse after it (the text is reported as not analysed: no use paying the budget twice).
 */
export function withParseBudget(
  parsing: PythonParsing,
  budget: ParseBudget,
): { parsing: PythonParsing; overBudget(): string | null } {
  let reason: string | null = null;
  const parse: Parser["parse"] = (input, oldTree, options) => {
    if (typeof input !== "string" || options) return parsing.parser.parse(input, oldTree, options);
    if (reason) return null;
    const parsed = parseWithin(parsing.parser, input, oldTree ?? null, budget);
    if (!parsed.tree) reason ??= parsed.reason;
    return parsed.tree;
  };
  const parser = new Proxy(parsing.parser, {
    get(target, property) {
      if (property === "parse") return parse;
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
  return { parsing: { ...parsing, parser }, overBudget: () => reason };
}
