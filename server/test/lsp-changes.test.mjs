// The editor's side of issue 15 over LSP (the bundled server over stdio): the baseline hides what
// it holds (or shows it as hints), in open files, Review File and Review Workspace; "Review
// Changes" reviews a branch in a real git repository, unsaved edits included.
import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { runCli } from "./support/cli.mjs";
import { commitAll, git, makeRepo } from "./support/git.mjs";
import { startServer, uriOf } from "./support/lsp.mjs";

const AGENT = `"""Agent."""
import logging
import subprocess

LOG = logging.getLogger(__name__)


def run(cmd):
    """Run."""
    subprocess.call("ls " + cmd, shell=True)
    LOG.info("ran %s" % cmd)
`;
const NEW_LINE = '    LOG.info("again %s" % cmd)\n';

function project() {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "pyreview-lsp-baseline-")));
  fs.writeFileSync(
    path.join(dir, "pyproject.toml"),
    '[tool.pyreview]\npreview = true\nbaseline = "ci/baseline.json"\n',
  );
  fs.mkdirSync(path.join(dir, "pkg"));
  fs.writeFileSync(path.join(dir, "pkg/agent.py"), AGENT);
  fs.writeFileSync(path.join(dir, "pkg/closed.py"), AGENT);
  const r = runCli(["check", "--write-baseline", "ci/baseline.json", "pkg"], { cwd: dir });
  assert.equal(r.status, 0, r.stderr);
  return dir;
}

const summary = (d) => d.diagnostics.map((x) => `${x.range.start.line + 1} ${x.code} ${x.severity}`);

test("the baseline hides in the editor what it holds; Review File and Review Workspace say so", async (t) => {
  const dir = project();
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const { client } = await startServer(dir);
  try {
    const uri = uriOf(path.join(dir, "pkg/agent.py"));
    const waiting = client.waitForDiagnostics(uri, 1);
    await client.open(uri, AGENT + NEW_LINE);
    assert.deepEqual(summary(await waiting), ["12 LOG003 2"], "only the new finding");
    const review = await client.request("workspace/executeCommand", { command: "pyreview.review", arguments: [uri] });
    assert.match(review.markdown, /2 findings recorded in the baseline are not shown \(setting `baseline`\)\./);
    assert.deepEqual(
      review.findings.map((f) => `${f.line} ${f.code}`),
      ["12 LOG003"],
    );
    const ws = await client.request("workspace/executeCommand", {
      command: "pyreview.server.reviewWorkspace",
      arguments: [],
    });
    assert.equal(ws.findings, 1, "the open file's new finding; the closed file's are all in the baseline");
    assert.deepEqual(client.lastDiagnostics.get(uriOf(path.join(dir, "pkg/closed.py"))).diagnostics, []);
  } finally {
    await client.shutdown();
  }
});

test('baselineFindings "hint" shows what the baseline holds as hints marked "(baseline)"', async (t) => {
  const dir = project();
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const { client } = await startServer(dir, { baselineFindings: "hint" });
  try {
    const uri = uriOf(path.join(dir, "pkg/agent.py"));
    const waiting = client.waitForDiagnostics(uri, 1);
    await client.open(uri, AGENT + NEW_LINE);
    const published = await waiting;
    assert.deepEqual(summary(published), ["10 SEC001 4", "11 LOG003 4", "12 LOG003 2"]);
    assert.match(published.diagnostics[0].message, /^\(baseline\) `subprocess\.call` runs/);
  } finally {
    await client.shutdown();
  }
});

test("Review Changes: the branch's findings against a ref, unsaved edits included; the refs to pick from", async (t) => {
  const dir = makeRepo({ "pkg/agent.py": AGENT, "pkg/other.py": '"""Other."""\n' });
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  commitAll(dir, "main");
  git(dir, "checkout", "-q", "-b", "feature");
  fs.writeFileSync(path.join(dir, "pkg/agent.py"), `"""Agent."""\nimport os\n${AGENT.slice('"""Agent."""\n'.length)}`);
  fs.appendFileSync(
    path.join(dir, "pkg/agent.py"),
    '\n\ndef wipe(path):\n    """Wipe."""\n    os.system("rm -rf " + path)\n',
  );
  commitAll(dir, "wipe");
  const { client } = await startServer(dir, { preview: true });
  try {
    const refs = await client.request("workspace/executeCommand", {
      command: "pyreview.server.gitRefs",
      arguments: [{ folder: dir }],
    });
    assert.equal(refs.root, dir);
    assert.equal(refs.branch, "feature");
    assert.equal(refs.upstream, null);
    assert.deepEqual([...refs.refs].sort(), ["feature", "main"]);
    // an unsaved edit: one more finding, in the buffer only
    const uri = uriOf(path.join(dir, "pkg/agent.py"));
    const text = fs.readFileSync(path.join(dir, "pkg/agent.py"), "utf8");
    const opened = client.waitForDiagnostics(uri, 1);
    await client.open(uri, text.replace('    LOG.info("ran %s" % cmd)\n', `    LOG.info("ran %s" % cmd)\n${NEW_LINE}`));
    await opened;
    const linkBase = path.join(dir, ".reports");
    const result = await client.request("workspace/executeCommand", {
      command: "pyreview.server.reviewChanges",
      arguments: [{ ref: "main", folder: dir, linkBase }],
    });
    assert.equal(result.ref, "main");
    assert.equal(result.files, 1);
    assert.equal(result.findings, 2);
    assert.match(result.markdown, /^# Review of the changes since `main`/);
    assert.match(result.markdown, /\*\*2 new findings\*\* in 1 file/);
    assert.match(
      result.markdown,
      /1\. \*\*LOG003 eager-log-formatting\*\* \(warning, \[line 13\]\(\.\.\/pkg\/agent\.py#L13\)\)/,
    );
    assert.match(
      result.markdown,
      /2\. \*\*SEC001 command-execution\*\* \(warning, \[line 18\]\(\.\.\/pkg\/agent\.py#L18\)\)/,
    );
    const none = await client
      .request("workspace/executeCommand", { command: "pyreview.server.reviewChanges", arguments: [{ folder: dir }] })
      .then(
        () => "answered",
        (error) => error.message,
      );
    assert.match(none, /the branch has no upstream: pick a branch, tag or commit/);
  } finally {
    await client.shutdown();
  }
});
