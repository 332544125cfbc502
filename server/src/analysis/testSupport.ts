// Test-support code that the test-file patterns miss: a library's own `testing/` package
// (assertion helpers, pytest plugins, fixtures) and modules that plug into it (a dialect's
// provisioning hooks importing `...testing.provision`). Production code does not import a test
// package, so such an import at module level says what the module is for.
import type { ModuleModel } from "./model";

/** Package folders that hold a library's test support, by convention (`numpy.testing`, `pandas._testing`). */
const TEST_SUPPORT_DIR = /^_?testing$/;
/**
 * Module paths whose import marks a module as test support: pytest itself, or a module inside a
 * `testing`/`tests` package (`...testing.provision`). Not the package itself: an application
 * offering its users a test client imports `.testing` for that.
 */
const TEST_MODULE = /^(?:_?pytest|nose2?)(?:\.|$)|(?:^|\.)(?:_?testing|tests)\.\w/;

/** Is the file in a `testing/` package below `root` (the project)? */
export function inTestSupportPackage(path: string | null, root: string | null): boolean {
  if (!path) return false;
  const normal = path.replace(/\\/g, "/");
  const base = root?.replace(/\\/g, "/").replace(/\/+$/, "");
  // (folders above the project's root say nothing about the project's code)
  const rel = base && normal.startsWith(`${base}/`) ? normal.slice(base.length + 1) : normal;
  return rel
    .split("/")
    .slice(0, -1)
    .some((d) => TEST_SUPPORT_DIR.test(d));
}

/** Is the file in a `testing/` package below `root` (the project), or does it import a test package at module level? */
export function isTestSupport(model: ModuleModel, path: string | null, root: string | null): boolean {
  if (inTestSupportPackage(path, root)) return true;
  for (const imp of model.imports) {
    if (imp.context.fn || imp.context.cls) continue;
    if (imp.kind === "from") {
      if (TEST_MODULE.test(imp.module)) return true;
    } else if (imp.names.some((n) => TEST_MODULE.test(n.name))) return true;
  }
  return false;
}
