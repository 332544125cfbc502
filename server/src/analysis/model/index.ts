// The module model: one pass over a syntax tree, facts per definition, call, import and
// statement, lazily computed queries. See builder.ts for the pass, moduleModel.ts for the queries.
export { buildModel, buildModelIncrementally } from "./builder";
export type { ModelState } from "./segments";
export { CallInfo } from "./calls";
export {
  ClassInfo,
  type Context,
  type DecoratorInfo,
  FunctionInfo,
  type ParameterInfo,
  type RaiseInfo,
} from "./definitions";
export { AssignmentInfo, type CommentInfo, type WithItemInfo } from "./facts";
export { type ImportedName, ImportInfo } from "./imports";
export { ModuleModel } from "./moduleModel";
