// The first syntax error of a tree, in document order, with a short description.
import type { Node, Tree } from "web-tree-sitter";

export interface SyntaxErrorAt {
  /** UTF-16 offsets of the ERROR or MISSING node. */
  start: number;
  end: number;
  message: string;
}

const isBroken = (node: Node): boolean => node.hasError || node.isError || node.isMissing;

/** Null when the tree has no error. Walks down through the first broken child at each level. */
export function firstSyntaxError(tree: Tree): SyntaxErrorAt | null {
  if (!isBroken(tree.rootNode)) return null;
  const cursor = tree.walk();
  try {
    for (;;) {
      const node = cursor.currentNode;
      if (node.isError || node.isMissing)
        return { start: node.startIndex, end: node.endIndex, message: describe(node) };
      if (!cursor.gotoFirstChild()) return { start: node.startIndex, end: node.endIndex, message: "Syntax error" };
      while (!isBroken(cursor.currentNode)) {
        if (!cursor.gotoNextSibling()) {
          // (not expected: a node with an error has a broken child)
          return { start: node.startIndex, end: node.endIndex, message: "Syntax error" };
        }
      }
    }
  } finally {
    cursor.delete();
  }
}

function describe(node: Node): string {
  if (node.isMissing) return `Syntax error: missing ${node.isNamed ? node.type : `\`${node.type}\``}`;
  let leaf: Node = node;
  while (leaf.childCount > 0) {
    const first = leaf.child(0);
    if (!first) break;
    leaf = first;
  }
  const token = (leaf.text || node.text).split(/\r\n|\r|\n/)[0].trim();
  if (!token) return "Syntax error";
  return `Syntax error: unexpected \`${token.length > 30 ? `${token.slice(0, 30)}…` : token}\``;
}
