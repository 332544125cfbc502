// The engine as a library (dist/api.js): what the tests and scripts call directly. It runs on
// Node: loading it installs the Node host (files, interpreter, file: URIs).
import { installNodeHost } from "./node/host";

installNodeHost();
export { loadPython } from "./parsing/parser";
export { LineIndex } from "./parsing/lineIndex";
export { ParsedDocument } from "./parsing/parsedDocument";
export { buildModel, buildModelIncrementally } from "./analysis/model";
export { checkModel, checkTree, enabledRules, fixKeepsSyntax, previewRulesOff } from "./engine/check";
export { fixAll } from "./engine/fixAll";
export { applyEdits } from "./core/edits";
export { locate } from "./engine/located";
export { DocumentStore } from "./engine/documentStore";
export { ALL_RULES, ruleByCode } from "./rules";
export { ruleUrl, ruleAnchor, repositoryWebUrl, README_URL, REPOSITORY_URL } from "./rules/docs";
export { DEFAULT_SETTINGS, mergeSettings, parseSettings } from "./config/settings";
export { reviewMarkdown } from "./review/report";
export { addNoqaEdits, suppressionEdit } from "./fixes/noqa";
export { ImportResolver, sharedImportResolver } from "./resolve/importResolver";
export { enclosingScope, findingCode, identify } from "./engine/fingerprint";
export { BaselineError, BaselineMatcher, baselineEntries, parseBaseline, serializeBaseline } from "./engine/baseline";
export { parseUnifiedDiff, unquoteGitPath } from "./node/gitDiff";
export { touchesChange } from "./core/fileChange";
export { newFindings } from "./engine/changeReview";
export { PyreviewServer } from "./lsp/pyreviewServer";
export { SETTINGS } from "./config/settingsTable";
export { vscodeConfiguration, untrustedWorkspaces } from "./config/vscodeManifest";
export { projectConfigFor } from "./config/pyproject";
export { requiresPythonFloor } from "./config/pythonVersion";
export { readSource } from "./node/sourceFile";
export { parseWithin, CLI_PARSE_BUDGET, EDITOR_PARSE_BUDGET } from "./parsing/parseBudget";
export { firstSyntaxError } from "./parsing/syntaxError";
export { matchesAny } from "./config/globs";
export { GitIgnoreRules } from "./config/gitignore";
export { collectFiles } from "./node/files";
export { writeFixed, encodeSource } from "./cli/writeFile";
export * as bindings from "./analysis/bindings";
export { maskMagics, NotebookModule } from "./parsing/notebook";
export { readNotebook, writeNotebook } from "./parsing/notebookJson";
export { checkNotebook, fixNotebook } from "./engine/notebook";
// Libraries the unit tests pin directly
export * as formatStrings from "./analysis/formatStrings";
export * as logMessages from "./analysis/logMessages";
export * as docstrings from "./analysis/docstrings";
export * as timeUnits from "./analysis/timeUnits";
export * as textSearch from "./analysis/textSearch";
// the browser build's own parts, for tests on Node
export * as posixPath from "./core/posixPath";
export { DocumentPaths } from "./browser/documentPaths";
export { RemoteFileSystem } from "./browser/remoteFiles";
