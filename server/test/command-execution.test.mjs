// SEC001: settings and fixes looked at one by one.
import { test } from "node:test";
import assert from "node:assert/strict";
import { check, settingsWith } from "./support/engine.mjs";

test("command-runners adds runners (as written or qualified)", () => {
  // a runner of the user's own: its aliases, and its calls through a shell or as root, are reported
  const text = `import shlex\nfrom mylib import shell\n\nrun = shell.run_cmd\n\n\ndef f(line):\n    shell.run_cmd(shlex.split(line), run_as_root=True)\n    shell.run_cmd(["ls"])\n`;
  assert.equal(check(text, { settings: settingsWith({ select: ["SEC001"] }) }).findings.length, 0);
  const withRunner = settingsWith({ select: ["SEC001"], commandRunners: ["mylib.shell.run_cmd"] });
  const found = check(text, { settings: withRunner }).findings;
  assert.equal(found.length, 2);
  assert.match(found[0].message, /alias of the command runner `shell.run_cmd`/);
  assert.match(found[1].message, /split from a string at run time `shlex.split\(line\)`, as root/);
  assert.equal(
    check(text, { settings: settingsWith({ select: ["SEC001"], commandRunners: ["shell.run_cmd"] }) }).findings.length,
    2,
  );
});

test("severity rises with risk", () => {
  const text = `import subprocess\n\n\ndef f(x):\n    subprocess.run("ls " + x, shell=True)\n    subprocess.run("ls -l", shell=True)\n    subprocess.run(["ls", x])\n`;
  const found = check(text, { settings: settingsWith({ select: ["SEC001"] }) }).findings;
  assert.deepEqual(
    found.map((f) => f.severity),
    ["warning", "information"],
  );
});

test("# nosec with a Bandit id suppresses", () => {
  const text = `import subprocess\n\n\ndef f(x):\n    subprocess.run('ls ' + x, shell=True)  # nosec B602\n    subprocess.run('ls ' + x, shell=True)  # nosec B101\n`;
  const found = check(text, { settings: settingsWith({ select: ["SEC001"] }) }).findings;
  assert.equal(found.length, 1);
});
