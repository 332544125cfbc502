// The explicit registry of rules, in catalog order.
import { logTranslation } from "./log-translation";
import type { Rule } from "./types";
import { undecoratedContextManager } from "./undecorated-context-manager";

export const ALL_RULES: readonly Rule[] = [undecoratedContextManager, logTranslation];

export function ruleByCode(code: string): Rule | undefined {
  return ALL_RULES.find((r) => r.meta.code === code);
}
