// The smaller fact records of the model: with items, raises, assignments and comments.
import type { Node } from "web-tree-sitter";
import type { CallInfo } from "./calls";
import type { Context } from "./definitions";
import { once } from "./lazy";

export interface WithItemInfo {
  statement: Node;
  isAsync: boolean;
  item: Node;
  /** The item's value when it is a call (`with f() as x`). */
  call: CallInfo | null;
}

export class AssignmentInfo {
  constructor(
    readonly node: Node,
    readonly context: Context,
  ) {}
  get left(): Node {
    return once(this, "left", () => this.node.childForFieldName("left") ?? this.node);
  }
  get right(): Node | null {
    return once(this, "right", () => this.node.childForFieldName("right"));
  }
  /** The annotation of `x: T = v`, if any. */
  get annotation(): Node | null {
    return once(this, "annotation", () => this.node.childForFieldName("type"));
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
