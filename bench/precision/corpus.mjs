// The corpus projects of bench/precision/projects.json and pyreview's findings on them.
import { execFileSync, spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import * as path from "node:path";

const here = path.dirname(new URL(import.meta.url).pathname);
const repo = path.resolve(here, "../..");
const config = JSON.parse(readFileSync(path.join(here, "projects.json"), "utf8"));
const roots = new Map();

/**
 * The dist-packages folder of a corpus: "openstack" and "wide" are unpacked by ../shared/tools/corpus.sh,
 * others by the repository script projects.json names for them (corpora).
 */
export function corpusRoot(corpus) {
  let root = roots.get(corpus);
  if (!root) {
    const own = config.corpora[corpus]?.startsWith("bench/") ? config.corpora[corpus].split(" ") : null;
    const script = own ? path.join(repo, own[0]) : path.resolve(repo, "..", "shared", "tools", "corpus.sh");
    const args = own ? [script, ...own.slice(1)] : [script, corpus];
    root = execFileSync("bash", args, { encoding: "utf8" }).trim().split("\n").pop();
    roots.set(corpus, root);
  }
  return root;
}

/** The corpora projects.json names ("openstack", "wide", "c"). */
export function corpusNames() {
  return Object.keys(config.corpora);
}

/** The projects of a set: [{ name, folders: [absolute paths], corpusRoot }]. */
export function projectsOf(set) {
  const projects = config.sets[set];
  if (!projects) throw new Error(`unknown set ${set}: ${Object.keys(config.sets).join(", ")}`);
  return Object.entries(projects).map(([name, parts]) => {
    const folders = parts.map((p) => {
      const [corpus, folder] = p.split(":");
      return { root: corpusRoot(corpus), folder: path.join(corpusRoot(corpus), folder) };
    });
    return { name, folders };
  });
}

/**
 * pyreview's findings (check --format json) on a project, with path relative to its corpus and the
 * source line: every rule, the preview ones too (a build from before stop 20 knows no --preview:
 * pass extra = []).
 */
export function runCheck(project, cli = path.join(repo, "dist", "cli.js"), extra = ["--preview"]) {
  const out = [];
  for (const { root, folder } of project.folders) {
    // status 2 says some files were not checked (E902, E999): their records are not findings
    const run = spawnSync("node", [cli, "check", "--format", "json", "--exit-zero", ...extra, folder], {
      encoding: "utf8",
      maxBuffer: 1 << 30,
      stdio: ["ignore", "pipe", "ignore"],
    });
    if (run.status !== 0 && run.status !== 2) throw new Error(`pyreview check ${folder}: status ${run.status}`);
    const sources = new Map();
    for (const f of JSON.parse(run.stdout)) {
      if (/^E9\d\d$/.test(f.code)) continue;
      let lines = sources.get(f.path);
      if (!lines) sources.set(f.path, (lines = readFileSync(f.path, "utf8").split(/\r\n|\r|\n/)));
      out.push({
        project: project.name,
        path: path.relative(root, f.path),
        line: f.line,
        column: f.column,
        code: f.code,
        message: f.message,
        text: (lines[f.line - 1] ?? "").trim(),
      });
    }
  }
  return out;
}
