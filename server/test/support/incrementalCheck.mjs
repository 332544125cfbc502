// The incremental-analysis property, shared by server/test/incrementalModel.test.mjs (short) and
// bench/fuzz-edits.mjs (long, over the corpora): after every edit, the model the editor builds
// incrementally (facts of untouched segments taken over from the previous version) and its
// findings and fixes equal a fresh analysis of the same tree. Parse differences (tree-sitter's
// incremental parse may recover from a syntax error differently than a fresh one) are counted
// apart: they are not ours to fix, and the analysis is compared on the same tree either way.

/** mulberry32: a small seeded generator, so a mismatch can be replayed from its document seed. */
export function generator(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// tokens and what typing Python adds
export const SNIPPETS = [
  "x",
  " ",
  "\n",
  "(",
  ")",
  ":",
  "yield",
  "with f():\n    pass\n",
  "_LE(",
  "def g():\n",
  "    ",
  "#",
  '"',
  '"""',
  "'",
  "😀",
  "\r\n",
  "\t",
  "\\\n",
  "import contextlib\n",
  "from os.path import *\n",
  "LOG.info('%s' % x)\n",
  "self.timeout = 30\n",
  "subprocess.call(cmd, shell=True)\n",
  "sys.exit(1)\n",
  "print(x)\n",
  "try:\n",
  "except Exception:\n",
  "class C(object):\n",
  "@decorator\n",
  "async ",
  "lambda: ",
  "f'{x}'",
  "# noqa\n",
  "if __name__ == '__main__':\n",
  "__main__",
];

// whole statements, inserted at the start of a line with its indentation (the file often stays valid)
export const STATEMENTS = [
  "x = 1\n",
  "pass\n",
  "print(x)\n",
  "LOG.info('%s' % x)\n",
  "LOG.error(_LE('failed'))\n",
  "sys.exit(1)\n",
  "subprocess.call(cmd, shell=True)\n",
  "self.timeout = 30\n",
  "raise SystemExit(2)\n",
  "with locked():\n    pass\n",
  "return\n",
  "yield\n",
  "del x\n",
  "global y\n",
  "x = self._host.get_connection()  # noqa: SEC001\n",
  "def helper(self, timeout=30):\n    with self.lock():\n        yield timeout\n",
  "class Inner(object):\n    def run(self, delay):\n        os.system(delay)\n",
  "@contextlib.contextmanager\ndef managed():\n    yield\n",
  'db_password = "s3cr3t-passw0rd"\n',
  'connect(auth=("admin", "hunter22"), api_token="0123456789abcdef")\n',
  "import random\n",
  "reset_token = random.choice(ALPHABET)\n",
  "LOG = []\n",
  "self._log = logging.getLogger(__name__)\n",
];

function lineStarts(text) {
  const starts = [0];
  for (let i = text.indexOf("\n"); i >= 0 && i < text.length - 1; i = text.indexOf("\n", i + 1)) starts.push(i + 1);
  return starts;
}

/**
 * One random edit of `text`: typing near the last place, deleting characters or whole lines,
 * pasting a piece of the file itself, adding a whole statement or block at the start of a line,
 * or half of one (a statement being typed).
 */
export function randomEdit(random, text, last) {
  const pick = (n) => Math.floor(random() * n);
  const kindOfEdit = random();
  if (kindOfEdit < 0.35) {
    const starts = lineStarts(text);
    const at = starts[pick(starts.length)];
    const indent = /^[ \t]*/.exec(text.slice(at))[0];
    let statement = STATEMENTS[pick(STATEMENTS.length)].replace(/^/gm, indent).replace(new RegExp(`${indent}$`), "");
    // half-typed: a prefix of it
    if (random() < 0.35) statement = statement.slice(0, 1 + pick(statement.length));
    return { start: at, end: at, text: statement };
  }
  if (kindOfEdit < 0.45) {
    // whole lines (a block) deleted, or moved elsewhere
    const starts = lineStarts(text);
    const k = pick(starts.length);
    const n = 1 + pick(8);
    const end = k + n < starts.length ? starts[k + n] : text.length;
    return { start: starts[k], end, text: random() < 0.3 ? text.slice(starts[pick(starts.length)], end) : "" };
  }
  const local = last !== null && random() < 0.6;
  const at = local ? Math.max(0, Math.min(text.length, last + pick(41) - 20)) : pick(text.length + 1);
  const kind = random();
  if (kind < 0.5) return { start: at, end: at, text: SNIPPETS[pick(SNIPPETS.length)] };
  if (kind < 0.8) return { start: at, end: Math.min(text.length, at + 1 + pick(12)), text: "" };
  if (kind < 0.9) {
    const from = pick(text.length + 1);
    return { start: at, end: Math.min(text.length, at + pick(4)), text: text.slice(from, from + 1 + pick(80)) };
  }
  return { start: at, end: Math.min(text.length, at + 1 + pick(30)), text: SNIPPETS[pick(SNIPPETS.length)] };
}

/** Findings with everything a client sees: range, code, severity, message, and every fix's edits. */
export function findingsKey(findings) {
  return findings.map(
    (f) => `${f.code}:${f.start}:${f.end}:${f.severity}:${f.message}:${JSON.stringify(f.fixes)}:${f.data ?? ""}`,
  );
}

const at = (x) => (x ? x.start : "-");

function contextKey(c) {
  return `${at(c.fn)}/${at(c.cls)}/${at(c.except)}/${c.mainGuard}/${c.inLambda}`;
}

/** The model's facts as text: positions, ranks, ends, contexts and the flags the pass sets. */
export function modelKey(model) {
  const out = [];
  for (const f of model.functions)
    out.push(
      `def ${f.start}:${f.rank}:${f.end}:${f.textual}:${at(f.parentClass)}:${at(f.parentFunction)} y${f.yields.map(at)} r${f.returns.map(at)} e${f.raises.map(at)}`,
    );
  for (const c of model.classes)
    out.push(`class ${c.start}:${c.end}:${at(c.parentClass)}:${at(c.parentFunction)} m${c.methods.map(at)}`);
  for (const c of model.calls)
    out.push(`call ${c.start}:${c.rank}:${c.textual}:${c.startsCall}:${c.callee}:${contextKey(c.context)}`);
  for (const w of model.withStatements) out.push(`with ${w.start}:${contextKey(w.context)}`);
  for (const i of model.imports) out.push(`import ${i.start}:${i.source !== null}:${contextKey(i.context)}`);
  for (const r of model.raises) out.push(`raise ${r.start}:${contextKey(r.context)}`);
  for (const a of model.assignments) out.push(`assign ${a.start}:${contextKey(a.context)}`);
  out.push(`callStarts ${model.callStarts.join(",")}`);
  return out;
}

function firstDifference(a, b) {
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return { index: i, incremental: a[i], fresh: b[i] };
  return null;
}

/**
 * Do both trees hold the same nodes (named or not, in document order) with the same types,
 * ranges and missing flags? (Node.toString crashes web-tree-sitter 0.25.10 on some broken
 * texts: "memory access out of bounds" in snprintf.)
 */
export function sameTree(a, b) {
  const x = a.walk();
  const y = b.walk();
  try {
    for (;;) {
      if (
        x.nodeTypeId !== y.nodeTypeId ||
        x.startIndex !== y.startIndex ||
        x.endIndex !== y.endIndex ||
        x.nodeIsMissing !== y.nodeIsMissing
      )
        return false;
      const down = x.gotoFirstChild();
      if (down !== y.gotoFirstChild()) return false;
      if (down) continue;
      for (;;) {
        const next = x.gotoNextSibling();
        if (next !== y.gotoNextSibling()) return false;
        if (next) break;
        const up = x.gotoParent();
        if (up !== y.gotoParent()) return false;
        if (!up) return true;
      }
    }
  } finally {
    x.delete();
    y.delete();
  }
}

/**
 * A document edited as the editor edits it (ParsedDocument), analysed as the DocumentStore
 * analyses it (changes taken, model built incrementally, rules run), and compared after each edit.
 */
export class IncrementalRun {
  constructor(api, parsing, text, options) {
    this.api = api;
    this.parsing = parsing;
    this.options = options;
    this.doc = api.ParsedDocument.parse(parsing.parser, text, 1);
    const first = api.buildModelIncrementally(parsing, this.doc.tree, text, null, this.doc.takeChanges());
    this.state = first.state;
    this.memo = api.checkModel(first.model, text, options, { segments: first.state.segments, previous: null }).memo;
    this.version = 1;
    this.stats = {
      edits: 0,
      reusedSegments: 0,
      segments: 0,
      parseDifferences: 0,
      syntaxErrorEdits: 0,
      failures: 0,
      takenOver: 0,
    };
  }

  get text() {
    return this.doc.text;
  }

  /**
   * Applies `edits` (one didChange); returns null, or what differed from a fresh analysis. Each
   * edit undoes the last one (as Ctrl+Z) with probability `undo`, so texts often parse again.
   */
  apply(edits) {
    const { api, parsing, doc, options } = this;
    doc.update(edits, ++this.version);
    const built = api.buildModelIncrementally(parsing, doc.tree, doc.text, this.state, doc.takeChanges());
    this.state = built.state;
    this.stats.edits++;
    this.stats.reusedSegments += built.reused;
    this.stats.segments += built.state.segments.length;
    const fresh = api.buildModel(parsing, doc.tree, doc.text);
    if (fresh.hasSyntaxErrors) this.stats.syntaxErrorEdits++;
    const modelDiff = firstDifference(modelKey(built.model), modelKey(fresh));
    // (findings of untouched segments taken over from the previous version, as the DocumentStore does)
    const incremental = api.checkModel(built.model, doc.text, options, {
      segments: built.state.segments,
      previous: this.memo,
    });
    this.memo = incremental.memo ?? null;
    this.stats.takenOver += incremental.takenOver ?? 0;
    const checked = api.checkModel(fresh, doc.text, options);
    const findingsDiff = firstDifference(findingsKey(incremental.findings), findingsKey(checked.findings));
    if (incremental.failures.length || checked.failures.length) this.stats.failures++;
    // a fresh parse of the same text: a different tree is tree-sitter's, counted apart
    const reparsed = parsing.parser.parse(doc.text);
    try {
      if (!sameTree(doc.tree, reparsed)) this.stats.parseDifferences++;
    } finally {
      reparsed.delete();
    }
    return modelDiff || findingsDiff ? { model: modelDiff, findings: findingsDiff } : null;
  }

  /** `count` random edits (see randomEdit), half of the time undoing the previous one; the mismatches. */
  fuzz(random, count, onMismatch) {
    const undo = [];
    let last = null;
    for (let i = 0; i < count; i++) {
      const before = this.doc.text;
      let edit;
      if (undo.length && random() < 0.45) edit = undo.pop();
      else {
        edit = randomEdit(random, before, last);
        undo.push({ start: edit.start, end: edit.start + edit.text.length, text: before.slice(edit.start, edit.end) });
      }
      last = edit.start + edit.text.length;
      const mismatch = this.apply([edit]);
      if (mismatch) onMismatch({ edit: i + 1, lastEdit: edit, ...mismatch });
    }
  }

  dispose() {
    this.doc.dispose();
  }
}

/** The `.py` files under `dir` (recursively) of `minBytes` to `maxBytes`, for the fuzz runs over the corpora. */
export function pythonFilesUnder(fs, path, dir, minBytes, maxBytes, out = []) {
  let entries;
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return out;
  }
  for (const e of entries) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) pythonFilesUnder(fs, path, full, minBytes, maxBytes, out);
    else if (e.isFile() && e.name.endsWith(".py")) {
      const size = fs.statSync(full).size;
      if (size >= minBytes && size <= maxBytes) out.push(full);
    }
  }
  return out;
}
