// The review report (Markdown), generated from findings and rule metadata. The same text
// comes from `pyreview review` and from the `pyreview.review` command.
import { ALL_RULES, ruleByCode } from "../rules";
import { ruleUrl } from "../rules/docs";
import type { Severity } from "../core/types";
import type { Category } from "../rules/types";
import type { LocatedFinding } from "../engine/located";
import { readNotebook } from "../parsing/notebookJson";

/** A finding as the report shows it: located, with a before/after of its safe fix when small. */
export type ReviewFinding = LocatedFinding & { preview?: string | null };

export interface ReviewInput {
  /** Path shown in the heading. */
  displayPath: string;
  /**
   * Where links to lines point: a path relative to the report (Markdown previews resolve those
   * and honour `#L10`; they refuse `file:` links), or a URI; null for an unsaved buffer.
   */
  linkTarget: string | null;
  source: string;
  findings: readonly ReviewFinding[];
  unchecked: readonly string[];
  /** Codes of the rules that ran on this file. */
  rulesRun: readonly string[];
  /** Preview rules that `preview` would have run on this file (named in "What was checked"). */
  previewOff?: readonly string[];
  /** Set when the file was skipped entirely. */
  skipped?: string;
  /** Findings a baseline holds that are not shown (or shown as hints), if a baseline applies. */
  baselined?: number;
}

const CATEGORY_TITLES: Record<Category, string> = {
  imports: "Imports",
  configuration: "Configuration",
  "context-managers": "Context managers",
  errors: "Error handling",
  documentation: "Documentation",
  security: "Security",
  logging: "Logging",
  suppression: "Suppressions",
};

const SEVERITY_ORDER: Severity[] = ["error", "warning", "information", "hint"];

/** A Markdown link destination for a path or URI (spaces and parentheses escaped). */
export function linkDestination(target: string): string {
  return target.includes("://")
    ? target
    : encodeURI(target.split("\\").join("/")).replace(/\(/g, "%28").replace(/\)/g, "%29");
}

function link(input: ReviewInput, line: number, cell?: number): string {
  if (cell) return `cell ${cell}, line ${line}`; // a Markdown preview cannot open a notebook at a cell
  return lineLink(input.linkTarget, line);
}

/**
 * A code fence for `content`, longer than any run of backticks in it (CommonMark closes a fence
 * at a line of as many backticks or more): a quoted line may itself start with three.
 */
function fenceFor(content: string): string {
  const longest = Math.max(0, ...(content.match(/`{3,}/g) ?? []).map((run) => run.length));
  return "`".repeat(longest ? longest + 1 : 3);
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

/** One numbered point of a review: the finding, its line quoted, why it matters, and its fix. */
export function reviewPoint(point: number, f: ReviewFinding, where: string, line: string): string[] {
  const out: string[] = [];
  const rule = ruleByCode(f.code);
  const quoted = line.trim();
  out.push(`${point}. **${f.code} ${f.name}** (${f.severity}, ${where}): ${f.message}`);
  if (quoted) {
    const fence = fenceFor(quoted);
    out.push("", `   ${fence}python`, `   ${quoted}`, `   ${fence}`);
  }
  if (rule) out.push("", `   Why: ${rule.meta.rationale} [More](${ruleUrl(rule.meta)})`);
  if (f.fix) {
    out.push("", `   Fix${f.fix.safe ? " (safe)" : " (unsafe: review the result)"}: ${f.fix.title}.`);
    if (f.fix.safe && f.preview) {
      const fence = fenceFor(f.preview);
      out.push("", `   ${fence}diff`, ...f.preview.split("\n").map((l) => `   ${l}`), `   ${fence}`);
    }
  }
  out.push("");
  return out;
}

/** A link to a line of a file: `target` a path relative to the report, or a URI; null: no link. */
export function lineLink(target: string | null, line: number): string {
  return target ? `[line ${line}](${linkDestination(target)}#L${line})` : `line ${line}`;
}

export function reviewMarkdown(input: ReviewInput): string {
  const out: string[] = [`# Review of \`${input.displayPath}\``, ""];
  if (input.skipped) {
    out.push(`Not reviewed: ${input.skipped}.`, "");
    return out.join("\n");
  }
  const lines = input.source.split(/\r\n|\n|\r/);
  const { findings } = input;
  // a notebook's findings are placed in cells: their lines are the cells' own
  const notebook = findings.some((f) => f.cell) ? readNotebook(input.source) : null;
  const lineOf = (f: ReviewFinding): string | undefined =>
    f.cell
      ? notebook?.ok
        ? notebook.notebook.cells[f.cell - 1]?.text.split(/\r\n|\n|\r/)[f.line - 1]
        : undefined
      : lines[f.line - 1];
  const bySeverity = SEVERITY_ORDER.map((s) => [s, findings.filter((f) => f.severity === s).length] as const).filter(
    ([, n]) => n > 0,
  );
  const fixable = findings.filter((f) => f.fix).length;
  if (!findings.length) {
    out.push(
      `No findings from the ${plural(input.rulesRun.length, "check")} that ran. This does not mean the file has no defects; see what was checked below.`,
      "",
    );
  } else {
    const categories = new Map<Category, number>();
    for (const f of findings) {
      const c = ruleByCode(f.code)?.meta.category;
      if (c) categories.set(c, (categories.get(c) ?? 0) + 1);
    }
    out.push(
      `**${plural(findings.length, "finding")}**: ${bySeverity.map(([s, n]) => `${n} ${s}`).join(", ")}. ` +
        `By category: ${[...categories].map(([c, n]) => `${CATEGORY_TITLES[c]} ${n}`).join(", ")}. ` +
        `${fixable} ${fixable === 1 ? "has a" : "have a"} quick fix.`,
      "",
    );
  }
  if (input.baselined) {
    out.push(
      `${plural(input.baselined, "finding")} recorded in the baseline ${input.baselined === 1 ? "is" : "are"} not shown (setting \`baseline\`).`,
      "",
    );
  }
  let point = 0;
  const categoryOrder = Object.keys(CATEGORY_TITLES) as Category[];
  for (const category of categoryOrder) {
    const inCategory = findings.filter((f) => ruleByCode(f.code)?.meta.category === category);
    if (!inCategory.length) continue;
    out.push(`## ${CATEGORY_TITLES[category]}`, "");
    for (const f of inCategory) out.push(...reviewPoint(++point, f, link(input, f.line, f.cell), lineOf(f) ?? ""));
  }
  out.push("## What was checked", "");
  const ran = ALL_RULES.filter((r) => input.rulesRun.includes(r.meta.code));
  out.push(
    ran.length
      ? ran.map((r) => `- ${r.meta.code} ${r.meta.name}: ${r.meta.summary}`).join("\n")
      : "- No rules were enabled for this file.",
    "",
  );
  if (input.previewOff?.length) {
    out.push(
      `Not run: the preview rules (${input.previewOff.join(", ")}), not yet measured at 90% true or better on code nobody tuned them on. Turn on \`preview\` (\`--preview\`, \`pyreview.preview\`, \`[tool.pyreview] preview = true\`) to run them too.`,
      "",
    );
  }
  const security = ran.filter((r) => r.meta.category === "security");
  out.push("### Security", "");
  if (security.length) {
    for (const r of security) {
      const n = findings.filter((f) => f.code === r.meta.code).length;
      const skipped = input.unchecked.find((u) => u.startsWith(`${r.meta.code}: `));
      const result = n
        ? plural(n, "finding")
        : skipped
          ? `not checked: ${skipped.slice(r.meta.code.length + 2)}`
          : "nothing found";
      const refs = [
        r.meta.bandit?.length ? `Bandit ${r.meta.bandit.join("/")}` : "",
        r.meta.cwe ? `CWE-${r.meta.cwe}` : "",
      ]
        .filter(Boolean)
        .join(", ");
      out.push(`- ${r.meta.code} ${r.meta.name}${refs ? ` (${refs})` : ""}: ${result}.`);
    }
    out.push(
      "",
      "Only the checks listed here were made; their silence is not a claim that the file is free of security defects.",
      "",
    );
  } else {
    out.push("No security checks ran on this file, so this review makes no claim about its security.", "");
  }
  if (input.unchecked.length) {
    out.push("## Could not be checked", "", ...input.unchecked.map((u) => `- ${u}`), "");
  }
  return out.join("\n");
}
