// Loads web-tree-sitter and the Python grammar once per process, from where the host says they
// are (files beside the bundle on Node; bytes the browser client read from the extension).
import { Language, Parser, Query } from "web-tree-sitter";
import { host } from "../core/host";

export interface PythonParsing {
  parser: Parser;
  language: Language;
  query(source: string): Query;
}

let loading: Promise<PythonParsing> | undefined;

export function loadPython(): Promise<PythonParsing> {
  loading ??= (async () => {
    const core = host().wasm("tree-sitter.wasm");
    // (given the bytes, Emscripten still asks for a file name, which it then does not read)
    await Parser.init(typeof core === "string" ? { locateFile: locate } : { wasmBinary: core, locateFile: locate });
    const language = await Language.load(host().wasm("tree-sitter-python.wasm"));
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

/** Where Emscripten finds a file it asks for by name. */
function locate(file: string): string {
  const where = host().wasm(file);
  return typeof where === "string" ? where : file;
}
