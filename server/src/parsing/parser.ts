// Loads web-tree-sitter and the Python grammar once per process.
import * as path from "node:path";
import { Language, Parser, Query } from "web-tree-sitter";

export interface PythonParsing {
  parser: Parser;
  language: Language;
  query(source: string): Query;
}

let loading: Promise<PythonParsing> | undefined;

/** Directory holding tree-sitter.wasm and tree-sitter-python.wasm (dist/ when bundled). */
export function wasmDirectory(): string {
  return process.env.PYREVIEW_WASM_DIR ?? __dirname;
}

export function loadPython(): Promise<PythonParsing> {
  loading ??= (async () => {
    const dir = wasmDirectory();
    await Parser.init({ locateFile: (file: string) => path.join(dir, file) });
    const language = await Language.load(path.join(dir, "tree-sitter-python.wasm"));
    const parser = new Parser();
    parser.setLanguage(language);
    const queries = new Map<string, Query>();
    return {
      parser,
      language,
      query(source: string): Query {
        let q = queries.get(source);
        if (!q) {
          q = new Query(language, source);
          queries.set(source, q);
        }
        return q;
      },
    };
  })();
  return loading;
}
