// SEC004: hashlib's MD5 (and MD4, MD2 through hashlib.new) without `usedforsecurity=False`, and
// MD5 or SHA-1 protecting a password, signature or token. Scope: hashlib and
// oslo_utils.secretutils.md5, which take the flag; `cryptography`'s hash classes only where they
// sign or authenticate (their other use, a certificate's fingerprint, is an identifier).
import type { Node } from "web-tree-sitter";
import type { CallInfo } from "../analysis/model";
import { mentions } from "../analysis/textSearch";
import { calleeNames, canResolveTo, EVERY_CANDIDATE, importedCalls } from "../analysis/bindings";
import { indentationAt, stringParts } from "../analysis/syntax";
import { lineBreakOf } from "../parsing/lineIndex";
import { hashUse } from "../analysis/hashUse";
import { formatChoosesHash } from "../analysis/hashChoice";
import { pythonVersionOf, requiresAtLeast } from "../config/pythonVersion";
import type { Fix } from "../core/types";
import type { Rule } from "./types";

/** Constructors of a weak hash that accept `usedforsecurity` (hashlib since Python 3.9, oslo's wrappers). */
const HASHLIB_WEAK: Record<string, string> = {
  "hashlib.md5": "MD5",
  "hashlib.sha1": "SHA-1",
  "oslo_utils.secretutils.md5": "MD5",
};

/**
 * Python 2's own modules, the fallback of `try: from hashlib import md5 / except ImportError:
 * from md5 import md5`: the same algorithm, so such a name still is the weak one. Alone (code that
 * runs on Python 2 only), they are not reported.
 */
const PYTHON2_WEAK = new Set(["md5.md5", "md5.new", "sha.sha", "sha.new"]);

const WEAK_NAMES: Record<string, string> = {
  md5: "MD5",
  sha1: "SHA-1",
  md4: "MD4",
  md2: "MD2",
  "md5-sha1": "MD5-SHA1",
  ripemd160: "RIPEMD-160",
};
const CONSTRUCTORS = [...Object.keys(HASHLIB_WEAK), "hashlib.new", "cryptography.hazmat.primitives.hashes"];
const TRIGGERS = ["md5", "sha1", "hashlib", "MD5", "SHA1"];

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
  const title =
    "Declare it is not used for security (`usedforsecurity=False`; unsafe: a false statement if it protects anything)";
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

/** `cryptography` hash classes that are weak, as constructed for a signature, MAC or key derivation. */
const CRYPTOGRAPHY_WEAK: Record<string, string> = {
  "cryptography.hazmat.primitives.hashes.SHA1": "SHA-1",
  "cryptography.hazmat.primitives.hashes.MD5": "MD5",
};
/** Calls that sign, verify, authenticate or derive keys with the hash they are given. */
const SIGNERS = /^(?:sign|verify|HMAC|ECDSA|PSS|PBKDF2HMAC|HKDF|HKDFExpand|X963KDF|ConcatKDFHash|CertificateBuilder)$/;

/**
 * A `cryptography` hash object used in a signature or MAC (not a certificate's fingerprint, nor
 * RSA encryption's OAEP padding, whose hash and mask generation need no collision resistance and
 * are often fixed by the peer: JWA's RSA-OAEP). MGF1 counts as its padding does: in PSS a signature.
 */
function signsWith(node: Node): boolean {
  let mask = false;
  for (let p = node.parent; p && p.type !== "expression_statement" && p.type !== "block"; p = p.parent) {
    if (p.type !== "call") continue;
    const callee = p.childForFieldName("function")?.text ?? "";
    const last = callee.slice(callee.lastIndexOf(".") + 1);
    if (last === "fingerprint" || last === "OAEP") return false;
    if (last === "MGF1") mask = true;
    else if (SIGNERS.test(last)) return true;
  }
  return mask;
}

export const weakHash: Rule = {
  meta: {
    code: "SEC004",
    name: "weak-hash",
    category: "security",
    reviewPoint: null,
    preview: true,
    severity: "warning",
    fixable: "sometimes",
    skipsTestFiles: true,
    summary: "MD5 is used without `usedforsecurity=False`, or MD5 or SHA-1 protects a password, signature or token.",
    rationale:
      "MD5 and SHA-1 collide on demand, so they cannot protect integrity or authenticity (CWE-327), and a fast hash of a password is brute-forced (CWE-916); on FIPS-enabled systems an MD5 call fails outright unless it says `usedforsecurity=False`. " +
      "For checksums, cache keys and names, say so with `usedforsecurity=False` (Python 3.9+); for security, use SHA-256 or better, and a password hash (`hashlib.scrypt`) for passwords. " +
      "SHA-1 is reported only when it protects a password, signature, token or MAC (FIPS allows SHA-1 hashing, and a name or checksum does not care about collisions); `cryptography`'s `hashes.SHA1()`/`MD5()` only in signatures, MACs and key derivation (not in `fingerprint()`, nor in RSA encryption's OAEP padding and its MGF1).",
    notReported:
      "hashes the peer's protocol or the file format chooses (a branch testing `algorithm == \"MD5\"`; a function or class that names such a protocol or format: `ssh-dss`/`ssh-rsa` signatures, APOP, CRAM-MD5, NTLM, the legacy PEM encryption's `DEK-Info`, OpenSSL's `EVP_BytesToKey`/`Salted__` key derivation; a password or token digest sent to another party, in a request's parameters, payload or headers or a URL-encoded query, directly or through the module's own functions: the peer's API defined it; a password hash the code stores or compares is still reported; a module whose docstring cites the specification it implements (`RFC 2617`) and whose code names the algorithm as the protocol spells it (`\"MD5\"`, `\"MD5-sess\"`): citing an RFC alone is not enough); " +
      'implementations of the algorithm for an interface that names it (a SQL function registered with `create_function`, a method of a class declaring `algorithm = "md5"` or `"unsalted_sha1"`, such as a password hasher kept to verify and upgrade old hashes); ' +
      "hashes of nothing but random bytes (`sha1(os.urandom(64))`, whatever the result is called); FIPS probes (`try: hashlib.md5() except ValueError`); constructors asked only for `.digest_size`; test files.",
    fixes:
      "`usedforsecurity=False` is added, offered only when the project's oldest Python is 3.9 or later (from `requires-python`, ruff's `target-version` or an installed package's `Requires-Python`), never for a password. Unsafe: it is a false statement when the hash protects anything, and fails on older Pythons.",
    example: "digest = hashlib.md5(data).hexdigest()\nstored = hashlib.sha1(salt + password).hexdigest()",
    useInstead:
      "digest = hashlib.md5(data, usedforsecurity=False).hexdigest()  # a cache key, Python 3.9+\nstored = hashlib.scrypt(password, salt=salt, n=2**14, r=8, p=1).hex()",
    bandit: ["B303", "B324"],
    cwe: 327,
  },
  check({ model, text, settings, report }) {
    // no import can lead to one (cheap: no text is read), or none of their names is in the text
    if (!canResolveTo(model, CONSTRUCTORS, EVERY_CANDIDATE) || !mentions(text, ...TRIGGERS)) return;
    const modern = requiresAtLeast(settings.targetVersion, 3, 9);
    for (const call of importedCalls(model, EVERY_CANDIDATE)) {
      if (!call.callee) continue;
      const names = calleeNames(
        model,
        call,
        EVERY_CANDIDATE,
        (n) =>
          Object.hasOwn(HASHLIB_WEAK, n) ||
          n === "hashlib.new" ||
          Object.hasOwn(CRYPTOGRAPHY_WEAK, n) ||
          PYTHON2_WEAK.has(n),
      );
      if (!names.length) continue;
      let algorithm: string | null = null;
      // oslo's wrapper takes the flag on every Python
      const wrapper = names.includes("oslo_utils.secretutils.md5");
      let library: "hashlib" | "cryptography" = "hashlib";
      for (const n of names) {
        if (Object.hasOwn(HASHLIB_WEAK, n)) {
          algorithm = HASHLIB_WEAK[n];
        } else if (Object.hasOwn(CRYPTOGRAPHY_WEAK, n)) {
          algorithm = CRYPTOGRAPHY_WEAK[n];
          library = "cryptography";
        } else if (n === "hashlib.new") {
          const arg = call.positional[0] ?? call.keywords.get("name");
          const parts = arg ? stringParts(arg) : null;
          const weak = parts && !parts.interpolated ? WEAK_NAMES[parts.body.toLowerCase()] : undefined;
          if (weak) algorithm = weak;
        }
        if (algorithm) break;
      }
      if (!algorithm) continue;
      if (library === "cryptography") {
        // (a signature whose protocol fixes the hash, `ssh-dss`, is not the code's choice)
        if (!signsWith(call.node) || formatChoosesHash(call.context.fn)) continue;
        report({
          start: call.node.startIndex,
          end: call.node.endIndex,
          message: `${algorithm} in a signature, MAC or key derivation is broken: collisions can be made on demand (CWE-327); use \`hashes.SHA256()\` or better.`,
        });
        continue;
      }
      if (usedForSecurity(call) !== true) continue;
      // `usedforsecurity=True` says it protects something, unless a format chose the hash
      const declared = call.keywords.get("usedforsecurity")?.type === "true";
      const use = declared
        ? formatChoosesHash(call.context.fn)
          ? "protocol"
          : "security"
        : hashUse(model, call, algorithm);
      const fips = algorithm.startsWith("MD");
      let message: string;
      let fixable = false;
      if (use === "password") {
        message = `${algorithm} hashes a password: a fast digest is brute-forced, salted or not (CWE-916); use a password hash such as \`hashlib.scrypt\` or \`hashlib.pbkdf2_hmac\` with many iterations.`;
      } else if (use === "security") {
        message = `${algorithm} protects a signature, token or MAC here, but collisions can be made on demand (CWE-327): use SHA-256 or better.`;
      } else if (!fips || use !== "plain") {
        continue; // SHA-1 as a name or checksum; a protocol's hash, a nonce, a FIPS probe, `.digest_size`
      } else if (modern || wrapper) {
        fixable = true;
        message = `${algorithm} fails on FIPS-enabled systems unless the call says \`usedforsecurity=False\`, and is broken for security use (CWE-327): pass \`usedforsecurity=False\` if it is a checksum or cache key, else use SHA-256 or better.`;
      } else {
        const floor = pythonVersionOf(settings.targetVersion);
        const oldest = floor
          ? `this project still supports Python ${floor[0]}.${floor[1]}`
          : "this project's oldest Python is not known (no `requires-python`, nor `Requires-Python` in an installed package's metadata)";
        message =
          `${algorithm} fails on FIPS-enabled systems and is broken for security use (CWE-327): if it protects anything, use SHA-256 or better; ` +
          `if it only names or checks data (a cache key, a file name a specification fixes), \`usedforsecurity=False\` says so, but needs Python 3.9 and ${oldest}.`;
      }
      const fix = fixable && !call.keywords.has("usedforsecurity") ? addFlagFix(call, text) : null;
      report({ start: call.node.startIndex, end: call.node.endIndex, message, fixes: fix ? [fix] : [] });
    }
  },
};
