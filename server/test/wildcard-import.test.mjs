// IMP001 beyond what fixtures express: the real interpreter (standard library, compiled modules,
// dynamic inspection), `__init__.py`, unresolvable and cyclic modules, unsaved buffers, the CLI on
// a tree, and the export index's speed and memory on a 2,000-module workspace.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as v8 from "node:v8";
import * as vm from "node:vm";
import { api, parsing, settingsWith } from "./support/engine.mjs";
import { runCli } from "./support/cli.mjs";

const HAS_PYTHON = spawnSync("python3", ["-I", "-c", "pass"]).status === 0;
const IMP = settingsWith({ select: ["IMP001"] });

let dir;

function write(rel, text) {
  const file = path.join(dir, rel);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  return file;
}

/** Checks `text` as `file` with only IMP001 (a fresh resolver unless one is given). */
function checkAs(
  file,
  text,
  { settings = IMP, resolver = new api.ImportResolver(parsing.language, [dir]), root = dir } = {},
) {
  const tree = parsing.parser.parse(text);
  try {
    const r = api.checkTree(parsing, tree, text, { path: file, settings, root, resolver });
    assert.deepEqual(r.failures, []);
    return { findings: r.findings, unchecked: r.unchecked };
  } finally {
    tree.delete();
  }
}

function fixAs(
  file,
  text,
  { settings = IMP, resolver = new api.ImportResolver(parsing.language, [dir]), unsafe = false } = {},
) {
  return api.fixAll(parsing, text, { path: file, settings, root: dir, resolver }, unsafe).text;
}

before(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "pyreview-imp001-"));
});

after(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

test("a standard-library module: `from shlex import *` with the real interpreter", {
  skip: !HAS_PYTHON && "no python3",
}, () => {
  // (with `__all__`, the module's public names cannot change: the fix is safe)
  const file = write(
    "stdlib_user.py",
    "from shlex import *\n\n__all__ = []\n\nprint(split('a b'), quote('x'), len('y'))\n",
  );
  const text = fs.readFileSync(file, "utf8");
  const { findings } = checkAs(file, text);
  assert.equal(findings.length, 1);
  assert.match(findings[0].message, /`shlex`: this file uses 2 of its names: quote, split\./);
  assert.equal(findings[0].fixes[0].safe, true);
  assert.equal(
    fixAs(file, text),
    "from shlex import quote, split\n\n__all__ = []\n\nprint(split('a b'), quote('x'), len('y'))\n",
  );
});

test("a module that cannot be found: the message names the interpreter and the search path; no fix", () => {
  const file = write("lost.py", "from no_such_module_anywhere import *\n\nprint(thing)\n");
  const { findings, unchecked } = checkAs(file, fs.readFileSync(file, "utf8"));
  assert.equal(findings.length, 1);
  assert.deepEqual(findings[0].fixes, []);
  assert.match(findings[0].message, /could not be found \(no `no_such_module_anywhere`\) with interpreter `python3`/);
  assert.match(findings[0].message, new RegExp(`search path ${dir.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`));
  assert.match(findings[0].message, /The file uses thing, which no other star-imported module exports\./);
  assert.equal(unchecked.length, 1);
});

test("a configured interpreter that does not exist is named in the message", () => {
  const file = write("lost2.py", "from no_such_module_anywhere import *\n\nprint(thing)\n");
  const settings = settingsWith({ select: ["IMP001"], pythonInterpreter: "/nonexistent/python9" });
  const { findings } = checkAs(file, fs.readFileSync(file, "utf8"), { settings });
  assert.match(findings[0].message, /interpreter `\/nonexistent\/python9` \(not found\)/);
});

test("a syntax error inside the imported module: reported, and the fix is unsafe", () => {
  write("broken_mod.py", "def ok():\n    pass\n\ndef broken(:\n    pass\n\nGOOD = 1\n");
  const file = write("uses_broken.py", "from broken_mod import *\n\nprint(ok, GOOD)\n");
  const text = fs.readFileSync(file, "utf8");
  const { findings } = checkAs(file, text);
  assert.equal(findings[0].fixes[0].safe, false);
  assert.match(findings[0].message, /broken_mod\.py has a syntax error at line 4/);
  assert.equal(fixAs(file, text), text, "no safe fix");
  assert.equal(fixAs(file, text, { unsafe: true }), "from broken_mod import GOOD, ok\n\nprint(ok, GOOD)\n");
});

test("cyclic star imports terminate, from either side, and give the union", () => {
  write("cyc/__init__.py", "");
  write("cyc/a.py", "from cyc.b import *\n\ndef from_a():\n    pass\n");
  write("cyc/b.py", "from cyc.c import *\n\ndef from_b():\n    pass\n");
  write("cyc/c.py", "from cyc.a import *\n\ndef from_c():\n    pass\n");
  const resolver = new api.ImportResolver(parsing.language, [dir]);
  for (const start of ["a", "b", "c"]) {
    const file = write(
      `cyc_user_${start}.py`,
      `from cyc.${start} import *\n\n__all__ = []\nfrom_a(); from_b(); from_c()\n`,
    );
    const text = fs.readFileSync(file, "utf8");
    const { findings } = checkAs(file, text, { resolver });
    assert.match(findings[0].message, /uses 3 of its names: from_a, from_b, from_c\./);
    assert.equal(findings[0].fixes[0].safe, true);
  }
});

test("__init__.py is exempt by default; imports.in-init turns it on", () => {
  write("initpkg/helpers.py", "def helper():\n    pass\n");
  const file = write("initpkg/__init__.py", "from .helpers import *\n\nhelper()\n");
  const text = fs.readFileSync(file, "utf8");
  assert.equal(checkAs(file, text).findings.length, 0);
  const { findings } = checkAs(file, text, { settings: settingsWith({ select: ["IMP001"], importsInInit: true }) });
  assert.equal(findings.length, 1);
  assert.match(findings[0].message, /uses 1 of its names: helper\./);
  assert.equal(findings[0].fixes[0].safe, false, "in __init__.py a star import usually re-exports");
});

test("a file being edited: the index follows the unsaved text of the imported module", () => {
  const mod = write("edited_mod.py", "def old_name():\n    pass\n");
  const file = write("edited_user.py", "from edited_mod import *\n\nnew_name()\n");
  const text = fs.readFileSync(file, "utf8");
  const resolver = new api.ImportResolver(parsing.language, [dir]);
  resolver.watched = true; // as in the server: no mtime checks, the overlay alone must invalidate
  assert.match(checkAs(file, text, { resolver }).findings[0].message, /uses none of its names/);
  resolver.setOverlay(mod, "def old_name():\n    pass\n\ndef new_name():\n    pass\n");
  assert.match(checkAs(file, text, { resolver }).findings[0].message, /uses 1 of its names: new_name\./);
  resolver.clearOverlay(mod);
  assert.match(checkAs(file, text, { resolver }).findings[0].message, /uses none of its names/);
  // and a change on disk, reported by the watcher
  fs.writeFileSync(mod, "def new_name():\n    pass\n");
  resolver.invalidate(mod);
  assert.match(checkAs(file, text, { resolver }).findings[0].message, /uses 1 of its names: new_name\./);
});

test("without a watcher, a change on disk is seen through the file's mtime", () => {
  const mod = write("mtime_mod.py", "def a():\n    pass\n");
  const file = write("mtime_user.py", "from mtime_mod import *\n\nb()\n");
  const text = fs.readFileSync(file, "utf8");
  const resolver = new api.ImportResolver(parsing.language, [dir]);
  assert.match(checkAs(file, text, { resolver }).findings[0].message, /uses none/);
  fs.writeFileSync(mod, "def a():\n    pass\n\ndef b():\n    pass\n");
  fs.utimesSync(mod, new Date(), new Date(Date.now() + 5000));
  assert.match(checkAs(file, text, { resolver }).findings[0].message, /uses 1 of its names: b\./);
});

test("an unsaved buffer (no path) resolves absolute imports from the workspace roots", () => {
  write("rooted_mod.py", "def rooted():\n    pass\n");
  const { findings } = checkAs(null, "from rooted_mod import *\n\nrooted()\n");
  assert.match(findings[0].message, /uses 1 of its names: rooted\./);
});

test("src/ layouts and extraPaths are searched", () => {
  write("src/srcpkg/__init__.py", "SRC = 1\n");
  write("vendor/extra_mod.py", "EXTRA = 1\n");
  const file = write(
    "tests/test_layout.py",
    "from srcpkg import *\nfrom extra_mod import *\n\n__all__ = []\nprint(SRC, EXTRA)\n",
  );
  const settings = settingsWith({ select: ["IMP001"], extraPaths: ["vendor"] });
  const { findings } = checkAs(file, fs.readFileSync(file, "utf8"), { settings });
  assert.deepEqual(
    findings.map((f) => f.fixes[0]?.safe),
    [true, true],
    findings.map((f) => f.message).join("\n"),
  );
});

test("a namespace package itself gives no fix", () => {
  write("nsonly/part.py", "X = 1\n");
  const file = write("ns_user.py", "from nsonly import *\n\nprint(X)\n");
  const { findings } = checkAs(file, fs.readFileSync(file, "utf8"));
  assert.equal(findings.length, 1);
  assert.deepEqual(findings[0].fixes, []);
  assert.match(findings[0].message, /namespace package/);
});

test("a module without source: diagnostic, no fix; imports.dynamic lists its names in a separate process", {
  skip: !HAS_PYTHON && "no python3",
}, () => {
  const file = write("compiled_user.py", "from math import *\n\nprint(sqrt(2), pi)\n");
  const text = fs.readFileSync(file, "utf8");
  const off = checkAs(file, text).findings;
  assert.equal(off.length, 1);
  assert.deepEqual(off[0].fixes, []);
  assert.match(off[0].message, /(compiled extension|built into the interpreter).*`pyreview\.imports\.dynamic`/);
  const settings = settingsWith({ select: ["IMP001"], importsDynamic: true });
  const on = checkAs(file, text, { settings }).findings;
  assert.match(on[0].message, /uses 2 of its names: pi, sqrt\./);
  assert.equal(on[0].fixes[0].safe, false, "names from an import are not from source");
  assert.equal(fixAs(file, text, { settings, unsafe: true }), "from math import pi, sqrt\n\nprint(sqrt(2), pi)\n");
});

test("dynamic inspection that fails is explained", { skip: !HAS_PYTHON && "no python3" }, () => {
  write("fakeext.cpython-311-x86_64-linux-gnu.so", "not an ELF file");
  const file = write("fake_user.py", "from fakeext import *\n\nprint(x)\n");
  const settings = settingsWith({ select: ["IMP001"], importsDynamic: true });
  const { findings } = checkAs(file, fs.readFileSync(file, "utf8"), { settings });
  assert.deepEqual(findings[0].fixes, []);
  assert.match(
    findings[0].message,
    /listing its names by importing `fakeext` with `python3` \(timeout 5 s\) failed: importing it failed: (ImportError|ModuleNotFoundError)/,
  );
});

test("`pyreview check --fix --select IMP001 DIR` fixes a whole tree, and the result compiles", {
  skip: !HAS_PYTHON && "no python3",
}, () => {
  const tree = path.join(dir, "tree");
  fs.mkdirSync(path.join(tree, "app", "sub"), { recursive: true });
  const files = {
    "app/__init__.py": "from .core import *  # re-exported: left alone in __init__\n",
    "app/core.py": "__all__ = ['run', 'stop']\n\ndef run():\n    pass\n\ndef stop():\n    pass\n",
    "app/extra.py": "def helper():\n    pass\n",
    "app/sub/__init__.py": "",
    "app/sub/worker.py":
      "from ..core import *\nfrom ..extra import *\nfrom os.path import *\n\n__all__ = []\nrun()\nprint(join('a', 'b'))\n",
    // a program: nothing imports it, so its public names do not matter
    "__main__.py": "from app import *\nfrom app.extra import *\n\nrun()\nhelper()\n",
    // no `__all__`: the star imports' names are its public names, so the fixes are unsafe
    "lib.py": "from app.extra import *\n\nhelper()\n",
  };
  for (const [rel, text] of Object.entries(files)) fs.writeFileSync(path.join(tree, rel), text);
  const r = runCli(["check", "--fix", "--select", "IMP001", tree]);
  assert.equal(r.status, 1, r.stdout + r.stderr); // lib.py's finding stays
  const read = (rel) => fs.readFileSync(path.join(tree, rel), "utf8");
  assert.equal(
    read("app/sub/worker.py"),
    "from ..core import run\nfrom os.path import join\n\n__all__ = []\nrun()\nprint(join('a', 'b'))\n",
  );
  assert.equal(read("__main__.py"), "from app import run\nfrom app.extra import helper\n\nrun()\nhelper()\n");
  assert.equal(read("lib.py"), files["lib.py"]);
  assert.equal(read("app/__init__.py"), files["app/__init__.py"]);
  const compiled = spawnSync("python3", ["-m", "compileall", "-q", tree], { encoding: "utf8" });
  assert.equal(compiled.status, 0, compiled.stdout + compiled.stderr);
});

test("the export index on a 2,000-module workspace: a warm fix under 50 ms, bounded memory", () => {
  const ws = path.join(dir, "big");
  fs.mkdirSync(path.join(ws, "pkg"), { recursive: true });
  fs.writeFileSync(path.join(ws, "pkg", "__init__.py"), "");
  for (let i = 0; i < 2000; i++) {
    const lines = [`"""Module ${i}."""`, "import os", ""];
    for (let j = 0; j < 15; j++) lines.push(`def f${i}_${j}(x):`, `    return x + ${j}`, "");
    lines.push(`CONST_${i} = ${i}`, `class C${i}:`, "    pass", "");
    fs.writeFileSync(path.join(ws, "pkg", `mod${String(i).padStart(4, "0")}.py`), lines.join("\n"));
  }
  fs.writeFileSync(
    path.join(ws, "pkg", "everything.py"),
    Array.from({ length: 2000 }, (_, i) => `from .mod${String(i).padStart(4, "0")} import *`).join("\n") + "\n",
  );
  const body = [
    '"""A typical module."""',
    "import os",
    "",
    "from pkg.mod0001 import *",
    "from pkg.mod0002 import *",
    "from pkg.mod0003 import *",
    "",
  ];
  for (let k = 0; k < 60; k++)
    body.push(
      `def g${k}(a, b):`,
      `    v = f1_${k % 15}(a) + CONST_1`,
      `    w = [f2_${k % 15}(x) for x in range(b)]`,
      "    return C3, v, w, os.sep",
      "",
    );
  const typical = path.join(ws, "typical.py");
  fs.writeFileSync(typical, body.join("\n"));
  const aggregate = path.join(ws, "aggregate.py");
  fs.writeFileSync(aggregate, "from pkg.everything import *\n\nprint(f1999_14, CONST_0, C1000)\n");

  v8.setFlagsFromString("--expose_gc");
  const gc = vm.runInNewContext("gc");
  const resolver = new api.ImportResolver(parsing.language, [ws]);
  resolver.watched = true; // the server's mode
  const measure = (file) => {
    const text = fs.readFileSync(file, "utf8");
    const run = () => {
      const tree = parsing.parser.parse(text);
      try {
        const r = api.checkTree(parsing, tree, text, { path: file, settings: IMP, root: ws, resolver });
        for (const f of r.findings) assert.ok(api.fixKeepsSyntax(parsing, tree, text, f.fixes[0]));
        return r.findings;
      } finally {
        tree.delete();
      }
    };
    let c = process.cpuUsage();
    const t = performance.now();
    run();
    const coldWall = performance.now() - t;
    c = process.cpuUsage(c);
    const coldCpu = (c.user + c.system) / 1000;
    const cpus = [];
    const walls = [];
    for (let i = 0; i < 15; i++) {
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      run();
      walls.push(performance.now() - t0);
      const d = process.cpuUsage(c0);
      cpus.push((d.user + d.system) / 1000);
    }
    cpus.sort((a, b) => a - b);
    walls.sort((a, b) => a - b);
    return { coldCpu, coldWall, cpu: cpus[7], wall: walls[7], minWall: walls[0] };
  };
  gc();
  const heap0 = process.memoryUsage().heapUsed;
  const agg = measure(aggregate);
  const typ = measure(typical);
  gc();
  const heap1 = process.memoryUsage().heapUsed;
  const indexMb = (heap1 - heap0) / 1024 / 1024;
  const fmt = (m) =>
    `cold ${m.coldWall.toFixed(0)} ms wall (${m.coldCpu.toFixed(0)} ms CPU); warm median ${m.wall.toFixed(1)} ms wall, min ${m.minWall.toFixed(1)} ms, median ${m.cpu.toFixed(1)} ms CPU`;
  console.log(
    `# IMP001 index, 2,000-module workspace (${resolver.index.size} modules indexed, ${resolver.index.parses} parses):`,
  );
  console.log(`#   typical.py (307 lines, 3 star imports): ${fmt(typ)}`);
  console.log(`#   aggregate.py (one star import chaining 2,000 star imports): ${fmt(agg)}`);
  console.log(
    `#   heap held by the index: ${indexMb.toFixed(1)} MB (estimate from its contents: ${(resolver.index.approximateBytes() / 1024 / 1024).toFixed(1)} MB)`,
  );
  assert.equal(resolver.index.parses, 2001, "each module file parsed once");
  assert.ok(typ.cpu < 50, `warm fix took ${typ.cpu.toFixed(1)} ms of CPU`);
  assert.ok(indexMb < 64, `index holds ${indexMb.toFixed(1)} MB`);

  // the LRU bound holds, and evicted modules are parsed again when needed
  const small = new api.ImportResolver(parsing.language, [ws], 300);
  const text = fs.readFileSync(aggregate, "utf8");
  const tree = parsing.parser.parse(text);
  try {
    const r = api.checkTree(parsing, tree, text, { path: aggregate, settings: IMP, root: ws, resolver: small });
    assert.match(r.findings[0].message, /uses 3 of its names: C1000, CONST_0, f1999_14\./);
  } finally {
    tree.delete();
  }
  assert.ok(small.index.size <= 300, `${small.index.size} entries`);
});

test("deleting an unused star import is safe only when importing the module does nothing else", {
  skip: !HAS_PYTHON && "no python3",
}, () => {
  write("quiet_mod.py", '"""Quiet."""\nimport os\n\nSEP = os.sep\n\n\ndef f():\n    pass\n');
  write("noisy_mod.py", "print('imported')\n\ndef g():\n    pass\n");
  const safety = (module) => {
    const file = write(
      `unused_${module}.py`,
      `from ${module} import *\n\n__all__ = ["main"]\n\n\ndef main():\n    pass\n`,
    );
    const { findings } = checkAs(file, fs.readFileSync(file, "utf8"));
    assert.equal(findings.length, 1, module);
    return [findings[0].fixes[0].safe, findings[0].message];
  };
  assert.equal(safety("quiet_mod")[0], true);
  assert.equal(safety("shlex")[0], true, "a standard-library module");
  const [noisy, why] = safety("noisy_mod");
  assert.equal(noisy, false);
  assert.match(
    why,
    /deleting it skips the import, and importing `noisy_mod` runs code \(line 1: `print\('imported'\)`\)/,
  );
  assert.equal(safety("this")[0], false, "`this` prints the Zen of Python");
});

test("a copy named as the module it star-imports, redefining some of its names, supplies the rest: not reported", () => {
  // green/pool.py is a cooperative copy of pool: it redefines Pool, uses Error itself, and its
  // importers read every other name of pool from it
  write(
    "pool.py",
    "__all__ = ['Pool', 'Error', 'MAX']\nMAX = 3\n\n\nclass Error(Exception):\n    pass\n\n\nclass Pool:\n    pass\n",
  );
  write("green/__init__.py", "");
  const green = write(
    "green/pool.py",
    '"""Cooperative pool."""\nfrom pool import *\n\n\nclass Pool:\n    """Yields to other green threads."""\n\n    def get(self):\n        raise Error("empty")\n',
  );
  assert.deepEqual(checkAs(green, fs.readFileSync(green, "utf8")).findings, []);
  // the same file under another name only hides where Error comes from
  const other = write("green/shim.py", fs.readFileSync(green, "utf8"));
  const { findings } = checkAs(other, fs.readFileSync(other, "utf8"));
  assert.equal(findings.length, 1);
  assert.match(findings[0].message, /this file uses 1 of its names: Error/);
});

test("a star import whose names the package imports from the file is kept for it: not reported", () => {
  // _core/_run.py star-imports the generated wrappers so that _core/__init__.py can import
  // add_instrument from _run; a sibling module importing through it counts the same
  write("core/_generated.py", "def add_instrument(x):\n    return x\n\n\ndef remove_instrument(x):\n    return x\n");
  write("core/__init__.py", "from ._run import add_instrument, run\n");
  const run = write("core/_run.py", '"""The run loop."""\nfrom ._generated import *\n\n\ndef run():\n    return 1\n');
  assert.deepEqual(checkAs(run, fs.readFileSync(run, "utf8")).findings, []);
  write("core2/_generated.py", "def add_instrument(x):\n    return x\n");
  write("core2/__init__.py", "");
  write("core2/user.py", "from ._run2 import add_instrument\n");
  const run2 = write("core2/_run2.py", '"""The run loop."""\nfrom ._generated import *\n');
  // (a module that does nothing but import is a facade anyway: give it a body)
  fs.appendFileSync(run2, "\n\ndef run():\n    return 1\n");
  assert.deepEqual(checkAs(run2, fs.readFileSync(run2, "utf8")).findings, []);
  // nobody imports the star's names from it: the unused star import is still reported
  write("core3/_generated.py", "def add_instrument(x):\n    return x\n");
  write("core3/__init__.py", "from ._run3 import run\n");
  const run3 = write(
    "core3/_run3.py",
    '"""The run loop."""\nfrom ._generated import *\n\n\ndef run():\n    return 1\n',
  );
  const { findings } = checkAs(run3, fs.readFileSync(run3, "utf8"));
  assert.equal(findings.length, 1);
  assert.match(findings[0].message, /uses none of its names/);
});

test("a star import the file uses and its package imports through: reported, and the fix is unsafe", () => {
  // pyparsing's core.py uses some exception classes and testing.py imports another from .core
  write(
    "pp/exceptions.py",
    "class ParseException(Exception):\n    pass\n\n\nclass ParseFatal(Exception):\n    pass\n\n\nclass Unused(Exception):\n    pass\n",
  );
  write("pp/__init__.py", "");
  write("pp/testing.py", "from .core import (\n    ParseFatal,\n    parse,\n)\n");
  const core = write(
    "pp/core.py",
    '"""The core."""\n__all__ = ["parse"]\nfrom .exceptions import *\n\n\ndef parse(s):\n    raise ParseException(s)\n',
  );
  const text = fs.readFileSync(core, "utf8");
  const { findings } = checkAs(core, text);
  assert.equal(findings.length, 1);
  assert.match(
    findings[0].message,
    /uses 1 of its names: ParseException\. The fix is unsafe: modules of its package import ParseFatal from this file, which the fix drops\./,
  );
  assert.equal(findings[0].fixes[0].safe, false);
  // (the literal `__all__` would make the fix safe otherwise: fix-all leaves it)
  assert.equal(fixAs(core, text), text);
});

test("an absolute import of another package's module of the same name is not an import from this file", () => {
  // datalad/tests/test_utils.py imports from datalad.utils, not from datalad/tests/utils.py
  write("dl/__init__.py", "");
  write("dl/utils.py", "def assert_y():\n    pass\n");
  write("dl/tests/__init__.py", "");
  write("dl/tests/helpers.py", "def assert_x():\n    pass\n\n\ndef assert_y():\n    pass\n");
  write("dl/tests/test_utils.py", "from dl.utils import assert_y\n");
  const utils = write(
    "dl/tests/utils.py",
    '"""Test helpers."""\nfrom dl.tests.helpers import *\n\n\ndef helper():\n    return assert_x()\n',
  );
  const { findings } = checkAs(utils, fs.readFileSync(utils, "utf8"));
  assert.equal(findings.length, 1);
  assert.doesNotMatch(findings[0].message, /modules of its package import/);
  // the same name imported with this package's path is an import from this file
  write("dl/tests/test_utils.py", "from dl.tests.utils import assert_y\n");
  const again = checkAs(utils, fs.readFileSync(utils, "utf8"));
  assert.match(again.findings[0].message, /modules of its package import assert_y from this file/);
});
