// Facts held by position, not by node: a fact knows where its node starts, its type, and which of
// the nested nodes of that type starting there it is, and finds the node in the current tree
// only when a rule asks. So a fact can outlive its tree: when an edit leaves its statement alone,
// the next version's model takes it over, shifted (`rebase`), and no node of the old tree is kept.
import type { Node } from "web-tree-sitter";

/** The tree a model's facts look their nodes up in (one per document version). */
export interface TreeView {
  readonly root: Node;
}

export abstract class Located {
  /** Where the node starts (UTF-16 offset in the current text). */
  start: number;
  /** Which of the nested nodes of this type that start here it is, from the outermost (0). */
  rank = 0;
  private resolved: Node | null;
  // (initialised, as every field here, so every fact has the same shape from its constructor on)
  private endOffset: number | undefined = undefined;
  /** Values computed from the node, dropped when the fact moves to another tree. */
  private memo: Map<string, unknown> | undefined = undefined;

  constructor(
    node: Node | null,
    start: number,
    readonly type: string,
    protected view: TreeView,
  ) {
    this.resolved = node;
    this.start = start;
  }

  /** The node, looked up in the current tree the first time it is asked for after a move. */
  get node(): Node {
    return (this.resolved ??= findNode(this.view.root, this.start, this.type, this.rank));
  }

  /** Where the node ends (asked of the tree once: reading a node's end crosses into wasm). */
  get end(): number {
    return (this.endOffset ??= this.node.endIndex);
  }

  /** Sets the end when it is known anyway (the one pass reads it for scopes). */
  knowEnd(end: number): void {
    this.endOffset = end;
  }

  /** A value computed once from the node (until the fact moves to another tree). */
  protected lazy<T>(key: string, compute: () => T): T {
    let memo = this.memo;
    if (memo?.has(key)) return memo.get(key) as T;
    const value = compute();
    if (!memo) this.memo = memo = new Map();
    memo.set(key, value);
    return value;
  }

  /** Moves the fact to the next version: its text is unchanged, shifted by `delta`, in `view`'s tree. */
  rebase(delta: number, view: TreeView): void {
    this.start += delta;
    if (this.endOffset !== undefined) this.endOffset += delta;
    this.view = view;
    this.resolved = null;
    this.memo = undefined;
    this.forget();
  }

  /** Drops what a subclass computed from the old tree or from absolute offsets. */
  protected forget(): void {}
}

/** A node kept by position: a `yield`, a `return`, an `except` clause. */
export class NodeRef extends Located {}

/**
 * The node of `type` starting at `start`, the `rank`-th from the outermost of those nested there
 * (a method chain `a.f().g()` holds two calls starting at `a`).
 */
export function findNode(root: Node, start: number, type: string, rank: number): Node {
  const chain: Node[] = [];
  for (let n: Node | null = root.descendantForIndex(start, start); n && n.startIndex === start; n = n.parent) {
    if (n.type === type && n.isNamed) chain.push(n);
  }
  const found = chain[chain.length - 1 - rank];
  if (!found) throw new Error(`no ${type} node at offset ${start} (rank ${rank}): the fact outlived its statement`);
  return found;
}
