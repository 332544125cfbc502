// Findings taken over by segment (engine/segmentFindings.ts): a segment rule re-runs only on the
// segments an edit changed while the module's outline stays the same, and the result equals a
// fresh check; an edit of the outline (a signature, a docstring, the text between segments)
// re-runs it everywhere.
import { test } from "node:test";
import assert from "node:assert/strict";
import { api, parsing, settingsWith } from "./support/engine.mjs";
import { IncrementalRun } from "./support/incrementalCheck.mjs";

const TEXT = [
  "import os",
  "",
  "",
  "class A(object):",
  "    def f(self):",
  '        password = "Tr0ub4dor-3x"',
  "",
  "    def g(self):",
  '        token = "0123456789abcdefgh"',
  "",
  "",
  "def h():",
  "    return None",
  "",
].join("\n");

/** `check(r)` on an IncrementalRun of `text` with only rule `code` selected, disposed after. */
function withRun(text, code, check) {
  const r = new IncrementalRun(api, parsing, text, {
    path: "/p/m.py",
    settings: settingsWith({ select: [code] }),
    root: null,
  });
  try {
    check(r);
  } finally {
    r.dispose();
  }
}

function edit(r, find, replace) {
  const at = r.text.indexOf(find);
  assert.ok(at >= 0, find);
  const before = r.stats.takenOver;
  assert.equal(r.apply([{ start: at, end: at + find.length, text: replace }]), null);
  return r.stats.takenOver - before;
}

test("an edit inside one function body takes over the other segments' findings", () => {
  withRun(TEXT, "SEC005", (r) => {
    // h's body: both findings (in f and g) taken over, shifted or not
    assert.equal(edit(r, "return None", "x = os.getcwd()"), 2);
    // f's body: g's finding taken over, f's found again (now with a longer value)
    assert.equal(edit(r, "Tr0ub4dor-3x", "Tr0ub4dor-3x-2"), 1);
    // a line added above everything moves both, still taken over
    assert.equal(edit(r, "import os", "import os\nimport sys"), 0, "an import is outline: nothing is taken over");
    assert.equal(edit(r, "x = os.getcwd()", "y = 1"), 2);
  });
});

test("an edit of the outline (a signature, a docstring) re-runs the rule everywhere", () => {
  withRun(TEXT, "SEC005", (r) => {
    assert.equal(edit(r, "def h():", "def h(a):"), 0);
    assert.equal(edit(r, "    return None", '    """Doc."""\n    return None'), 0);
    // and the next body edit takes over again
    assert.equal(edit(r, "return None", "return 1"), 2);
  });
});

test("the DocumentStore reports the same findings as a fresh check after edits in one method", () => {
  const store = new api.DocumentStore(parsing);
  const options = { path: "/p/m.py", settings: settingsWith({ select: ["SEC005"] }), root: null };
  store.open("k", TEXT, 1);
  assert.equal(store.analyze("k", options, []).findings.length, 2);
  const at = TEXT.indexOf("return None");
  store.change("k", [{ start: at, end: at + 11, text: 'secret_key = "aBcDeFgHiJkLmNoP"' }], null, 2);
  const snapshot = store.analyze("k", options, []);
  const doc = store.get("k");
  assert.deepEqual(snapshot.findings, api.checkTree(parsing, doc.tree, doc.text, options).findings);
  assert.equal(snapshot.findings.length, 3);
  store.dispose();
});

test("a rule whose one fix covers every finding re-runs the segments holding them (SEC011)", () => {
  // one flagged call, `secrets` imported, `random` used elsewhere: the fix edits only that call
  const text = [
    "import random",
    "import secrets",
    "",
    "",
    "def a():",
    "    reset_token = random.choice(ALPHABET)",
    "    return reset_token",
    "",
    "",
    "def b():",
    "    return 1",
    "",
    "",
    "def c(x):",
    "    random.shuffle(x)",
    "",
  ].join("\n");
  const store = new api.DocumentStore(parsing);
  const options = { path: "/p/m.py", settings: settingsWith({ select: ["SEC011"] }), root: null };
  store.open("k", text, 1);
  const first = store.analyze("k", options, []);
  assert.equal(first.findings.length, 1);
  assert.equal(first.findings[0].fixes[0].edits.length, 1);
  // a second flagged call in b: the shared fix now rewrites both, in a's finding too
  const at = text.indexOf("return 1");
  store.change("k", [{ start: at, end: at + 8, text: "api_key = random.choice(ALPHABET)" }], null, 2);
  const snapshot = store.analyze("k", options, []);
  const doc = store.get("k");
  const fresh = api.checkTree(parsing, doc.tree, doc.text, options);
  assert.equal(fresh.findings.length, 2);
  assert.equal(fresh.findings[0].fixes[0].edits.length, 2);
  assert.deepEqual(snapshot.findings, fresh.findings);
  store.dispose();
});

test("what a rule reads of other bodies re-runs it everywhere when it changes (LOG003: loggers)", () => {
  const text = [
    "import logging",
    "",
    "",
    "class A(object):",
    "    def __init__(self):",
    "        self.log = logging.getLogger(__name__)",
    "",
    "    def f(self, x):",
    '        self.log.info("x is %s" % x)',
    "",
    "    def g(self):",
    "        return 1",
    "",
  ].join("\n");
  withRun(text, "LOG003", (r) => {
    assert.equal(edit(r, "return 1", "return 2"), 1);
    // `self.log` is no logger any more: f's finding must go although f did not change
    assert.equal(edit(r, "logging.getLogger(__name__)", "[]"), 0);
    assert.equal(edit(r, "return 2", "return 3"), 0, "f has no finding now");
  });
});

test("a marker's shared fix follows a use added in another function (LOG001)", () => {
  const text = [
    "import logging",
    "",
    "from nova.i18n import _LE",
    "",
    "LOG = logging.getLogger(__name__)",
    "",
    "",
    "def a():",
    '    LOG.error(_LE("a failed"))',
    "",
    "",
    "def b():",
    "    return 1",
    "",
  ].join("\n");
  const store = new api.DocumentStore(parsing);
  const options = { path: "/p/m.py", settings: settingsWith({ select: ["LOG001"] }), root: null };
  store.open("k", text, 1);
  assert.equal(store.analyze("k", options, []).findings.length, 2);
  const at = text.indexOf("return 1");
  store.change("k", [{ start: at, end: at + 8, text: 'LOG.error(_LE("b failed"))' }], null, 2);
  const snapshot = store.analyze("k", options, []);
  const doc = store.get("k");
  const fresh = api.checkTree(parsing, doc.tree, doc.text, options);
  assert.equal(fresh.findings.length, 3);
  assert.deepEqual(snapshot.findings, fresh.findings);
  // and back: the use removed again, the import's and a's findings lose its edit
  const b = doc.text.indexOf('LOG.error(_LE("b failed"))');
  store.change("k", [{ start: b, end: b + 26, text: "return 1" }], null, 3);
  const again = store.analyze("k", options, []);
  const doc3 = store.get("k");
  assert.deepEqual(again.findings, api.checkTree(parsing, doc3.tree, doc3.text, options).findings);
  store.dispose();
});

test("an attribute assigned again in another method re-runs CFG001 everywhere (its reads)", () => {
  const text = [
    "class Throttler(object):",
    "    def __init__(self, func):",
    "        self.func = func",
    "        self._window = 25",
    "",
    "    def run(self):",
    "        return self.func()",
    "",
    "    def other(self):",
    "        return 1",
    "",
  ].join("\n");
  withRun(text, "CFG001", (r) => {
    assert.equal(edit(r, "return 1", "return 2"), 1);
    // `_window` set again elsewhere: state, not a default; the finding in `__init__` goes
    assert.equal(edit(r, "return 2", "self._window = 3"), 0);
    assert.equal(edit(r, "return self.func()", "return self.func(1)"), 0, "no finding left to take over");
  });
});

test("a session kept on self in another method is read of every segment (SEC010)", () => {
  const text = [
    "import requests",
    "",
    "",
    "class Client(object):",
    "    def __init__(self):",
    "        self.session = requests.Session()",
    "",
    "    def fetch(self, url):",
    "        return self.session.get(url)",
    "",
    "    def other(self):",
    "        return 1",
    "",
  ].join("\n");
  withRun(text, "SEC010", (r) => {
    assert.equal(edit(r, "return 1", "return 2"), 1);
    assert.equal(edit(r, "requests.Session()", "object()"), 0);
    assert.equal(edit(r, "return 2", "return 3"), 0, "no session, no finding");
  });
});

test("blank lines typed between segments leave the outline alone; a comment there does not", () => {
  withRun(TEXT, "SEC005", (r) => {
    // a blank line between the class and h: the layout before h changed, so h (and the class's last
    // member, whose findings reach to h's start) run again; f's finding is taken over
    assert.equal(edit(r, "\n\ndef h():", "\n\n\ndef h():"), 1);
    // and deleted again
    assert.equal(edit(r, "\n\n\ndef h():", "\n\ndef h():"), 1);
    // a comment between segments is outline: everything runs again
    assert.equal(edit(r, "\n\ndef h():", "\n\n# helpers\ndef h():"), 0);
    // spaces typed into that comment's line before it (its layout only)
    assert.equal(edit(r, "# helpers", "  # helpers"), 1);
  });
});
