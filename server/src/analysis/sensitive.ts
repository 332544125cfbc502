// Names that hold secrets (SEC005, SEC011), split into words so that `password_field` or
// `token_type` (a name *about* a password or token) is not taken for the secret itself.

/** `adminPassword`, `ADMIN_PASSWORD`, `admin-password` → ["admin", "password"]. */
export function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length > 0);
}

const PASSWORD_LAST = new Set(["password", "passwd", "pwd", "passphrase", "passwort", "secret"]);
const SECRET_LAST = new Set([...PASSWORD_LAST, "pass", "token", "apikey"]);
const KEY_QUALIFIERS = new Set([
  "api",
  "secret",
  "private",
  "auth",
  "signing",
  "encryption",
  "crypt",
  "hmac",
  "master",
]);

/** What kind of secret a name holds: any value of a password is one; tokens and keys are long. */
export type SecretKind = "password" | "token" | "key";

/**
 * The kind of secret a name denotes: its last word is password, passwd, pwd, passphrase or
 * secret (or pass, but not `user_pass`, a user:pass pair), token, or apikey, or it ends in
 * `<api|secret|private|auth|...> key`. PascalCase names (classes) denote none.
 */
export function secretKind(name: string): SecretKind | null {
  // PascalCase names a class or type (`ConsoleAuthToken`), not a value.
  if (/^[A-Z][a-z0-9]+[A-Z]/.test(name) && !name.includes("_")) return null;
  const words = nameWords(name);
  const last = words[words.length - 1];
  const before = words[words.length - 2];
  if (!last) return null;
  if (PASSWORD_LAST.has(last)) return "password";
  if (last === "pass") return before === "user" ? null : "password";
  if (last === "token") return "token";
  if (last === "apikey") return "key";
  if (last === "key" && before && (KEY_QUALIFIERS.has(before) || words.includes("secret"))) return "key";
  return null;
}

/** Names that start with a verb name an action or a function (`generate_private_key`), not a value. */
const ACTIONS = new Set([
  "generate",
  "gen",
  "get",
  "make",
  "create",
  "load",
  "read",
  "set",
  "check",
  "validate",
  "verify",
  "is",
  "has",
  "reset",
  "change",
  "forgot",
  "update",
  "delete",
  "fetch",
  "parse",
  "encode",
  "decode",
  "hash",
  "rotate",
  "find",
  "lookup",
  "store",
  "save",
  "build",
  "show",
  "print",
  "list",
  "require",
  "requires",
  "use",
  "uses",
  "allow",
  "enable",
  "disable",
  "no",
  "with",
  "to",
  "from",
]);

/** Words that make a name a label of a kind of secret (`STYLE_LOGIN_PASSWORD`, `AUTH_TYPE_TOKEN`), not a secret. */
const LABELS = new Set([
  "style",
  "type",
  "types",
  "mode",
  "method",
  "kind",
  "scheme",
  "strategy",
  "flow",
  "grant",
  // an error condition about a secret (`INVALID_PASSWORD = "28P01"`, a SQLSTATE code)
  "invalid",
  "expired",
  "wrong",
  "bad",
]);

/** The kind of secret a name holds, for SEC005 (not names of actions, nor labels of a kind of secret). */
export function secretHeld(name: string): SecretKind | null {
  const kind = secretKind(name);
  if (!kind) return null;
  const words = nameWords(name);
  if (words.length > 1 && ACTIONS.has(words[0])) return null;
  return words.slice(0, -1).some((w) => LABELS.has(w)) ? null : kind;
}

/** Words of a value that names an authentication style (`basic_auth`, `login-password`), not a credential. */
const AUTH_STYLE_WORDS = new Set([
  "basic",
  "digest",
  "bearer",
  "auth",
  "login",
  "password",
  "token",
  "oauth",
  "oauth2",
  "kerberos",
  "ntlm",
  "plain",
  "cram",
  "md5",
  "sha1",
  "sha256",
  "key",
  "api",
  "http",
  "session",
  "cookie",
  "form",
  "header",
  "jwt",
  "none",
  "noauth",
  "keystone",
  "sasl",
  "external",
]);

export function isSecretName(name: string): boolean {
  return secretKind(name) !== null;
}

const RANDOM_SECRET_LAST = new Set([...SECRET_LAST, "nonce", "salt", "otp", "pin", "csrf"]);

/**
 * For SEC011: a name for a value that must be unpredictable: a secret name (above), or
 * ending in nonce, salt, otp, pin or csrf (not `cookie`: OpenFlow cookies are identifiers); a function named like `generate_password`.
 */
export function isUnpredictableName(name: string): boolean {
  if (isSecretName(name)) return true;
  const words = nameWords(name);
  const last = words[words.length - 1];
  if (last && RANDOM_SECRET_LAST.has(last)) return true;
  // token_hex, generate_token_value, make_salt_bytes: a secret word followed by a form word
  return (
    words.length > 1 &&
    RANDOM_SECRET_LAST.has(words[words.length - 2]) &&
    ["bytes", "hex", "str", "string", "value", "urlsafe"].includes(last)
  );
}

const SECRET_WORD_IN_VALUE = /pass(?:wo?r?d|phrase)?|pwd|secret|token|api.?key|credential/i;

/**
 * Does a value look generated, as tokens and keys are: letters and digits mixed (`1vOwZtEn`, hex),
 * or a long run of mixed-case letters (`rAzVUQYRaoFjeBjyWuWZ`), in the alphabet of hex, base64,
 * UUIDs and JWTs only? Not a word (`"aggregate"`, `"Parameters"`), a lexer's token (`";base64,"`,
 * `"#mesondefine"`, `"[0-9@#.,E+]"`), a marker of lower-case words (`"_sa_default"`), a constant's or
 * cookie's name (`"REVISION_SCRIPT_FILENAME"`, `"_M2AUTH_"`) or a file name (`"TransportPrivate.pem"`).
 */
export function looksGenerated(value: string): boolean {
  if (/[^A-Za-z0-9_\-.=+/:|~]/.test(value)) return false;
  // a constant's or cookie's name: upper-case words and digits joined by `_` (`"_M2AUTH_"`)
  if (/^_*[A-Z0-9]+(?:_+[A-Z0-9]+)*_*$/.test(value) && value.includes("_")) return false;
  if (/\.[a-z]{2,4}$/.test(value)) return false;
  const mixed = /[0-9]/.test(value) && /[A-Za-z]/.test(value);
  return mixed || (value.length >= 16 && /[a-z]/.test(value) && /[A-Z]/.test(value));
}

/**
 * Is a string literal's value a placeholder or a name rather than a secret: empty, masked
 * (`***`), a template (`<password>`, `%s`, `{token}`, `${X}`), `changeme`-style, the password of
 * a well-known public account (RabbitMQ's and anonymous FTP's `guest`), a flag's word (`"true"`,
 * `"off"`: a cookie `{"ageGatePass": "true"}`), or itself naming a secret (`"X-Auth-Token"`,
 * `"password"`, `"os_password"`)?
 */
export function isPlaceholderSecret(value: string): boolean {
  const v = value.trim();
  if (!v) return true;
  // only escapes, whitespace and punctuation: a delimiter ("\r\n\r\n"), not a secret
  if (!/[A-Za-z0-9]/.test(v.replace(/\\(?:x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|[0-7]{1,3}|.)/g, ""))) return true;
  if (/^[*xX.?#-]+$/.test(v)) return true;
  if (/^<[^>]*>$|^\$\{?[A-Za-z_]|%\(?[A-Za-z_]*\)?[sdr]|\{[A-Za-z0-9_]*\}/.test(v)) return true;
  if (
    /^(?:none|null|nil|undefined|n\/a|na|todo|fixme|changeme|change_me|replace_?me|placeholder|dummy|fake|example|redacted|hidden|secret|password|bearer|basic|guest|anonymous|your[-_ a-z]*|true|false|yes|no|on|off)$/i.test(
      v,
    )
  )
    return true;
  // a dotted number is a version, an address or a protocol reply code (`NEED_PASS = "331.1"`)
  if (/^\d+(?:\.\d+)+$/.test(v)) return true;
  // words separated by spaces are a message or a lexical token, not a credential
  if (/\s/.test(v)) return true;
  // an authentication style's name (`basic_auth`): lower-case words of that vocabulary only
  if (/^[a-z0-9]+(?:[_-][a-z0-9]+)+$/.test(v) && v.split(/[_-]/).every((w) => AUTH_STYLE_WORDS.has(w))) return true;
  if (SECRET_WORD_IN_VALUE.test(v)) return true;
  // a regular expression describing secrets (`[0-9a-zA-Z]{1,12}`), not one
  if (/\[[^\]]+\][*+?{]|^\^.*\$$/.test(v)) return true;
  return false;
}
