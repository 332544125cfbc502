// What the rest of a class (and file) does with an attribute `__init__` sets (CFG001): whether
// it is state or a placeholder that something else sets again, and whether a docstring says
// what its initial value is.
import type { Node } from "web-tree-sitter";
import type { ClassInfo, FunctionInfo, ModuleModel } from "./model";
import type { Segment } from "./model/segments";

/** `.name` followed by an assignment operator, a comma or a closing bracket (a target, or within one). */
const ATTRIBUTE_TARGET = /\.\s*([A-Za-z_][A-Za-z0-9_]*)\s*(?:=(?!=)|(?:[-+*/%&|^@]|\/\/|\*\*|<<|>>)=|[,)\]])/g;

/**
 * The attribute names one segment may assign (`.x = `, `.x += `, `a.x, b.y = `), found by text:
 * what `assignedOutsideInit` reads of the segments other than a finding's (for findings reuse in
 * the editor). More than it asks (reads as well), never less.
 */
export function attributeTargetReads(segment: Segment, text: string): string {
  const names = new Set<string>();
  const body = text.slice(segment.start, segment.end);
  if (!body.includes(".")) return "";
  ATTRIBUTE_TARGET.lastIndex = 0;
  for (let m = ATTRIBUTE_TARGET.exec(body); m; m = ATTRIBUTE_TARGET.exec(body)) names.add(m[1]);
  return [...names].sort().join(",");
}

/** The assignment (plain, augmented, annotated or unpacking) whose target holds `node`, if `node` is a target. */
function assignedBy(node: Node): Node | null {
  let child = node;
  let parent = node.parent;
  while (
    parent &&
    (parent.type === "pattern_list" || parent.type === "tuple_pattern" || parent.type === "list_pattern")
  ) {
    child = parent;
    parent = parent.parent;
  }
  if (!parent || (parent.type !== "assignment" && parent.type !== "augmented_assignment")) return null;
  return parent.childForFieldName("left")?.id === child.id ? parent : null;
}

/**
 * Is `.attribute` assigned anywhere in the file outside every `__init__`: another method resets
 * it (state), or a method, function or caller sets it from configuration, an option or a
 * parameter (a placeholder)? Found by text, then confirmed in the tree.
 */
export function assignedOutsideInit(model: ModuleModel, attribute: string): boolean {
  for (const id of model.identifiersNamed(attribute)) {
    const attr = id.parent;
    if (attr?.type !== "attribute" || attr.childForFieldName("attribute")?.id !== id.id) continue;
    if (!assignedBy(attr)) continue;
    const fn = model.innermostFunction(attr.startIndex, attr.endIndex);
    if (fn && fn.name === "__init__") continue;
    return true;
  }
  return false;
}

/** Inside `if self.<attribute> is None:` (or `if not self.<attribute>:`): a fallback for a value the caller could give. */
export function isNoneFallback(statement: Node, selfName: string, attribute: string, fn: FunctionInfo): boolean {
  const target = new RegExp(
    `^(?:${selfName}\\s*\\.\\s*${attribute}\\s+is\\s+None|not\\s+${selfName}\\s*\\.\\s*${attribute})$`,
  );
  for (let n = statement.parent; n && n.id !== fn.body.id; n = n.parent) {
    if (n.type !== "if_statement") continue;
    const condition = n.childForFieldName("condition");
    if (condition && target.test(condition.text.trim())) return true;
  }
  return false;
}

/** The `if` statements around a statement, up to the function's body (their comments explain it too). */
export function enclosingIfs(statement: Node, fn: FunctionInfo): Node[] {
  const out: Node[] = [];
  for (let n = statement.parent; n && n.id !== fn.body.id; n = n.parent) if (n.type === "if_statement") out.push(n);
  return out;
}

/**
 * Does a docstring document the attribute's value: one of the class's docstrings (its own, its
 * methods') states the literal value (`Default is 16384 bytes`), or the class's or `__init__`'s
 * names the attribute as code (`self.window`, ``window``, `:ivar window:`, an Attributes entry, a
 * multi-word name such as `max_length`)? A plain English word ("once per window") does not.
 */
export function docstringDocuments(cls: ClassInfo, init: FunctionInfo, attribute: string, literal: string): boolean {
  const docs = [cls.docstring, ...cls.methods.map((m) => m.docstring)].filter((d): d is Node => !!d);
  const value = new RegExp(`(?<![\\w.])${literal.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(?![\\w]|\\.\\d)`);
  if (docs.some((d) => value.test(d.text))) return true;
  const bare = attribute.replace(/^_+/, "");
  const asCode = new RegExp(
    [
      `\\bself\\.${attribute}\\b`,
      `\`+_*${bare}\`+`,
      `:(?:ivar|cvar|var|attr|attribute)\\s+_*${bare}:`,
      `^\\s*_*${bare}\\s*(?:\\([^)\\n]*\\))?\\s*:`,
      ...(bare.includes("_") ? [`(?<![\\w])_*${bare}(?![\\w])`] : []),
    ].join("|"),
    "m",
  );
  return [cls.docstring, init.docstring].some((d) => !!d && asCode.test(d.text));
}

/**
 * A record of defaults: a class whose only method is an `__init__` without parameters, which
 * sets attributes (`LogRotation().max_files`). Its public attributes exist for its users to set.
 */
export function isDefaultsRecord(cls: ClassInfo, init: FunctionInfo): boolean {
  return cls.methods.length === 1 && cls.methods[0] === init && init.parameters.length === 1;
}
