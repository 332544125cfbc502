// SEC011's fix: switch calls of `random` to their exact `secrets` equivalents, import
// `secrets` (or use the name it is already imported as), and drop `random` imports that are
// left unused.
import { importTargets, type Reading } from "../analysis/bindings";
import type { CallInfo, ImportInfo, ModuleModel } from "../analysis/model";
import type { Fix, TextEdit } from "../core/types";
import { addStdlibImport, removeImportedNames, topLevelImports } from "./imports";

/** The `secrets` spelling of a call to `random.<fn>` with these arguments. */
export function secretsSpelling(fn: string, call: CallInfo, secrets: string): string {
  const single = call.positional.length === 1 && !call.keywordNodes.length && !call.hasSplat;
  if (fn === "choice") return `${secrets}.choice`;
  if (fn === "getrandbits") return `${secrets}.randbits`;
  if (fn === "randbytes" && single) return `${secrets}.token_bytes`;
  if (fn === "randrange" && single) return `${secrets}.randbelow`;
  return `${secrets}.SystemRandom().${fn}`;
}

/** A call of `random.<fn>` to switch to `secrets`. */
export interface RandomCall {
  call: CallInfo;
  /** The `random` function called (`choice`). */
  fn: string;
}

/** One fix for every flagged call in the file: switch each to `secrets`, add its import, drop `random` imports left unused. */
export function randomToSecretsFix(model: ModuleModel, flagged: readonly RandomCall[], r: Reading): Fix {
  const edits: TextEdit[] = [];
  let secrets = "secrets";
  const bound = importTargets(model, r);
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
  // Unsafe: a program that seeds `random` (tests, reproducible runs) gets other values, and the
  // module's `random` attribute may go (`mock.patch("pkg.mod.random.choice")` elsewhere).
  return { title: `${title} (unsafe: values no longer follow \`random.seed()\`)`, safe: false, edits };
}
