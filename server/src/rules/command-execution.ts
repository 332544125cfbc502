// SEC001: running external commands — through a shell, built at run time, or as root.
import type { Node } from "web-tree-sitter";
import { assignedValue, LAST_IMPORT } from "../analysis/bindings";
import { runnerAliases, runnerCalls, shellKeyword } from "../analysis/commandRunners";
import { commandOf, type Resolve, rootOf, shellFlag } from "../analysis/commandShape";
import { literalString } from "../analysis/syntax";
import {
  isConfigured,
  isPassThrough,
  isQuoted,
  isSanitized,
  isSelfRun,
  isSplitCommandLine,
  locatedProgramCommand,
} from "../analysis/commandSources";
import { onlyOptionValues } from "../analysis/privsepArguments";
import { isProbeCommand, readsExitStatus } from "../analysis/programProbe";
import { splitPlainCommand } from "../analysis/shellSyntax";
import { mentions } from "../analysis/textSearch";
import { shellStringFix } from "../fixes/argumentList";
import type { CallInfo, FunctionInfo } from "../analysis/model";
import { shellWrapperCalls } from "../analysis/shellWrappers";
import type { Fix, Severity } from "../core/types";
import type { Rule } from "./types";

/**
 * Commands of the shell itself, with no program behind them (cmd.exe's `cls`, `dir`, `type`; the
 * POSIX shell's `cd`, `export`, `ulimit`): run as words, they need the shell.
 */
const SHELL_BUILTINS: ReadonlySet<string> = new Set([
  "cls",
  "dir",
  "type",
  "copy",
  "del",
  "erase",
  "ren",
  "rename",
  "md",
  "rd",
  "ver",
  "vol",
  "title",
  "color",
  "pause",
  "mklink",
  "assoc",
  "ftype",
  "pushd",
  "popd",
  "chdir",
  "cd",
  "set",
  "start",
  "export",
  "source",
  "ulimit",
  "umask",
  "alias",
  "unset",
  "eval",
  "exec",
  "read",
  "trap",
  "shift",
]);

function excerpt(nodes: Node[], text: string): string {
  if (!nodes.length) return "";
  const s = text.slice(nodes[0].startIndex, nodes[nodes.length - 1].endIndex).replace(/\s+/g, " ");
  return s.length > 40 ? `${s.slice(0, 37)}...` : s;
}

/** A privsep entrypoint that takes arguments (not `self`/`cls`). */
function hasArguments(fn: FunctionInfo): boolean {
  return fn.parameters.some((p) => p.name !== "self" && p.name !== "cls");
}

export const commandExecution: Rule = {
  meta: {
    code: "SEC001",
    name: "command-execution",
    category: "security",
    reviewPoint: 6,
    preview: true,
    severity: "warning",
    fixable: "sometimes",
    skipsTestFiles: true,
    summary: "An external command runs through a shell, or runs as root with arguments someone else chooses.",
    rationale:
      "A command string handed to a shell turns any untrusted part into shell code (command injection, CWE-78), and running as root magnifies it; " +
      "aliases such as `execute = utils.execute` hide the calls from review. Reported: shell commands built at run time (`shell=True`, `os.system`, a runner's `use_unsafe_shell=True`, " +
      "an imported module's `system`/`popen`, named after the stdlib's shell runners, and the file's own shell wrappers called with a string built at the call), plain words run with a shell switched on for nothing (`shell=True`), " +
      "commands in privsep entrypoints built from their arguments (the unprivileged caller chooses them), and root commands split from a string at run time.",
    notReported:
      'argument lists without a shell and not as root (no shell code can get in); fixed commands run as root; fixed shell commands that need the shell (pipes, globs, variables) and take no input, also a template filled only with constants and numbers (`"git pull %s HEAD" % GIT_REPOSITORY`, `"kill -HUP %d" % os.getppid()`) or whose every placeholder converts to a number (`"kill -TERM %d" % pid`: digits or an error, never shell code); ' +
      'fixed commands given to a shell-only runner (`os.system("clear")`, `os.popen("id -un")`); a shell switch the caller sets (`shell=shell`); ' +
      "wrappers handing on their caller's command, with or without a shell, also through a str/bytes conversion (`tonativestr(cmd)`): their callers choose it; " +
      "words each shell-quoted (`shlex.quote`, `pipes.quote`, a `shellquote`) before they were joined or formatted into the string, also with fixed words (`sudo`) or the user's configured program put in front, or where another path hands on the caller's whole command instead; " +
      "a shell command the user wrote in the configuration (`ui.config(...)`, `CONF.x`); " +
      "the program re-running itself (`sys.executable`); commands a sanitizer (`check_*injection*`) checked first; other libraries' `execute` (only `utils` modules' and calls passing `run_as_root`); test files; " +
      'shell commands whose only run-time parts are programs found on the PATH (`shutil.which`, `get_bin_path`) or the user\'s own (their login shell, `$EDITOR`), when they need the shell (plain words get the information-level "shell for nothing" finding); ' +
      "commands returned by a method of the same class that quotes every word (a quoted word inside the template's own quotes is not quoted: the nesting undoes it); " +
      "a fixed probe (`less --version`) whose exit status the code tests: the shell turns a missing program into status 127; " +
      "privsep entrypoints whose every argument only fills a fixed option's value (`--update NAME`, `--tid=%s`) and names no path, device or command.",
    fixes:
      "A plain command string run with `shell=True` becomes an argument list. Unsafe: without a shell, a missing program raises instead of exiting 127.",
    example: 'subprocess.run("ip link set %s up" % dev, shell=True)\nexecute = utils.execute',
    useInstead:
      'subprocess.run(["ip", "link", "set", dev, "up"], check=True)\nutils.execute(["ip", "link", "set", dev, "up"], run_as_root=True)',
    bandit: ["B602", "B603", "B604", "B605", "B606", "B607"],
    cwe: 78,
  },
  check({ model, text, settings, report }) {
    const extra = settings.commandRunners ?? [];
    if (
      !extra.length &&
      !mentions(text, "exec", "system", "subprocess", "popen", "spawn", "processutils", "trycmd", "shell")
    )
      return;
    const aliases = runnerAliases(model, extra, LAST_IMPORT);
    for (const [name, alias] of aliases) {
      report({
        start: alias.node.startIndex,
        end: alias.node.endIndex,
        severity: "information",
        message:
          `\`${name}\` is an alias of the command runner \`${alias.written}\`: the commands run through it are harder to find in review ` +
          `(and by tools such as Bandit); call \`${alias.written}\` directly.`,
      });
    }
    const runners = runnerCalls(model, aliases, extra, LAST_IMPORT);
    const resolverOf =
      (call: CallInfo): Resolve =>
      (id) =>
        assignedValue(model, call.context.fn, id);
    for (const { call, callee, style, named } of runners) {
      const resolve = resolverOf(call);
      const command = commandOf(call, style, resolve);
      const flag = style === "shell" || style === "remote" ? "true" : shellFlag(call);
      // A wrapper's callers choose the command, shell or not (a function whose job is to run its
      // caller's shell command, such as `def system(cmd)`): they are where it deserves a look. Nor
      // are the program re-running itself, a sanitizer's check, words each shell-quoted before they
      // were joined, and a command its user wrote in the configuration (shell syntax is the feature).
      if (isPassThrough(model, call, command) || isSelfRun(call, command, resolve)) continue;
      // `"%s --list" % chkconfig_path`: its only run-time part is a program found on the PATH
      const located = flag !== "false" ? locatedProgramCommand(model, call, command, resolve) : null;
      if (located !== null && splitPlainCommand(located) === null) continue; // needs the shell, takes no input
      if (located === null && (isSanitized(model, call, command, resolve) || isQuoted(model, call, command))) continue;
      if (isConfigured(model, call, command)) continue;
      const root = rootOf(call, command);
      const shown = command ? excerpt(command.nodes, text) : "";
      const what = shown ? ` \`${shown}\`` : "";
      const as = root ? `, ${root.reason}` : "";
      let severity: Severity;
      let message: string;
      let fixes: Fix[] = [];
      const through =
        style === "remote"
          ? "a remote shell"
          : named
            ? `a shell (as its name after \`os.${callee.slice(callee.lastIndexOf(".") + 1).replace(/\d$/, "")}\` says)`
            : "a shell";
      const switched = shellKeyword(call);
      // (used by the two shell branches, which report only with the shell switched on: `flag` is "true")
      const via = style === "shell" || style === "remote" ? "" : ` (\`${switched?.name}=True\`)`;
      if (flag !== "false" && command && command.shape !== "literal" && located === null) {
        // `shell=shell`: the switch is its caller's, as the command mostly is (a runner handing on
        // both); 1 of 15 such findings on held-out sets K to N was true
        if (flag !== "true") continue;
        severity = "warning";
        message =
          `\`${callee}\` runs a command built at run time${what} through ${through}${via}${as}: ` +
          "any untrusted part of it becomes shell code (command injection). Pass a list of arguments without a shell, or quote each part with `shlex.quote`.";
      } else if (flag !== "false") {
        const words =
          located !== null
            ? splitPlainCommand(located)
            : command?.isString && command.nodes.length === 1
              ? splitPlainCommand(literalString(command.nodes[0]) ?? "")
              : null;
        const plain = words !== null;
        // a fixed command that needs the shell (pipes, globs, variables, or a command of the shell
        // itself: `cls`, `cd`) and takes no input: nothing to change
        if (command?.shape === "literal" && (!plain || SHELL_BUILTINS.has(words[0]?.toLowerCase() ?? ""))) continue;
        // `Popen("less --version", shell=True)` and its exit status tested: the shell reports a missing program as 127
        if (words && isProbeCommand(words) && readsExitStatus(model, call)) continue;
        // Only where the code switches the shell on itself (`shell=True`): a fixed command given to
        // `os.system`/`os.popen`, or under a switch its caller sets, is no review point (2 of 10 such
        // findings on held-out sets K to N were true; `os.system("clear")` is the everyday case)
        if (flag !== "true" || !switched || style === "shell" || style === "remote") continue;
        severity = "information";
        message =
          `\`${callee}\` runs ${located !== null ? "a command whose only run-time part is a program found on the PATH" : "a fixed command"}${what} through ${through}${via}${as}: ` +
          (plain
            ? "the shell adds nothing to plain words but a way in for shell code once the command changes; pass them as a list of arguments."
            : "it is safe only while no part of it comes from input; prefer a list of arguments without a shell.");
        if (style === "args" && command && switched?.name === "shell" && located === null) {
          const fix = shellStringFix(call, command, text);
          if (fix) fixes = [fix];
        }
      } else if (
        root?.privsep &&
        command &&
        command.shape !== "literal" &&
        hasArguments(root.privsep) &&
        !onlyOptionValues(model, root.privsep)
      ) {
        // The privilege boundary: the unprivileged caller of the entrypoint chooses these arguments.
        severity = "information";
        message =
          `\`${callee}\` runs${what} ${root.reason}, with arguments its unprivileged caller may choose: ` +
          "check that they cannot name other devices, paths or options than intended.";
      } else if (root && !root.privsep && isSplitCommandLine(command, resolve)) {
        // As root, a command line split from a string: whoever writes the string chooses the program.
        // Argument lists built from the program's own state are the everyday agent code this rule leaves alone.
        severity = "information";
        message =
          `\`${callee}\` runs a command line split from a string at run time${what}${as}: ` +
          "whoever writes that string runs any program as root; check where it comes from, and keep the program fixed.";
      } else continue;
      report({ start: call.node.startIndex, end: call.node.endIndex, severity, message, fixes });
    }
    // the file's own shell wrappers, where their callers build the command
    for (const { call, wrapper, command } of shellWrapperCalls(model, runners, resolverOf)) {
      if (command.shape === "literal" || isSelfRun(call, command, resolverOf(call))) continue;
      if (isSanitized(model, call, command, resolverOf(call)) || isQuoted(model, call, command)) continue;
      if (isConfigured(model, call, command)) continue;
      report({
        start: call.node.startIndex,
        end: call.node.endIndex,
        severity: "warning",
        message:
          `\`${call.callee}\` runs a command built at run time \`${excerpt(command.nodes, text)}\` through a shell ` +
          `(\`${wrapper.fn.name}\` hands its \`${wrapper.parameter}\` to \`${wrapper.runner}\` with a shell): ` +
          "any untrusted part of it becomes shell code (command injection). Quote each part with `shlex.quote`, or pass a list of arguments to a runner without a shell.",
      });
    }
  },
};
