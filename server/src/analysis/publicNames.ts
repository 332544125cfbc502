// A module's public names as its own text declares them.
import type { ModuleModel } from "./model";
import { stringParts } from "./syntax";
import { indexOfFast } from "./textSearch";

/** Names in a literal `__all__ = [...]` / `(...)`, or null when the module has none (or another shape). */
export function literalAll(model: ModuleModel): Set<string> | null {
  if (indexOfFast(model.text, "__all__") < 0) return null;
  let names: Set<string> | null = null;
  for (const a of model.assignments) {
    if (!a.isModuleLevel || a.left.type !== "identifier" || a.left.text !== "__all__") continue;
    const right = a.right;
    if (!right || (right.type !== "list" && right.type !== "tuple")) return null;
    names = new Set();
    for (const item of right.namedChildren) {
      if (!item || item.type === "comment") continue;
      const parts = item.type === "string" ? stringParts(item) : null;
      if (!parts || parts.interpolated) return null;
      names.add(parts.body);
    }
  }
  // `__all__ += …` or `.extend(…)` elsewhere: the list is not known from the literal alone
  if (names && /__all__\s*(?:\+=|\.(?:extend|append)\b)/.test(model.text)) return null;
  return names;
}
