// Where each rule is documented: its section of the README (generated from rule metadata).
import type { RuleMeta } from "./types";

export const README_URL = "https://github.com/pyreview/pyreview/blob/main/README.md";

/** The README heading for a rule, and the GitHub anchor it gets. */
export function ruleHeading(meta: RuleMeta): string {
  return `${meta.code} ${meta.name}`;
}

export function ruleAnchor(meta: RuleMeta): string {
  return ruleHeading(meta)
    .toLowerCase()
    .replace(/[^a-z0-9 -]/g, "")
    .replace(/ /g, "-");
}

export function ruleUrl(meta: RuleMeta): string {
  return `${README_URL}#${ruleAnchor(meta)}`;
}
