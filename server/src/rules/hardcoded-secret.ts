// SEC005: a secret (password, token, API key) written into the source as a string literal.
import type { Node } from "web-tree-sitter";
import {
  credentialPairs,
  optionNames,
  secretCandidates,
  secretWordStarts,
  stringAt,
} from "../analysis/secretCandidates";
import { isPlaceholderSecret, looksGenerated, secretHeld, type SecretKind } from "../analysis/sensitive";
import { besidePublicAccount, isProductNamePassword } from "../analysis/publicCredentials";
import { isTestSupport } from "../analysis/testSupport";
import { stringParts } from "../analysis/syntax";
import type { Rule } from "./types";

/** The literal's value when `node` is a plain (non-f) string literal, else null. */
function literalValue(node: Node | null | undefined): string | null {
  if (!node) return null;
  if (node.type === "string") {
    const parts = stringParts(node);
    if (!parts || parts.interpolated || /[bB]/.test(parts.prefix)) return null;
    return parts.body;
  }
  if (node.type === "concatenated_string") {
    let out = "";
    for (const c of node.namedChildren) {
      if (!c || c.type === "comment") continue;
      const v = literalValue(c);
      if (v === null) return null;
      out += v;
    }
    return out;
  }
  return null;
}

/** The name an assignment target, keyword or key stands for: `self.db_password` → `db_password`. */
function targetName(node: Node): string | null {
  if (node.type === "identifier") return node.text;
  if (node.type === "attribute") return node.childForFieldName("attribute")?.text ?? null;
  if (node.type === "subscript") {
    const key = node.childForFieldName("subscript");
    return literalValue(key);
  }
  const key = literalValue(node);
  return key;
}

/** `"X-Auth-Token"`: the whole quoted key when the word at `start` ends one joined by hyphens. */
function hyphenatedKey(text: string, start: number): string | null {
  if (text.charCodeAt(start - 1) !== 45) return null; // "-"
  let i = start - 1;
  while (i > 0 && /[A-Za-z0-9_-]/.test(text[i - 1])) i--;
  const quote = text[i - 1];
  if (quote !== '"' && quote !== "'") return null;
  const end = text.indexOf(quote, start);
  return end > start ? text.slice(i, end) : null;
}

export const hardcodedSecret: Rule = {
  meta: {
    code: "SEC005",
    name: "hardcoded-secret",
    category: "security",
    reviewPoint: null,
    preview: true,
    severity: "warning",
    fixable: "never",
    skipsTestFiles: true,
    summary: "A password, token or key is written in the source as a string literal.",
    rationale:
      "A secret in the source is in every copy of it, in version control history and in the built package, and cannot be rotated without a release (CWE-259). " +
      'Read it from configuration, the environment or a secret store; an option\'s default is what every deployment that does not set it uses, so it should be empty. Reported: names holding a password, token or key (`db_password`, `"X-Auth-Token"` header keys, oslo options), and the password of a credential pair (`auth=("user", "pw")`). ' +
      'Not reported: test files and a library\'s test support (a `testing/` package, modules importing one), empty strings, placeholders (`changeme`, `<password>`, `%s`), a flag\'s word (`{"ageGatePass": "true"}`), the password of a well-known public account (`guest`: RabbitMQ\'s default; anonymous FTP\'s e-mail address beside `user="anonymous"`), a product\'s factory default, which its manual publishes: a password that is the name of the product the code is for (`acme_password = "acme"`, `"acme"` in a `drivers/acme/` module; not the project\'s own top-level package name), dotted numbers (`NEED_PASS = "331.1"`, a reply code), constants that name a kind of secret (`STYLE_LOGIN_PASSWORD = "basic_auth"`), values under token or key names that do not look generated (letters and digits mixed, or a long mixed-case run, in the alphabet of hex, base64 and UUIDs): short or name-like ones (`_DEFAULT_TOKEN = "_sa_default"`, a marker), words (`token="aggregate"`), lexical tokens (`search_token = "#mesondefine"`), names of constants and files (`"TransportPrivate.pem"`); names of an error condition (`INVALID_PASSWORD = "28P01"`).',
    example: 'ADMIN_PASSWORD = "s3cr3t!"\nclient = Client(user="admin", password="s3cr3t!")',
    useInstead:
      'ADMIN_PASSWORD = os.environ["ADMIN_PASSWORD"]\nclient = Client(user="admin", password=CONF.admin_password)',
    bandit: ["B105", "B106", "B107"],
    cwe: 259,
    // (a secret is judged by its statement's text and tree; test support by the imports and path)
    scope: "segment",
  },
  check(ctx) {
    const { model, text } = ctx;
    const ranges = ctx.only?.ranges ?? [{ start: 0, end: text.length }];
    const starts = ranges.flatMap((r) => secretWordStarts(text, r.start, r.end));
    if (!starts.length) return; // (as `!SECRET_WORD.test(text)`)
    // a library's test support (provisioning throwaway databases for its suite)
    if (isTestSupport(model, ctx.path, ctx.root)) return;
    const reported = new Set<number>();
    const flag = (at: Node, name: string, how: string, kind: SecretKind | null, option = false): void => {
      if (!kind) return;
      const valueNode =
        at.type === "parenthesized_expression" && at.namedChildCount === 1 ? (at.namedChild(0) as Node) : at;
      const value = literalValue(valueNode);
      if (value === null || isPlaceholderSecret(value) || reported.has(valueNode.startIndex)) return;
      // Tokens and keys are long; a short value under such a name is a lexical token or a type ("done.", "Bearer").
      // Nor is a marker, a word, a lexer's token or a file name (`"_sa_default"`, `token="aggregate"`,
      // `search_token = "#mesondefine"`): tokens and keys look generated.
      if (kind !== "password" && (value.length < 8 || !looksGenerated(value))) return;
      if (kind === "password") {
        // a product's published factory default, or anonymous FTP's e-mail-as-password: public, not leaked
        if (isProductNamePassword(value, name, ctx.path, ctx.root)) return;
        const holder = valueNode.parent;
        if (holder && holder.childForFieldName("value")?.id === valueNode.id && besidePublicAccount(holder)) return;
      }
      reported.add(valueNode.startIndex);
      // an option is configuration already: what leaks is the value used when nobody sets it
      const advice = option
        ? "default to no value so that each deployment must set its own"
        : "read it from configuration, the environment or a secret store";
      ctx.report({
        start: valueNode.startIndex,
        end: valueNode.endIndex,
        message: `Hard-coded secret: ${how} \`${name}\` is a string literal (CWE-259); ${advice}.`,
      });
    };

    // Found by text (a secret-like name, then `=`, `==`, `!=` or `:` and a quote), confirmed in the
    // tree: name = "x", self.name = "x", d["name"] = "x", f(name="x"), def f(name="x"),
    // {"name": "x"}, name == "x", name: str = "x".
    for (const m of secretCandidates(text, starts)) {
      // a header-style key (`"X-Auth-Token": ...`): the name is the whole key
      const name = hyphenatedKey(text, m.index) ?? m[1];
      const kind = secretHeld(name);
      if (!kind) continue;
      const literal = stringAt(model.root, m.index + m[0].length - 1);
      if (!literal) continue;
      // `NAME = (\n "part" "part"\n)`: judge the parenthesised expression, report the literal
      const valueNode = literal.parent?.type === "parenthesized_expression" ? literal.parent : literal;
      const parent = valueNode.parent;
      if (!parent) continue;
      const isField = (field: string): boolean => parent.childForFieldName(field)?.id === valueNode.id;
      switch (parent.type) {
        case "assignment": {
          const left = parent.childForFieldName("left");
          if (isField("right") && left && targetName(left) === name)
            flag(valueNode, name, left.type === "subscript" ? "the value stored under" : "the value assigned to", kind);
          break;
        }
        case "keyword_argument":
          if (isField("value") && parent.childForFieldName("name")?.text === name)
            flag(valueNode, name, "the argument", kind);
          break;
        case "default_parameter":
        case "typed_default_parameter":
          if (isField("value") && parent.childForFieldName("name")?.text === name)
            flag(valueNode, name, "the default of parameter", kind);
          break;
        case "pair": {
          const key = parent.childForFieldName("key");
          if (isField("value") && key && literalValue(key) === name) flag(valueNode, name, "the value of key", kind);
          break;
        }
        case "comparison_operator": {
          // Only passwords: `token == "x"` is parser code comparing lexical tokens.
          const left = parent.namedChild(0);
          if (
            kind === "password" &&
            parent.namedChildCount === 2 &&
            parent.namedChild(1)?.id === valueNode.id &&
            left &&
            (left.type === "identifier" || left.type === "attribute") &&
            targetName(left) === name
          ) {
            flag(valueNode, name, "the value compared with", kind);
          }
          break;
        }
      }
    }
    // credential pairs: def __init__(self, auth=("change", "changepw")), Client(auth=("admin", "s3cr3t"))
    for (const r of ranges)
      for (const pair of credentialPairs(model.root, text, r.start, r.end))
        flag(pair.password, pair.name, `the password in`, "password");
    // oslo.config options: cfg.StrOpt("admin_password", default="literal")
    for (const m of ranges.flatMap((r) => [...optionNames(text, r.start, r.end)])) {
      const kind = secretHeld(m.name);
      if (!kind) continue;
      let call: Node | null = model.root.descendantForIndex(m.index, m.index + 1);
      while (call && call.type !== "call") call = call.parent;
      const args = call?.childForFieldName("arguments");
      if (!args) continue;
      for (const arg of args.namedChildren) {
        if (arg?.type !== "keyword_argument" || arg.childForFieldName("name")?.text !== "default") continue;
        const value = arg.childForFieldName("value");
        if (value) flag(value, m.name, "the default of option", kind, true);
      }
    }
  },
};
