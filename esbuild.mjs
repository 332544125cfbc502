// Bundles the client (dist/extension.js), the server (dist/server.js), the CLI (dist/cli.js)
// and its worker (dist/worker.js), the library (dist/api.js), the browser build
// (dist/browser/extension.js and server.js); copies the tree-sitter .wasm files into dist/.
// Flags: --production (minified, with source maps), --watch, --outdir DIR.
import * as esbuild from "esbuild";
import { copyFileSync, mkdirSync, readFileSync, writeFileSync, chmodSync } from "node:fs";
import { createRequire } from "node:module";
import * as path from "node:path";

const require = createRequire(import.meta.url);
const production = process.argv.includes("--production");
const watch = process.argv.includes("--watch");
const here = path.dirname(new URL(import.meta.url).pathname);
// --outdir DIR: build elsewhere than dist/ (the bundle size test builds for production into a scratch folder)
const outdirFlag = process.argv.indexOf("--outdir");
const dist = outdirFlag > 0 ? path.resolve(process.argv[outdirFlag + 1]) : path.join(here, "dist");

function copyWasm() {
  mkdirSync(dist, { recursive: true });
  copyFileSync(
    path.join(path.dirname(require.resolve("web-tree-sitter")), "tree-sitter.wasm"),
    path.join(dist, "tree-sitter.wasm"),
  );
  copyFileSync(path.join(here, "grammars", "tree-sitter-python.wasm"), path.join(dist, "tree-sitter-python.wasm"));
}

const common = {
  bundle: true,
  platform: "node",
  target: "node20",
  format: "cjs",
  minify: production,
  sourcemap: production ? "linked" : "inline",
  sourcesContent: false,
  logLevel: "warning",
  external: ["vscode"],
  // web-tree-sitter's module code asks for import.meta.url; give the CJS bundle its own file URL
  define: {
    "import.meta.url": "__pyreviewImportMetaUrl",
    // `pyreview --version` and SARIF's driver.version: the package's version
    PYREVIEW_VERSION: JSON.stringify(JSON.parse(readFileSync(path.join(here, "package.json"), "utf8")).version),
  },
  banner: {
    js: 'const __pyreviewImportMetaUrl = require("url").pathToFileURL(__filename).href; const __pyreviewRequire = require;',
  },
  plugins: [],
};

// web-tree-sitter's Node branches load two Node modules with `await import(...)`: a dynamic import
// that a script compiled with V8's code cache (cliLauncher.ts) cannot make without an experimental
// loader. A CommonJS bundle can require them: say so at build time (the bundle's own `require`, as
// the function around them declares a `require` of its own).
const treeSitterForNode = {
  name: "web-tree-sitter-for-node",
  setup(build) {
    build.onLoad({ filter: /[\\/]web-tree-sitter[\\/]tree-sitter\.js$/ }, (args) => {
      const source = readFileSync(args.path, "utf8");
      const imports = ['await import("module")', 'await import("fs/promises")'];
      if (!imports.every((i) => source.includes(i))) {
        throw new Error("web-tree-sitter changed: its Node imports are not what esbuild.mjs expects");
      }
      const patched = source
        .replace('await import("module")', '__pyreviewRequire("module")')
        .replace('await import("fs/promises")', '__pyreviewRequire("fs/promises")');
      return { contents: patched, loader: "js" };
    });
  },
};
common.plugins.push(treeSitterForNode);

const builds = [
  { ...common, entryPoints: { extension: "client/src/extension.ts" } },
  {
    ...common,
    entryPoints: {
      server: "server/src/server.ts",
      // `pyreview` is a launcher (cliLauncher.ts) that starts the interpreter, then loads cli-main.js
      cli: "server/src/cliLauncher.ts",
      "cli-main": "server/src/cli.ts",
      // each worker thread: a launcher (cli/workerLauncher.ts) that runs worker-main.js from the code cache
      worker: "server/src/cli/workerLauncher.ts",
      "worker-main": "server/src/cli/worker.ts",
    },
  },
  {
    ...common,
    entryPoints: { api: "server/src/api.ts" },
    // the library the tests load keeps the LSP library a require() of node_modules: a test's
    // in-memory connection and the server then share one copy (it checks reporters with instanceof)
    external: [...common.external, "vscode-languageserver", "vscode-languageserver-protocol", "vscode-jsonrpc"],
  },
].map((b) => ({ ...b, outdir: dist }));

// web-tree-sitter decides at run time whether it runs on Node; in a browser bundle its Node
// branches (require("fs"), import("module"), ...) are dead code: say so at build time, so that
// minifySyntax drops them and the bundle holds no Node module (server/test/boundaries.test.mjs).
const treeSitterForBrowser = {
  name: "web-tree-sitter-for-browser",
  setup(build) {
    build.onLoad({ filter: /[\\/]web-tree-sitter[\\/]tree-sitter\.js$/ }, (args) => {
      const source = readFileSync(args.path, "utf8");
      const detection =
        'typeof process == "object" && typeof process.versions == "object" && typeof process.versions.node == "string" && process.type != "renderer"';
      const patched = source
        .replace(detection, "false")
        .replace(/\bENVIRONMENT_IS_NODE\b(?!\s*=[^=])/g, "false")
        .replaceAll("globalThis.process?.versions.node", "false");
      if (!source.includes(detection)) {
        throw new Error("web-tree-sitter changed: its environment detection is not what esbuild.mjs expects");
      }
      return { contents: patched, loader: "js" };
    });
  },
};

// The browser build (vscode.dev, github.dev): the extension for the web worker extension host
// (CommonJS, as VS Code loads it) and the language server it starts in a Web Worker (a script).
const browserCommon = {
  bundle: true,
  platform: "browser",
  target: "es2022",
  minify: production,
  minifySyntax: true,
  sourcemap: production ? "linked" : "inline",
  sourcesContent: false,
  logLevel: "warning",
  outdir: path.join(dist, "browser"),
  // (the tree-sitter module's own location is not used: the client hands the worker the .wasm bytes)
  define: { "import.meta.url": "undefined" },
  plugins: [treeSitterForBrowser],
};
builds.push(
  {
    ...browserCommon,
    format: "cjs",
    external: ["vscode"],
    entryPoints: { extension: "client/src/browserExtension.ts" },
  },
  { ...browserCommon, format: "iife", entryPoints: { server: "server/src/browserServer.ts" } },
);

const markExecutable = {
  name: "cli-shebang",
  setup(build) {
    build.onEnd(() => {
      const cli = path.join(dist, "cli.js");
      try {
        const src = readFileSync(cli, "utf8");
        if (!src.startsWith("#!")) writeFileSync(cli, "#!/usr/bin/env node\n" + src);
        chmodSync(cli, 0o755);
      } catch {
        /* not built in this pass */
      }
    });
  },
};
builds[1].plugins = [...common.plugins, markExecutable];

copyWasm();
if (watch) {
  for (const b of builds) {
    const ctx = await esbuild.context(b);
    await ctx.watch();
  }
  console.log("esbuild: watching for changes");
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
}
