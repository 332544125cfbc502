// Trailing-comment edits (`#` typed at a statement's end, text typed in that comment, the comment
// deleted): not parsed at once, and with rules blind to such comments (the default set) analysed
// by taking over the last full analysis. Every such analysis must equal a fresh check of the text.
import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { generator, sameTree } from "./support/incrementalCheck.mjs";
import { api, parsing, REPO, settingsWith } from "./support/engine.mjs";

const PAD = "\n".repeat(16); // (the first 16 lines are a file's header: never taken over)

function parsed(text) {
  return api.ParsedDocument.parse(parsing.parser, text, 1);
}

test("which edits are trailing-comment edits", () => {
  const body = `${PAD}import os\n\n\ndef f(x, y):\n    z = os.path.join(x, y)\n    if z:\n        return g(z,\n                 y)\n    s = """a\nb"""\n    a = 1; b = 2\n    c = x + \\\n        y\n    return z\n`;
  const offsetOf = (needle, after = 0) => body.indexOf(needle, after) + needle.length;
  const yes = [
    [offsetOf("os.path.join(x, y)"), "#"],
    [offsetOf("os.path.join(x, y)"), "  # joined"],
    [offsetOf("    return z"), "#"],
    [offsetOf("import os"), "  # the OS"],
  ];
  const no = [
    [16, "#"], // an empty line
    [offsetOf("def f(x, y):"), "  # header"], // a compound statement's header
    [offsetOf("    if z:"), "#"],
    [offsetOf("return g(z,"), "  # in a bracket"],
    [offsetOf('s = """a'), "#"], // inside a string
    [offsetOf("a = 1;"), "#"], // before another statement
    [offsetOf("b = 2"), "#"], // the second statement of a line
    [offsetOf("c = x + \\"), "#"], // after a continuation
    [offsetOf("os.path.join(x, y)"), "  # noqa: SEC001"], // a suppression
    [offsetOf("os.path.join(x, y)"), "  # type: ignore"],
    [offsetOf("os.path.join(x, y)"), "x"], // code
    [offsetOf("os.path.join(x, y)"), "#\n"], // a line break
    [offsetOf("os.path.join(x, y)") - 1, "#"], // inside the statement
  ];
  for (const [at, text] of yes) {
    const doc = parsed(body);
    assert.equal(doc.deferComment({ start: at, end: at, text }, 2), true, JSON.stringify([at, text]));
    assert.equal(doc.text, body.slice(0, at) + text + body.slice(at));
    // the tree, asked for, is parsed then; and it is the tree of the new text
    const fresh = parsing.parser.parse(doc.text);
    assert.ok(sameTree(doc.tree, fresh));
    fresh.delete();
    doc.dispose();
  }
  for (const [at, text] of no) {
    const doc = parsed(body);
    assert.equal(doc.deferComment({ start: at, end: at, text }, 2), false, JSON.stringify([at, text]));
    assert.equal(doc.text, body);
    doc.dispose();
  }
  // in the file's header, nothing is taken
  const header = parsed("import os\nx = 1\n");
  assert.equal(header.deferComment({ start: 9, end: 9, text: "#" }, 2), false);
  header.dispose();
  // typed into the comment and deleted, over several edits before any parse
  const doc = parsed(body);
  const at = offsetOf("os.path.join(x, y)");
  assert.ok(doc.deferComment({ start: at, end: at, text: "  #" }, 2));
  assert.ok(doc.deferComment({ start: at + 3, end: at + 3, text: " note" }, 3));
  assert.ok(doc.deferComment({ start: at + 4, end: at + 8, text: "" }, 4));
  assert.ok(doc.deferComment({ start: at, end: at + 4, text: "" }, 5));
  assert.equal(doc.deferredEdits.length, 4);
  assert.equal(doc.text, body);
  const fresh = parsing.parser.parse(body);
  assert.ok(sameTree(doc.tree, fresh));
  fresh.delete();
  assert.equal(doc.deferredEdits.length, 0);
  doc.dispose();
});

const DEFAULTS = () => settingsWith({ preview: false });
const DEFAULT_RULES = () => api.enabledRules(DEFAULTS(), "/p/m.py", null);

/** The store's analysis of the current text against a fresh check of it (findings and fixes). */
function compareWithFresh(store, options, label) {
  const snapshot = store.analyze(
    "k",
    options,
    options.rules.map((r) => r.meta.code),
  );
  // (parsed apart: asking the store for its tree would parse what waits)
  const text = store.textOf("k");
  const tree = parsing.parser.parse(text);
  try {
    const fresh = api.checkTree(parsing, tree, text, options);
    assert.equal(snapshot.text, text, label);
    assert.deepEqual(snapshot.findings, fresh.findings, label);
    assert.equal(snapshot.lines.lineCount, fresh.lines.lineCount, label);
  } finally {
    tree.delete();
  }
  return snapshot;
}

/** Lines where a trailing comment may be typed (one-line statements past the header), at their ends. */
function lineEnds(text) {
  const out = [];
  let offset = 0;
  text.split("\n").forEach((line, row) => {
    if (row >= 16 && /^\s*[A-Za-z_]/.test(line) && !/[:,([{\\]\s*$/.test(line)) out.push(offset + line.length);
    offset += line.length + 1;
  });
  return out;
}

test("with the default rules, trailing-comment edits take over the last analysis, which equals a fresh check", () => {
  const files = [
    "server/test/fixtures/eager-log-formatting.py",
    "server/test/fixtures/undecorated-context-manager.py",
    "server/test/fixtures/unused-logger-getlogger.py",
    "server/test/fixtures/request-without-timeout.py",
    "server/test/fixtures/request-without-timeout-sessions.py",
    "server/test/fixtures/all/unused-suppression.py",
    "server/test/fixtures/command-execution.py",
  ];
  const random = generator(7);
  let takenOver = 0;
  let analysed = 0;
  for (const file of files) {
    const text = `${PAD}${fs.readFileSync(path.join(REPO, file), "utf8")}`;
    const store = new api.DocumentStore(parsing);
    const options = { path: "/p/m.py", settings: DEFAULTS(), root: null, rules: DEFAULT_RULES() };
    store.open("k", text, 1);
    compareWithFresh(store, options, `${file} opened`);
    let version = 1;
    const ends = lineEnds(text);
    for (let k = 0; k < 40; k++) {
      // a comment typed at a line's end a character at a time, then deleted the same way
      const current = store.textOf("k");
      const shift = current.length - text.length; // (the previous comment is gone: 0)
      assert.equal(shift, 0);
      const at = ends[Math.floor(random() * ends.length)];
      const typed = random() < 0.5 ? "#" : "  # note";
      for (let i = 0; i < typed.length; i++) {
        store.change("k", [{ start: at + i, end: at + i, text: typed[i] }], null, ++version);
        const s = compareWithFresh(store, options, `${file}: typing ${JSON.stringify(typed.slice(0, i + 1))} at ${at}`);
        analysed++;
        if (s.commentEdits) takenOver++;
      }
      for (let i = typed.length - 1; i >= 0; i--) {
        store.change("k", [{ start: at + i, end: at + i + 1, text: "" }], null, ++version);
        const s = compareWithFresh(store, options, `${file}: deleting at ${at + i}`);
        analysed++;
        if (s.commentEdits) takenOver++;
        // now and then the tree is asked for (a code action): the parse is done, the chain goes on
        if (random() < 0.1) assert.ok(store.get("k"));
      }
    }
    store.dispose();
  }
  // most are taken over (a line holding a finding or its fix is analysed afresh: these files are dense with them)
  assert.ok(takenOver > analysed * 0.5, `${takenOver} of ${analysed} taken over`);
});

test("a comment on a finding's line, a preview rule, or another file's change: analysed afresh", () => {
  const text = `${PAD}import logging\n\nLOG = logging.getLogger(__name__)\n\n\ndef f(x):\n    y = x + 1\n    LOG.info("x %s" % x)\n    return y\n`;
  const store = new api.DocumentStore(parsing);
  const resolver = new api.ImportResolver(parsing.language);
  const options = { path: "/p/m.py", settings: DEFAULTS(), root: null, rules: DEFAULT_RULES(), resolver };
  store.open("k", text, 1);
  const first = compareWithFresh(store, options, "opened");
  assert.deepEqual(
    first.findings.map((f) => f.code),
    ["LOG003"],
  );
  // the finding's line: its fix may wrap to the line length, which counts the comment
  const logEnd = text.indexOf("% x)") + 4;
  store.change("k", [{ start: logEnd, end: logEnd, text: "  # eager" }], null, 2);
  assert.equal(compareWithFresh(store, options, "on the finding's line").commentEdits, undefined);
  store.change("k", [{ start: logEnd, end: logEnd + 9, text: "" }], null, 3);
  compareWithFresh(store, options, "deleted");
  // another line: taken over, the finding shifted
  const yEnd = text.indexOf("y = x + 1") + 9;
  store.change("k", [{ start: yEnd, end: yEnd, text: "  # one more" }], null, 4);
  const taken = compareWithFresh(store, options, "another line");
  assert.equal(taken.commentEdits, 1);
  assert.equal(taken.findings[0].start, first.findings[0].start + 12);
  // another file changed: what the rules read may have too
  store.change("k", [{ start: yEnd + 12, end: yEnd + 12, text: "!" }], null, 5);
  resolver.invalidate("/p/other.py");
  assert.equal(compareWithFresh(store, options, "another file changed").commentEdits, undefined);
  // with a preview rule on, nothing is taken over
  const all = { ...options, rules: api.ALL_RULES };
  store.change("k", [{ start: yEnd + 13, end: yEnd + 13, text: "?" }], null, 6);
  assert.equal(compareWithFresh(store, all, "preview rules").commentEdits, undefined);
  store.dispose();
});
