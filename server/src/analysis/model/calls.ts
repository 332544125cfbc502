// Calls: the dotted callee (read from the text where possible) and the arguments.
import type { Node } from "web-tree-sitter";
import type { Context } from "./definitions";
import { Located, type TreeView } from "./located";
import { calleeFromText, DOTTED } from "./textPaths";

export class CallInfo extends Located {
  /**
   * Set by buildModel in a tree without syntax errors: the callee can be read from the text.
   * `startsCall`: the next call in document order starts at the same offset (it is inside this
   * one's function part).
   */
  textual = false;
  startsCall = false;
  /** The memoised callee (a plain field: read for every call by most rules). */
  private calleeText: string | null | undefined = undefined;

  constructor(
    node: Node | null,
    start: number,
    view: TreeView,
    private text: string,
    readonly context: Context,
  ) {
    super(node, start, "call", view);
  }

  /** (the text moves with the fact: the callee is read from it) */
  setText(text: string): void {
    this.text = text;
  }

  get calleeNode(): Node {
    return this.lazy("calleeNode", () => this.node.childForFieldName("function") ?? this.node);
  }
  /** Dotted callee (`subprocess.run`, `self.f`, `LOG.info`), or null for other shapes. */
  get callee(): string | null {
    if (this.calleeText !== undefined) return this.calleeText;
    let callee: string | null | undefined;
    if (this.textual) callee = calleeFromText(this.text, this.start, this.startsCall);
    if (callee === undefined) {
      const t = this.text.slice(this.calleeNode.startIndex, this.calleeNode.endIndex);
      callee = DOTTED.test(t) ? t.replace(/\s+/g, "") : null;
    }
    this.calleeText = callee;
    return callee;
  }
  get argumentsNode(): Node | null {
    return this.lazy("argumentsNode", () => this.node.childForFieldName("arguments"));
  }
  private get args(): { positional: Node[]; keywords: Map<string, Node>; keywordNodes: Node[]; hasSplat: boolean } {
    return this.lazy("args", () => {
      const positional: Node[] = [];
      const keywords = new Map<string, Node>();
      const keywordNodes: Node[] = [];
      let hasSplat = false;
      const argumentsNode = this.argumentsNode;
      if (argumentsNode && argumentsNode.type === "argument_list") {
        for (const arg of argumentsNode.namedChildren) {
          if (!arg || arg.type === "comment") continue;
          if (arg.type === "keyword_argument") {
            const name = arg.childForFieldName("name")?.text;
            const value = arg.childForFieldName("value");
            if (name && value) keywords.set(name, value);
            keywordNodes.push(arg);
          } else if (arg.type === "list_splat" || arg.type === "dictionary_splat") {
            hasSplat = true;
          } else {
            positional.push(arg);
          }
        }
      } else if (argumentsNode) {
        positional.push(argumentsNode); // a generator expression argument
      }
      return { positional, keywords, keywordNodes, hasSplat };
    });
  }
  get positional(): Node[] {
    return this.args.positional;
  }
  get keywords(): Map<string, Node> {
    return this.args.keywords;
  }
  /** The keyword_argument nodes, for edits. */
  get keywordNodes(): Node[] {
    return this.args.keywordNodes;
  }
  /** Has `*args` or `**kwargs` in its arguments. */
  get hasSplat(): boolean {
    return this.args.hasSplat;
  }
}
