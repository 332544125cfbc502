// analysis/bindings.ts: what a name refers to through the file's imports, read the two ways
// rules ask for (LAST_IMPORT, EVERY_CANDIDATE), and what bindings of the file's own hide them.
import { test } from "node:test";
import assert from "node:assert/strict";
import { api, parsing } from "./support/engine.mjs";

const { EVERY_CANDIDATE, LAST_IMPORT } = api.bindings;
const b = api.bindings;

/** Runs `body(model)` on the model of `text` (the tree is freed afterwards). */
function withModel(text, body) {
  const tree = parsing.parser.parse(text);
  try {
    return body(api.buildModel(parsing, tree, text));
  } finally {
    tree.delete();
  }
}

/** The calls whose callee is written `callee`, in order. */
function callsTo(model, callee) {
  const calls = model.calls.filter((c) => c.callee === callee);
  assert.ok(calls.length, `no call to ${callee}`);
  return calls;
}

test("relative imports count under LAST_IMPORT, not under EVERY_CANDIDATE (unless asked for)", () => {
  const text = "from . import utils\nfrom ..pkg import mod as m\nfrom .sub.x import f\n";
  withModel(text, (model) => {
    assert.equal(b.qualify(model, "utils.execute", LAST_IMPORT), ".utils.execute");
    assert.equal(b.qualify(model, "m", LAST_IMPORT), "..pkg.mod");
    assert.equal(b.qualify(model, "f", LAST_IMPORT), ".sub.x.f");
    assert.deepEqual(b.qualifiedNames(model, "utils.execute", EVERY_CANDIDATE), []);
    assert.equal(b.importTargets(model, EVERY_CANDIDATE).has("utils"), false);
    const relative = { ...EVERY_CANDIDATE, relative: true };
    assert.deepEqual(b.qualifiedNames(model, "m.g", relative), ["..pkg.mod.g"]);
  });
});

test("try/except alternatives: every candidate, in order; a call is matched only when all are wanted", () => {
  const text = [
    "try:",
    "    import simplejson as json",
    "except ImportError:",
    "    import json",
    "try:",
    "    from secrets import randbits",
    "except ImportError:",
    "    from random import getrandbits as randbits",
    "json.loads(s)",
    "randbits(32)",
    "",
  ].join("\n");
  withModel(text, (model) => {
    assert.deepEqual(b.qualifiedNames(model, "json.loads", EVERY_CANDIDATE), ["simplejson.loads", "json.loads"]);
    assert.deepEqual(b.qualifiedNames(model, "json.loads", LAST_IMPORT), ["json.loads"]);
    const [randbits] = callsTo(model, "randbits");
    const isRandom = (n) => n.startsWith("random.");
    assert.deepEqual(b.calleeNames(model, randbits, EVERY_CANDIDATE, isRandom), []);
    assert.deepEqual(b.calleeNames(model, randbits, EVERY_CANDIDATE), ["secrets.randbits", "random.getrandbits"]);
    assert.deepEqual(b.calleeNames(model, randbits, LAST_IMPORT, isRandom), ["random.getrandbits"]);
  });
});

test("the last import of a name wins under LAST_IMPORT", () => {
  const text = "from a import x\nimport os as x\nfrom b import x\n";
  withModel(text, (model) => {
    assert.equal(b.qualify(model, "x.y", LAST_IMPORT), "b.x.y");
    assert.deepEqual([...b.importTargets(model, LAST_IMPORT)], [["x", ["b.x"]]]);
    assert.deepEqual(b.qualifiedNames(model, "x", EVERY_CANDIDATE), ["a.x", "os", "b.x"]);
  });
});

test("six.moves and other shims are read as what they stand for when the reading says so", () => {
  const text = [
    "from six.moves import cPickle",
    "import cPickle as pickle2",
    "from six.moves import builtins",
    "import __builtin__",
    "",
  ].join("\n");
  withModel(text, (model) => {
    assert.deepEqual(b.qualifiedNames(model, "cPickle.loads", EVERY_CANDIDATE), ["pickle.loads"]);
    assert.deepEqual(b.qualifiedNames(model, "pickle2.load", EVERY_CANDIDATE), ["pickle.load"]);
    assert.deepEqual(b.qualifiedNames(model, "builtins.eval", EVERY_CANDIDATE), ["builtins.eval"]);
    assert.deepEqual(b.qualifiedNames(model, "__builtin__.open", EVERY_CANDIDATE), ["builtins.open"]);
    assert.equal(b.qualify(model, "cPickle.loads", LAST_IMPORT), "six.moves.cPickle.loads");
    assert.equal(b.canResolveTo(model, ["pickle.loads"], EVERY_CANDIDATE), true);
    assert.equal(b.canResolveTo(model, ["hashlib.md5"], { ...EVERY_CANDIDATE, shims: false }), false);
  });
  // a shim and the module it stands for are one candidate
  withModel("try:\n    import cPickle as pickle\nexcept ImportError:\n    import pickle\n", (model) => {
    assert.deepEqual(b.importTargets(model, EVERY_CANDIDATE).get("pickle"), ["pickle"]);
    assert.deepEqual(b.qualifiedNames(model, "pickle.loads", EVERY_CANDIDATE), ["pickle.loads"]);
    assert.deepEqual(b.qualifiedNames(model, "pickle.loads", LAST_IMPORT), ["pickle.loads"]);
  });
});

test("`import a.b` binds `a`; `import a.b as c` binds `c` to `a.b`", () => {
  withModel("import os.path\nimport xml.etree.ElementTree as ET\n", (model) => {
    for (const r of [LAST_IMPORT, EVERY_CANDIDATE]) {
      assert.equal(b.qualify(model, "os.path.join", r), "os.path.join");
      assert.equal(b.qualify(model, "os", r), "os");
      assert.equal(b.qualify(model, "path", r), null);
      assert.equal(b.qualify(model, "ET.parse", r), "xml.etree.ElementTree.parse");
    }
  });
});

test("a name rebound in the function holding the call does not resolve to the import", () => {
  const text = [
    "import subprocess",
    "def parameter(subprocess):",
    "    subprocess.run(x)",
    "def assigned():",
    "    subprocess = Fake()",
    "    subprocess.run(x)",
    "def loop(runners):",
    "    for subprocess in runners:",
    "        subprocess.run(x)",
    "def with_as():",
    "    with fake() as subprocess:",
    "        subprocess.run(x)",
    "def untouched():",
    "    subprocess.run(x)",
    "",
  ].join("\n");
  withModel(text, (model) => {
    const calls = callsTo(model, "subprocess.run");
    assert.equal(calls.length, 5);
    for (const r of [LAST_IMPORT, EVERY_CANDIDATE]) {
      const resolved = calls.map((c) => b.calleeNames(model, c, r).join());
      assert.deepEqual(resolved, ["", "", "", "", "subprocess.run"]);
      assert.deepEqual(
        calls.map((c) => b.importHidden(model, c, r)),
        [true, true, true, true, false],
      );
    }
  });
});

test("the two shadowings: enclosing functions (LAST_IMPORT) against the function and the module (EVERY_CANDIDATE)", () => {
  const text = [
    "import os",
    "import random",
    "def outer():",
    "    os = FakeOs()",
    "    def inner():",
    "        os.system(x)",
    "random = random.SystemRandom()",
    "def token():",
    "    return random.choice(x)",
    "",
  ].join("\n");
  withModel(text, (model) => {
    const [system] = callsTo(model, "os.system");
    assert.equal(b.importHidden(model, system, LAST_IMPORT), true); // bound in a function around the call
    assert.equal(b.importHidden(model, system, EVERY_CANDIDATE), false); // only the innermost function counts
    const [choice] = callsTo(model, "random.choice");
    assert.equal(b.importHidden(model, choice, LAST_IMPORT), false);
    assert.equal(b.importHidden(model, choice, EVERY_CANDIDATE), true); // rebound at module level
  });
});

test("builtins: the callee's builtin, unless the file binds the name itself", () => {
  const text = ["import builtins", "def f(s):", "    eval(s)", "    builtins.exec(s)", "    compile(s)", ""].join("\n");
  withModel(text, (model) => {
    assert.equal(b.builtinCallee(model, callsTo(model, "eval")[0], EVERY_CANDIDATE), "eval");
    assert.equal(b.builtinCallee(model, callsTo(model, "builtins.exec")[0], EVERY_CANDIDATE), "exec");
  });
  withModel("def eval(s):\n    return s\n\ndef f(s):\n    eval(s)\n", (model) => {
    assert.equal(b.builtinCallee(model, callsTo(model, "eval")[0], EVERY_CANDIDATE), null);
  });
  const scoped = "def a(exit):\n    exit(1)\n\ndef c():\n    exit(1)\n";
  withModel(scoped, (model) => {
    const [inA, inC] = callsTo(model, "exit").map((call) => call.context.fn);
    assert.equal(b.builtinShadowed(model, "exit", "scope", LAST_IMPORT, inA), true);
    assert.equal(b.builtinShadowed(model, "exit", "scope", LAST_IMPORT, inC), false);
    assert.equal(b.builtinShadowed(model, "exit", "file", LAST_IMPORT), true);
  });
  withModel("class P:\n    def print(self):\n        pass\n", (model) => {
    assert.equal(b.builtinShadowed(model, "print", "file-any-binding", LAST_IMPORT), true);
    assert.equal(b.builtinShadowed(model, "print", "file", LAST_IMPORT), false); // a method is not a module binding
  });
});

test("answers are computed once per model and shared", () => {
  const text = "import hashlib as h\nfrom yaml import load\nh.md5(x)\nload(s)\nother(y)\n";
  const tree = parsing.parser.parse(text);
  try {
    const m1 = api.buildModel(parsing, tree, text);
    const m2 = api.buildModel(parsing, tree, text);
    for (const r of [LAST_IMPORT, EVERY_CANDIDATE]) {
      const table = b.importTargets(m1, r);
      assert.equal(b.importTargets(m1, r), table);
      assert.notEqual(b.importTargets(m2, r), table);
      assert.deepEqual([...b.importTargets(m2, r)], [...table]);
      const calls = b.importedCalls(m1, r);
      assert.deepEqual(
        calls.map((c) => c.callee),
        ["h.md5", "load"],
      );
      assert.equal(b.importedCalls(m1, r), calls);
      const names = b.qualifiedNames(m1, "h.md5", r);
      assert.deepEqual(names, ["hashlib.md5"]);
      assert.equal(b.qualifiedNames(m1, "h.md5", r), names);
    }
    // the readings do not share answers
    assert.notEqual(b.importTargets(m1, LAST_IMPORT), b.importTargets(m1, EVERY_CANDIDATE));
  } finally {
    tree.delete();
  }
});
