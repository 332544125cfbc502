// A fixed command run through a shell to learn whether a program is installed (SEC001):
// `Popen("less --version", shell=True)` then `if p.returncode == 0:`. The shell turns a missing
// program into exit status 127, which the code tests; without it the call raises instead, so
// the shell is doing the work and "the shell adds nothing" would be wrong.
import type { Node } from "web-tree-sitter";
import type { CallInfo, ModuleModel } from "./model";

/** Arguments that only ask a program to show it is there. */
const PROBE_ARGUMENTS = /^(?:--?version|-V|--help|-h|version)$/;
/** Reading a process's exit status. */
const STATUS = new Set(["returncode", "wait", "poll"]);

/** Does the command (plain words) only ask the program whether it is there? */
export function isProbeCommand(words: readonly string[]): boolean {
  return words.length === 2 && PROBE_ARGUMENTS.test(words[1]);
}

/** Is the exit status of the process `call` starts read (its return value, or `p.returncode`, `p.wait()`)? */
export function readsExitStatus(model: ModuleModel, call: CallInfo): boolean {
  const parent = call.node.parent;
  // `if os.system(...) == 0:`, `return subprocess.call(...)`
  if (parent && parent.type !== "expression_statement" && parent.type !== "assignment") return true;
  if (parent?.type !== "assignment") return false;
  const target = parent.childForFieldName("left");
  const fn = call.context.fn;
  if (target?.type !== "identifier" || !fn) return false;
  return model.identifiersNamedIn(target.text, parent.endIndex, fn.body.endIndex).some((id: Node) => {
    const attribute = id.parent;
    if (attribute?.type !== "attribute" || attribute.childForFieldName("object")?.id !== id.id) {
      // `rc = subprocess.call(...)` then `if rc:`: the status itself
      return attribute?.type !== "attribute";
    }
    return STATUS.has(attribute.childForFieldName("attribute")?.text ?? "");
  });
}
