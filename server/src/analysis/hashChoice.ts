// Who chose a weak hash (SEC004): a wire protocol or file format that fixes it (ssh-dss signs
// with SHA-1, APOP digests with MD5, the legacy PEM encryption and `openssl enc` derive keys with
// MD5), or an interface that names the algorithm (a password hasher declaring `algorithm =
// "md5"` to read and upgrade old hashes). Either way the code cannot pick another hash without
// breaking what it talks to or reads, so "use SHA-256" is not advice it can follow.
import type { Node } from "web-tree-sitter";
import type { ClassInfo, FunctionInfo } from "./model";
import { nameWords } from "./sensitive";

/**
 * Marks of a protocol or format whose specification fixes MD5 or SHA-1: its algorithm name on
 * the wire (`ssh-dss`, `ssh-rsa`: RFC 4253), the legacy PEM headers (`Proc-Type`, `DEK-Info`),
 * OpenSSL's key derivation (`EVP_BytesToKey`, the `Salted__` magic of `openssl enc`), and the
 * protocols that define an MD5 digest, named in a docstring or constant (APOP, CRAM-MD5, NTLM).
 */
const FORMAT_MARKS =
  /\bssh-(?:dss|rsa)\b|\bProc-Type:|\bDEK-Info\b|\bEVP_BytesToKey\b|\bSalted__|\bOpenSSL[- ]compatible|\bAPOP\b|\bCRAM-MD5\b|\bNTLM\b/i;
/** Words naming a protocol whose digest is MD5 by definition: APOP (RFC 1939), CRAM-MD5, NTLM. */
const PROTOCOL_WORDS = new Set(["apop", "cram", "ntlm"]);
/** Class attributes that name what the class implements (`algorithm = "md5"`). */
const NAMING_ATTRIBUTES = new Set(["algorithm", "algo", "scheme", "name", "hash", "digest", "method", "prefix"]);
/** The algorithm as it is spelled in such a name (`"unsalted_sha1"`, `"md5"`). */
const SPELLINGS: Record<string, string> = { MD5: "md5", "SHA-1": "sha1", MD4: "md4", MD2: "md2" };

/** `APOPCredentials` → `apop`, `credentials`: a name's words, acronyms split off. */
function words(name: string): string[] {
  return nameWords(name.replace(/([A-Z]+)([A-Z][a-z])/g, "$1_$2"));
}

/** The class-level statements of `cls` (its docstring and constants, not its methods). */
function classStatements(cls: ClassInfo): Node[] {
  return cls.body.namedChildren.filter((c): c is Node => c?.type === "expression_statement");
}

/**
 * Does the function holding the hash, or the class it is a method of, name a protocol or
 * format that fixes the hash? Read: the function's own text (name, docstring, comments, the
 * literals it writes or tests), and the class's name, docstring and constants.
 */
export function formatChoosesHash(fn: FunctionInfo | null): boolean {
  for (let f = fn; f; f = f.parentFunction) {
    if (FORMAT_MARKS.test(f.node.text) || words(f.name).some((w) => PROTOCOL_WORDS.has(w))) return true;
    const cls = f.parentClass;
    if (!cls) continue;
    if (words(cls.name).some((w) => PROTOCOL_WORDS.has(w))) return true;
    if (classStatements(cls).some((s) => FORMAT_MARKS.test(s.text))) return true;
  }
  return false;
}

/**
 * Is the hash in a method of a class that declares, as its name, the very algorithm
 * (`algorithm = "unsalted_sha1"`)? Such a class implements that algorithm for an interface that
 * selects implementations by name: its callers asked for it (typically to verify old hashes).
 */
export function implementsNamedAlgorithm(fn: FunctionInfo | null, algorithm: string): boolean {
  const spelled = SPELLINGS[algorithm];
  const cls = fn?.parentClass;
  if (!spelled || !cls) return false;
  for (const statement of classStatements(cls)) {
    const assignment = statement.namedChild(0);
    if (assignment?.type !== "assignment") continue;
    const left = assignment.childForFieldName("left");
    const right = assignment.childForFieldName("right");
    if (left?.type !== "identifier" || right?.type !== "string") continue;
    if (!nameWords(left.text).some((w) => NAMING_ATTRIBUTES.has(w))) continue;
    if (nameWords(right.text).includes(spelled)) return true;
  }
  return false;
}

/** A protocol specification cited by its number (`RFC 2617`, Sphinx's :rfc:`2617`). */
const CITES_RFC = /\bRFC[\s-]?\d{3,5}\b|:rfc:`\d{3,5}`/i;

/** The algorithm named as protocols spell it, in a string literal (`"MD5"`, `'MD5-sess'`, `"SHA-1"`). */
const PROTOCOL_NAME: Record<string, RegExp> = {
  MD5: /['"]md5(?:-sess)?['"]/i,
  "SHA-1": /['"]sha(?:-?1)?(?:-sess)?['"]/i,
};

/**
 * The module implements a protocol that names this hash: its docstring cites the specification
 * (HTTP Digest's RFC 2617) and its code names the algorithm as the protocol spells it
 * (`valid_algorithms = ("MD5", "MD5-sess")`). Citing an RFC alone is no sign (an ETag's MD5 is
 * the module's own choice); nor is a docstring naming the algorithm ("Hash the password with MD5").
 */
export function implementsCitedProtocol(moduleDocstring: string | null, text: string, algorithm: string): boolean {
  const named = PROTOCOL_NAME[algorithm];
  return !!named && !!moduleDocstring && CITES_RFC.test(moduleDocstring) && named.test(text);
}
