// Import statements: module, level, names and aliases, read from the text where the shape
// is plain, else from the tree; each name's node is found only when a rule asks for it.
import type { Node } from "web-tree-sitter";
import type { Context } from "./definitions";
import { Located, type TreeView } from "./located";
import { FROM_IMPORT, IMPORT_ITEM, LEADING_GAP, PLAIN_IMPORT, TRAILING_GAP } from "./textPaths";

export interface ImportedName {
  name: string;
  alias: string | null;
  node: Node;
}

interface ParsedImport {
  module: string;
  level: number;
  names: ImportedName[];
  star: boolean;
}

/** An imported name read from the text: its node is looked up in the tree only when asked for. */
class LazyImportedName implements ImportedName {
  private resolved: Node | undefined = undefined;

  constructor(
    public name: string,
    public alias: string | null,
    private readonly info: ImportInfo,
    private readonly start: number,
    private readonly end: number,
    private readonly index: number,
  ) {}

  get node(): Node {
    if (this.resolved) return this.resolved;
    const { start, end } = this;
    const want = this.alias === null ? "dotted_name" : "aliased_import";
    let n = this.info.node.descendantForIndex(start, end);
    // (a one-word dotted_name shares its range with its identifier, the smallest node there)
    while (
      n &&
      n.type !== want &&
      n.startIndex === start &&
      n.endIndex === end &&
      n.parent &&
      n.parent.startIndex === start &&
      n.parent.endIndex === end
    )
      n = n.parent;
    if (!n || n.type !== want || n.startIndex !== start || n.endIndex !== end)
      n = this.info.readTree().names[this.index].node;
    return (this.resolved = n);
  }
}

export class ImportInfo extends Located {
  /** Set by buildModel in a tree without syntax errors: the statement can be read from the text. */
  source: string | null = null;

  constructor(
    node: Node | null,
    start: number,
    type: string,
    view: TreeView,
    readonly context: Context,
    readonly kind: "import" | "from",
  ) {
    super(node, start, type, view);
  }

  protected override forget(): void {
    // names hold offsets and nodes of the old text: read again where the statement now is
    this.parsedCache = undefined;
    this.treeCache = undefined;
  }

  private parsedCache: ParsedImport | undefined = undefined;
  private treeCache: ParsedImport | undefined = undefined;
  private get parsed(): ParsedImport {
    if (this.parsedCache) return this.parsedCache;
    if (this.source !== null) {
      const read = this.readText(this.source);
      if (read) return (this.parsedCache = read);
    }
    return (this.parsedCache = this.readTree());
  }

  /**
   * The statement read from its text (one call into the tree, for its end), with each name's
   * node found only when asked for; null for shapes read from the tree instead (a comment, a
   * line continuation, a name that is not plain ASCII).
   */
  private readText(text: string): ParsedImport | null {
    const start = this.start;
    const statement = text.slice(start, this.end);
    if (statement.includes("#")) return null;
    let module = "";
    let rest: string;
    let m = this.kind === "import" ? PLAIN_IMPORT.exec(statement) : null;
    if (m) rest = m[1];
    else {
      m = this.kind === "from" ? FROM_IMPORT.exec(statement) : null;
      if (!m?.[1]) return null;
      module = m[1].replace(/\s+/g, "");
      rest = m[2];
    }
    const level = this.kind === "from" ? (/^\.*/.exec(module)?.[0].length ?? 0) : 0;
    if (this.kind === "from" && rest === "*") return { module, level, names: [], star: true };
    let restStart = start + statement.length - rest.length;
    if (this.kind === "from" && rest.startsWith("(")) {
      if (!rest.endsWith(")")) return null;
      rest = rest.slice(1, -1);
      restStart++;
    }
    const names: ImportedName[] = [];
    const parts = rest.split(",");
    let offset = restStart;
    for (let k = 0; k < parts.length; k++) {
      const part = parts[k];
      const lead = (LEADING_GAP.exec(part) as RegExpExecArray)[0].length;
      const item =
        lead === part.length
          ? ""
          : part.slice(lead, part.length - (TRAILING_GAP.exec(part) as RegExpExecArray)[0].length);
      const itemStart = offset + lead;
      offset += part.length + 1;
      if (!item) {
        // only a trailing comma inside parentheses
        if (k === parts.length - 1 && k > 0 && this.kind === "from") continue;
        return null;
      }
      const words = IMPORT_ITEM.exec(item);
      if (!words) return null;
      names.push(this.lazyName(words[1], words[2] ?? null, itemStart, itemStart + item.length, names.length));
    }
    return names.length ? { module, level, names, star: false } : null;
  }

  /** A name whose node (dotted_name or aliased_import spanning [start, end)) is found when first asked for. */
  private lazyName(name: string, alias: string | null, start: number, end: number, index: number): ImportedName {
    return new LazyImportedName(name, alias, this, start, end, index);
  }

  /** (Internal) the statement read from its nodes. */
  readTree(): ParsedImport {
    if (this.treeCache) return this.treeCache;
    // (each `.type` crosses into wasm: read once per node)
    const names: ImportedName[] = [];
    let star = false;
    let module = "";
    let level = 0;
    const node = this.node;
    const aliased = (child: Node): ImportedName => ({
      name: child.childForFieldName("name")?.text ?? "",
      alias: child.childForFieldName("alias")?.text ?? null,
      node: child,
    });
    const type = node.type;
    if (type === "import_statement") {
      for (const child of node.namedChildren) {
        const t = child?.type;
        if (t === "dotted_name") names.push({ name: child!.text, alias: null, node: child! });
        else if (t === "aliased_import") names.push(aliased(child!));
      }
      return (this.treeCache = { module, level, names, star });
    }
    const future = type === "future_import_statement";
    const moduleNode = future ? null : node.childForFieldName("module_name");
    if (future) module = "__future__";
    else if (moduleNode) {
      module = moduleNode.text.replace(/\s+/g, "");
      level = /^\.*/.exec(module)?.[0].length ?? 0;
    }
    for (const child of node.namedChildren) {
      if (!child || (moduleNode && child.id === moduleNode.id)) continue;
      const t = child.type;
      if (t === "wildcard_import") star = true;
      else if (t === "dotted_name") names.push({ name: child.text, alias: null, node: child });
      else if (t === "aliased_import") names.push(aliased(child));
    }
    return (this.treeCache = { module, level, names, star });
  }
  /** For `from`: the module as written, with its leading dots (`..pkg.mod`). */
  get module(): string {
    return this.parsed.module;
  }
  get level(): number {
    return this.parsed.level;
  }
  get names(): ImportedName[] {
    return this.parsed.names;
  }
  get star(): boolean {
    return this.parsed.star;
  }
}
