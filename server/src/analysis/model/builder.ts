// The one pass: a single C-side traversal (descendantsOfType) yields the nodes of interest in
// document order; a stack of open scopes gives each its context. Everything else in the
// model is computed lazily, when a rule first asks for it.
import type { Tree } from "web-tree-sitter";
import type { PythonParsing } from "../../parsing/parser";
import { indexOfFast } from "../textSearch";
import { CallInfo } from "./calls";
import { ClassInfo, type Context, FunctionInfo, MODULE_CONTEXT, RaiseInfo } from "./definitions";
import { AssignmentInfo, WithStatementInfo } from "./facts";
import { ImportInfo } from "./imports";
import { NodeRef } from "./located";
import { ModuleModel } from "./moduleModel";

/** The node types the one pass collects (tree-sitter's C traversal finds them all at once). */
const COLLECTED = [
  "function_definition",
  "class_definition",
  "lambda",
  "except_clause",
  "if_statement",
  "call",
  "with_statement",
  "import_statement",
  "import_from_statement",
  "future_import_statement",
  "raise_statement",
  "return_statement",
  "yield",
  "assignment",
];

const COLLECTED_BUT_IF = COLLECTED.filter((t) => t !== "if_statement");

type Frame =
  | { kind: "function"; end: number; info: FunctionInfo }
  | { kind: "class"; end: number; info: ClassInfo }
  | { kind: "lambda"; end: number }
  | { kind: "except"; end: number; ref: NodeRef }
  | { kind: "main"; end: number };

/** How an `if` whose condition may match MAIN_GUARD starts. */
const IF_MAIN = /if(?:\s|\\(?:\r\n|\r|\n))*(?:__name__|['"])/y;

const MAIN_GUARD = /^__name__\s*==\s*(['"])__main__\1$|^(['"])__main__\2\s*==\s*__name__$/;

export function buildModel(parsing: PythonParsing, tree: Tree, text: string): ModuleModel {
  const model = new ModuleModel(parsing, tree, text);
  const stack: Frame[] = [];
  let context: Context = MODULE_CONTEXT;
  // Callees are read from the text when the tree has no errors (see calleeFromText).
  const textual = !model.hasSyntaxErrors;
  const mayHaveMainGuard = indexOfFast(text, "__main__") >= 0;

  const refresh = (): void => {
    let fn: FunctionInfo | null = null;
    let cls: ClassInfo | null = null;
    let except: NodeRef | null = null;
    let mainGuard = false;
    let inLambda = false;
    for (let i = stack.length - 1; i >= 0; i--) {
      const f = stack[i];
      if (f.kind === "function") fn ??= f.info;
      else if (f.kind === "class") {
        if (!cls && !fn) cls = f.info;
      } else if (f.kind === "except") {
        if (!except && !fn) except = f.ref;
      } else if (f.kind === "lambda") {
        if (!fn) inLambda = true;
      } else mainGuard = true;
    }
    context = stack.length ? { fn, cls, except, mainGuard, inLambda } : MODULE_CONTEXT;
  };

  // (`if` statements matter only for a main guard: without `__main__` in the file they are not fetched)
  for (const node of model.root.descendantsOfType(mayHaveMainGuard ? COLLECTED : COLLECTED_BUT_IF)) {
    if (!node) continue;
    const start = node.startIndex;
    if (stack.length && start >= stack[stack.length - 1].end) {
      while (stack.length && start >= stack[stack.length - 1].end) stack.pop();
      refresh();
    }
    switch (node.type) {
      case "call": {
        const info = new CallInfo(node, start, model, text, context);
        const previous = model.calls[model.calls.length - 1];
        // calls nested at one start (a method chain) come outermost first: the rank tells them apart
        if (previous && previous.start === start) {
          info.rank = previous.rank + 1;
          if (textual) previous.startsCall = true;
        }
        if (textual) info.textual = true;
        model.calls.push(info);
        model.callStarts.push(start);
        break;
      }
      case "assignment":
        model.assignments.push(new AssignmentInfo(node, start, model, context));
        break;
      case "function_definition": {
        const info = new FunctionInfo(node, start, model, text, context.fn ? null : context.cls, context.fn);
        info.textual = textual;
        if (info.parentClass) info.parentClass.methods.push(info);
        model.functions.push(info);
        const end = node.endIndex;
        info.knowEnd(end);
        stack.push({ kind: "function", end, info });
        refresh();
        break;
      }
      case "class_definition": {
        const info = new ClassInfo(node, start, model, context.cls, context.fn);
        model.classes.push(info);
        const end = node.endIndex;
        info.knowEnd(end);
        stack.push({ kind: "class", end, info });
        refresh();
        break;
      }
      case "lambda":
        if (!node.isNamed) break; // the `lambda` keyword shares the node's name
        stack.push({ kind: "lambda", end: node.endIndex });
        refresh();
        break;
      case "except_clause": {
        const ref = new NodeRef(node, start, "except_clause", model);
        const end = node.endIndex;
        ref.knowEnd(end);
        stack.push({ kind: "except", end, ref });
        refresh();
        break;
      }
      case "if_statement": {
        // (text first: a main guard's condition starts `__name__` or a quote, in a file that says
        // `__main__`; asking the tree for the parent walks down from the root)
        if (!mayHaveMainGuard) break;
        IF_MAIN.lastIndex = start;
        if (!IF_MAIN.test(text) || node.parent?.type !== "module") break;
        const condition = node.childForFieldName("condition");
        if (condition && MAIN_GUARD.test(condition.text)) {
          const consequence = node.childForFieldName("consequence");
          if (consequence) {
            stack.push({ kind: "main", end: consequence.endIndex });
            refresh();
          }
        }
        break;
      }
      case "with_statement":
        model.withStatements.push(new WithStatementInfo(node, start, model, context));
        break;
      case "import_statement":
        model.imports.push(new ImportInfo(node, start, node.type, model, context, "import"));
        if (textual) model.imports[model.imports.length - 1].source = text;
        break;
      case "import_from_statement":
      case "future_import_statement":
        model.imports.push(new ImportInfo(node, start, node.type, model, context, "from"));
        if (textual) model.imports[model.imports.length - 1].source = text;
        break;
      case "raise_statement": {
        const info = new RaiseInfo(node, start, model, context);
        model.raises.push(info);
        if (context.fn && !context.inLambda) context.fn.raises.push(info);
        break;
      }
      case "return_statement":
        if (context.fn && !context.inLambda)
          context.fn.returns.push(new NodeRef(node, start, "return_statement", model));
        break;
      case "yield":
        if (!node.isNamed) break; // the `yield` keyword shares the node's name
        if (context.fn && !context.inLambda) context.fn.yields.push(new NodeRef(node, start, "yield", model));
        break;
    }
  }
  return model;
}
