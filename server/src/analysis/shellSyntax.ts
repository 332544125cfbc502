// Shell syntax (SEC001): when a command string means nothing to a shell but its words, so
// that splitting it on blanks gives exactly the argument list the shell would have run.

/** Shell builtins and keywords: without a shell there is no such program. */
const SHELL_BUILTINS = new Set([
  "cd",
  "export",
  "source",
  ".",
  "exec",
  "eval",
  "set",
  "unset",
  "ulimit",
  "umask",
  "alias",
  "unalias",
  "type",
  "command",
  "builtin",
  "read",
  "wait",
  "trap",
  "exit",
  "return",
  "shift",
  "hash",
  "jobs",
  "fg",
  "bg",
  "times",
  "readonly",
  "declare",
  "local",
  "let",
  "shopt",
  "history",
  "if",
  "then",
  "else",
  "fi",
  "for",
  "while",
  "until",
  "do",
  "done",
  "case",
  "esac",
  "function",
  "select",
  "time",
]);

/**
 * `"ls -l /tmp"` → `["ls", "-l", "/tmp"]` when splitting it is exact: only plain words (no
 * quotes, escapes, variables, globs, redirections, pipes, comments, assignments or builtins).
 */
export function splitPlainCommand(body: string): string[] | null {
  if (!/^[A-Za-z0-9_\-./:,+@%= \t]+$/.test(body)) return null;
  const words = body
    .trim()
    .split(/[ \t]+/)
    .filter(Boolean);
  if (!words.length) return null;
  if (words[0].includes("=") || SHELL_BUILTINS.has(words[0])) return null;
  return words;
}

/**
 * For each `%` conversion of a printf-style template (`%s`, `%(name)s`; not `%%`), is it inside
 * shell quotes (`'...'` or `"..."`)? There a shell-quoted value is quoted again, which undoes
 * its quoting (`su -c '%s'` % quote(x) ends the outer quotes where `x`'s begin).
 */
export function quotedConversions(template: string): boolean[] {
  const out: boolean[] = [];
  let quote: string | null = null;
  for (let i = 0; i < template.length; i++) {
    const c = template[i];
    if (c === "%") {
      if (template[i + 1] === "%") {
        i++;
        continue;
      }
      out.push(quote !== null);
      continue;
    }
    if (c === "\\" && quote !== "'") i++;
    else if (quote === null && (c === "'" || c === '"')) quote = c;
    else if (c === quote) quote = null;
  }
  return out;
}
