// SUP001: a `# noqa` / `# nosec` for pyreview that suppresses nothing (ruff's RUF100). It runs
// after every other rule: the engine hands it what each line's suppressions silenced. Other
// tools' codes (and pyreview's aliases of them, and bare directives, which every tool reads) are
// theirs unless `unused-suppression.other-tools` says those tools no longer run.
import { inDeadBranch } from "../analysis/deadBranches";
import type { SuppressionDirective, SuppressionToken } from "../analysis/suppression";
import { removeSuppressionEdit } from "../fixes/noqa";
import type { Rule } from "./types";

const SELF = new Set(["SUP001", "UNUSED-SUPPRESSION"]);

function spelled(text: string, d: SuppressionDirective): string {
  return text.slice(d.start, d.end);
}

export const unusedSuppression: Rule = {
  meta: {
    code: "SUP001",
    commentBlind: true,
    name: "unused-suppression",
    category: "suppression",
    reviewPoint: null,
    preview: false,
    severity: "information",
    fixable: "always",
    runsLast: true,
    summary: "A `# noqa` or `# nosec` names a pyreview rule that reports nothing on its line.",
    rationale:
      "A suppression outlives the finding it silenced: once the code is fixed, it silences the next real problem on that line without anyone deciding so, and it tells readers there is a problem where there is none. " +
      "Codes of other tools are left alone (pyreview cannot tell whether flake8 or Bandit still needs them), unless `unused-suppression.other-tools` is on.",
    example: "LOG = logging.getLogger(__name__)  # noqa: LOG002\n\nLOG.info('started')",
    useInstead: "LOG = logging.getLogger(__name__)\n\nLOG.info('started')",
  },
  check({ model, text, settings, suppressions, report, unchecked }) {
    if (!suppressions?.lines.size) return;
    if (model.hasSyntaxErrors) {
      // findings near the error may be missing: their suppressions would look unused
      unchecked("the file has a syntax error: unused suppressions are not judged");
      return;
    }
    const otherTools = settings.unusedSuppressionOtherTools;
    for (const [line, s] of suppressions.lines) {
      const comment = { start: s.comment.node.startIndex, end: s.comment.node.endIndex };
      if (inDeadBranch(model, comment.start)) continue;
      const used = suppressions.used.get(line);
      for (const d of [s.noqa, s.nosecDirective]) {
        if (!d) continue;
        if (d.bare) {
          if (!otherTools || used?.has(`${d.kind}:*`)) continue;
          report({
            start: d.start,
            end: d.end,
            message: `\`${spelled(text, d)}\` suppresses nothing pyreview reports on this line (other tools' suppressions are judged: unused-suppression.other-tools).`,
            fixes: [
              {
                title: `Remove \`${spelled(text, d)}\``,
                safe: true,
                edits: [removeSuppressionEdit(text, comment, d, "all")],
              },
            ],
          });
          continue;
        }
        const unused: SuppressionToken[] = [];
        for (const t of d.tokens) {
          const mark = `${d.kind}:${t.key}`;
          if (SELF.has(t.key) || used?.has(mark)) continue;
          const ours = suppressions.vocabulary.get(mark);
          if (ours) {
            // a rule that did not run here (not selected, a test file, it failed) cannot be judged
            if (!suppressions.ran.has(ours.code) || (ours.shared && !otherTools)) continue;
          } else if (!otherTools) continue;
          unused.push(t);
        }
        if (!unused.length) continue;
        const names = unused.map((t) => `\`${t.text}\``).join(", ");
        const all = unused.length === d.tokens.length;
        report({
          start: all ? d.start : unused[0].start,
          end: all ? d.end : unused[unused.length - 1].end,
          message: all
            ? `\`${spelled(text, d)}\` suppresses nothing: no ${names} finding on this line.`
            : `${names} in \`${spelled(text, d)}\` ${unused.length === 1 ? "suppresses" : "suppress"} nothing on this line.`,
          fixes: [
            {
              title: all ? `Remove \`${spelled(text, d)}\`` : `Remove ${names} from the ${d.kind}`,
              safe: true,
              edits: [removeSuppressionEdit(text, comment, d, unused)],
            },
          ],
        });
      }
    }
  },
};
