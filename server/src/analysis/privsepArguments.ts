// What a privsep entrypoint lets its unprivileged caller choose (SEC001). An entrypoint whose
// every argument only fills the value of a fixed option (`tgt-admin --update NAME`,
// `ietadm --tid=%s`) and names one of the program's own objects (an id, a name) is as narrow as
// privilege separation asks: no option, program or path can be slipped in. A path or device
// as the value (`-b PATH`) can still name any file on the host, so it is not narrow.
import type { Node } from "web-tree-sitter";
import type { FunctionInfo, ModuleModel } from "./model";
import { nameWords } from "./sensitive";

/** A fixed option that takes a value: `--update`, `-b`. */
const OPTION = /^['"]-{1,2}[A-Za-z][\w-]*['"]$/;
/** A fixed option with its value formatted in: `"--tid=%s"`, `"--name=%(name)s"`. */
const OPTION_FORMAT = /^['"]-{1,2}[A-Za-z][\w-]*=%(?:\([^)]*\))?s['"]$/;
/** Parameter words naming a place on the host rather than one of the program's own objects. */
const PLACE_WORDS = new Set([
  "path",
  "file",
  "filename",
  "dir",
  "directory",
  "folder",
  "dev",
  "device",
  "disk",
  "mount",
  "mountpoint",
  "src",
  "source",
  "dest",
  "destination",
  "url",
  "cmd",
  "command",
  "script",
  "program",
  "args",
  "argv",
  "options",
  "opts",
]);

/** The previous named sibling, skipping comments. */
function previousWord(node: Node): Node | null {
  let p = node.previousNamedSibling;
  while (p?.type === "comment") p = p.previousNamedSibling;
  return p;
}

/** How a use of a parameter fills the command: as an option's value, as a flag tested, or otherwise. */
function isNarrowUse(id: Node): boolean {
  const parent = id.parent;
  if (!parent) return false;
  // `if force:` / `if not force:`: a switch, not a word of the command
  const test = parent.type === "not_operator" ? parent.parent : parent;
  if (
    (test?.type === "if_statement" || test?.type === "elif_clause") &&
    test.childForFieldName("condition")?.id === (parent.type === "not_operator" ? parent.id : id.id)
  )
    return true;
  // `["--update", name]`, `execute("tgtadm", "--tid", tid)`
  if (parent.type === "list" || parent.type === "tuple" || parent.type === "argument_list") {
    const before = previousWord(id);
    return !!before && before.type === "string" && OPTION.test(before.text);
  }
  // `"--tid=%s" % tid`
  if (parent.type === "binary_operator" && parent.childForFieldName("right")?.id === id.id) {
    const left = parent.childForFieldName("left");
    return parent.childForFieldName("operator")?.type === "%" && !!left && OPTION_FORMAT.test(left.text);
  }
  return false;
}

/**
 * Does every argument of the entrypoint `fn` only fill the value of a fixed option, naming no
 * place on the host? (`*args` and `**kwargs` never are: the caller chooses whole words.)
 */
export function onlyOptionValues(model: ModuleModel, fn: FunctionInfo): boolean {
  const parameters = fn.parameters.filter((p) => p.name !== "self" && p.name !== "cls");
  if (!parameters.length) return false;
  for (const p of parameters) {
    if (p.kind === "var-positional" || p.kind === "var-keyword") return false;
    if (nameWords(p.name).some((w) => PLACE_WORDS.has(w))) return false;
    const uses = model.identifiersNamedIn(p.name, fn.body.startIndex, fn.body.endIndex);
    if (!uses.every(isNarrowUse)) return false;
  }
  return true;
}
