// The one pass: C-side traversals (descendantsOfType) yield the nodes of interest in document
// order, one segment at a time (segments.ts: top-level statements, and the members of top-level
// classes); a stack of open scopes gives each its context. Everything else in the model is
// computed lazily, when a rule first asks for it.
import type { Node, Tree } from "web-tree-sitter";
import type { DocumentChanges } from "../../parsing/parsedDocument";
import type { PythonParsing } from "../../parsing/parser";
import { indexOfFast } from "../textSearch";
import { CallInfo } from "./calls";
import { ClassInfo, type Context, FunctionInfo, MODULE_CONTEXT, RaiseInfo } from "./definitions";
import { AssignmentInfo, WithStatementInfo } from "./facts";
import { ImportInfo } from "./imports";
import { NodeRef } from "./located";
import { ModuleModel } from "./moduleModel";
import {
  type Candidate,
  type ModelState,
  nextFallback,
  reusableFallback,
  reusableSegments,
  waitingFallback,
  type Segment,
  type Collector as SegmentCollector,
  SegmentFacts,
  segmentsOf,
} from "./segments";

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

/**
 * Collects the facts of one segment into `out`, from the scopes open where it starts.
 * `textual`: the segment has no syntax error, so callees, names and imports can be read from the text.
 */
class Collector implements SegmentCollector {
  private readonly stack: Frame[];
  private context: Context = MODULE_CONTEXT;
  private readonly types: string[];

  constructor(
    private readonly model: ModuleModel,
    private readonly text: string,
    mayHaveMainGuard: boolean,
    private readonly textual: boolean,
    private readonly out: SegmentFacts,
    open: Frame[],
  ) {
    this.stack = [...open];
    // (`if` statements matter only for a main guard: without `__main__` in the file they are not fetched)
    this.types = mayHaveMainGuard ? COLLECTED : COLLECTED_BUT_IF;
    this.refresh();
  }

  private refresh(): void {
    const stack = this.stack;
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
    this.context = stack.length ? { fn, cls, except, mainGuard, inLambda } : MODULE_CONTEXT;
  }

  /** Every collected node in `node`'s subtree, `node` included, in document order. */
  visitAll(node: Node): void {
    for (const n of node.descendantsOfType(this.types)) if (n) this.visit(n);
  }

  visit(node: Node): void {
    const { stack, model, text, textual, out } = this;
    const start = node.startIndex;
    if (stack.length && start >= stack[stack.length - 1].end) {
      while (stack.length && start >= stack[stack.length - 1].end) stack.pop();
      this.refresh();
    }
    const context = this.context;
    switch (node.type) {
      case "call": {
        const info = new CallInfo(node, start, model, text, context);
        const previous = out.calls[out.calls.length - 1];
        // calls nested at one start (a method chain) come outermost first: the rank tells them apart
        if (previous && previous.start === start) {
          info.rank = previous.rank + 1;
          if (textual) previous.startsCall = true;
        }
        if (textual) info.textual = true;
        out.add(out.calls, info);
        break;
      }
      case "assignment":
        out.add(out.assignments, new AssignmentInfo(node, start, model, context));
        break;
      case "function_definition": {
        const info = new FunctionInfo(node, start, model, text, context.fn ? null : context.cls, context.fn);
        info.textual = textual;
        info.inMainGuard = context.mainGuard;
        if (info.parentClass) info.parentClass.methods.push(info);
        out.add(out.functions, info);
        const end = node.endIndex;
        info.knowEnd(end);
        stack.push({ kind: "function", end, info });
        this.refresh();
        break;
      }
      case "class_definition": {
        const info = new ClassInfo(node, start, model, context.cls, context.fn);
        out.add(out.classes, info);
        const end = node.endIndex;
        info.knowEnd(end);
        stack.push({ kind: "class", end, info });
        this.refresh();
        break;
      }
      case "lambda":
        if (!node.isNamed) break; // the `lambda` keyword shares the node's name
        stack.push({ kind: "lambda", end: node.endIndex });
        this.refresh();
        break;
      case "except_clause": {
        const ref = new NodeRef(node, start, "except_clause", model);
        out.located.push(ref);
        const end = node.endIndex;
        ref.knowEnd(end);
        stack.push({ kind: "except", end, ref });
        this.refresh();
        break;
      }
      case "if_statement": {
        // (text first: a main guard's condition starts `__name__` or a quote, in a file that says
        // `__main__`; asking the tree for the parent walks down from the root)
        IF_MAIN.lastIndex = start;
        if (!IF_MAIN.test(text) || node.parent?.type !== "module") break;
        const condition = node.childForFieldName("condition");
        if (condition && MAIN_GUARD.test(condition.text)) {
          const consequence = node.childForFieldName("consequence");
          if (consequence) {
            stack.push({ kind: "main", end: consequence.endIndex });
            this.refresh();
          }
        }
        break;
      }
      case "with_statement":
        out.add(out.withStatements, new WithStatementInfo(node, start, model, context));
        break;
      case "import_statement":
      case "import_from_statement":
      case "future_import_statement": {
        const kind = node.type === "import_statement" ? "import" : "from";
        const info = new ImportInfo(node, start, node.type, model, context, kind);
        // (the end is read from the text when a rule asks for the names: known here, a fact taken
        // over by the next version need not look its node up for it)
        info.knowEnd(node.endIndex);
        if (textual) info.source = text;
        out.add(out.imports, info);
        break;
      }
      case "raise_statement": {
        const info = new RaiseInfo(node, start, model, context);
        out.add(out.raises, info);
        if (context.fn && !context.inLambda) context.fn.raises.push(info);
        break;
      }
      case "return_statement":
        if (context.fn && !context.inLambda) {
          const ref = new NodeRef(node, start, "return_statement", model);
          out.located.push(ref);
          context.fn.returns.push(ref);
        }
        break;
      case "yield":
        if (!node.isNamed) break; // the `yield` keyword shares the node's name
        if (context.fn && !context.inLambda) {
          const ref = new NodeRef(node, start, "yield", model);
          out.located.push(ref);
          context.fn.yields.push(ref);
        }
        break;
    }
  }
}

/** The model of a whole tree, every segment collected afresh. */
export function buildModel(parsing: PythonParsing, tree: Tree, text: string): ModuleModel {
  return buildModelIncrementally(parsing, tree, text, null, null).model;
}

/**
 * The model of `tree`, taking over the facts of `previous` (the model state of the text before
 * `changes`) for every segment the changes left alone, shifted to where it now is. The result
 * equals `buildModel` of the same tree: a segment is taken over only when its kind, type, extent,
 * class and syntax-error status are the same and no edited or structurally changed range touches it.
 */
export function buildModelIncrementally(
  parsing: PythonParsing,
  tree: Tree,
  text: string,
  previous: ModelState | null,
  changes: DocumentChanges | null,
): { model: ModuleModel; state: ModelState; reused: number } {
  const model = new ModuleModel(parsing, tree, text);
  const mayHaveMainGuard = indexOfFast(text, "__main__") >= 0;
  const segments: Segment[] = [];
  let reused = 0;
  // (whether `if` statements are collected at all changed: nothing carries over)
  if (!previous || !changes || previous.mayHaveMainGuard !== mayHaveMainGuard) {
    collectAll(model, text, mayHaveMainGuard, segments);
    aggregate(model, segments);
    return { model, state: { segments, mayHaveMainGuard }, reused };
  }
  const reuse = reusableSegments(previous, changes);
  const waiting = waitingFallback(previous, changes);
  const fallback = waiting ? reusableFallback(waiting) : null;
  const taken = new Set<Segment>();
  for (const candidate of segmentsOf(model.root)) {
    let match = reuse.match(candidate, segments);
    if (match) taken.add(match.segment);
    else match = fallback?.match(candidate, segments) ?? null;
    let segment: Segment;
    if (match) {
      segment = match.segment;
      segment.facts.rebase(match.delta, model, text);
      segment.start = candidate.start;
      segment.end = candidate.end;
      // (a header's class spans its members, which may have changed)
      segment.facts.splitClass?.knowEnd(candidate.classEnd);
      reused++;
    } else {
      const facts = new SegmentFacts();
      const owner = candidate.owner ? segments[candidate.owner.index] : null;
      candidate.collect(segmentCollector(model, text, mayHaveMainGuard, candidate, facts, owner));
      if (candidate.kind === "header") facts.splitClass = facts.classes[0] ?? null;
      segment = { ...candidate.key(), owner, facts, outline: outlineWithImports(candidate.outline(text), facts, text) };
    }
    segments.push(segment);
  }
  aggregate(model, segments);
  const next = nextFallback(previous, changes, waiting, taken, fallback?.taken.size ?? 0);
  return { model, state: { segments, mayHaveMainGuard, fallback: next }, reused };
}

/**
 * Every segment collected afresh, in one traversal of the whole tree (one call into the tree for
 * hundreds of segments: as cheap as the one pass was before segments), each node going to the
 * segment holding its start. The same facts as collecting segment by segment: a segment's nodes
 * are exactly the collected nodes starting within it, met in the same order.
 */
function collectAll(model: ModuleModel, text: string, mayHaveMainGuard: boolean, segments: Segment[]): void {
  const candidates = [...segmentsOf(model.root)];
  for (const c of candidates)
    segments.push({ ...c.key(), owner: null, facts: new SegmentFacts(), outline: c.outline(text) });
  const types = mayHaveMainGuard ? COLLECTED : COLLECTED_BUT_IF;
  let k = 0;
  let current = -1;
  let collector: Collector | null = null;
  const finish = (): void => {
    if (current >= 0 && candidates[current].kind === "header") {
      const facts = segments[current].facts;
      facts.splitClass = facts.classes[0] ?? null;
    }
  };
  for (const node of model.root.descendantsOfType(types)) {
    if (!node) continue;
    const start = node.startIndex;
    while (k < candidates.length && start >= candidates[k].end) k++;
    // (outside every segment: collected segment by segment, it would not be either)
    if (k === candidates.length || start < candidates[k].start) continue;
    if (k !== current) {
      finish();
      current = k;
      const candidate = candidates[k];
      const owner = candidate.owner ? segments[candidate.owner.index] : null;
      collector = segmentCollector(model, text, mayHaveMainGuard, candidate, segments[k].facts, owner);
    }
    (collector as Collector).visit(node);
  }
  finish();
  for (let i = 0; i < candidates.length; i++) {
    const owner = candidates[i].owner;
    if (owner) segments[i].owner = segments[owner.index];
    segments[i].outline = outlineWithImports(segments[i].outline, segments[i].facts, text);
  }
}

/**
 * A segment's outline with the imports inside it (in a function body too): the imports of the
 * whole file bind names for every rule that reads them (analysis/bindings.ts).
 */
function outlineWithImports(outline: string, facts: SegmentFacts, text: string): string {
  if (!facts.imports.length) return outline;
  return `${outline}\0${facts.imports.map((i) => text.slice(i.start, i.end)).join("\0")}`;
}

/** A collector of a candidate's facts into `facts`, with its class open when it is a member of one. */
function segmentCollector(
  model: ModuleModel,
  text: string,
  mayHaveMainGuard: boolean,
  candidate: Candidate,
  facts: SegmentFacts,
  owner: Segment | null,
): Collector {
  const open: Frame[] = [];
  const cls = owner?.facts.splitClass;
  if (cls) open.push({ kind: "class", end: candidate.classEnd, info: cls });
  return new Collector(model, text, mayHaveMainGuard, candidate.textual, facts, open);
}

/** The model's lists: the segments' facts in document order; a split class's methods from its members. */
function aggregate(model: ModuleModel, segments: Segment[]): void {
  for (const s of segments) {
    const cls = s.facts.splitClass;
    if (cls) cls.methods.length = 0;
  }
  for (const s of segments) {
    const f = s.facts;
    push(model.functions, f.functions);
    push(model.classes, f.classes);
    push(model.calls, f.calls);
    push(model.withStatements, f.withStatements);
    push(model.imports, f.imports);
    push(model.raises, f.raises);
    push(model.assignments, f.assignments);
    const cls = s.owner?.facts.splitClass;
    if (cls) for (const fn of f.functions) if (fn.parentClass === cls) cls.methods.push(fn);
  }
  const starts = model.callStarts;
  for (const c of model.calls) starts.push(c.start);
}

function push<T>(into: T[], from: readonly T[]): void {
  for (const x of from) into.push(x);
}
