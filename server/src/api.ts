// The engine as a library (dist/api.js): what the tests and scripts call directly.
export { loadPython } from "./parsing/parser";
export { LineIndex } from "./parsing/lineIndex";
export { ParsedDocument } from "./parsing/parsedDocument";
export { buildModel } from "./analysis/model";
export { checkTree, enabledRules, fixKeepsSyntax } from "./engine/check";
export { fixAll } from "./engine/fixAll";
export { applyEdits } from "./core/edits";
export { locate } from "./engine/located";
export { DocumentStore } from "./engine/documentStore";
export { ALL_RULES, ruleByCode } from "./rules";
export { ruleUrl, ruleAnchor } from "./rules/docs";
export { DEFAULT_SETTINGS, mergeSettings, parseSettings } from "./config/settings";
export { reviewMarkdown } from "./review/report";
export { suppressionEdit } from "./fixes/noqa";
export { ImportResolver, sharedImportResolver } from "./resolve/importResolver";
// Libraries the unit tests pin directly
export * as formatStrings from "./analysis/formatStrings";
export * as logMessages from "./analysis/logMessages";
export * as docstrings from "./analysis/docstrings";
export * as timeUnits from "./analysis/timeUnits";
export * as textSearch from "./analysis/textSearch";
