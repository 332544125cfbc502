// The shape of a rule: metadata plus a pure check over the module model.
import type { ModuleModel } from "../analysis/model";
import type { LineIndex } from "../parsing/lineIndex";
import type { Settings } from "../config/settings";
import type { FindingInput, Severity } from "../core/types";
import type { ImportResolver } from "../resolve/importResolver";
import type { SuppressionUsage } from "../analysis/suppression";
import type { ReportScope } from "./reportScope";
import type { Segment } from "../analysis/model/segments";

export type Category =
  | "imports"
  | "configuration"
  | "context-managers"
  | "errors"
  | "documentation"
  | "security"
  | "logging"
  | "suppression";

export interface RuleMeta {
  code: string;
  name: string;
  category: Category;
  /** The point of the original review this rule answers, if any. */
  reviewPoint: number | null;
  /**
   * A preview rule is not yet ≥ 90% true on projects nobody tuned it on (README, "Precision"): it
   * runs only when the `preview` setting is on or a selector names it by code or name, as ruff's
   * preview rules.
   */
  preview: boolean;
  severity: Severity;
  fixable: "always" | "sometimes" | "never";
  /** Test files (settings.testPatterns) are not checked: the engine skips them and the review says so. */
  skipsTestFiles?: boolean;
  /**
   * Runs after every other rule, with `suppressions` in its context (SUP001: which suppressions
   * were used). A bare `# noqa` does not silence it: only its own code or name does.
   */
  runsLast?: boolean;
  /**
   * "segment": a finding depends only on the segment it lies in (a top-level statement, a class's
   * header or member) and the module's outline (other segments' imports, assignments, class
   * headers, definitions' signatures and docstrings: never another function's body, unless
   * `readsOfSegment` says what it reads there), it never calls `unchecked`, its messages name no
   * line numbers (a finding taken over is shifted, its text is not), and a fix whose edits leave
   * the segment is found so (the segment re-runs on every edit).
   * The editor then re-runs it on changed segments only (context.only). Default: "module".
   */
  scope?: "segment" | "module";
  /**
   * For a segment rule: one fix covers every finding of the file (SEC011's `random` → `secrets`
   * with its import), so a segment with a fixed finding is re-run on every edit.
   */
  sharedFixes?: boolean;
  /**
   * Its findings and fixes do not depend on a trailing comment of a one-line statement (one
   * without a suppression, pragma or marker word: parsing/trailingComment.ts) anywhere but on the
   * lines of its findings and their fix edits. When every rule that runs says so, typing in such a
   * comment takes the previous version's analysis, shifted (engine/documentStore.ts).
   */
  commentBlind?: boolean;
  /**
   * It may find modules through the interpreter's sys.path (star imports, base classes in other
   * modules): the command line then has the interpreter's answer before checking files with it.
   */
  usesInterpreter?: boolean;
  /** Codes of other tools whose `# noqa: CODE` also suppresses this rule (as for IMP001: F401, F403, F405). */
  noqaAliases?: string[];
  summary: string;
  rationale: string;
  /** What the rule deliberately leaves alone, for the README: precision is the product. */
  notReported?: string;
  /** When its fixes are safe and when not (and why), for the README. */
  fixes?: string;
  example: string;
  useInstead: string;
  /** For security rules: the matching Bandit test ids and CWE. */
  bandit?: string[];
  cwe?: number;
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
  /**
   * Where to report: null for the whole module; for a segment rule in the editor, the segments an
   * edit changed (findings elsewhere are dropped and taken over from the previous version). A rule
   * looks only at what starts there (`inScope(only, model.calls)`) to be fast.
   */
  readonly only: ReportScope | null;
  /** For rules that run last: what suppressed the other rules' findings. */
  readonly suppressions?: SuppressionUsage;
  report(finding: FindingInput): void;
  /** Something the rule could not check (shown in the review report). */
  unchecked(reason: string): void;
}

export interface Rule {
  meta: RuleMeta;
  check(context: RuleContext): void;
  /**
   * For a segment rule that also reads something of other segments' bodies: what it reads there,
   * from one segment (its facts and text: the same text gives the same string). When it changes anywhere,
   * the rule re-runs on every segment (LOG003: which names the file binds to loggers).
   */
  readonly readsOfSegment?: (segment: Segment, text: string) => string;
}
