// The engine's entry point: model → enabled rules → findings (with suppression and severity).
import type { Tree } from "web-tree-sitter";
import { buildModel, type ModuleModel } from "../analysis/model";
import { inDeadBranch } from "../analysis/deadBranches";
import { generatedMarker } from "../analysis/generated";
import type { PythonParsing } from "../parsing/parser";
import { LineIndex } from "../parsing/lineIndex";
import type { Settings } from "../config/settings";
import { isTestFile, matchesAny } from "../config/globs";
import { ALL_RULES } from "../rules";
import type { Finding, FindingInput, Fix } from "../core/types";
import type { Rule, RuleContext } from "../rules/types";
import type { ImportResolver } from "../resolve/importResolver";
import { inTestSupportPackage } from "../analysis/testSupport";
import { isSelected } from "./selection";
import { exempts, fileExemption, suppressingMarks, suppressionsByLine } from "../analysis/suppression";
import { suppressionVocabulary } from "./suppressionVocabulary";
import { applyEdits } from "../core/edits";
import type { Segment } from "../analysis/model/segments";
import { SegmentFindings, type SegmentFindingsMemo } from "./segmentFindings";

export interface CheckOptions {
  /** Absolute path of the file, or null for an unsaved buffer. */
  path: string | null;
  settings: Settings;
  /** Folder that relative globs (per-file-ignores, exclude) are taken from. */
  root: string | null;
  /** Overrides settings.select / ignore (the CLI's flags). */
  rules?: readonly Rule[];
  /** Module resolution and the export index (IMP001); a process-wide one when absent. */
  resolver?: ImportResolver;
}

export interface RuleFailure {
  code: string;
  error: unknown;
}

/** The editor's findings reuse: the model's segments and what the previous version's check left. */
export interface FindingsReuse {
  segments: readonly Segment[];
  previous: SegmentFindingsMemo | null;
}

export interface CheckResult {
  findings: Finding[];
  /** What could not be checked, and why (for the review report). */
  unchecked: string[];
  failures: RuleFailure[];
  lines: LineIndex;
  model: ModuleModel;
  /** For the next version's check (when `reuse` was given). */
  memo?: SegmentFindingsMemo;
  /** How many findings (before suppression) were taken over from the previous version's check. */
  takenOver?: number;
}

export function enabledRules(settings: Settings, path: string | null, root: string | null): Rule[] {
  if (!settings.enable) return [];
  const extraIgnores: string[] = [];
  if (path) {
    for (const [glob, codes] of Object.entries(settings.perFileIgnores)) {
      if (matchesAny(path, [glob], root)) extraIgnores.push(...codes);
    }
  }
  const ignore = extraIgnores.length ? [...settings.ignore, ...extraIgnores] : settings.ignore;
  const selection = { select: settings.select, extendSelect: settings.extendSelect, ignore, preview: settings.preview };
  return ALL_RULES.filter((r) => isSelected(r.meta, selection));
}

/** The preview rules the settings leave out that `preview` would add (for the review report to name). */
export function previewRulesOff(settings: Settings, path: string | null, root: string | null): string[] {
  if (settings.preview) return [];
  const on = new Set(enabledRules(settings, path, root).map((r) => r.meta.code));
  return enabledRules({ ...settings, preview: true }, path, root)
    .map((r) => r.meta.code)
    .filter((code) => !on.has(code));
}

export function checkTree(parsing: PythonParsing, tree: Tree, text: string, options: CheckOptions): CheckResult {
  return checkModel(buildModel(parsing, tree, text), text, options);
}

/** The rules over a model built already (the editor builds it incrementally). */
export function checkModel(
  model: ModuleModel,
  text: string,
  options: CheckOptions,
  reuse?: FindingsReuse,
): CheckResult {
  const lines = new LineIndex(text);
  const vocabulary = suppressionVocabulary();
  const suppressions = suppressionsByLine(model.suppressionComments, vocabulary.codeLike);
  /** Per line, what suppressed a finding there (SUP001 reports the rest). */
  const used = new Map<number, Set<string>>();
  const findings: Finding[] = [];
  const unchecked: string[] = [];
  const failures: RuleFailure[] = [];
  let rules = options.rules ?? enabledRules(options.settings, options.path, options.root);
  const generated = rules.length && !options.settings.reviewGenerated ? generatedMarker(text) : null;
  if (generated) {
    unchecked.push(`a generated file ("${generated}" in its header): not reviewed (setting reviewGenerated)`);
    rules = [];
  }
  const exemption = rules.length ? fileExemption(model.suppressionComments, text) : null;
  if (exemption) {
    const where = `\`# pyreview: noqa${exemption.all ? "" : ": …"}\` at line ${exemption.line + 1}`;
    if (exemption.all) unchecked.push(`the file is exempt from review (${where})`);
    for (const r of rules) {
      if (!exemption.all && exempts(exemption, r.meta.code, r.meta.name, r.meta.noqaAliases ?? []))
        unchecked.push(`${r.meta.code}: exempt in this file (${where})`);
    }
    rules = rules.filter((r) => !exempts(exemption, r.meta.code, r.meta.name, r.meta.noqaAliases ?? []));
  }
  // rules that judge the others' suppressions run after them
  rules = [...rules.filter((r) => !r.meta.runsLast), ...rules.filter((r) => r.meta.runsLast)];
  const ran = new Set<string>();
  /** Whether the file is a test file (settings.testPatterns), for the rules that skip tests. */
  let testFile: boolean | undefined;
  /** Whether it is in a library's `testing/` package: test support, skipped by the security rules that skip tests. */
  let testSupport: boolean | undefined;
  // (with no segment rule enabled there is nothing to take over: no outline to compare)
  const bySegment =
    reuse && rules.some((r) => r.meta.scope === "segment")
      ? new SegmentFindings(reuse.segments, text, reuseKey(options, rules), reuse.previous)
      : null;
  for (const rule of rules) {
    const { meta } = rule;
    if (meta.skipsTestFiles) {
      testFile ??= isTestFile(options.path, options.settings.testPatterns, options.root);
      if (testFile) {
        unchecked.push(`${meta.code}: a test file (settings.testPatterns): this check does not run on tests`);
        continue;
      }
      // (a test-support package's helpers are test code to a security check; their docstrings
      // and parameters are still a library's API)
      if (meta.category === "security") {
        testSupport ??= inTestSupportPackage(options.path, options.root);
        if (testSupport) {
          unchecked.push(`${meta.code}: test support (a \`testing/\` package): this check does not run on tests`);
          continue;
        }
      }
    }
    const extra = meta.noqaAliases ?? [];
    const marksOn = (line: number): string[] => {
      const marks = suppressingMarks(suppressions.get(line), meta.code, meta.name, extra, meta.bandit);
      // a bare `# noqa` cannot silence the report that it is unused
      return meta.runsLast ? marks.filter((m) => m !== "noqa:*" && !m.startsWith("nosec:")) : marks;
    };
    const deliver = (input: FindingInput): void => {
      const startLine = lines.lineOf(input.start);
      const endLine = lines.lineOf(Math.max(input.start, input.end - 1));
      // code that cannot run on Python 3 (an `if six.PY2:` branch) is not reviewed
      if (inDeadBranch(model, input.start)) return;
      for (const line of startLine === endLine ? [startLine] : [startLine, endLine]) {
        const marks = marksOn(line);
        if (!marks.length) continue;
        const onLine = used.get(line) ?? new Set<string>();
        for (const m of marks) onLine.add(m);
        used.set(line, onLine);
        return;
      }
      findings.push({
        ...input,
        code: meta.code,
        name: meta.name,
        severity: options.settings.severity[meta.code] ?? input.severity ?? meta.severity,
        fixes: input.fixes ?? [],
      });
    };
    const segmentRule = bySegment !== null && meta.scope === "segment";
    const only = segmentRule ? bySegment.scopeOf(meta.code, rule.readsOfSegment) : null;
    const reported: FindingInput[] = [];
    const context: RuleContext = {
      model,
      text,
      lines,
      path: options.path,
      root: options.root,
      resolver: options.resolver,
      settings: options.settings,
      only,
      suppressions: meta.runsLast ? { lines: suppressions, used, vocabulary: vocabulary.words, ran } : undefined,
      report: segmentRule ? (input) => reported.push(input) : deliver,
      unchecked(reason: string): void {
        unchecked.push(`${meta.code}: ${reason}`);
      },
    };
    try {
      rule.check(context);
      if (bySegment && segmentRule)
        for (const input of bySegment.settle(meta.code, only, reported, meta.sharedFixes)) deliver(input);
      ran.add(meta.code);
    } catch (error) {
      bySegment?.forget(meta.code);
      failures.push({ code: meta.code, error });
    }
  }
  if (model.hasSyntaxErrors) {
    for (const r of model.errorRanges.slice(0, 5)) {
      unchecked.push(
        `syntax error at line ${lines.lineOf(r.start) + 1}: the code around it may be analysed partly or not at all`,
      );
    }
  }
  // (a total order: findings taken over come in another order than a full run's)
  findings.sort(
    (a, b) =>
      a.start - b.start ||
      a.code.localeCompare(b.code) ||
      a.end - b.end ||
      (a.message < b.message ? -1 : a.message > b.message ? 1 : 0),
  );
  return { findings, unchecked, failures, lines, model, memo: bySegment?.memo, takenOver: bySegment?.takenOver };
}

/** What findings taken over depend on besides the text: the settings, the file and the rules. */
function reuseKey(options: CheckOptions, rules: readonly Rule[]): string {
  const codes = rules.map((r) => r.meta.code).join(",");
  return `${options.path}\0${options.root}\0${codes}\0${JSON.stringify(options.settings)}`;
}

function errorCount(tree: Tree): number {
  if (!tree.rootNode.hasError) return 0;
  let n = 0;
  const cursor = tree.walk();
  // depth-first over nodes that contain errors only
  const visit = (): void => {
    const node = cursor.currentNode;
    if (node.isError || node.isMissing) {
      n++;
      return;
    }
    if (!node.hasError) return;
    if (cursor.gotoFirstChild()) {
      do visit();
      while (cursor.gotoNextSibling());
      cursor.gotoParent();
    }
  };
  visit();
  cursor.delete();
  return n;
}

/** A fix is offered only if the text it produces parses (no new syntax errors). */
export function fixKeepsSyntax(parsing: PythonParsing, originalTree: Tree, text: string, fix: Fix): boolean {
  const fixed = applyEdits(text, fix.edits);
  if (fixed.skipped.length) return false;
  const tree = parsing.parser.parse(fixed.text);
  if (!tree) return false;
  try {
    const after = errorCount(tree);
    if (after === 0) return true;
    return after <= errorCount(originalTree) && originalTree.rootNode.hasError;
  } finally {
    tree.delete();
  }
}
