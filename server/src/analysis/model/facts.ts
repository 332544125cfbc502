// The smaller fact records of the model: with items, raises, assignments and comments.
import type { Node } from "web-tree-sitter";
import type { CallInfo } from "./calls";
import type { Context } from "./definitions";
import { Located, type TreeView } from "./located";

export interface WithItemInfo {
  statement: Node;
  isAsync: boolean;
  item: Node;
  /** The item's value when it is a call (`with f() as x`). */
  call: CallInfo | null;
}

/** A `with` statement and where it sits; its items are read when asked (model.withItems). */
export class WithStatementInfo extends Located {
  constructor(
    node: Node | null,
    start: number,
    view: TreeView,
    readonly context: Context,
  ) {
    super(node, start, "with_statement", view);
  }
}

export class AssignmentInfo extends Located {
  constructor(
    node: Node | null,
    start: number,
    view: TreeView,
    readonly context: Context,
  ) {
    super(node, start, "assignment", view);
  }
  get left(): Node {
    return this.lazy("left", () => this.node.childForFieldName("left") ?? this.node);
  }
  get right(): Node | null {
    return this.lazy("right", () => this.node.childForFieldName("right"));
  }
  /** The annotation of `x: T = v`, if any. */
  get annotation(): Node | null {
    return this.lazy("annotation", () => this.node.childForFieldName("type"));
  }
  /** Is this a module-level statement (not in a function, class or compound block)? */
  get isModuleLevel(): boolean {
    return this.node.parent?.parent?.type === "module";
  }
}

export interface CommentInfo {
  node: Node;
  line: number;
  text: string;
}
