// SEC011: the `random` module (a predictable Mersenne Twister) producing a secret value.
import { calleeNames, EVERY_CANDIDATE, importedCalls, importTargets } from "../analysis/bindings";
import type { ModuleModel } from "../analysis/model";
import { isUnpredictableName } from "../analysis/sensitive";
import { isSuppressed, suppressionsByLine } from "../analysis/suppression";
import { becomesSeparator, followedSink, sinkOf, type Sink } from "../analysis/valueSinks";
import { type RandomCall, randomToSecretsFix, secretsSpelling } from "../fixes/randomToSecrets";
import { inScope } from "./reportScope";
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

interface Flagged extends RandomCall {
  sink: Sink;
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
    preview: true,
    severity: "warning",
    fixable: "always",
    skipsTestFiles: true,
    summary: "The `random` module produces a value used as a token, password, key, nonce or salt.",
    rationale:
      "`random` is a Mersenne Twister: after 624 outputs an observer can predict every later one, so tokens and passwords made with it can be guessed (CWE-330). " +
      "The `secrets` module (or `random.SystemRandom`) draws from the operating system's secure source; `secrets.choice`, `secrets.randbits`, `secrets.randbelow` and `secrets.SystemRandom()` are exact equivalents. " +
      'The fix is unsafe: a program that seeds `random` (for reproducible tests) gets other values. Values are followed through a few locals in the same function, a hash on the way included (`content = "%s" % random.random()`, `nonce = md5(content).hexdigest()`). Not reported: a "token" that becomes a MIME boundary or separator, random values under other names (delays, ids, choices), test files.',
    example: 'password = "".join(random.choice(ALPHABET) for _ in range(16))',
    useInstead: 'password = "".join(secrets.choice(ALPHABET) for _ in range(16))',
    bandit: ["B311"],
    cwe: 330,
    // (a call is judged by its own function: the value followed through its locals; the imports are outline)
    scope: "segment",
    sharedFixes: true,
  },
  check({ model, only, report }) {
    // (an import of random puts "random" in the text: no text search needed)
    const bindings = importTargets(model, EVERY_CANDIDATE);
    if (![...bindings.values()].some((targets) => targets.some((t) => t === "random" || t.startsWith("random."))))
      return;
    const flagged: Flagged[] = [];
    for (const call of inScope(only, importedCalls(model, EVERY_CANDIDATE))) {
      const callee = call.callee;
      if (!callee) continue;
      const q = calleeNames(
        model,
        call,
        EVERY_CANDIDATE,
        (n) => n.startsWith("random.") && PRODUCERS.has(n.slice(7)),
      )[0];
      if (!q) continue;
      const fn = q.slice(7);
      const direct = sinkOf(call);
      // (a value that reaches a secret's name through locals: a hash on the way keeps it predictable)
      const sink =
        direct && !isUnpredictableName(direct.name) ? followedSink(model, call, direct, isUnpredictableName) : direct;
      if (!sink || !isUnpredictableName(sink.name) || becomesSeparator(call, sink)) continue;
      flagged.push({ call, fn, sink });
    }
    if (!flagged.length) return;
    // The shared fix must leave alone the calls the user silenced with `# nosec` / `# noqa`.
    const quiet = suppressedCalls(model, flagged);
    const fixable = flagged.filter((f) => !quiet.has(f));
    const fix = fixable.length ? randomToSecretsFix(model, fixable, EVERY_CANDIDATE) : null;
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
