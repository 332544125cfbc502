// SEC004: hashlib's MD5 / SHA-1 (and MD4, MD2 through hashlib.new) without `usedforsecurity=False`.
// Scope: hashlib and oslo_utils.secretutils.md5, which take the flag. PyCryptodome and
// `cryptography` hash objects have no such flag and are not checked (their MD5/SHA-1 uses in
// real code are mostly certificate fingerprints, i.e. identifiers).
import type { Node } from "web-tree-sitter";
import type { CallInfo } from "../analysis/model";
import { mentions } from "../analysis/textSearch";
import { calleeNames, canResolveTo, EVERY_CANDIDATE, importedCalls } from "../analysis/bindings";
import { indentationAt, stringParts } from "../analysis/syntax";
import { lineBreakOf } from "../parsing/lineIndex";
import type { Fix } from "../core/types";
import type { Rule } from "./types";

/** Constructors of a weak hash that accept `usedforsecurity` (hashlib since Python 3.9, oslo's wrappers). */
const HASHLIB_WEAK: Record<string, string> = {
  "hashlib.md5": "MD5",
  "hashlib.sha1": "SHA-1",
  "oslo_utils.secretutils.md5": "MD5",
};

const WEAK_NAMES: Record<string, string> = {
  md5: "MD5",
  sha1: "SHA-1",
  md4: "MD4",
  md2: "MD2",
  "md5-sha1": "MD5-SHA1",
  ripemd160: "RIPEMD-160",
};
const CONSTRUCTORS = [...Object.keys(HASHLIB_WEAK), "hashlib.new"];
const TRIGGERS = ["md5", "sha1", "hashlib"];

/** `usedforsecurity=False` given? `true` when absent or literally True; null when not literal. */
function usedForSecurity(call: CallInfo): boolean | null {
  const flag = call.keywords.get("usedforsecurity");
  if (!flag) return call.hasSplat ? null : true;
  if (flag.type === "false") return false;
  if (flag.type === "true") return true;
  return null;
}

function addFlagFix(call: CallInfo, text: string): Fix | null {
  const args = call.argumentsNode;
  if (args?.type !== "argument_list") return null;
  const closing = args.lastChild;
  if (closing?.type !== ")") return null;
  const children = args.namedChildren.filter((c): c is Node => !!c && c.type !== "comment");
  const last = children[children.length - 1];
  const title = "Declare it is not used for security (`usedforsecurity=False`)";
  if (!last)
    return {
      title,
      safe: false,
      edits: [{ start: closing.startIndex, end: closing.startIndex, newText: "usedforsecurity=False" }],
    };
  // One argument per line with a trailing comma: add a line in the same style.
  const comma = last.nextSibling;
  if (comma?.type === "," && closing.startPosition.row > last.endPosition.row) {
    const newText = `${lineBreakOf(text)}${indentationAt(text, last.startIndex)}usedforsecurity=False,`;
    return { title, safe: false, edits: [{ start: comma.endIndex, end: comma.endIndex, newText }] };
  }
  return {
    title,
    safe: false,
    edits: [{ start: last.endIndex, end: last.endIndex, newText: ", usedforsecurity=False" }],
  };
}

export const weakHash: Rule = {
  meta: {
    code: "SEC004",
    name: "weak-hash",
    category: "security",
    reviewPoint: null,
    severity: "warning",
    fixable: "sometimes",
    summary: "MD5 or SHA-1 is used without `usedforsecurity=False`.",
    rationale:
      "MD5 and SHA-1 collide on demand, so they cannot protect integrity or authenticity (CWE-327); on FIPS-enabled systems an MD5 call fails outright unless it says `usedforsecurity=False`. " +
      "For checksums, cache keys and names, say so with `usedforsecurity=False`; for security, use SHA-256 or better.",
    example: "digest = hashlib.md5(data).hexdigest()",
    useInstead:
      "digest = hashlib.md5(data, usedforsecurity=False).hexdigest()  # a cache key\n# or, for security:\ndigest = hashlib.sha256(data).hexdigest()",
    bandit: ["B303", "B324"],
    cwe: 327,
  },
  check({ model, text, report }) {
    // no import can lead to one (cheap: no text is read), or none of their names is in the text
    if (!canResolveTo(model, CONSTRUCTORS, EVERY_CANDIDATE) || !mentions(text, ...TRIGGERS)) return;
    for (const call of importedCalls(model, EVERY_CANDIDATE)) {
      if (!call.callee) continue;
      const names = calleeNames(
        model,
        call,
        EVERY_CANDIDATE,
        (n) => Object.hasOwn(HASHLIB_WEAK, n) || n === "hashlib.new",
      );
      if (!names.length) continue;
      let algorithm: string | null = null;
      for (const n of names) {
        if (Object.hasOwn(HASHLIB_WEAK, n)) {
          algorithm = HASHLIB_WEAK[n];
        } else if (n === "hashlib.new") {
          const arg = call.positional[0] ?? call.keywords.get("name");
          const parts = arg ? stringParts(arg) : null;
          const weak = parts && !parts.interpolated ? WEAK_NAMES[parts.body.toLowerCase()] : undefined;
          if (weak) algorithm = weak;
        }
        if (algorithm) break;
      }
      if (!algorithm || usedForSecurity(call) !== true) continue;
      const fix = call.keywords.has("usedforsecurity") ? null : addFlagFix(call, text);
      report({
        start: call.node.startIndex,
        end: call.node.endIndex,
        message:
          `${algorithm} is broken for security use (CWE-327)${algorithm.startsWith("MD") ? ", and this call fails on FIPS-enabled systems" : ""}: ` +
          `pass \`usedforsecurity=False\` if it is a checksum or cache key, else use SHA-256 or better.`,
        fixes: fix ? [fix] : [],
      });
    }
  },
};
