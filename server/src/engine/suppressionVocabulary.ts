// The words of pyreview's in `# noqa` and `# nosec`: every rule's code and name (ours alone), its
// noqa aliases and Bandit ids (shared with another tool). Built once from the rule registry.
import type { CodeLike } from "../analysis/suppression";
import { ALL_RULES } from "../rules";

export interface SuppressionVocabulary {
  /** `noqa:WORD` / `nosec:WORD` (upper-cased) → the rule it names; `shared` when another tool uses the word too. */
  words: ReadonlyMap<string, { code: string; shared: boolean }>;
  /** A word of a code list: one of ours (names included), or another tool's `E501`-like code. */
  codeLike: CodeLike;
}

let built: SuppressionVocabulary | undefined;

export function suppressionVocabulary(): SuppressionVocabulary {
  if (built) return built;
  const words = new Map<string, { code: string; shared: boolean }>();
  for (const { meta } of ALL_RULES) {
    const own = { code: meta.code, shared: false };
    const shared = { code: meta.code, shared: true };
    words.set(`noqa:${meta.code}`, own);
    words.set(`noqa:${meta.name.toUpperCase()}`, own);
    for (const alias of meta.noqaAliases ?? []) words.set(`noqa:${alias.toUpperCase()}`, shared);
    if (meta.code.startsWith("SEC")) {
      words.set(`nosec:${meta.code}`, own);
      for (const id of meta.bandit ?? []) words.set(`nosec:${id.toUpperCase()}`, shared);
    }
  }
  const names = new Set([...words.keys()].map((k) => k.slice(k.indexOf(":") + 1)));
  const codeLike: CodeLike = (key) => /^[A-Z]+[0-9]+$/.test(key) || names.has(key);
  built = { words, codeLike };
  return built;
}
