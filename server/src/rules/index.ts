// The explicit registry of rules, in catalog order.
import { commandExecution } from "./command-execution";
import { evalExec } from "./eval-exec";
import { unsafeDeserialization } from "./unsafe-deserialization";
import { weakHash } from "./weak-hash";
import { hardcodedSecret } from "./hardcoded-secret";
import { insecureTempfile } from "./insecure-tempfile";
import { tlsVerifyDisabled } from "./tls-verify-disabled";
import { bindAllInterfaces } from "./bind-all-interfaces";
import { assertAsGuard } from "./assert-as-guard";
import { requestWithoutTimeout } from "./request-without-timeout";
import { insecureRandom } from "./insecure-random";
import { eagerLogFormatting } from "./eager-log-formatting";
import { hardcodedDefault } from "./hardcoded-default";
import { logTranslation } from "./log-translation";
import { librarySystemExit } from "./library-system-exit";
import { missingDocstring } from "./missing-docstring";
import { printInLibrary } from "./print-in-library";
import type { Rule } from "./types";
import { undecoratedContextManager } from "./undecorated-context-manager";
import { undocumentedTimeUnit } from "./undocumented-time-unit";
import { unusedLogger } from "./unused-logger";
import { unusedSuppression } from "./unused-suppression";
import { wildcardImport } from "./wildcard-import";

export const ALL_RULES: readonly Rule[] = [
  wildcardImport,
  hardcodedDefault,
  undecoratedContextManager,
  librarySystemExit,
  missingDocstring,
  undocumentedTimeUnit,
  commandExecution,
  evalExec,
  unsafeDeserialization,
  weakHash,
  hardcodedSecret,
  insecureTempfile,
  tlsVerifyDisabled,
  bindAllInterfaces,
  assertAsGuard,
  requestWithoutTimeout,
  insecureRandom,
  logTranslation,
  unusedLogger,
  eagerLogFormatting,
  printInLibrary,
  unusedSuppression,
];

export function ruleByCode(code: string): Rule | undefined {
  return ALL_RULES.find((r) => r.meta.code === code);
}
