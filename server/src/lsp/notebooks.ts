// Open Jupyter notebooks (LSP 3.17 notebook sync): each is one module in the document store,
// keyed by the notebook's URI; its cells are followed here, with their URIs and versions, so that
// diagnostics go to the cell they are in and fixes edit that cell.
import { NotebookCellKind, type NotebookDocument, type NotebookDocuments } from "vscode-languageserver";
import type { TextDocument } from "vscode-languageserver-textdocument";
import { NotebookModule, type CellSpan } from "../parsing/notebook";

/** Only Jupyter notebooks, and only their Python cells, are synced to the server. */
export const NOTEBOOK_SELECTOR = [{ notebook: { notebookType: "jupyter-notebook" }, cells: [{ language: "python" }] }];

export interface NotebookCellState {
  uri: string;
  /** "code" for a Python code cell; anything else is not analysed. */
  kind: string;
  text: string;
  version: number;
}

export interface OpenNotebook {
  uri: string;
  version: number;
  cells: NotebookCellState[];
  module: NotebookModule;
  /** The cells diagnostics were last published to (cleared when a cell goes away). */
  published: Set<string>;
}

/** The notebook's cells as the server analyses them, from the client's notebook and cell documents. */
export function cellsOf(notebooks: NotebookDocuments<TextDocument>, notebook: NotebookDocument): NotebookCellState[] {
  return notebook.cells.map((cell) => {
    const doc = notebooks.getCellTextDocument(cell);
    const python = (doc?.languageId ?? "python") === "python";
    return {
      uri: cell.document,
      kind: cell.kind === NotebookCellKind.Code && python ? "code" : "other",
      text: doc?.getText() ?? "",
      version: doc?.version ?? 0,
    };
  });
}

export class NotebookRegistry {
  private readonly notebooks = new Map<string, OpenNotebook>();
  private readonly cellToNotebook = new Map<string, string>();

  get(uri: string): OpenNotebook | undefined {
    return this.notebooks.get(uri);
  }

  /** Records the notebook's cells at `version`; returns it with its module. */
  update(uri: string, cells: NotebookCellState[], version: number): OpenNotebook {
    const previous = this.notebooks.get(uri);
    for (const c of previous?.cells ?? []) this.cellToNotebook.delete(c.uri);
    const notebook: OpenNotebook = {
      uri,
      version,
      cells,
      module: NotebookModule.build(cells),
      published: previous?.published ?? new Set(),
    };
    this.notebooks.set(uri, notebook);
    for (const c of cells) this.cellToNotebook.set(c.uri, uri);
    return notebook;
  }

  delete(uri: string): OpenNotebook | undefined {
    const notebook = this.notebooks.get(uri);
    for (const c of notebook?.cells ?? []) this.cellToNotebook.delete(c.uri);
    this.notebooks.delete(uri);
    return notebook;
  }

  /** The open notebook a cell belongs to, and the cell's place in its module (undefined: not a code cell). */
  cellOf(
    cellUri: string,
  ): { notebook: OpenNotebook; cell: CellSpan | undefined; state: NotebookCellState } | undefined {
    const uri = this.cellToNotebook.get(cellUri);
    const notebook = uri === undefined ? undefined : this.notebooks.get(uri);
    if (!notebook) return undefined;
    const index = notebook.cells.findIndex((c) => c.uri === cellUri);
    return { notebook, cell: notebook.module.cells.find((c) => c.index === index), state: notebook.cells[index] };
  }
}
