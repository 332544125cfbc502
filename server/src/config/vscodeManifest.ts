// package.json's settings, derived from the settings table: contributes.configuration (names,
// JSON schemas, defaults, descriptions, scopes) and the Workspace Trust declaration whose
// restrictedConfigurations are the settings that can run code. scripts/settings-manifest.mjs
// writes them into package.json; a test checks that it is current.
import { SETTINGS, SEVERITIES, type SettingSpec } from "./settingsTable";

export const SECTION = "pyreview";

type Schema = Record<string, unknown>;

function schemaOf(spec: SettingSpec): Schema {
  const t = spec.type;
  switch (t.kind) {
    case "boolean":
      return { type: "boolean" };
    case "strings":
      return { type: t.nullable ? ["array", "null"] : "array", items: { type: "string" } };
    case "choice":
      return t.nullable
        ? { type: ["string", "null"], enum: [...t.values, null] }
        : { type: "string", enum: [...t.values] };
    case "number":
      return { type: t.nullable ? ["number", "null"] : "number" };
    case "severities":
      return { type: "object", additionalProperties: { type: "string", enum: [...SEVERITIES] } };
    case "codesByGlob":
      return { type: "object", additionalProperties: { type: "array", items: { type: "string" } } };
    case "interpreter":
    case "folder":
    case "path":
      return { type: "string" };
    case "enableFlag":
      return {
        type: "object",
        properties: { enable: { type: "boolean", description: "Whether it is offered." } },
        additionalProperties: false,
      };
  }
}

function propertyOf(spec: SettingSpec): Schema {
  const { type, ...rest } = schemaOf(spec);
  const bounds = spec.type.kind === "number" ? { minimum: spec.type.minimum, maximum: spec.type.maximum } : {};
  // VS Code shows an empty box for "no interpreter" (or file); the server reads "" as none
  const value =
    spec.type.kind === "interpreter" || spec.type.kind === "path"
      ? (spec.default ?? "")
      : spec.type.kind === "enableFlag"
        ? { enable: spec.default }
        : spec.default;
  return { type, ...rest, default: value, ...bounds, scope: spec.scope, description: spec.description };
}

/** contributes.configuration */
export function vscodeConfiguration(): { title: string; properties: Record<string, Schema> } {
  const properties: Record<string, Schema> = {};
  for (const spec of SETTINGS) if (spec.vscode) properties[`${SECTION}.${spec.vscode}`] = propertyOf(spec);
  return { title: "Pyreview", properties };
}

/** capabilities.untrustedWorkspaces: in Restricted Mode every rule runs, and nothing of the workspace's runs. */
export function untrustedWorkspaces(): {
  supported: "limited";
  description: string;
  restrictedConfigurations: string[];
} {
  return {
    supported: "limited",
    description:
      "In Restricted Mode every rule runs, but nothing is executed: the Python interpreter, dynamic imports and extra module folders are taken only from a trusted workspace.",
    restrictedConfigurations: SETTINGS.filter((s) => s.vscode && s.runsCode !== "never").map(
      (s) => `${SECTION}.${s.vscode}`,
    ),
  };
}
