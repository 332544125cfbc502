// Where a file may write a secret, found from its text (SEC005): a name holding a secret word
// (pass, pwd, secret, token, key) followed by `=`, `==`, `!=` or `:` and a string literal's
// quote; and oslo.config options (`cfg.StrOpt("admin_password", ...`). The tree is asked only
// at those places.
import type { Node } from "web-tree-sitter";
import { wordEnd, wordStart } from "./textSearch";

/** A name holding a secret (see secretKind) contains one of these words, in any case. */
const SECRET_WORD = /pass|pwd|secret|token|key/i;
/**
 * A name (identifier or dict key) followed by `=`, `==`, `!=` or `:` — with an optional
 * annotation before `=` — and a string literal's opening quote. Group 1 is the name.
 */
const CANDIDATE =
  /(?<![A-Za-z0-9_])([A-Za-z_][A-Za-z0-9_]*)(?:['"]\s*\]|['"])?(?:\s*:\s*[A-Za-z_][\w.]*(?:\[[^\]\n]*\])?\s*=|\s*(?:==|!=|=|:))\s*(?:\(\s*)?[rRuU]?['"]/g;
/** The same, matched at one place (the start of a name holding a secret word). */
const CANDIDATE_AT = new RegExp(CANDIDATE.source, "y");
const SECRET_WORD_G = new RegExp(SECRET_WORD.source, "gi");

/** The starts of the words (runs of [A-Za-z0-9_]) in which SECRET_WORD matches, in order; empty exactly when it matches nowhere. */
export function secretWordStarts(text: string, from = 0, to = text.length): number[] {
  const out: number[] = [];
  SECRET_WORD_G.lastIndex = from;
  for (let m = SECRET_WORD_G.exec(text); m && m.index < to; m = SECRET_WORD_G.exec(text)) {
    out.push(wordStart(text, m.index));
    // on to the word's end
    SECRET_WORD_G.lastIndex = wordEnd(text, m.index + m[0].length);
  }
  return out;
}

/**
 * The matches of CANDIDATE whose name holds a secret word, in order: the start of each word
 * containing one, matched there (scanning the whole text with CANDIDATE, a regex with a
 * look-behind tried at every offset, costs far more). Matching only at those starts finds the
 * same names: the other matches are of names without a secret word, which are skipped anyway;
 * the only text they would have hidden from later matches is an annotation's type
 * (`x: key_type = "v"`), whose match names no target of the value and so is reported nowhere.
 */
export function* secretCandidates(text: string, starts: number[]): Generator<RegExpExecArray> {
  for (const s of starts) {
    CANDIDATE_AT.lastIndex = s;
    const m = CANDIDATE_AT.exec(text);
    if (m) yield m;
  }
}

/**
 * `cfg.StrOpt('admin_password', ...`: oslo.config options, whose default is checked. Their
 * names are the matches of `/[A-Z][A-Za-z]*Opt\(\s*['"]([A-Za-z0-9_.-]+)['"]/g` (OPT_NAME);
 * this is that pattern from the `(`.
 */
const OPT_ARGUMENT = /\(\s*['"]([A-Za-z0-9_.-]+)['"]/y;

/**
 * OPT_NAME's matches (`index`: where it starts, `name`: its group), found from each `Opt(` in
 * the text: the match starts at the first capital letter of the run of letters before it.
 */
export function* optionNames(text: string, from = 0, to = text.length): Generator<{ index: number; name: string }> {
  for (let i = text.indexOf("Opt(", from); i >= 0 && i < to; i = text.indexOf("Opt(", i + 4)) {
    let j = i;
    while (j > 0 && isLetterCode(text.charCodeAt(j - 1))) j--;
    let p = j;
    while (p < i && !(text.charCodeAt(p) >= 65 && text.charCodeAt(p) <= 90)) p++;
    if (p >= i) continue;
    OPT_ARGUMENT.lastIndex = i + 3;
    const m = OPT_ARGUMENT.exec(text);
    if (m) yield { index: p, name: m[1] };
  }
}

function isLetterCode(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/** The string literal whose opening quote is at `quote` (the concatenation when it starts one). */
export function stringAt(root: Node, quote: number): Node | null {
  let node: Node | null = root.descendantForIndex(quote, quote + 1);
  for (let i = 0; node && node.type !== "string" && i < 3; i++) node = node.parent;
  if (node?.type !== "string" || node.startIndex > quote || node.startIndex < quote - 2) return null;
  return node.parent?.type === "concatenated_string" && node.parent.namedChild(0)?.id === node.id ? node.parent : node;
}

/** `auth=(` or `credentials=(`: a user/password pair written as a tuple (keyword or parameter default), matched where the name starts. */
const CREDENTIAL_PAIR = /(auth|credentials?|creds|basic_auth|http_auth)\s*=\s*\(/y;

/**
 * The password literals of credential pairs: `auth=("user", "pw")` as a keyword argument or a
 * parameter's default, whose second element is a string literal (placeholders are left to the
 * caller to judge).
 */
export function* credentialPairs(
  root: Node,
  text: string,
  from = 0,
  to = text.length,
): Generator<{ name: string; password: Node }> {
  // (from each "auth" or "cred" starting a name: a regex tried at every offset costs far more)
  const starts: number[] = [];
  for (const word of ["auth", "cred"])
    for (let i = text.indexOf(word, from); i >= 0 && i < to; i = text.indexOf(word, i + 1)) {
      const s = wordStart(text, i);
      if (s === i || text.startsWith("basic_", s) || text.startsWith("http_", s)) starts.push(s);
    }
  for (const at of starts.sort((a, b) => a - b)) {
    CREDENTIAL_PAIR.lastIndex = at;
    const m = CREDENTIAL_PAIR.exec(text);
    if (!m) continue;
    const open = m.index + m[0].length - 1;
    const tuple = root.descendantForIndex(open, open + 1)?.parent;
    if (tuple?.type !== "tuple" || tuple.startIndex !== open) continue;
    const holder = tuple.parent;
    if (
      !holder ||
      !["keyword_argument", "default_parameter", "typed_default_parameter"].includes(holder.type) ||
      holder.childForFieldName("value")?.id !== tuple.id
    )
      continue;
    const items = tuple.namedChildren.filter((c): c is Node => !!c && c.type !== "comment");
    if (items.length === 2 && items[0].type === "string" && items[1].type === "string")
      yield { name: m[1], password: items[1] };
  }
}
