// Refreshes grammars/tree-sitter-python.wasm from the tree-sitter-python npm package and
// rewrites grammars/README.md with its version and sha256.
// usage: node grammars/refresh.mjs [VERSION]   (default: the version in grammars/README.md)
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync, copyFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";

const here = path.dirname(new URL(import.meta.url).pathname);
const readme = path.join(here, "README.md");
const current = /tree-sitter-python@([0-9][^\s`]*)/.exec(readFileSync(readme, "utf8"))?.[1];
const version = process.argv[2] ?? current;
if (!version) throw new Error("no version given and none found in grammars/README.md");
const work = mkdtempSync(path.join(tmpdir(), "grammar-"));
try {
  const tarball = execFileSync("npm", ["pack", `tree-sitter-python@${version}`, "--silent"], {
    cwd: work,
    encoding: "utf8",
  })
    .trim()
    .split("\n")
    .pop();
  execFileSync("tar", ["xzf", tarball, "package/tree-sitter-python.wasm"], { cwd: work });
  const wasm = path.join(here, "tree-sitter-python.wasm");
  copyFileSync(path.join(work, "package/tree-sitter-python.wasm"), wasm);
  const sha = createHash("sha256").update(readFileSync(wasm)).digest("hex");
  const text = readFileSync(readme, "utf8")
    .replace(/tree-sitter-python@[0-9][^\s`]*/g, `tree-sitter-python@${version}`)
    .replace(/sha256: `[0-9a-f]{64}`/, `sha256: \`${sha}\``);
  writeFileSync(readme, text);
  console.log(`grammars/tree-sitter-python.wasm ← tree-sitter-python@${version} (sha256 ${sha})`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
