// analysis/formatStrings.ts and analysis/logMessages.ts: what a format string and a log message say.
import { test } from "node:test";
import assert from "node:assert/strict";
import { api, parsing } from "./support/engine.mjs";

const { formatStrings, logMessages } = api;

/** The first expression of a one-statement file (its tree stays alive for the test's process). */
function expression(src) {
  const tree = parsing.parser.parse(src);
  assert.equal(tree.rootNode.hasError, false, src);
  return tree.rootNode.namedChild(0).namedChild(0);
}

/** f-string pieces as plain data: fields become `{expr, conv, spec}` with the expression's text. */
function template(src) {
  const pieces = formatStrings.fStringTemplate(src, expression(src));
  if (pieces === null) return null;
  return pieces.map((p) => ({
    prefix: p.prefix,
    quote: p.quote,
    parts: p.parts.map((x) => (typeof x === "string" ? x : { expr: x.expr.text, conv: x.conv, spec: x.spec })),
  }));
}

test("printf specs: positional and mapping-key conversions, %% is none, * width", () => {
  const specs = formatStrings.printfSpecs;
  assert.deepEqual(specs("%s bound to %d"), { positional: 2, named: 0, star: false, typed: true });
  assert.deepEqual(specs("%(port)s on %(host)-10s"), { positional: 0, named: 2, star: false, typed: false });
  assert.deepEqual(specs("100%% done: %s"), { positional: 1, named: 0, star: false, typed: false });
  assert.deepEqual(specs("%%"), { positional: 0, named: 0, star: false, typed: false });
  assert.deepEqual(specs("%*d and %.*f"), { positional: 2, named: 0, star: true, typed: true });
  assert.deepEqual(specs("%(a)s %s"), { positional: 1, named: 1, star: false, typed: false });
  assert.deepEqual(specs("%-5.2f%#x"), { positional: 2, named: 0, star: false, typed: true });
  assert.deepEqual(specs("%r and %-8a"), { positional: 2, named: 0, star: false, typed: false });
  // an incomplete conversion: not a format to rewrite
  assert.equal(specs("at 50%"), null);
  assert.equal(specs("%(name)"), null);
});

test("str.format: {}, {0}, {name}, conversions and specs; {{ }} are braces", () => {
  const parse = formatStrings.parseStrFormat;
  assert.deepEqual(parse("{} and {0} and {name!r:>5}"), [
    { name: "", conv: null, spec: "" },
    " and ",
    { name: "0", conv: null, spec: "" },
    " and ",
    { name: "name", conv: "!r", spec: ">5" },
  ]);
  assert.deepEqual(parse("{{literal}} {}"), ["{literal} ", { name: "", conv: null, spec: "" }]);
  assert.deepEqual(parse("no fields"), ["no fields"]);
  assert.deepEqual(parse("{x:%H:%M}"), [{ name: "x", conv: null, spec: "%H:%M" }]);
  // shapes it does not read
  for (const body of ["{0.attr}", "{a[0]}", "{x:{w}}", "lone }", "open {", "{!r}x{"])
    assert.equal(parse(body), null, body);
});

test("f-strings: fields with conversions and specs, nested quotes, {{ }} in f-pieces only", () => {
  assert.deepEqual(template(`f"a {x!r} {{b}} {d['k']:>5}"`), [
    {
      prefix: "f",
      quote: '"',
      parts: ["a ", { expr: "x", conv: "!r", spec: "" }, " {b} ", { expr: "d['k']", conv: null, spec: ">5" }],
    },
  ]);
  // PEP 701: the same quote inside a field
  assert.deepEqual(template(`f"{d["k"]}"`), [
    { prefix: "f", quote: '"', parts: [{ expr: 'd["k"]', conv: null, spec: "" }] },
  ]);
  // beside a plain piece, whose braces are literal text as written
  assert.deepEqual(template(`"{{100%}}" rf'''{x}\\d'''`), [
    { prefix: "", quote: '"', parts: ["{{100%}}"] },
    { prefix: "rf", quote: "'''", parts: [{ expr: "x", conv: null, spec: "" }, "\\d"] },
  ]);
  // fields it does not read, and bytes
  assert.equal(template(`f"{x=}"`), null);
  assert.equal(template(`f"{x:{width}}"`), null);
  assert.equal(template(`f"{x}" b"y"`), null);
});

test("the %-form of a field: only where %-formatting renders the same", () => {
  const conv = formatStrings.printfConversion;
  assert.equal(conv(null, ""), "s");
  assert.equal(conv(null, "s"), "s");
  assert.equal(conv("!r", ""), "r");
  assert.equal(conv("!a", ""), "a");
  assert.equal(conv("!s", ""), "s");
  assert.equal(conv(null, ".2f"), ".2f");
  assert.equal(conv(null, "+08.3e"), "+08.3e");
  assert.equal(conv(null, "#x"), "#x");
  // alignment, grouping, a conversion with a spec: no %-equivalent
  assert.equal(conv(null, ">5"), null);
  assert.equal(conv(null, ","), null);
  assert.equal(conv(null, "5s"), null);
  assert.equal(conv("!r", "5"), null);
});

test("eager log messages: %, f-string, .format(), +, and inside a translation wrapper", () => {
  const kind = (src) => logMessages.eagerFormatting(expression(src));
  assert.equal(kind(`"x %s" % y`), "%");
  assert.equal(kind(`msg % args`), "%");
  assert.equal(kind(`_("x %s") % y`), "%");
  assert.equal(kind(`count % 10`), null);
  assert.equal(kind(`10 % n`), null);
  assert.equal(kind(`f"x {y}"`), "f-string");
  assert.equal(kind(`f"no fields"`), null);
  assert.equal(kind(`"x {}".format(y)`), ".format()");
  assert.equal(kind(`"x: " + str(y)`), "+");
  assert.equal(kind(`a + b`), null);
  assert.equal(kind(`"plain"`), null);
  const wrapped = logMessages.eagerMessage(expression(`_LE("failed: %s" % err)`));
  assert.equal(wrapped.kind, "%");
  assert.equal(wrapped.target.text, `"failed: %s" % err`);
  assert.equal(wrapped.wrapper.text, `_LE("failed: %s" % err)`);
  assert.equal(logMessages.eagerMessage(expression(`_LE("plain")`)), null);
  assert.equal(logMessages.eagerMessage(expression(`translate("x %s" % y)`)), null);
});

test("a plain literal message, read from the text", () => {
  const plain = (src) => logMessages.firstArgumentIsPlainLiteral(src, 0);
  assert.equal(plain(`LOG.info("port %s", port)`), true);
  assert.equal(plain(`LOG . info ( 'a' "b" )`), true);
  assert.equal(plain(`LOG.info(r'\\d' u"""x\ny""")`), true);
  assert.equal(plain(`LOG.info("a \\" b", x)`), true);
  // the tree must tell
  assert.equal(plain(`LOG.info(f"port {port}")`), false);
  assert.equal(plain(`LOG.info(b"x")`), false);
  assert.equal(plain(`LOG.info("x %s" % y)`), false);
  assert.equal(plain(`LOG.info(msg)`), false);
  assert.equal(plain(`LOG.info()`), false);
  assert.equal(plain(`LOG.info("unterminated`), false);
  assert.equal(plain(`LOG.info(  # comment\n "x")`), false);
});
