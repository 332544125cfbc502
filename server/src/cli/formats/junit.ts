// --format junit: JUnit XML, which most CI systems show as test results. Each file checked is a
// test suite; each finding a failing test case (a file not checked: an error); a file without
// findings has one passing test case, so the counts say how much was checked.
import type { LocatedFinding } from "../../engine/located";
import type { FileResult } from "../checkFile";
import { recordsOf } from "../unchecked";
import { ciPath } from "./repoPaths";

/** Text for XML: the five escapes, and characters XML 1.0 cannot hold replaced by U+FFFD. */
function xml(text: string): string {
  return text
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, "\uFFFD")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;");
}

function testCase(file: string, f: LocatedFinding): string {
  const element = f.code === "E902" ? "error" : "failure";
  return [
    `    <testcase name="${xml(`${f.code} ${f.name} at ${f.line}:${f.column}`)}" classname="${xml(file)}">`,
    `      <${element} type="${xml(f.code)}" message="${xml(f.message)}">${xml(`${file}:${f.line}:${f.column}: ${f.code} ${f.message}`)}</${element}>`,
    "    </testcase>",
  ].join("\n");
}

export function formatJunit(results: readonly FileResult[]): string {
  const suites: string[] = [];
  let tests = 0;
  let failures = 0;
  let errors = 0;
  for (const r of results) {
    const file = ciPath(r.path);
    const records = recordsOf(r);
    const errored = records.filter((f) => f.code === "E902").length;
    const failed = records.length - errored;
    const cases = records.length
      ? records.map((f) => testCase(file, f))
      : [`    <testcase name="pyreview" classname="${xml(file)}"/>`];
    const count = Math.max(records.length, 1);
    tests += count;
    failures += failed;
    errors += errored;
    suites.push(
      `  <testsuite name="${xml(file)}" tests="${count}" failures="${failed}" errors="${errored}" file="${xml(file)}">\n${cases.join("\n")}\n  </testsuite>`,
    );
  }
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="pyreview" tests="${tests}" failures="${failures}" errors="${errors}">`,
    ...suites,
    "</testsuites>",
    "",
  ].join("\n");
}
