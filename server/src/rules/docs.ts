// Where each rule is documented: its section of the README (generated from rule metadata). The
// repository's address is written once, in package.json's `repository`; the bundle takes it
// from there at build time, so rule links, SARIF's helpUri and the manifest cannot disagree.
import { repository } from "../../../package.json";
import type { RuleMeta } from "./types";

/**
 * The web address of a package.json `repository` field: a URL (`git+https://…/x.git`,
 * `git@github.com:o/x.git`), `{ url }`, or npm's `github:o/x` / `o/x` shorthand.
 */
export function repositoryWebUrl(field: string | { url: string }): string {
  const raw = (typeof field === "string" ? field : field.url).trim();
  const shorthand = /^(?:github:)?([\w.-]+\/[\w.-]+)$/.exec(raw);
  if (shorthand) return `https://github.com/${shorthand[1].replace(/\.git$/, "")}`;
  return raw
    .replace(/^git\+/, "")
    .replace(/^git@([^:]+):/, "https://$1/")
    .replace(/^(?:git|ssh):\/\/(?:git@)?/, "https://")
    .replace(/\.git$/, "")
    .replace(/\/+$/, "");
}

export const REPOSITORY_URL = repositoryWebUrl(repository);
export const README_URL = `${REPOSITORY_URL}/blob/main/README.md`;

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
