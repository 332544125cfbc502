// SEC011: the `random` module (a predictable Mersenne Twister) producing a secret value.
import type { Node } from "web-tree-sitter";
import type { CallInfo, ImportInfo, ModuleModel } from "../analysis/model";
import { importBindings, importedCalls, qualifiedCallee } from "../analysis/names";
import { isUnpredictableName } from "../analysis/sensitive";
import { stringParts } from "../analysis/syntax";
import { isSuppressed, suppressionsByLine } from "../analysis/suppression";
import { addStdlibImport, removeImportedNames, topLevelImports } from "../fixes/imports";
import type { Fix, TextEdit } from "../core/types";
import type { Rule } from "./types";

/** `random` functions that produce values, and their exact `secrets` equivalent. */
const PRODUCERS = new Set([
  "random",
  "randint",
  "randrange",
  "choice",
  "choices",
  "sample",
  "uniform",
  "getrandbits",
  "randbytes",
  "triangular",
]);

/** Nodes a value flows through on its way to a name (the walk stops at anything else). */
const PASS_THROUGH = new Set([
  "argument_list",
  "call",
  "generator_expression",
  "list_comprehension",
  "set_comprehension",
  "for_in_clause",
  "binary_operator",
  "unary_operator",
  "parenthesized_expression",
  "list",
  "tuple",
  "set",
  "subscript",
  "slice",
  "conditional_expression",
  "interpolation",
  "string",
  "concatenated_string",
  "format_expression",
  "attribute",
  "await",
]);

interface Sink {
  name: string;
  how: string;
}

function stringValue(node: Node | null): string | null {
  if (node?.type !== "string") return null;
  const parts = stringParts(node);
  return parts && !parts.interpolated ? parts.body : null;
}

/** Where the value of `call` ends up, when that place has a name: assignment, keyword, dict key, return. */
function sinkOf(call: CallInfo): Sink | null {
  let node: Node = call.node;
  for (let p = node.parent; p; node = p, p = p.parent) {
    if (PASS_THROUGH.has(p.type)) continue;
    switch (p.type) {
      case "assignment":
      case "augmented_assignment": {
        if (p.childForFieldName("right")?.id !== node.id) return null;
        const left = p.childForFieldName("left");
        if (!left) return null;
        if (left.type === "identifier") return { name: left.text, how: "assigned to" };
        if (left.type === "attribute") {
          const attribute = left.childForFieldName("attribute")?.text;
          return attribute ? { name: attribute, how: "assigned to" } : null;
        }
        if (left.type === "subscript") {
          const key = stringValue(left.childForFieldName("subscript"));
          return key ? { name: key, how: "stored as" } : null;
        }
        return null;
      }
      case "keyword_argument": {
        const name = p.childForFieldName("name")?.text;
        return name && p.childForFieldName("value")?.id === node.id ? { name, how: "passed as" } : null;
      }
      case "pair": {
        const key = stringValue(p.childForFieldName("key"));
        return key && p.childForFieldName("value")?.id === node.id ? { name: key, how: "stored as" } : null;
      }
      case "return_statement": {
        for (let f = p.parent; f; f = f.parent) {
          if (f.type === "lambda") return null;
          if (f.type === "function_definition") {
            const name = f.childForFieldName("name")?.text;
            return name ? { name, how: "returned by" } : null;
          }
        }
        return null;
      }
      case "default_parameter":
      case "typed_default_parameter": {
        const name = p.childForFieldName("name")?.text;
        return name ? { name, how: "the default of" } : null;
      }
      default:
        return null;
    }
  }
  return null;
}

/** The `secrets` spelling of a call to `random.<fn>` with these arguments. */
function secretsSpelling(fn: string, call: CallInfo, secrets: string): string {
  const single = call.positional.length === 1 && !call.keywordNodes.length && !call.hasSplat;
  if (fn === "choice") return `${secrets}.choice`;
  if (fn === "getrandbits") return `${secrets}.randbits`;
  if (fn === "randbytes" && single) return `${secrets}.token_bytes`;
  if (fn === "randrange" && single) return `${secrets}.randbelow`;
  return `${secrets}.SystemRandom().${fn}`;
}

interface Flagged {
  call: CallInfo;
  fn: string;
  sink: Sink;
}

/** One fix for every flagged call in the file: switch each to `secrets`, add its import, drop `random` imports left unused. */
function buildFix(model: ModuleModel, flagged: Flagged[]): Fix {
  const edits: TextEdit[] = [];
  let secrets = "secrets";
  const bound = importBindings(model);
  const existing = [...bound].find(([, targets]) => targets.includes("secrets"));
  if (existing) secrets = existing[0];
  else edits.push(addStdlibImport(model, "import secrets", "secrets"));
  const replacedHeads = new Map<string, number>();
  for (const f of flagged) {
    edits.push({
      start: f.call.calleeNode.startIndex,
      end: f.call.calleeNode.endIndex,
      newText: secretsSpelling(f.fn, f.call, secrets),
    });
    const head = (f.call.callee ?? "").split(".")[0];
    replacedHeads.set(head, (replacedHeads.get(head) ?? 0) + 1);
  }
  // Import bindings every one of whose uses is replaced can go.
  const removable = new Set<string>();
  for (const [head, count] of replacedHeads) {
    const uses = model.identifiersNamed(head).filter((id) => {
      const p = id.parent;
      if (!p) return true;
      if (
        p.type === "dotted_name" ||
        p.type === "aliased_import" ||
        p.type === "import_statement" ||
        p.type === "import_from_statement"
      )
        return false;
      if (p.type === "attribute" && p.childForFieldName("attribute")?.id === id.id) return false;
      return true;
    });
    if (uses.length === count) removable.add(head);
  }
  if (removable.size) {
    const seen = new Set<ImportInfo>();
    for (const info of topLevelImports(model)) {
      if (seen.has(info) || info.star) continue;
      seen.add(info);
      const fromRandom = info.kind === "from" && info.module === "random";
      const importsRandom = info.kind === "import" && info.names.some((n) => n.name === "random");
      if (!fromRandom && !importsRandom) continue;
      const names = new Set(
        [...removable].filter((r) =>
          info.names.some((n) => (n.alias ?? n.name) === r && (fromRandom || n.name === "random")),
        ),
      );
      if (names.size) edits.push(...removeImportedNames(model.text, info, names));
    }
  }
  const title =
    flagged.length === 1
      ? `Use \`${secretsSpelling(flagged[0].fn, flagged[0].call, secrets)}\``
      : `Use \`secrets\` for the ${flagged.length} secret values made with \`random\` in this file`;
  return { title, safe: true, edits };
}

/** The flagged calls on a line with `# nosec` / `# noqa` that silences this rule. */
function suppressedCalls(model: ModuleModel, flagged: Flagged[]): Set<Flagged> {
  const out = new Set<Flagged>();
  if (!model.suppressionComments.length) return out;
  const byLine = suppressionsByLine(model.suppressionComments);
  const { code, name, bandit } = insecureRandom.meta;
  for (const f of flagged) {
    const lines = [f.call.node.startPosition.row, f.call.node.endPosition.row];
    if (lines.some((l) => isSuppressed(byLine.get(l), code, name, [], bandit))) out.add(f);
  }
  return out;
}

export const insecureRandom: Rule = {
  meta: {
    code: "SEC011",
    name: "insecure-random",
    category: "security",
    reviewPoint: null,
    severity: "warning",
    fixable: "always",
    summary: "The `random` module produces a value used as a token, password, key, nonce or salt.",
    rationale:
      "`random` is a Mersenne Twister: after 624 outputs an observer can predict every later one, so tokens and passwords made with it can be guessed (CWE-330). " +
      "The `secrets` module (or `random.SystemRandom`) draws from the operating system's secure source; `secrets.choice`, `secrets.randbits`, `secrets.randbelow` and `secrets.SystemRandom()` are exact equivalents.",
    example: 'password = "".join(random.choice(ALPHABET) for _ in range(16))',
    useInstead: 'password = "".join(secrets.choice(ALPHABET) for _ in range(16))',
    bandit: ["B311"],
    cwe: 330,
  },
  check({ model, report }) {
    // (an import of random puts "random" in the text: no text search needed)
    const bindings = importBindings(model);
    if (![...bindings.values()].some((targets) => targets.some((t) => t === "random" || t.startsWith("random."))))
      return;
    const flagged: Flagged[] = [];
    for (const call of importedCalls(model)) {
      const callee = call.callee;
      if (!callee) continue;
      const q = qualifiedCallee(model, call, (n) => n.startsWith("random.") && PRODUCERS.has(n.slice(7)))[0];
      if (!q) continue;
      const fn = q.slice(7);
      const sink = sinkOf(call);
      if (!sink || !isUnpredictableName(sink.name)) continue;
      flagged.push({ call, fn, sink });
    }
    if (!flagged.length) return;
    // The shared fix must leave alone the calls the user silenced with `# nosec` / `# noqa`.
    const quiet = suppressedCalls(model, flagged);
    const fixable = flagged.filter((f) => !quiet.has(f));
    const fix = fixable.length ? buildFix(model, fixable) : null;
    for (const f of flagged) {
      report({
        start: f.call.node.startIndex,
        end: f.call.node.endIndex,
        message: `\`${f.call.callee}()\` is predictable, and its value is ${f.sink.how} \`${f.sink.name}\` (CWE-330): use \`${secretsSpelling(f.fn, f.call, "secrets")}\`.`,
        fixes: fix && !quiet.has(f) ? [fix] : [],
      });
    }
  },
};
