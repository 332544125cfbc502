// In the browser there is no Python to run: modules are found in the workspace only, and a
// message about a module that is not there says so instead of naming an interpreter's answer.
import type { PythonRuntime } from "../core/host";
import { emptyInfo } from "../resolve/interpreterInfo";

export const NO_INTERPRETER = "none in the browser: only the workspace's own modules are searched";

export const noInterpreter: PythonRuntime = {
  info: (command) => emptyInfo(command, NO_INTERPRETER),
  warm: () => Promise.resolve(),
  forget: () => {},
  dynamicExports: () => ({ ok: false, error: "modules cannot be imported in the browser" }),
};
