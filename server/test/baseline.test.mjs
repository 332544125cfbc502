// Fingerprints and baseline matching (engine level; the CLI and the editor build on these).
import { test } from "node:test";
import assert from "node:assert/strict";
import { api, check, parsing } from "./support/engine.mjs";

function identified(text, filePath = "/proj/pkg/mod.py") {
  const { findings } = check(text, { filePath });
  const tree = parsing.parser.parse(text);
  try {
    return findings.map((f) => {
      const id = api.identify(tree.rootNode, text, f);
      return { code: f.code, scope: id.scope, fingerprint: id.fingerprint, snippet: id.code, start: f.start };
    });
  } finally {
    tree.delete();
  }
}

const OLD = `"""Module."""
import subprocess


class Agent:
    """An agent."""

    def run(self, cmd):
        """Run."""
        subprocess.call('ls ' + cmd, shell=True)
`;

test("the scope is the definition around the finding, outermost first", () => {
  const ids = identified(OLD).filter((f) => f.code === "SEC001");
  assert.equal(ids.length, 1);
  assert.equal(ids[0].scope, "Agent.run");
  assert.equal(ids[0].snippet, "subprocess.call('ls ' + cmd, shell=True)");
});

test("inserting code above a finding keeps its fingerprint; moving the function keeps it too", () => {
  const before = identified(OLD);
  const shifted = identified(OLD.replace('"""Module."""\n', '"""Module."""\n\nX = 1\nY = 2\n\n\n'));
  assert.deepEqual(
    shifted.map((f) => f.fingerprint),
    before.map((f) => f.fingerprint),
  );
  const reformatted = identified(
    OLD.replace("subprocess.call('ls ' + cmd, shell=True)", "subprocess.call('ls ' + cmd,  shell=True)"),
  );
  assert.deepEqual(
    reformatted.map((f) => f.fingerprint),
    before.map((f) => f.fingerprint),
    "whitespace inside the finding's code does not matter",
  );
});

test("the same rule on different code in the same function is a different finding", () => {
  const more = OLD.replace(
    "        subprocess.call('ls ' + cmd, shell=True)\n",
    "        subprocess.call('ls ' + cmd, shell=True)\n        subprocess.call('ls -l ' + cmd, shell=True)\n",
  );
  const ids = identified(more).filter((f) => f.code === "SEC001");
  assert.equal(ids.length, 2);
  assert.notEqual(ids[0].fingerprint, ids[1].fingerprint);
});

test("a baseline absorbs known findings, reports new ones and, after the run, stale entries", () => {
  const entries = api.baselineEntries([{ path: "pkg/mod.py", findings: identified(OLD) }]);
  const text = api.serializeBaseline(entries);
  assert.deepEqual(api.parseBaseline(text), entries, "the file round-trips");
  assert.equal(api.serializeBaseline(api.parseBaseline(text)), text, "and is stable");

  const more = OLD.replace(
    "        subprocess.call('ls ' + cmd, shell=True)\n",
    "        subprocess.call('ls ' + cmd, shell=True)\n        subprocess.call('ls ' + cmd, shell=True)\n",
  );
  const matcher = new api.BaselineMatcher(api.parseBaseline(text));
  const { known, fresh } = matcher.match("pkg/mod.py", identified(more));
  assert.equal(fresh.length, 1, "an identical second call is one more than the baseline's count");
  assert.equal(fresh[0].code, "SEC001");
  assert.equal(
    known.length,
    entries.reduce((n, e) => n + e.count, 0),
  );
  assert.deepEqual(matcher.stale(), []);

  const fixed = new api.BaselineMatcher(api.parseBaseline(text));
  fixed.match(
    "pkg/mod.py",
    identified(OLD.replace(", shell=True", "")).filter((f) => f.code !== "SEC001"),
  );
  assert.deepEqual(
    fixed.stale().map((e) => e.code),
    ["SEC001"],
  );
  assert.deepEqual(new api.BaselineMatcher(entries).stale(), [], "files not checked in this run are not stale");
});

test("a malformed baseline is refused with a reason", () => {
  assert.throws(() => api.parseBaseline("{"), /not JSON/);
  assert.throws(() => api.parseBaseline('{"findings": []}'), /not a pyreview baseline/);
  assert.throws(() => api.parseBaseline('{"tool": "pyreview", "version": 9, "findings": []}'), /version 9/);
  assert.throws(() => api.parseBaseline('{"tool": "pyreview", "version": 1, "findings": [{"path": 1}]}'), /entry 1/);
});

test("renaming the definition around a finding keeps it known; its code elsewhere while it stays is new", () => {
  const matcher = () => new api.BaselineMatcher(api.baselineEntries([{ path: "m.py", findings: identified(OLD) }]));
  const renamed = identified(OLD.replace("class Agent:", "class Worker:"));
  assert.notEqual(
    renamed.find((f) => f.code === "SEC001").fingerprint,
    identified(OLD).find((f) => f.code === "SEC001").fingerprint,
    "the scope is part of the fingerprint",
  );
  assert.deepEqual(matcher().match("m.py", renamed).fresh, [], "matched by rule and code once the fingerprint fails");
  const copied = identified(
    `${OLD}\n\ndef helper(cmd):\n    """Help."""\n    subprocess.call("ls " + cmd, shell=True)\n`,
  ).filter((f) => f.code === "SEC001");
  const { fresh } = matcher().match("m.py", copied);
  assert.deepEqual(
    fresh.map((f) => f.scope),
    ["helper"],
    "the old finding keeps its entry: the copy in another function is new",
  );
  const strict = new api.BaselineMatcher(api.baselineEntries([{ path: "m.py", findings: identified(OLD) }]), false);
  assert.ok(
    strict.match("m.py", renamed).fresh.some((f) => f.code === "SEC001"),
    "matching by fingerprint alone (moves between files), the renamed method's finding is new",
  );
});

test("a finding about the module (its docstring) keeps its identity when a line is added above its anchor", () => {
  // (two public names: a module of one is described by that name's docstring, and not reported)
  const text = "import os\n\n\ndef run():\n    os.getcwd()\n\n\ndef stop():\n    os.getcwd()\n";
  const before = identified(text).find((f) => f.code === "DOC001" && f.scope === "" && f.start === 0);
  const after = identified(`import sys\n${text}`).find((f) => f.code === "DOC001" && f.start === 0);
  assert.ok(before && after, "the module's DOC001 is reported at the first statement");
  assert.equal(after.snippet, "<module>");
  assert.equal(after.fingerprint, before.fingerprint);
});
