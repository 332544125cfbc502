// The output formats of `pyreview check`, by name.
import { type Palette, PLAIN } from "../colour";
import type { FileResult } from "../checkFile";
import { formatJson, formatSarif, formatText } from "../format";
import { formatConcise } from "./concise";
import { formatGithub } from "./github";
import { formatGitlab } from "./gitlab";
import { formatGrouped } from "./grouped";
import { formatJunit } from "./junit";

export const CHECK_FORMATS = ["text", "concise", "grouped", "json", "sarif", "github", "gitlab", "junit"] as const;
export type CheckFormat = (typeof CHECK_FORMATS)[number];

/** The formats people read: coloured on a terminal. */
export const COLOURED: ReadonlySet<CheckFormat> = new Set(["text", "concise", "grouped"]);

export function isCheckFormat(name: string): name is CheckFormat {
  return (CHECK_FORMATS as readonly string[]).includes(name);
}

export interface FormatContext {
  fixMode: boolean;
  version: string;
  palette?: Palette;
}

export function formatCheck(format: CheckFormat, results: readonly FileResult[], ctx: FormatContext): string {
  const p = ctx.palette ?? PLAIN;
  switch (format) {
    case "text":
      return formatText(results, ctx.fixMode, p);
    case "concise":
      return formatConcise(results, p);
    case "grouped":
      return formatGrouped(results, ctx.fixMode, p);
    case "json":
      return formatJson(results);
    case "sarif":
      return formatSarif(results, ctx.version);
    case "github":
      return formatGithub(results);
    case "gitlab":
      return formatGitlab(results);
    case "junit":
      return formatJunit(results);
  }
}
