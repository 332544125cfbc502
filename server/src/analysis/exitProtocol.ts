// Exit statuses that speak to another process (EXC001): a reloader's child exits with 3 so that
// its parent, which reads that status, starts it again. Such an exit is the point of the code, and
// no exception could carry the status to the process waiting for it. (A status passed on, such as
// a child's, `sys.exit(subprocess.call(args))`, is computed: EXC001 leaves every such exit alone.)
import type { Node } from "web-tree-sitter";
import type { Exit } from "./exits";
import type { ModuleModel } from "./model";
import { numericLiteral, unparen } from "./syntax";
import { escapeRegExp } from "./textSearch";

/** The attribute of a child process that holds its status (`proc.returncode`, `process.exitcode`). */
const STATUS_ATTRIBUTES = new Set(["returncode", "exitcode"]);

/** Names that hold an exit status (`exit_code`, `returncode`, `rc`); not `status` alone, which may be any state. */
const STATUS_NAME = /(?:^|_)(?:exit_?code|exit_?status|return_?code|ret_?code|rc|errorlevel)$/i;

/**
 * The status an exit's argument gives: an integer literal, or a constant the module binds (in a
 * class body or at its top level) only to one integer (`self.BOOT_ERROR`, `Arbiter.BOOT_ERROR`,
 * `BOOT_ERROR` with `BOOT_ERROR = 3`); with the constant's name, which the module may read back
 * instead of the number (`if exitcode == self.BOOT_ERROR:`).
 */
function statusGiven(model: ModuleModel, arg: Node): { code: number; name: string | null } | null {
  const literal = numericLiteral(arg);
  if (literal !== null) return { code: literal, name: null };
  let name: string | null = null;
  if (arg.type === "identifier") name = arg.text;
  else if (arg.type === "attribute" && /^(?:self|cls|[A-Z]\w*)$/.test(arg.childForFieldName("object")?.text ?? ""))
    name = arg.childForFieldName("attribute")?.text ?? null;
  if (!name) return null;
  const values = model.assignments
    .filter((a) => !a.context.fn && a.left.type === "identifier" && a.left.text === name)
    .map((a) => (a.right ? numericLiteral(unparen(a.right)) : null));
  const code = values[0];
  if (code === undefined || code === null || values.some((v) => v !== code)) return null;
  return { code, name };
}

/**
 * Is the exit's status a number (not 0 or 1, which say only success or failure), written or named
 * by a constant, that the module reads back from a child process (`if exit_code != 3:`,
 * `if exitcode == self.BOOT_ERROR:`), or that its docstring documents on a line about exit
 * statuses (`while test "$status" -eq 3`)? Then the status is a protocol between processes, and
 * ending the process with it is the function's job.
 */
export function statusIsProtocol(model: ModuleModel, exit: Exit): boolean {
  const arg = exit.args?.length === 1 ? unparen(exit.args[0]) : null;
  const given = arg ? statusGiven(model, arg) : null;
  const code = given?.code ?? null;
  if (code === null || code === 0 || code === 1 || !Number.isInteger(code)) return false;
  const n = escapeRegExp(String(code));
  // the number, or the constant's name (`self.BOOT_ERROR`)
  const status = given?.name ? `(?:${n}|(?:\\w+\\.)*${escapeRegExp(given.name)})` : n;
  const text = model.text;
  // `exit_code != 3`, `3 == proc.returncode`
  const compared = new RegExp(`([\\w.]+)\\s*[!=]=\\s*${status}\\b|(?<![\\w.])${status}\\s*[!=]=\\s*([\\w.]+)`, "g");
  for (const m of text.matchAll(compared)) {
    const other = (m[1] ?? m[2] ?? "").split(".").pop() ?? "";
    if (STATUS_NAME.test(other) || STATUS_ATTRIBUTES.has(other)) return true;
  }
  const doc = model.docstring?.text;
  if (!doc) return false;
  const number = new RegExp(`(?<![\\w.])${n}(?![\\w.])`);
  const about = /\b(?:exit|exits|exited|status|errorlevel|returncode|return code)\b|\$\?|\$\w*err/i;
  return doc.split(/\r?\n/).some((line) => number.test(line) && about.test(line));
}
