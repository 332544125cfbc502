// Colour for people at a terminal, never for machines: on when standard output is a terminal
// (not TERM=dumb); NO_COLOR (no-color.org) turns it off; FORCE_COLOR turns it on (0 or false: off),
// and wins over NO_COLOR, as in Node.js itself.
import type { Severity } from "../core/types";

export interface Palette {
  path(text: string): string;
  code(text: string, severity: Severity): string;
  fixable(text: string): string;
  dim(text: string): string;
  bold(text: string): string;
}

const sgr =
  (open: string) =>
  (text: string): string =>
    text ? `\x1b[${open}m${text}\x1b[0m` : text;

const SEVERITY_SGR: Record<Severity, (text: string) => string> = {
  error: sgr("1;31"),
  warning: sgr("1;33"),
  information: sgr("1;36"),
  hint: sgr("1;36"),
};

export const PLAIN: Palette = {
  path: (t) => t,
  code: (t) => t,
  fixable: (t) => t,
  dim: (t) => t,
  bold: (t) => t,
};

export const ANSI: Palette = {
  path: sgr("1"),
  code: (t, severity) => SEVERITY_SGR[severity](t),
  fixable: sgr("32"),
  dim: sgr("2"),
  bold: sgr("1"),
};

/** Whether to colour what goes to `stream`. */
export function wantsColour(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): boolean {
  const force = env.FORCE_COLOR;
  if (force !== undefined && force !== "") return force !== "0" && force.toLowerCase() !== "false";
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return false;
  return stream.isTTY === true && env.TERM !== "dumb";
}
