// DOC001: a public module, class or function (methods: opt-in) without a docstring.
import * as path from "node:path";
import { docstringStyleFor, misplacedModuleDocstring } from "../analysis/docstrings";
import type { ClassInfo, FunctionInfo, ModuleModel } from "../analysis/model";
import { firstStatement, stringParts } from "../analysis/syntax";
import { indexOfFast } from "../analysis/textSearch";
import {
  docstringLines,
  indentUnit,
  insertDocstringEdit,
  insertModuleDocstringEdit,
  moveToTopEdits,
  specFor,
  SUMMARY_PLACEHOLDER,
} from "../fixes/docstrings";
import type { Fix, TextEdit } from "../core/types";
import type { Rule } from "./types";

/** Names in a literal `__all__ = [...]` / `(...)`, or null when the module has none (or another shape). */
function literalAll(model: ModuleModel): Set<string> | null {
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

const OVERLOAD = new Set(["overload", "typing.overload", "typing_extensions.overload", "t.overload"]);
const OVERRIDE = new Set(["override", "typing.override", "typing_extensions.override"]);

function isOverload(fn: FunctionInfo): boolean {
  return fn.decorators.some((d) => d.name !== null && OVERLOAD.has(d.name));
}

/** A method that needs no docstring of its own: dunder, private, property setter/deleter, override, overload. */
function exemptMethod(fn: FunctionInfo): boolean {
  if (fn.name.startsWith("_")) return true;
  return fn.decorators.some(
    (d) =>
      d.name !== null && (OVERLOAD.has(d.name) || OVERRIDE.has(d.name) || /\.(?:setter|deleter|getter)$/.test(d.name)),
  );
}

const MESSAGE_ATTRIBUTE = /^(?:message|msg|msg_fmt|_msg_fmt|message_format|error_message|_message|description)$/;

/**
 * An exception-style class that opens with its message (`msg_fmt = _("Invalid volume %(id)s")`,
 * as nova's and neutron's exceptions do): the message, where the docstring would be, says what it means.
 */
function opensWithMessage(cls: ClassInfo): boolean {
  const first = firstStatement(cls.body);
  if (first?.type !== "expression_statement") return false;
  const assignment = first.namedChild(0);
  if (assignment?.type !== "assignment") return false;
  const left = assignment.childForFieldName("left");
  let right = assignment.childForFieldName("right");
  if (left?.type !== "identifier" || !MESSAGE_ATTRIBUTE.test(left.text) || !right) return false;
  if (right.type === "call" && right.childForFieldName("arguments")?.namedChildCount === 1)
    right = right.childForFieldName("arguments")?.namedChild(0) ?? null;
  return right?.type === "string" || right?.type === "concatenated_string";
}

/** An Alembic revision script (generated from a template): `upgrade`/`downgrade` are its hooks. */
function isAlembicRevision(model: ModuleModel): boolean {
  if (indexOfFast(model.text, "down_revision") < 0) return false;
  return model.assignments.some(
    (a) => a.isModuleLevel && a.left.type === "identifier" && a.left.text === "down_revision",
  );
}

function isTopLevelClass(cls: ClassInfo | null): cls is ClassInfo {
  return !!cls && !cls.parentClass && !cls.parentFunction;
}

/** A module whose own name is private (`_i18n.py`), except a package's `__init__.py`. */
function privateModule(file: string | null): boolean {
  if (!file) return false;
  const base = path.basename(file).replace(/\.pyi?$/, "");
  return base.startsWith("_") && base !== "__init__";
}

/** A module description moved to the top is safe: no placeholder, only `__doc__` changes. */
function moveFix(edits: TextEdit[] | null): Fix[] {
  return edits ? [{ title: "Move the module's description to the top, as its docstring", safe: true, edits }] : [];
}

function listNames(names: readonly string[]): string {
  const shown = names
    .slice(0, 3)
    .map((n) => `\`${n}\``)
    .join(", ");
  return names.length > 3 ? `${shown} and ${names.length - 3} more` : shown;
}

export const missingDocstring: Rule = {
  meta: {
    code: "DOC001",
    name: "missing-docstring",
    category: "documentation",
    reviewPoint: 7,
    severity: "information",
    fixable: "always",
    skipsTestFiles: true,
    summary:
      "A public module, class or top-level function has no docstring (public methods too, when docstring-methods is on).",
    rationale:
      "A docstring is what `help()`, IDE hovers and generated API docs show; without one a reader must reverse-engineer intent, units and failure modes from the body. " +
      "The fix inserts a stub built from the signature (parameters, return value, raised exceptions) in the file's docstring style (reST, Google or NumPy; else the docstring-style setting). " +
      "Because the stub holds TODO placeholders for you to fill in, that fix is unsafe (offered in the lightbulb, never applied by `--fix` or fix-all); a module description left below the imports is moved to the top by a safe fix.",
    example:
      "def is_agent_down(heart_beat_time):\n    return timeutils.is_older_than(heart_beat_time, cfg.CONF.agent_down_time)",
    useInstead:
      'def is_agent_down(heart_beat_time):\n    """Tell whether an agent missed its heartbeat.\n\n    :param heart_beat_time: UTC datetime of the last heartbeat\n    :returns: True if older than agent_down_time seconds\n    """\n    return timeutils.is_older_than(heart_beat_time, cfg.CONF.agent_down_time)',
  },
  check({ model, text, path: file, settings, report }) {
    if (file?.endsWith(".pyi")) return;
    if (privateModule(file)) return;
    const exported = literalAll(model);
    const isPublic = (name: string): boolean => (exported ? exported.has(name) : !name.startsWith("_"));
    let cached: { style: ReturnType<typeof docstringStyleFor>; unit: string } | null = null;
    const conventions = (): { style: ReturnType<typeof docstringStyleFor>; unit: string } =>
      (cached ??= { style: docstringStyleFor(model, settings.docstringStyle), unit: indentUnit(text) });
    const stubFix = (title: string, edit: ReturnType<typeof insertDocstringEdit>): Fix[] =>
      edit ? [{ title, safe: false, edits: [edit] }] : [];
    const publicNames: Array<{ name: string; at: number }> = [];
    const publicSeen = new Set<string>();
    const alembic = isAlembicRevision(model);

    for (const cls of model.classes) {
      if (!isTopLevelClass(cls) || !isPublic(cls.name)) continue;
      publicNames.push({ name: cls.name, at: cls.node.startIndex });
      publicSeen.add(cls.name);
      if (cls.docstring || opensWithMessage(cls)) continue;
      report({
        start: cls.nameNode.startIndex,
        end: cls.nameNode.endIndex,
        message: `Public class \`${cls.name}\` has no docstring: say what it represents and how it is meant to be used.`,
        fixes: stubFix(
          `Insert a docstring stub for \`${cls.name}\` (TODO placeholders)`,
          insertDocstringEdit(model, cls.node, [SUMMARY_PLACEHOLDER]),
        ),
      });
    }

    for (const fn of model.functions) {
      if (fn.parentFunction) continue;
      let label: string;
      if (fn.parentClass) {
        if (
          !settings.docstringMethods ||
          !isTopLevelClass(fn.parentClass) ||
          !isPublic(fn.parentClass.name) ||
          exemptMethod(fn)
        )
          continue;
        label = `Public method \`${fn.parentClass.name}.${fn.name}\``;
      } else {
        if (!isPublic(fn.name)) continue;
        if (!publicSeen.has(fn.name)) {
          publicSeen.add(fn.name);
          publicNames.push({ name: fn.name, at: fn.node.startIndex });
        }
        if (isOverload(fn)) continue; // the implementation carries the docstring
        if (alembic && (fn.name === "upgrade" || fn.name === "downgrade")) continue;
        label = `Public function \`${fn.name}\``;
      }
      if (fn.docstring) continue;
      const { style, unit } = conventions();
      const lines = docstringLines(specFor(fn, settings.timeParameters), style, unit);
      report({
        start: fn.nameNode.startIndex,
        end: fn.nameNode.endIndex,
        message: `${label} has no docstring: say what it does, what its parameters mean and what it returns or raises.`,
        fixes: stubFix(
          `Insert a docstring stub for \`${fn.name}\` (TODO placeholders)`,
          insertDocstringEdit(model, fn.node, lines),
        ),
      });
    }

    if (publicNames.length && !model.docstring && !alembic) {
      const first = model.statements[0];
      if (!first) return;
      const lineEnd = text.slice(first.startIndex).search(/\r|\n|$/);
      // (shown at the first statement; about the module, whatever that statement is)
      const range = { start: first.startIndex, end: first.startIndex + Math.max(1, lineEnd), subject: "module" };
      const misplaced = misplacedModuleDocstring(model);
      if (misplaced) {
        const line = misplaced.startPosition.row + 1;
        report({
          ...range,
          message: `Module has no docstring: the string at line ${line} describes it, but only a string that is the first statement becomes the module's \`__doc__\`. Move it to the top.`,
          fixes: moveFix(moveToTopEdits(text, misplaced, first)),
        });
        return;
      }
      report({
        ...range,
        message: `Module has no docstring, but it defines public names (${listNames(publicNames.sort((a, b) => a.at - b.at).map((n) => n.name))}): say what the module is for.`,
        fixes: stubFix(
          "Insert a module docstring stub (TODO placeholder)",
          insertModuleDocstringEdit(model, [SUMMARY_PLACEHOLDER]),
        ),
      });
    }
  },
};
