// The module model every rule reads: the facts of one pass (functions, classes, calls, with
// statements, imports, raises, assignments) and lazily computed, memoised queries over them.
// Crossing from JS into wasm is the cost that matters (a keystroke re-runs this on a
// 3,000-line file), so rules never walk the whole tree again.
import type { Node, Tree } from "web-tree-sitter";
import type { PythonParsing } from "../../parsing/parser";
import { identity, isSpaceCode, isWordCode, lowerBound } from "../chars";
import { docstringOf } from "../syntax";
import { TextFinder } from "../textSearch";
import { CallInfo } from "./calls";
import type { ClassInfo, Context, FunctionInfo, RaiseInfo } from "./definitions";
import type { AssignmentInfo, CommentInfo, WithItemInfo, WithStatementInfo } from "./facts";
import type { ImportInfo } from "./imports";
import { once } from "./lazy";
import { findSuppressionComments } from "./suppressionComments";

export class ModuleModel {
  readonly functions: FunctionInfo[] = [];
  readonly classes: ClassInfo[] = [];
  readonly calls: CallInfo[] = [];
  readonly withStatements: WithStatementInfo[] = [];
  readonly imports: ImportInfo[] = [];
  readonly raises: RaiseInfo[] = [];
  readonly assignments: AssignmentInfo[] = [];
  readonly hasSyntaxErrors: boolean;
  private readonly usesCache = new Map<string, Node[]>();

  constructor(
    private readonly parsing: PythonParsing,
    readonly tree: Tree,
    readonly text: string,
  ) {
    this.root = tree.rootNode;
    this.hasSyntaxErrors = this.root.hasError;
  }

  readonly root: Node;

  get docstring(): Node | null {
    return once(this, "docstring", () => docstringOf(this.root));
  }

  /** Module-level statements, in order (comments excluded). */
  get statements(): Node[] {
    return once(this, "statements", () =>
      this.root.namedChildren.filter((n): n is Node => !!n && n.type !== "comment"),
    );
  }

  /** Every comment, in document order. */
  get comments(): CommentInfo[] {
    return once(this, "comments", () => {
      if (!this.text.includes("#")) return [];
      return this.parsing
        .query("(comment) @comment")
        .captures(this.root)
        .map(({ node }) => ({ node, line: node.startPosition.row, text: node.text }));
    });
  }

  /** Comments holding `noqa` or `nosec` (found by text first: most files have few or none). */
  get suppressionComments(): CommentInfo[] {
    return once(this, "suppressionComments", () => findSuppressionComments(this.text, this.root));
  }

  /** The `with` items, with their call when the item's value is one. */
  get withItems(): WithItemInfo[] {
    return once(this, "withItems", () => {
      const out: WithItemInfo[] = [];
      for (const w of this.withStatements) {
        const { node, context } = w;
        const isAsync = this.text.startsWith("async", w.start);
        const clause = node.namedChildren.find((c) => c?.type === "with_clause");
        for (const item of clause?.namedChildren ?? []) {
          if (item?.type !== "with_item") continue;
          let value = item.childForFieldName("value");
          if (value?.type === "as_pattern") value = value.namedChild(0);
          out.push({
            statement: node,
            isAsync,
            item,
            call: value?.type === "call" ? this.withCall(value, context) : null,
          });
        }
      }
      return out;
    });
  }

  /** A CallInfo for a `with` item's call, reading its callee from the text as the same call's in `calls` does. */
  private withCall(node: Node, context: Context): CallInfo {
    const info = new CallInfo(node, node.startIndex, this, this.text, context);
    const same = this.callOf(node);
    if (same) {
      info.textual = same.textual;
      info.startsCall = same.startsCall;
    }
    return info;
  }

  /** The model's CallInfo of a call node (calls are in document order), or null. */
  callOf(node: Node): CallInfo | null {
    const starts = this.callStarts;
    const start = node.startIndex;
    for (let k = lowerBound(starts, start, identity); k < starts.length && starts[k] === start; k++) {
      if (this.calls[k].node.id === node.id) return this.calls[k];
    }
    return null;
  }

  /** The model's AssignmentInfo of an assignment node (assignments are in document order), or null. */
  assignmentOf(node: Node): AssignmentInfo | null {
    const list = this.assignments;
    const start = node.startIndex;
    for (let k = lowerBound(list, start, (a) => a.start); k < list.length && list[k].start === start; k++) {
      if (list[k].node.id === node.id) return list[k];
    }
    return null;
  }

  /**
   * Identifier nodes spelled `name`, in document order (found by text, then confirmed in the
   * tree: cheap for the few names a rule asks about).
   */
  identifiersNamed(name: string): Node[] {
    let hit = this.usesCache.get(name);
    if (hit) return hit;
    hit = [];
    // `name` not inside a longer word (indexOf: far cheaper than a regex with look-behind)
    const text = this.text;
    const n = name.length;
    if (n === 0) {
      this.usesCache.set(name, hit);
      return hit;
    }
    const finder = new TextFinder(name);
    for (let i = finder.next(text, 0); i >= 0; ) {
      if ((i > 0 && isWordCode(text.charCodeAt(i - 1))) || isWordCode(text.charCodeAt(i + n))) {
        i = finder.next(text, i + 1);
        continue;
      }
      const node = this.root.descendantForIndex(i, i + n);
      if (node && node.type === "identifier" && node.startIndex === i) hit.push(node);
      i = finder.next(text, i + n);
    }
    this.usesCache.set(name, hit);
    return hit;
  }

  /** The start of each call in `calls` (filled by buildModel: nodes' starts are JS-side there). */
  readonly callStarts: number[] = [];
  private readonly suffixCache = new Map<string, CallInfo[]>();

  /**
   * Calls whose dotted callee ends with `suffix` (`callee.endsWith(suffix)`: `exit` finds
   * `exit()`, `sys.exit()` and `os._exit()`), in document order. Found from the text: each
   * occurrence of `suffix` ending a word, then the calls starting where a dotted name ending
   * there may start; so no other call's callee is read (cheap for a rare suffix).
   * `suffix` must be a non-empty run of name characters.
   */
  callsWithCalleeEnding(suffix: string): CallInfo[] {
    let hit = this.suffixCache.get(suffix);
    if (hit) return hit;
    hit = [];
    const text = this.text;
    const calls = this.calls;
    if (this.hasSyntaxErrors) {
      // (a call's start may not be its callee's there)
      hit = calls.filter((c) => c.callee?.endsWith(suffix));
      this.suffixCache.set(suffix, hit);
      return hit;
    }
    const starts = this.callStarts;
    const found = new Set<CallInfo>();
    const visit = (q: number): void => {
      // the calls starting at q (nested ones share a start; at most one has a dotted callee)
      for (let k = lowerBound(starts, q, identity); k < starts.length && starts[k] === q; k++) {
        const callee = calls[k].callee;
        if (callee?.endsWith(suffix)) found.add(calls[k]);
      }
    };
    const n = suffix.length;
    const finder = new TextFinder(suffix);
    for (let i = n ? finder.next(text, 0) : -1; i >= 0; i = finder.next(text, i + 1)) {
      if (isWordCode(text.charCodeAt(i + n))) continue;
      // back to the start of the word, then along `a . b . word` to each possible start
      let q = i;
      while (q > 0 && isWordCode(text.charCodeAt(q - 1))) q--;
      for (;;) {
        visit(q);
        let j = q - 1;
        while (j >= 0 && isSpaceCode(text.charCodeAt(j))) j--;
        if (j < 0 || text.charCodeAt(j) !== 46) break; // "."
        j--;
        while (j >= 0 && isSpaceCode(text.charCodeAt(j))) j--;
        if (j < 0 || !isWordCode(text.charCodeAt(j))) break;
        while (j > 0 && isWordCode(text.charCodeAt(j - 1))) j--;
        q = j;
      }
    }
    if (found.size) hit = [...found].sort((a, b) => a.start - b.start);
    this.suffixCache.set(suffix, hit);
    return hit;
  }

  /**
   * `identifiersNamed(name)` restricted to the nodes lying within [start, end): only that part
   * of the text is searched (unless the whole file's answer is known already).
   */
  identifiersNamedIn(name: string, start: number, end: number): Node[] {
    const all = this.usesCache.get(name);
    if (all) return all.filter((id) => id.startIndex >= start && id.endIndex <= end);
    const hit: Node[] = [];
    const text = this.text;
    const n = name.length;
    if (n === 0) return hit;
    const finder = new TextFinder(name);
    for (let i = finder.next(text, Math.max(0, start)); i >= 0 && i + n <= end; ) {
      if ((i > 0 && isWordCode(text.charCodeAt(i - 1))) || isWordCode(text.charCodeAt(i + n))) {
        i = finder.next(text, i + 1);
        continue;
      }
      const node = this.root.descendantForIndex(i, i + n);
      if (node && node.type === "identifier" && node.startIndex === i && node.endIndex <= end) hit.push(node);
      i = finder.next(text, i + n);
    }
    return hit;
  }

  private functionEnds: Map<FunctionInfo, number> | null = null;

  /**
   * The innermost function whose definition holds [start, end), or null (module or class
   * level). Function ends are read from the tree once per model, not per question.
   */
  innermostFunction(start: number, end: number): FunctionInfo | null {
    const functions = this.functions;
    let ends = this.functionEnds;
    if (!ends) {
      ends = new Map();
      for (const f of functions) ends.set(f, f.end);
      this.functionEnds = ends;
    }
    // The last function starting at or before `start` (they are in document order): every
    // function holding `start` is it or one it is nested in (its parentFunction chain).
    let lo = 0;
    let hi = functions.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (functions[mid].start <= start) lo = mid + 1;
      else hi = mid;
    }
    for (let f: FunctionInfo | null = lo > 0 ? functions[lo - 1] : null; f; f = f.parentFunction) {
      if (end <= (ends.get(f) as number)) return f;
    }
    return null;
  }

  /** Every identifier node by name (one query over the whole tree: use only when needed). */
  get identifiers(): Map<string, Node[]> {
    return once(this, "identifiers", () => {
      const map = new Map<string, Node[]>();
      // descendantsOfType is about three times cheaper than a query's captures here
      for (const node of this.root.descendantsOfType("identifier")) {
        if (!node) continue;
        const t = node.text;
        const list = map.get(t);
        if (list) list.push(node);
        else map.set(t, [node]);
      }
      return map;
    });
  }

  /** Ranges [start, end) of ERROR and MISSING nodes. */
  get errorRanges(): Array<{ start: number; end: number }> {
    return once(this, "errorRanges", () => {
      const out: Array<{ start: number; end: number }> = [];
      if (this.hasSyntaxErrors) collectErrors(this.root, out);
      return out;
    });
  }
}

function collectErrors(node: Node, out: Array<{ start: number; end: number }>): void {
  if (node.isError || node.isMissing) {
    out.push({ start: node.startIndex, end: node.endIndex });
    return;
  }
  if (!node.hasError) return;
  for (const child of node.children) if (child) collectErrors(child, out);
}
