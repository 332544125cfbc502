// The shape of a rule: metadata plus a pure check over the module model.
import type { ModuleModel } from "../analysis/model";
import type { LineIndex } from "../parsing/lineIndex";
import type { Settings } from "../config/settings";
import type { ImportResolver } from "../resolve/importResolver";

export type Severity = "error" | "warning" | "information" | "hint";
export type Category = "imports" | "configuration" | "context-managers" | "errors" | "documentation" | "security" | "logging";

/** A replacement of [start, end) (UTF-16 offsets) by newText. */
export interface TextEdit {
  start: number;
  end: number;
  newText: string;
}

export interface Fix {
  title: string;
  /** Safe fixes are preferred in the lightbulb and applied by fix-all and `--fix`. */
  safe: boolean;
  edits: TextEdit[];
}

export interface RuleMeta {
  code: string;
  name: string;
  category: Category;
  /** The point of the original review this rule answers, if any. */
  reviewPoint: number | null;
  severity: Severity;
  fixable: "always" | "sometimes" | "never";
  summary: string;
  rationale: string;
  example: string;
  useInstead: string;
  /** For security rules: the matching Bandit test ids and CWE. */
  bandit?: string[];
  cwe?: number;
}

export interface FindingInput {
  start: number;
  end: number;
  message: string;
  fixes?: Fix[];
  /** Overrides the rule's default severity (before the user's severity setting). */
  severity?: Severity;
  /** Extra, rule-specific facts for the report (e.g. what could not be checked). */
  notes?: string[];
}

export interface Finding extends FindingInput {
  code: string;
  name: string;
  severity: Severity;
  fixes: Fix[];
}

export interface RuleContext {
  readonly model: ModuleModel;
  readonly text: string;
  readonly lines: LineIndex;
  /** Absolute file path, or null for an unsaved buffer. */
  readonly path: string | null;
  /** The folder relative globs are taken from (project or workspace root), or null. */
  readonly root: string | null;
  /** Module resolution and the export index (IMP001); rules fall back to a process-wide one when absent. */
  readonly resolver?: ImportResolver;
  readonly settings: Settings;
  report(finding: FindingInput): void;
  /** Something the rule could not check (shown in the review report). */
  unchecked(reason: string): void;
}

export interface Rule {
  meta: RuleMeta;
  check(context: RuleContext): void;
}
