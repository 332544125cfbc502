// A finding's identity that survives edits elsewhere in the file: its rule, the definition that
// holds it (`Class.method`) and its own code, never its line number. Baselines match on it, so
// inserting code above an old finding does not resurrect it, while a new instance of the same
// rule in the same function (different code) is new.
import type { Node } from "web-tree-sitter";
import type { Finding } from "../core/types";

/** The dotted names of the functions and classes around [start, end), outermost first ("" at module level). */
export function enclosingScope(root: Node, start: number, end: number): string {
  const names: string[] = [];
  for (let n: Node | null = root.descendantForIndex(start, Math.max(start, end)); n; n = n.parent) {
    const t = n.type;
    if (t !== "function_definition" && t !== "class_definition") continue;
    // a finding on the definition's own name (DOC001 on `def f`) belongs to the scope around it
    const name = n.childForFieldName("name");
    if (name && start >= name.startIndex && end <= name.endIndex) continue;
    if (name) names.push(name.text);
  }
  return names.reverse().join(".");
}

/** Whitespace-insensitive text of the finding's own code (its line when the range is empty), at most 240 characters. */
export function findingCode(text: string, start: number, end: number): string {
  let snippet = text.slice(start, Math.min(end, start + 2000));
  if (!snippet.trim()) {
    const lineStart = text.lastIndexOf("\n", start - 1) + 1;
    const lineEnd = text.indexOf("\n", start);
    snippet = text.slice(lineStart, lineEnd < 0 ? text.length : lineEnd);
  }
  return snippet.replace(/\s+/g, " ").trim().slice(0, 240);
}

/** cyrb53: a fast 53-bit string hash, the same in Node and in a browser (no crypto module needed). */
function hash53(s: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(16).padStart(14, "0");
}

export interface FindingIdentity {
  /** `Class.method`, or "" at module level. */
  scope: string;
  /** The normalised code the finding is about (kept in baselines: read by people, matched when the scope changed). */
  code: string;
  /** A hash of rule, scope and code. */
  fingerprint: string;
}

export function identify(
  root: Node,
  text: string,
  finding: Pick<Finding, "code" | "start" | "end" | "subject">,
): FindingIdentity {
  // a finding about the module (its docstring) is the same wherever its first statement is
  const scope = finding.subject ? "" : enclosingScope(root, finding.start, finding.end);
  const code = finding.subject ? `<${finding.subject}>` : findingCode(text, finding.start, finding.end);
  return { scope, code, fingerprint: hash53(`${finding.code}\u0000${scope}\u0000${code}`) };
}

/** The identities of a file's findings, in their order (the tree must be the one they were found in). */
export function identifyAll(
  root: Node,
  text: string,
  findings: ReadonlyArray<Pick<Finding, "code" | "start" | "end" | "subject">>,
): FindingIdentity[] {
  return findings.map((f) => identify(root, text, f));
}
