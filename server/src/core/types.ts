// The shared vocabulary of every layer: severities, text edits, fixes and findings.
// Nothing here imports from the rest of the engine.

export type Severity = "error" | "warning" | "information" | "hint";

/** A stretch of a document's text: [start, end), UTF-16 offsets. */
export interface TextRange {
  start: number;
  end: number;
}

/** A replacement of [start, end) by newText. */
export interface TextEdit extends TextRange {
  newText: string;
}

export interface Fix {
  title: string;
  /** Safe fixes are preferred in the lightbulb and applied by fix-all and `--fix`. */
  safe: boolean;
  edits: TextEdit[];
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
  /**
   * What the finding is about when that is not the code in its range (the module, for a module
   * docstring reported at the first statement): its identity in baselines, so that a line added
   * above does not make it new.
   */
  subject?: string;
}

export interface Finding extends FindingInput {
  code: string;
  name: string;
  severity: Severity;
  fixes: Fix[];
}
