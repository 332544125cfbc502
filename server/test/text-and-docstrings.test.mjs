// analysis/textSearch.ts (reading past Python syntax in text), analysis/docstrings.ts and
// analysis/timeUnits.ts: the libraries DOC001, DOC002 and LOG003 decide with.
import { test } from "node:test";
import assert from "node:assert/strict";
import { api, parsing } from "./support/engine.mjs";

const { textSearch, docstrings, timeUnits } = api;

test("stringLiteralEnd: one-quote and triple-quote literals, escapes, unterminated ones", () => {
  const end = textSearch.stringLiteralEnd;
  const at = (s) => end(s, s.search(/['"]/));
  assert.equal(at(`x = 'a' + b`), 7);
  assert.equal(at(`x = r'a\\'b' + c`), 11); // a backslash escapes the quote in a raw string too
  assert.equal(at(`"""a "quoted" b""" rest`), 18);
  assert.equal(at(`'''it's'''`), 10);
  assert.equal(at(`""`), 2);
  assert.equal(at(`"a\\\nb"`), 6); // a backslash-newline continues a one-quote string
  assert.equal(at(`"a\nb"`), -1); // a line break ends it: not a literal
  assert.equal(at(`"""never closed "`), -1);
  assert.equal(at(`'ends with a backslash\\`), -1);
});

test("defParametersText: a def's parameter list, read past brackets, strings and comments", () => {
  const params = (src) => textSearch.defParametersText(src, 0);
  assert.equal(params(`def f(a, b=(1, 2), c="x)"):\n  pass`), `(a, b=(1, 2), c="x)")`);
  assert.equal(
    params(`async  def g(\n  a,  # the ) here is a comment\n  b={"k": [1]},\n):`),
    `(\n  a,  # the ) here is a comment\n  b={"k": [1]},\n)`,
  );
  assert.equal(params(`def f(a='''\n)''', b=r"\\\\"):`), `(a='''\n)''', b=r"\\\\")`);
  // an f-string's nested quotes are not followed: ask the tree
  assert.equal(params(`def f(a=f"{x}"):`), undefined);
  assert.equal(params(`def f(a=Rf"x"):`), undefined);
  assert.equal(params(`class f(a):`), undefined);
  assert.equal(params(`def f(a]:`), undefined);
  assert.equal(params(`def f(a="unterminated`), undefined);
});

/** The docstring node of the first def or class in `src`. */
function parsedDocstring(src) {
  const tree = parsing.parser.parse(src);
  const def = tree.rootNode.namedChild(0);
  const node = def.childForFieldName("body").namedChild(0).namedChild(0);
  return docstrings.parseDocstring(src, node);
}

const entries = (doc) => doc.entries.map((e) => `${e.kind} ${e.name} ${e.first}-${e.last}`);

test("parseDocstring: reST fields, with :type lines and multi-line entries", () => {
  const doc = parsedDocstring(
    `def f(a, timeout):\n    """Summary.\n\n    :param a: the first\n    :type a: int\n    :param int timeout: how long,\n        in seconds\n    :returns: nothing\n    """\n`,
  );
  assert.equal(doc.style, "rest");
  assert.equal(doc.indent, "    ");
  assert.deepEqual(entries(doc), ["param a 2-2", "type a 3-3", "param timeout 4-5"]);
  assert.equal(doc.nextSection, 6);
  assert.equal(docstrings.entryText(doc, "timeout"), "    :param int timeout: how long,\n        in seconds");
  assert.equal(docstrings.entryText(doc, "missing"), null);
  assert.equal(docstrings.textOutsideEntries(doc), "Summary.\n\n    :returns: nothing\n    ");
});

test("parseDocstring: Google and NumPy parameter sections", () => {
  const google = parsedDocstring(
    `def f(a, b):\n    """Summary.\n\n    Args:\n        a (int): the first\n            and more.\n        *b: the rest\n\n    Returns:\n        x\n    """\n`,
  );
  assert.equal(google.style, "google");
  assert.deepEqual(entries(google), ["param a 3-4", "param b 5-5"]);
  assert.deepEqual(google.section, { header: 2, last: 5, entryIndent: 8 });
  assert.equal(google.nextSection, 7);

  const numpy = parsedDocstring(
    `def f(a, b):\n    """Summary.\n\n    Parameters\n    ----------\n    a, b : int\n        Both.\n\n    Raises\n    ------\n    ValueError\n    """\n`,
  );
  assert.equal(numpy.style, "numpy");
  assert.deepEqual(entries(numpy), ["param a 4-5", "param b 4-5"]);
  assert.deepEqual(numpy.section, { header: 2, last: 5, entryIndent: 4 });
  assert.equal(numpy.nextSection, 7);
});

test("parseDocstring: a one-line docstring has no style; bytes and f-strings are not docstrings", () => {
  const plain = parsedDocstring(`class C:\n    '''Just a summary.'''\n`);
  assert.equal(plain.style, null);
  assert.deepEqual(plain.entries, []);
  assert.equal(parsedDocstring(`def f():\n    b"""Bytes."""\n`), null);
  assert.equal(parsedDocstring(`def f():\n    f"""{x}"""\n`), null);
});

test("detectedStyle: the style most of a file's docstrings use", () => {
  const style = (src) => {
    const tree = parsing.parser.parse(src);
    return docstrings.detectedStyle(api.buildModel(parsing, tree, src));
  };
  const google = `def f(a):\n    """S.\n\n    Args:\n        a: x\n    """\n`;
  const rest = `def g(a):\n    """S.\n\n    :param a: x\n    """\n`;
  const numpy = `def h(a):\n    """S.\n\n    Parameters\n    ----------\n    a : int\n    """\n`;
  assert.equal(style(google), "google");
  assert.equal(style(rest), "rest");
  assert.equal(style(numpy), "numpy");
  assert.equal(style(google + rest + rest + rest), "rest"); // reST fields count one each, a Google header two
  assert.equal(style(google + rest + rest), null); // a tie: no style
  assert.equal(style(`x = 1\n`), null);
});

test("time units: in a name, and stated in a docstring", () => {
  const patterns = ["timeout", "delay", "*_time", "interval"];
  assert.equal(timeUnits.isTimeParameter("timeout", patterns), true);
  assert.equal(timeUnits.isTimeParameter("Heart_Beat_Time", patterns), true);
  assert.equal(timeUnits.isTimeParameter("timeout_s", patterns), false);
  assert.equal(timeUnits.isTimeParameter("timeouts", patterns), false);
  assert.equal(timeUnits.nameHasUnit("delay_ms"), true);
  assert.equal(timeUnits.nameHasUnit("ms_delay"), true);
  assert.equal(timeUnits.nameHasUnit("delay_min"), true);
  assert.equal(timeUnits.nameHasUnit("min_delay"), false); // a minimum, not minutes
  assert.equal(timeUnits.mayBeInstant("start_time"), true);
  assert.equal(timeUnits.mayBeInstant("timeout"), false);

  const finder = new timeUnits.TimeNameFinder(patterns);
  assert.equal(finder.foundIn("(self, retry_interval=5)"), false);
  assert.equal(finder.foundIn("(self, interval=5)"), true);
  assert.equal(finder.foundIn("(self, start_time)"), true);
  assert.equal(finder.foundIn("(self, timer)"), false);

  const doc = parsedDocstring(
    `def f(timeout, delay, interval, ttl):\n    """Wait.\n\n    :param timeout: how long to wait, in seconds\n    :param delay: the delay\n    :param interval: how often\n\n    The delay is in ms.\n    """\n`,
  );
  assert.equal(timeUnits.statesUnit(doc, "timeout"), true); // in its entry
  assert.equal(timeUnits.statesUnit(doc, "delay"), true); // in prose that names it
  assert.equal(timeUnits.statesUnit(doc, "interval"), false); // the prose is about another parameter
  assert.equal(timeUnits.statesUnit(doc, "ttl"), true); // no entry: a unit anywhere else in the docstring
});
