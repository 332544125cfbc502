// The parts of SARIF output that code scanning reads beyond results: artifact locations from
// %SRCROOT% (right from any subfolder), fixes in SARIF's own fixes[], GitHub's security-severity on
// security rules, and the files not checked or with a syntax error as notifications of the run.
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import type { LocatedFinding } from "../../engine/located";
import type { RuleMeta } from "../../rules/types";
import type { FileResult } from "../checkFile";
import { RECORD_KINDS, RECORDS_URL } from "../records";
import { repoRelative, repositoryRoot } from "./repoPaths";

export const SRCROOT = "%SRCROOT%";

/**
 * GitHub's security-severity (0.0 to 10.0: critical from 9, high from 7, medium from 4), per rule.
 * Each is the score of CodeQL's nearest Python query (its CVSS-based `security-severity`), lowered
 * where the rule flags a pattern rather than a proven flow from untrusted input.
 */
const SECURITY_SEVERITY: Readonly<Record<string, number>> = {
  SEC001: 8.8, // command execution (CWE-78)
  SEC002: 8.8, // eval / exec (CWE-95)
  SEC003: 8.8, // unsafe deserialization (CWE-502)
  SEC004: 7.5, // weak hash (CWE-327)
  SEC005: 7.5, // hardcoded secret (CWE-259)
  SEC006: 7.0, // insecure temporary file (CWE-377)
  SEC007: 7.5, // TLS verification off (CWE-295)
  SEC008: 6.5, // binding every interface (CWE-605)
  SEC009: 3.1, // assert as a guard (CWE-703)
  SEC010: 5.3, // request without timeout (CWE-400)
  SEC011: 6.5, // insecure randomness (CWE-330)
};

/** A security rule's `security-severity` property (a string, as GitHub reads it). */
export function securityProperties(meta: RuleMeta): { "security-severity"?: string } {
  const score = SECURITY_SEVERITY[meta.code];
  return meta.category === "security" && score !== undefined ? { "security-severity": score.toFixed(1) } : {};
}

/** A file's location: relative to %SRCROOT% (the repository's root), else an absolute file URI. */
export function sarifArtifact(file: string): { uri: string; uriBaseId?: string } {
  const rel = repoRelative(file);
  if (rel === null) return { uri: pathToFileURL(file).href };
  return { uri: rel.split("/").map(encodeURIComponent).join("/"), uriBaseId: SRCROOT };
}

/** The result's fix, with its edits, as SARIF fixes[] (when the check kept them). */
export function sarifFixes(r: FileResult, f: LocatedFinding): { fixes?: object[] } {
  const at = r.findings.indexOf(f);
  const edits = at >= 0 ? r.fixEdits?.[at] : null;
  if (!f.fix || !edits?.length) return {};
  const replacements = edits.map((e) => ({
    deletedRegion: { startLine: e.startLine, startColumn: e.startColumn, endLine: e.endLine, endColumn: e.endColumn },
    ...(e.text ? { insertedContent: { text: e.text } } : {}),
  }));
  return {
    fixes: [
      {
        description: { text: f.fix.title },
        artifactChanges: [{ artifactLocation: sarifArtifact(f.path), replacements }],
        properties: { safe: f.fix.safe },
      },
    ],
  };
}

/** The descriptors that notifications name (driver.notifications). */
export function notificationDescriptors(): object[] {
  return RECORD_KINDS.map((kind) => ({
    id: kind.code,
    name: kind.name,
    shortDescription: { text: kind.summary },
    helpUri: RECORDS_URL,
  }));
}

const NOTIFICATION_INDEX = new Map<string, number>(RECORD_KINDS.map((kind, i) => [kind.code, i]));

/** Run-level properties: where %SRCROOT% is, and how the run went. */
export function sarifRun(results: readonly FileResult[]): object {
  const root = pathToFileURL(repositoryRoot()).href;
  const notifications: object[] = [];
  for (const r of results) {
    const record =
      r.skipped !== undefined
        ? { code: "E902", level: "error", message: r.skipped, region: null }
        : r.syntaxError
          ? {
              code: "E999",
              level: "warning",
              message: r.syntaxError.message,
              region: {
                startLine: r.syntaxError.line,
                startColumn: r.syntaxError.column,
                endLine: r.syntaxError.endLine,
                endColumn: r.syntaxError.endColumn,
              },
            }
          : null;
    if (!record) continue;
    notifications.push({
      descriptor: { id: record.code, index: NOTIFICATION_INDEX.get(record.code) },
      level: record.level,
      message: { text: `${path.basename(r.path)}: ${record.message}` },
      locations: [
        {
          physicalLocation: {
            artifactLocation: sarifArtifact(r.path),
            ...(record.region ? { region: record.region } : {}),
          },
        },
      ],
    });
  }
  return {
    originalUriBaseIds: { [SRCROOT]: { uri: root.endsWith("/") ? root : `${root}/` } },
    invocations: [
      {
        executionSuccessful: results.every((r) => r.skipped === undefined && r.writeError === undefined),
        toolExecutionNotifications: notifications,
      },
    ],
  };
}
