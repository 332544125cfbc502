// Suppression hygiene in the engine: SUP001 (unused `# noqa` / `# nosec` for pyreview's rules),
// the file-level `# pyreview: noqa[: CODES]`, and the edits of `--add-noqa`. The fixture
// fixtures/all/unused-suppression.py pins SUP001's findings and fix; these pin its boundaries.
import { test } from "node:test";
import assert from "node:assert/strict";
import { api, check, fixText, parsing, settingsWith } from "./support/engine.mjs";

const FILE = "/proj/pkg/mod.py";
const HEAD = `"""Module."""\nimport logging\n\nLOG = logging.getLogger(__name__)\n\n\ndef run(cmd):\n    """Run."""\n`;
const codes = (text, settings) =>
  check(HEAD + text, { filePath: FILE, settings })
    .findings.map((f) => f.code)
    .sort();

test("a pyreview code that suppresses nothing is reported; one that suppresses a finding is not", () => {
  assert.deepEqual(codes(`    LOG.info("x %s", cmd)  # noqa: LOG003\n`), ["SUP001"]);
  assert.deepEqual(codes(`    LOG.info("x %s" % cmd)  # noqa: LOG003\n`), []);
  // by name too, and only the unused part of a list
  assert.deepEqual(codes(`    LOG.info("x %s", cmd)  # noqa: eager-log-formatting\n`), ["SUP001"]);
  const partial = check(HEAD + `    LOG.info("x %s" % cmd)  # noqa: LOG003, LOG004\n`, { filePath: FILE }).findings;
  assert.deepEqual(
    partial.map((f) => f.message),
    ["`LOG004` in `# noqa: LOG003, LOG004` suppresses nothing on this line."],
  );
});

test("other tools' codes, pyreview's aliases of them and bare directives are theirs, unless other-tools is on", () => {
  const lines = [
    `    LOG.info("a")  # noqa: E501\n`,
    `    LOG.info("b")  # noqa: F401\n`,
    `    LOG.info("c")  # noqa\n`,
    `    LOG.info("d")  # nosec\n`,
    `    LOG.info("e")  # nosec B602\n`,
    `    LOG.info("f")  # noqa: E501 a long URL follows\n`,
  ];
  for (const line of lines) assert.deepEqual(codes(line), [], line);
  const on = settingsWith({ unusedSuppressionOtherTools: true });
  for (const line of lines) assert.deepEqual(codes(line, on), ["SUP001"], line);
  // prose after the codes is not a code: only E501 is named, and the prose stays
  const fixed = fixText(HEAD + lines[5], { filePath: FILE, settings: on }).text;
  assert.ok(fixed.endsWith(`    LOG.info("f")  # a long URL follows\n`), fixed);
});

test("a rule that reads comments does not take a noqa for an explanation: the noqa it needs is used", () => {
  const pool = (comment) =>
    `"""Pools."""\n\n\nclass Pool:\n    """A pool."""\n\n    def __init__(self, name):\n        self.name = name\n        self._pool_size = 30${comment}\n`;
  const found = (comment) =>
    check(pool(comment), { filePath: FILE })
      .findings.map((f) => f.code)
      .sort();
  assert.deepEqual(found(""), ["CFG001"]);
  // CFG001 takes a comment on the line as the value's explanation; a suppression explains nothing
  assert.deepEqual(found("  # noqa: CFG001"), []);
  assert.deepEqual(found("  # noqa: hardcoded-default"), []);
  assert.deepEqual(found("  # noqa: E501"), ["CFG001"]);
  assert.deepEqual(found("  # nosec"), ["CFG001"]);
  // words after the codes do explain: then the noqa is not needed
  assert.deepEqual(found("  # noqa: CFG001 connections, as the server allows"), ["SUP001"]);
  assert.deepEqual(found("  # connections, as the server allows"), []);
});

test("a noqa after a string holding `#` suppresses; a second noqa in the file too", () => {
  const lines = [
    `    LOG.info("frag #%s" % cmd)  # noqa: LOG003\n`,
    `    LOG.info("run %s" % cmd)  # noqa: LOG003\n`,
    `    LOG.info("frag #%s of %s"  # noqa: LOG003\n             % (cmd, cmd))\n`,
  ];
  assert.deepEqual(codes(lines.join("")), []);
  assert.deepEqual(codes(lines.join("").replaceAll("  # noqa: LOG003", "")), ["LOG003", "LOG003", "LOG003"]);
});

test("--add-noqa's comments inside a message leave its findings as they were: each is then used", () => {
  // a comment between `_()` and `%` (the line a multi-line finding starts on) is not part of the message
  const head = `"""Module."""\nimport logging\n\nfrom swift import gettext_ as _\n\nLOG = logging.getLogger(__name__)\n\n\ndef run(cmd):\n    """Run."""\n`;
  const call = `    LOG.error(_("failed %(cmd)s")\n              % {"cmd": cmd})\n`;
  const before = check(head + call, { filePath: FILE }).findings;
  assert.deepEqual(before.map((f) => f.code).sort(), ["LOG001", "LOG003"]);
  const tree = parsing.parser.parse(head + call);
  try {
    const { edits } = api.addNoqaEdits(tree, head + call, new api.LineIndex(head + call), before);
    const noqa = api.applyEdits(head + call, edits).text;
    assert.match(noqa, /_\("failed %\(cmd\)s"\) {2}# noqa: LOG001, LOG003\n/);
    assert.deepEqual(
      check(noqa, { filePath: FILE }).findings.map((f) => f.code),
      [],
    );
  } finally {
    tree.delete();
  }
});

test("a rule that did not run on the file cannot be judged: its codes are left alone", () => {
  const text = `    LOG.info("x %s", cmd)  # noqa: LOG003\n`;
  assert.deepEqual(codes(text, settingsWith({ select: ["SUP001", "DOC"] })), []);
  assert.deepEqual(codes(text, settingsWith({ select: ["SUP001", "LOG"] })), ["SUP001"]);
  // DOC001 does not run on a test file, so its noqa there is not judged; elsewhere it is
  const documented = `"""Tests."""\n\n\ndef test_x():  # noqa: DOC001\n    """Check x."""\n`;
  assert.deepEqual(
    check(documented, { filePath: "/proj/tests/test_x.py" }).findings.map((f) => f.code),
    [],
  );
  assert.deepEqual(
    check(documented, { filePath: "/proj/pkg/x.py" }).findings.map((f) => f.code),
    ["SUP001"],
  );
});

test("a file with a syntax error is not judged, nor a line in a Python-2-only branch", () => {
  const broken = check(HEAD + `    LOG.info("x %s", cmd)  # noqa: LOG003\n    if (:\n`, { filePath: FILE });
  assert.ok(!broken.findings.some((f) => f.code === "SUP001"));
  assert.ok(broken.unchecked.some((u) => u.startsWith("SUP001: the file has a syntax error")));
  assert.deepEqual(codes(`    import six\n    if six.PY2:\n        LOG.info("x %s", cmd)  # noqa: LOG003\n`), []);
});

test("a bare # noqa does not silence SUP001; # noqa: SUP001 does", () => {
  const on = settingsWith({ unusedSuppressionOtherTools: true });
  assert.deepEqual(codes(`    LOG.info("x")  # noqa\n`, on), ["SUP001"]);
  assert.deepEqual(codes(`    LOG.info("x")  # noqa: LOG003, SUP001\n`), []);
});

test("# pyreview: noqa exempts the file, # pyreview: noqa: CODES those rules, on a line of its own", () => {
  const text = `import logging\nimport subprocess\n\nLOG = logging.getLogger(__name__)\n\n\ndef run(cmd):\n    subprocess.call("ls " + cmd, shell=True)\n`;
  const all = check(`# pyreview: noqa\n${text}`, { filePath: FILE });
  assert.deepEqual(all.findings, []);
  assert.ok(all.unchecked.some((u) => u === "the file is exempt from review (`# pyreview: noqa` at line 1)"));
  const some = check(`${text}# pyreview: noqa: DOC001, unused-logger\n`, { filePath: FILE });
  assert.deepEqual([...new Set(some.findings.map((f) => f.code))], ["SEC001"]);
  assert.ok(some.unchecked.includes("LOG002: exempt in this file (`# pyreview: noqa: …` at line 9)"));
  // after code it is not the file's
  const inline = check(`${text.replace("import subprocess", "import subprocess  # pyreview: noqa")}`, {
    filePath: FILE,
  });
  assert.ok(inline.findings.some((f) => f.code === "SEC001"));
  // another tool's file-level comment is that tool's
  assert.ok(check(`# flake8: noqa\n${text}`, { filePath: FILE }).findings.some((f) => f.code === "SEC001"));
});

function addNoqa(text) {
  const tree = parsing.parser.parse(text);
  try {
    const r = api.checkTree(parsing, tree, text, { path: FILE, settings: settingsWith(), root: null });
    const { edits, unplaced } = api.addNoqaEdits(tree, text, r.lines, r.findings);
    return { text: api.applyEdits(text, edits).text, unplaced };
  } finally {
    tree.delete();
  }
}

test("--add-noqa's edits: one comment per line with the codes sorted, merged into a noqa there", () => {
  const text = `import logging\nimport subprocess\n\nLOG = logging.getLogger(__name__)\n\n\ndef run(cmd):\n    subprocess.call("ls " + cmd, shell=True); LOG.info("x %s" % cmd)  # noqa: E501\n    return subprocess.call(  \\\n        "ls " + cmd, shell=True)\n`;
  const { text: out, unplaced } = addNoqa(text);
  assert.deepEqual(unplaced, []);
  const lines = out.split("\n");
  // (no module finding: a module of one public name is described by that name's docstring)
  assert.equal(lines[0], "import logging");
  assert.equal(lines[6], "def run(cmd):  # noqa: DOC001");
  assert.equal(
    lines[7],
    `    subprocess.call("ls " + cmd, shell=True); LOG.info("x %s" % cmd)  # noqa: E501, LOG003, SEC001`,
  );
  // a line continued with a backslash cannot carry a comment: the finding's last line does
  assert.equal(lines[8], "    return subprocess.call(  \\");
  assert.equal(lines[9], `        "ls " + cmd, shell=True)  # noqa: SEC001`);
  assert.deepEqual(check(out, { filePath: FILE }).findings, [], "everything is suppressed, and every noqa is used");
  assert.equal(addNoqa(out).text, out, "a second run adds nothing");
});
