// `pyreview rule CODE`: a rule's documentation from its metadata, offline (the README's section
// for it is generated from the same fields); also the records E999 and E902.
import { ALL_RULES } from "../rules";
import { ruleUrl } from "../rules/docs";
import type { RuleMeta } from "../rules/types";
import { RECORD_KINDS, RECORDS_URL } from "./records";

export type RuleDoc =
  | { kind: "rule"; meta: RuleMeta; url: string }
  | { kind: "record"; code: string; name: string; summary: string; url: string };

/** The rule or record a code (any case) or name names, or null. */
export function findRuleDoc(selector: string): RuleDoc | null {
  const wanted = selector.trim();
  const rule = ALL_RULES.find((r) => r.meta.code === wanted.toUpperCase() || r.meta.name === wanted.toLowerCase());
  if (rule) return { kind: "rule", meta: rule.meta, url: ruleUrl(rule.meta) };
  const record = RECORD_KINDS.find((k) => k.code === wanted.toUpperCase() || k.name === wanted.toLowerCase());
  return record ? { kind: "record", ...record, url: RECORDS_URL } : null;
}

const indent = (text: string): string =>
  text
    .split("\n")
    .map((line) => (line ? `    ${line}` : line))
    .join("\n");

export function formatRuleDoc(doc: RuleDoc): string {
  if (doc.kind === "record") return `${doc.code} ${doc.name}\n\n${doc.summary}\n\n${doc.url}\n`;
  const m = doc.meta;
  const facts = [m.preview ? "preview rule: runs with --preview, or when selected by code" : "default rule"];
  facts.push(`severity: ${m.severity}`, `category: ${m.category}`, `fix: ${m.fixable}`);
  if (m.reviewPoint) facts.push(`original review point ${m.reviewPoint}`);
  if (m.skipsTestFiles) facts.push("skips test files");
  if (m.bandit?.length) facts.push(`Bandit ${m.bandit.join(", ")}`);
  if (m.cwe) facts.push(`CWE-${m.cwe}`);
  if (m.noqaAliases?.length) facts.push(`# noqa: ${m.noqaAliases.join(", ")} also suppresses it`);
  return [
    `${m.code} ${m.name}`,
    "",
    m.summary,
    "",
    m.rationale,
    "",
    facts.join(" · "),
    "",
    "Example:",
    "",
    indent(m.example),
    "",
    "Use instead:",
    "",
    indent(m.useInstead),
    "",
    doc.url,
    "",
  ].join("\n");
}

export function ruleDocJson(doc: RuleDoc): string {
  const data =
    doc.kind === "rule"
      ? { ...doc.meta, url: doc.url }
      : { code: doc.code, name: doc.name, summary: doc.summary, url: doc.url };
  return `${JSON.stringify(data, null, 2)}\n`;
}
