// Baselines and --add-noqa on the command line: --write-baseline, --baseline, `baseline` in
// [tool.pyreview], --no-baseline, --show-stale-baseline; noqa comments written for every finding.
import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { runCli } from "./support/cli.mjs";

const AGENT = `"""Agent."""
import logging
import subprocess

LOG = logging.getLogger(__name__)


class Agent:
    """An agent."""

    def run(self, cmd):
        """Run."""
        subprocess.call("ls " + cmd, shell=True)
        LOG.info("ran %s" % cmd)

    def stop(self, cmd):
        """Stop."""
        LOG.info("stopping %s" % cmd)
`;

function project(files) {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "pyreview-baseline-")));
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  }
  return dir;
}

const json = (r) => JSON.parse(r.stdout).map((f) => `${f.path}:${f.line} ${f.code}`);

test("--write-baseline records today's findings; --baseline reports only new ones, whatever moved", (t) => {
  const dir = project({ "pkg/agent.py": AGENT, "pkg/other.py": AGENT.replace("Agent", "Other") });
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const written = runCli(["check", "--preview", "--write-baseline", "baseline.json", "pkg"], { cwd: dir });
  assert.equal(written.status, 0, written.stderr);
  assert.equal(written.stdout, "", "the baseline is the report");
  assert.match(written.stderr, /wrote 6 finding\(s\) to baseline\.json \(6 entries\)/);
  const text = fs.readFileSync(path.join(dir, "baseline.json"), "utf8");
  const lines = text.split("\n").filter((l) => l.startsWith("    {"));
  assert.equal(lines.length, 6, "one entry per line");
  assert.deepEqual(
    lines.map((l) => JSON.parse(l.replace(/,$/, "")).path),
    ["pkg/agent.py", "pkg/agent.py", "pkg/agent.py", "pkg/other.py", "pkg/other.py", "pkg/other.py"],
    "sorted, paths relative to the baseline's folder",
  );
  assert.equal(runCli(["check", "--preview", "--baseline", "baseline.json", "pkg"], { cwd: dir }).status, 0);

  // code inserted above, a method moved down, a line reformatted: nothing is new
  const moved = AGENT.replace('"""Agent."""\n', '"""Agent."""\n\nRETRIES = 3\nDELAY = 2\n')
    .replace(
      '    def run(self, cmd):\n        """Run."""\n        subprocess.call("ls " + cmd, shell=True)\n        LOG.info("ran %s" % cmd)\n\n',
      "",
    )
    .concat(
      '\n    def run(self, cmd):\n        """Run."""\n        subprocess.call("ls " + cmd,  shell=True)\n        LOG.info("ran %s" % cmd)\n',
    );
  fs.writeFileSync(path.join(dir, "pkg/agent.py"), moved);
  const same = runCli(["check", "--preview", "--baseline", "baseline.json", "--format", "json", "pkg"], { cwd: dir });
  assert.deepEqual(json(same), []);
  assert.equal(same.status, 0);

  // a new instance of the same rule in the same method is new; so is a second copy of old code
  fs.writeFileSync(
    path.join(dir, "pkg/agent.py"),
    moved.replace(
      '        LOG.info("stopping %s" % cmd)\n',
      '        LOG.info("stopping %s" % cmd)\n        LOG.info("stopped %s" % cmd)\n        LOG.info("stopping %s" % cmd)\n',
    ),
  );
  const fresh = runCli(["check", "--preview", "--baseline", "baseline.json", "--format", "json", "pkg"], { cwd: dir });
  assert.equal(fresh.status, 1);
  assert.deepEqual(json(fresh), ["pkg/agent.py:17 LOG003", "pkg/agent.py:18 LOG003"]);
  // --no-baseline: everything
  assert.equal(
    json(runCli(["check", "--preview", "--no-baseline", "--format", "json", "pkg"], { cwd: dir })).length,
    8,
  );
});

test("fixed findings are stale: --show-stale-baseline lists them, --write-baseline drops them", (t) => {
  const dir = project({ "pkg/agent.py": AGENT, "pkg/gone.py": AGENT });
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  runCli(["check", "--preview", "--write-baseline", "b.json", "pkg"], { cwd: dir });
  fs.writeFileSync(
    path.join(dir, "pkg/agent.py"),
    AGENT.replace('LOG.info("ran %s" % cmd)', 'LOG.info("ran %s", cmd)'),
  );
  fs.rmSync(path.join(dir, "pkg/gone.py"));
  const r = runCli(["check", "--preview", "--baseline", "b.json", "--show-stale-baseline", "pkg"], { cwd: dir });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /b\.json: 4 findings in the baseline no longer found \(fixed or gone\)/);
  assert.match(r.stderr, /pkg\/agent\.py: LOG003 in Agent\.run: "ran %s" % cmd\n/);
  assert.equal((r.stderr.match(/pkg\/gone\.py: /g) ?? []).length, 3, "a file that is gone: all its entries");
  runCli(["check", "--preview", "--write-baseline", "b.json", "pkg"], { cwd: dir });
  const entries = JSON.parse(fs.readFileSync(path.join(dir, "b.json"), "utf8")).findings;
  assert.deepEqual(
    entries.map((e) => `${e.path} ${e.code} ${e.scope}`),
    ["pkg/agent.py LOG003 Agent.stop", "pkg/agent.py SEC001 Agent.run"],
  );
});

test("a run over part of the project rewrites that part of the baseline only", (t) => {
  const dir = project({ "a/m.py": AGENT, "b/m.py": AGENT });
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  runCli(["check", "--preview", "--write-baseline", "b.json", "a", "b"], { cwd: dir });
  fs.writeFileSync(path.join(dir, "a/m.py"), '"""Clean."""\n');
  runCli(["check", "--preview", "--write-baseline", "b.json", "a"], { cwd: dir });
  const entries = JSON.parse(fs.readFileSync(path.join(dir, "b.json"), "utf8")).findings;
  assert.deepEqual([...new Set(entries.map((e) => e.path))], ["b/m.py"]);
});

test("`baseline` in [tool.pyreview] is relative to the pyproject.toml; review honours it too", (t) => {
  const dir = project({
    "pyproject.toml": '[tool.pyreview]\nbaseline = "ci/baseline.json"\n',
    "pkg/agent.py": AGENT,
  });
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const missing = runCli(["check", "--preview", "pkg"], { cwd: dir });
  assert.equal(missing.status, 2, "a baseline named but not there is a configuration error");
  assert.match(missing.stderr, /baseline .*ci\/baseline\.json does not exist \(write it with/);
  assert.equal(runCli(["check", "--preview", "--write-baseline", "ci/baseline.json", "pkg"], { cwd: dir }).status, 0);
  // from another folder, the project's baseline still applies
  const r = runCli(["check", "--preview", path.join(dir, "pkg")], { cwd: os.tmpdir() });
  assert.equal(r.status, 0, r.stdout + r.stderr);
  const review = runCli(["review", "--preview", "--format", "json", "pkg/agent.py"], { cwd: dir });
  assert.equal(review.status, 0);
  assert.deepEqual(JSON.parse(review.stdout)[0].findings, []);
  const shown = runCli(["check", "--preview", "--show-settings", "pkg/agent.py"], { cwd: dir });
  assert.match(shown.stdout, /baseline = ".*ci\/baseline\.json" +# .*pyproject\.toml \[tool\.pyreview\]/);
});

test("a baseline that is not one is refused: exit 2 with the reason", (t) => {
  const dir = project({ "m.py": AGENT, "bad.json": '{"tool": "other"}' });
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const r = runCli(["check", "--preview", "--baseline", "bad.json", "m.py"], { cwd: dir });
  assert.equal(r.status, 2);
  assert.match(r.stderr, /configuration: baseline .*bad\.json: not a pyreview baseline/);
  const none = runCli(["check", "--preview", "--show-stale-baseline", "m.py"], { cwd: dir });
  assert.match(none.stderr, /--show-stale-baseline: no baseline applies/);
});

test("--add-noqa writes a noqa for every finding, merged into those there; then the check is clean", (t) => {
  const dir = project({
    "pkg/agent.py": AGENT.replace('LOG.info("ran %s" % cmd)', 'LOG.info("ran %s" % cmd)  # noqa: E501'),
  });
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const r = runCli(["check", "--preview", "--add-noqa", "pkg"], { cwd: dir });
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stderr, /added 3 noqa comment\(s\) in 1 file\(s\)/);
  const text = fs.readFileSync(path.join(dir, "pkg/agent.py"), "utf8");
  assert.match(text, /subprocess\.call\("ls " \+ cmd, shell=True\) {2}# noqa: SEC001\n/);
  assert.match(text, /LOG\.info\("ran %s" % cmd\) {2}# noqa: E501, LOG003\n/);
  assert.match(text, /LOG\.info\("stopping %s" % cmd\) {2}# noqa: LOG003\n/);
  assert.equal(
    runCli(["check", "--preview", "pkg"], { cwd: dir }).status,
    0,
    "every finding suppressed, every noqa used",
  );
  const again = runCli(["check", "--preview", "--add-noqa", "pkg"], { cwd: dir });
  assert.match(again.stderr, /added 0 noqa comment\(s\) in 0 file\(s\)/);
  assert.equal(fs.readFileSync(path.join(dir, "pkg/agent.py"), "utf8"), text);
  for (const flags of [["--fix"], ["--diff"], ["--since", "main"], ["--write-baseline", "b.json"]]) {
    const clash = runCli(["check", "--preview", "--add-noqa", ...flags, "pkg"], { cwd: dir });
    assert.equal(clash.status, 2, flags.join(" "));
    assert.match(clash.stderr, /--add-noqa cannot be combined with/);
  }
});

test("--add-noqa writes as --fix writes: a read-only file is left alone and keeps its findings", (t) => {
  const dir = project({ "pkg/agent.py": AGENT, "pkg/other.py": AGENT });
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const readOnly = path.join(dir, "pkg/agent.py");
  fs.chmodSync(readOnly, 0o444);
  const r = runCli(["check", "--preview", "--add-noqa", "--format", "json", "pkg"], { cwd: dir });
  assert.match(r.stderr, /added 3 noqa comment\(s\) in 1 file\(s\)/);
  assert.match(r.stderr, /agent\.py.*read-only/);
  assert.equal(fs.readFileSync(readOnly, "utf8"), AGENT);
  assert.match(fs.readFileSync(path.join(dir, "pkg/other.py"), "utf8"), /# noqa: SEC001\n/);
  assert.deepEqual(
    JSON.parse(r.stdout).map((f) => `${path.basename(f.path)} ${f.code}`),
    ["agent.py SEC001", "agent.py LOG003", "agent.py LOG003"],
  );
});
