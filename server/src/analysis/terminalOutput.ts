// Output that is a program's answer to its command line (LOG004): text printed right before the
// program ends (`print("tool version", v); raise SystemExit()`, a usage message then `sys.exit(2)`).
// Whatever function holds it is acting as the program there, and the terminal is its audience.
import type { Node } from "web-tree-sitter";

/** `raise SystemExit...`, `sys.exit(...)`, `exit(...)`, `quit(...)`, `os._exit(...)` as a statement. */
const EXIT_STATEMENT = /^(?:raise\s+SystemExit\b|(?:sys\.|os\._)?exit\s*\(|quit\s*\()/;
/** A statement that only prints (`print(...)`), which may come between the print and the exit. */
const PRINT_STATEMENT = /^print\s*\(/;

/**
 * Is the `print(...)` call followed in its block, past other prints and at most one other call
 * (`print(msg); ssh.close(); sys.exit(1)`: tidying up before leaving), by a statement that ends
 * the program?
 */
export function printsThenExits(call: Node): boolean {
  const statement = call.parent;
  if (statement?.type !== "expression_statement") return false;
  let calls = 0;
  for (let next = statement.nextNamedSibling; next; next = next.nextNamedSibling) {
    if (next.type === "comment") continue;
    const text = next.text;
    if (EXIT_STATEMENT.test(text)) return true;
    if (next.type !== "expression_statement") return false;
    if (PRINT_STATEMENT.test(text)) continue;
    if (next.namedChild(0)?.type !== "call" || ++calls > 1) return false;
  }
  return false;
}
