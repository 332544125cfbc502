// What a weak hash is used for (SEC004), as far as the code around it shows: hashing a
// password (a password hash is wanted, not a fast digest), a signature, token or MAC
// (collisions matter), a hash the peer's protocol chooses (HTTP Digest's "MD5"/"SHA", or a
// password or token digest sent in a request), a hash of random bytes (a nonce: only the
// randomness matters), an implementation of the algorithm for an interface that names it (a SQL
// function `md5()`), a FIPS probe (`try: hashlib.md5() except ValueError`), a constructor asked
// only for `.digest_size`, or none of these (a checksum, a cache key, a name).
import type { Node } from "web-tree-sitter";
import { bindingsOf } from "./dataOrigin";
import { formatChoosesHash, implementsCitedProtocol, implementsNamedAlgorithm } from "./hashChoice";
import type { CallInfo, ModuleModel } from "./model";
import { nameWords } from "./sensitive";
import { sentToPeer } from "./sentToPeer";
import { sinkOf } from "./valueSinks";

export type HashUse = "password" | "security" | "protocol" | "random" | "probe" | "attribute" | "plain";

const PASSWORD_WORDS = new Set(["password", "passwd", "pwd", "passphrase", "passwords"]);
const SECURITY_WORDS = new Set([
  "secret",
  "signature",
  "sig",
  "sign",
  "signed",
  "token",
  "mac",
  "hmac",
  "auth",
  "authenticate",
  "credential",
  "credentials",
  "encrypt",
  "crypt",
  "crypted",
]);
/** Attributes of a hash object that hash nothing. */
const METADATA = new Set(["digest_size", "block_size", "name"]);
/** A string literal naming a hash algorithm, as protocols spell them. */
const ALGORITHM_LITERAL = /['"](?:md5(?:-sess)?|sha-?1?|sha-?(?:224|256|384|512)(?:-sess)?|sha3-\d+)['"]/i;
const RANDOM_SOURCE = /\burandom\(|\bsecrets\.|\btoken_bytes\(|\bgetrandbits\(|\bSystemRandom\(/;

function wordsOf(text: string): string[] {
  return (text.match(/[A-Za-z_][A-Za-z0-9_]*/g) ?? []).flatMap(nameWords);
}

function mentionsAny(text: string, words: ReadonlySet<string>): boolean {
  return wordsOf(text).some((w) => words.has(w));
}

/** Statements or calls that say what the hash object held in `name` is fed (`m.update(passwd + salt)`). */
function updates(model: ModuleModel, call: CallInfo, name: string): string[] {
  const fn = call.context.fn;
  if (!fn) return [];
  const out: string[] = [];
  for (const id of model.identifiersNamedIn(name, fn.body.startIndex, fn.body.endIndex)) {
    const attribute = id.parent;
    if (attribute?.type !== "attribute" || attribute.childForFieldName("attribute")?.text !== "update") continue;
    const args = attribute.parent?.childForFieldName("arguments");
    if (args) out.push(args.text);
  }
  return out;
}

/** Within a branch that tests an algorithm's protocol name (`if algorithm in ("MD5", "MD5-SESS"):`)? */
function inProtocolBranch(node: Node): boolean {
  for (let child = node, p = node.parent; p; child = p, p = p.parent) {
    let condition: Node | null = null;
    if (p.type === "if_statement" || p.type === "elif_clause") {
      if (p.childForFieldName("condition")?.id === child.id) continue;
      condition = p.childForFieldName("condition");
    } else if (p.type === "conditional_expression") condition = p.namedChild(1);
    if (condition && /==|!=|\bin\b/.test(condition.text) && ALGORITHM_LITERAL.test(condition.text)) return true;
    if (p.type === "else_clause") {
      // `else` of such an `if`: the protocol chose the other algorithm
      const ifNode = p.parent;
      const test = ifNode?.childForFieldName("condition");
      if (test && ALGORITHM_LITERAL.test(test.text)) return true;
    }
  }
  return false;
}

/** In a `try` whose handler catches ValueError (the FIPS refusal): a probe or a fallback. */
function inFipsProbe(node: Node): boolean {
  for (let child = node, p = node.parent; p; child = p, p = p.parent) {
    if (p.type === "function_definition") return false;
    if (p.type !== "try_statement" || p.childForFieldName("body")?.id !== child.id) continue;
    for (const handler of p.namedChildren) {
      if (handler?.type !== "except_clause") continue;
      const caught = handler.namedChildren.find((c) => c && c.type !== "block" && c.type !== "comment");
      if (!caught || /\bValueError\b/.test(caught.text)) return true;
    }
  }
  return false;
}

/** What the hash made by `call` (a constructor of `algorithm`, "MD5" or "SHA-1") is used for. */
export function hashUse(model: ModuleModel, call: CallInfo, algorithm: string): HashUse {
  const node = call.node;
  // who chose the hash comes first: a password hasher for old "md5$..." hashes still hashes passwords
  const fn = call.context.fn;
  if (implementsNamedAlgorithm(fn, algorithm) || formatChoosesHash(fn)) return "protocol";
  if (implementsCitedProtocol(model.docstring?.text ?? null, model.text, algorithm)) return "protocol";
  // a hash of nothing but random bytes is as random as they are, whatever its name says (`token`)
  if (isOnlyRandom(model, call)) return "random";
  const parent = node.parent;
  const args = call.argumentsNode?.text ?? "";
  const sink = sinkOf(call);
  const fnName = call.context.fn?.name ?? "";
  // what it is fed: its arguments, and `.update(...)` of the name it is kept in
  let fed = args;
  const target = parent?.type === "assignment" ? parent.childForFieldName("left") : null;
  if (target?.type === "identifier") fed += ` ${updates(model, call, target.text).join(" ")}`;
  const context = `${fed} ${sink?.name ?? ""} ${fnName}`;
  // a password or token digest sent in a request: the peer's protocol chose the hash (Subsonic's `t`)
  if (mentionsAny(context, PASSWORD_WORDS)) return sentToPeer(model, node, fn) ? "protocol" : "password";
  if (mentionsAny(`${sink?.name ?? ""} ${fnName}`, SECURITY_WORDS) || inHmac(node))
    return sentToPeer(model, node, fn) ? "protocol" : "security";
  if (inProtocolBranch(node) || implementsAlgorithm(model, call)) return "protocol";
  if (isRandomInput(model, call)) return "random";
  if (inFipsProbe(node)) return "probe";
  if (
    !call.positional.length &&
    parent?.type === "attribute" &&
    METADATA.has(parent.childForFieldName("attribute")?.text ?? "")
  )
    return "attribute";
  return "plain";
}

/** Given to `hmac.new`/`hmac.compare_digest` (or compared there). */
function inHmac(node: Node): boolean {
  for (let p = node.parent; p && p.type !== "expression_statement" && p.type !== "block"; p = p.parent) {
    if (p.type !== "call") continue;
    const callee = p.childForFieldName("function")?.text ?? "";
    if (/(?:^|\.)(?:compare_digest|HMAC)$|^hmac\.new$/.test(callee)) return true;
  }
  return false;
}

/** Calls that return random bytes or a random string. */
const RANDOM_CALL = /(?:^|\.)(?:urandom|token_bytes|token_hex|token_urlsafe|getrandbits|randbytes|secureRandom)$/;

/** The hash's whole input is one call returning random bytes (or a name bound only to one). */
function isOnlyRandom(model: ModuleModel, call: CallInfo): boolean {
  const first = call.positional[0];
  const random = (n: Node) => n.type === "call" && RANDOM_CALL.test(n.childForFieldName("function")?.text ?? "");
  if (!first || call.positional.length > 1) return false;
  if (random(first)) return true;
  if (first.type !== "identifier") return false;
  const values = bindingsOf(model, call.context.fn, first.text, first.startIndex);
  return values.length > 0 && values.every(random);
}

/** The hash's input is random bytes (`os.urandom`, `secrets`): a nonce, where only the randomness matters. */
function isRandomInput(model: ModuleModel, call: CallInfo): boolean {
  const first = call.positional[0];
  if (!first) return false;
  if (RANDOM_SOURCE.test(first.text)) return true;
  if (first.type !== "identifier") return false;
  return bindingsOf(model, call.context.fn, first.text, first.startIndex).some((v) => RANDOM_SOURCE.test(v.text));
}

/**
 * Inside an implementation of the algorithm itself, for an interface that names it: a SQL
 * function (`conn.create_function("md5", 1, _sqlite_md5)`, or a lambda given there).
 */
function implementsAlgorithm(model: ModuleModel, call: CallInfo): boolean {
  const name = call.context.inLambda ? "" : (call.context.fn?.name ?? "");
  if (name && new RegExp(`create_(?:aggregate|function)\\([^)]*\\b${name}\\b`).test(model.text)) return true;
  for (let p = call.node.parent; p; p = p.parent) {
    if (p.type !== "argument_list") continue;
    const callee = p.parent?.childForFieldName("function")?.text ?? "";
    if (/(?:^|\.)create_(?:aggregate|function)$/.test(callee)) return true;
  }
  return false;
}
