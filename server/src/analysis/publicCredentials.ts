// Passwords that are public by nature (SEC005): a product's factory default, written where the
// code talks to that product, and the anonymous-FTP convention (any e-mail-like string beside
// the user `anonymous`). Neither is a secret the source leaks: anyone can look them up.
import type { Node } from "web-tree-sitter";
import { nameWords } from "./sensitive";
import { stringParts } from "./syntax";

/** Folders that are layout, not the name of what the code talks to. */
const LAYOUT = new Set(["src", "lib", "lib64", "site-packages", "dist-packages"]);

/** The folders and file stem below the project's top-level package (`cinder/volume/drivers/acme/utils.py` → volume, drivers, acme, utils). */
function pathWords(path: string | null, root: string | null): string[] {
  if (!path) return [];
  const normal = path.replace(/\\/g, "/");
  const base = root?.replace(/\\/g, "/").replace(/\/+$/, "");
  if (!base || !normal.startsWith(`${base}/`)) return [];
  const parts = normal
    .slice(base.length + 1)
    .replace(/\.pyi?$/, "")
    .split("/")
    .filter((p) => !LAYOUT.has(p));
  // the top-level package is the project itself: a password named after it is the project's own choice
  return parts.slice(1).map((p) => p.toLowerCase());
}

/**
 * Is `value` the name of the product the code is written for (`nexenta_password = "nexenta"`, a
 * driver in `drivers/acme/` falling back to `"acme"`)? Appliances ship with such a password
 * (`admin`/`<product>`) and their manuals publish it: the default mirrors the device's, it does not
 * leak one. The project's own name (its top-level package) does not count.
 */
export function isProductNamePassword(value: string, name: string, path: string | null, root: string | null): boolean {
  const v = value.toLowerCase();
  if (!/^[a-z][a-z0-9]{2,}$/.test(v)) return false;
  const words = nameWords(name);
  if (words.slice(0, -1).includes(v)) return true;
  return pathWords(path, root).includes(v);
}

/** User names of public accounts whose password is a convention, not a secret. */
const PUBLIC_USERS = /^(?:anonymous|ftp|guest)$/i;
/** Names that hold the user of a credential. */
const USER_NAME = /^(?:user|username|user_?name|login|userid|user_?id)$/i;

/**
 * Is the password (a parameter's default or a keyword argument) beside a user parameter or
 * keyword whose value is a public account (`username="anonymous", password="me@example.com"`)?
 * Anonymous FTP asks for an e-mail address as the password, by convention.
 */
export function besidePublicAccount(holder: Node): boolean {
  const list = holder.parent;
  if (!list || (list.type !== "parameters" && list.type !== "argument_list")) return false;
  for (const sibling of list.namedChildren) {
    if (!sibling || sibling.id === holder.id) continue;
    if (!["default_parameter", "typed_default_parameter", "keyword_argument"].includes(sibling.type)) continue;
    if (!USER_NAME.test(sibling.childForFieldName("name")?.text ?? "")) continue;
    const value = sibling.childForFieldName("value");
    const parts = value?.type === "string" ? stringParts(value) : null;
    if (parts && !parts.interpolated && PUBLIC_USERS.test(parts.body)) return true;
  }
  return false;
}
