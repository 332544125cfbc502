// The oldest Python an installed package declares (`Requires-Python:` in the `*.dist-info/METADATA`
// or `*.egg-info/PKG-INFO` beside it in site-packages): the `requires-python` of code that has no
// pyproject.toml of its own any more. Read once per package folder.
import { files, path } from "../core/host";
import { forgetPackageFolders, topPackageOf } from "./packageFolders";
import { requiresPythonFloor } from "./pythonVersion";

/** Metadata files are small; anything larger is not one. */
const MAX_METADATA_BYTES = 256 * 1024;
const utf8 = new TextDecoder("utf-8");
const byPackage = new Map<string, string | null>();

/** `Foo.Bar-1.0.dist-info` → `foo_bar`: a distribution's name as an import name would spell it. */
function normalName(name: string): string {
  return name.toLowerCase().replace(/[-.]+/g, "_");
}

function readText(file: string): string | null {
  const read = files().readBounded(file, MAX_METADATA_BYTES);
  return read.ok ? utf8.decode(read.bytes) : null;
}

/** Forget the folders' packages and what their metadata said (a workspace's files changed). */
export function forgetInstalledPackages(): void {
  forgetPackageFolders();
  byPackage.clear();
}

/** The `requires-python` floor (`py37`) of the installed distribution that holds `filePath`'s top-level package, or null. */
export function installedPythonFloor(filePath: string): string | null {
  // up to the top-level package: its parent is the folder the metadata sits in
  const dir = topPackageOf(path.dirname(path.resolve(filePath)));
  if (!dir) return null;
  const cached = byPackage.get(dir);
  if (cached !== undefined) return cached;
  const site = path.dirname(dir);
  const pkg = normalName(path.basename(dir));
  let floor: string | null = null;
  for (const [entry, kind] of files().listDirectory(site) ?? []) {
    if (kind !== "dir" || !/\.(?:dist|egg)-info$/.test(entry)) continue;
    const info = path.join(site, entry);
    const dist = normalName(entry.replace(/-.*$|\.(?:dist|egg)-info$/, ""));
    const topLevel = readText(path.join(info, "top_level.txt"));
    const owns = dist === pkg || !!topLevel?.split(/\r?\n/).some((l) => normalName(l.trim()) === pkg);
    if (!owns) continue;
    const metadata = readText(path.join(info, entry.endsWith(".dist-info") ? "METADATA" : "PKG-INFO"));
    const m = metadata && /^Requires-Python:[ \t]*(.+)$/m.exec(metadata);
    floor = m ? requiresPythonFloor(m[1]) : null;
    if (floor) break;
  }
  byPackage.set(dir, floor);
  return floor;
}
