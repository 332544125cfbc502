// A decoder beside the encoder that wrote its data (SEC003): `decodeargs` beside `encodeargs`,
// a store's `get_many` or `__getitem__` beside the `_base_set` or `__setitem__` that `dumps`
// what it stores, a column type's `to_python` beside its `from_python` (or `get_prep_value`). What the class itself encoded is its own serialization.
import type { FunctionInfo, ModuleModel } from "./model";

/** Decoder name parts and the encoder's for each (`decodeargs` ↔ `encodeargs`, `loads_state` ↔ `dumps_state`). */
const COUNTERPARTS: Array<[RegExp, string]> = [
  [/decode/, "encode"],
  [/deserializ/, "serializ"],
  [/unpickl/, "pickl"],
  [/unmarshal/, "marshal"],
  [/load/, "dump"],
  [/^from_/, "to_"],
  [/getitem/, "setitem"],
  // a database column type's pair: the value read back from the column, and the one written to it
  // (SQLObject's validators, peewee's and Django's fields)
  [/^to_python$/, "from_python"],
  [/^to_python$/, "get_prep_value"],
  [/^from_db_value$/, "get_prep_value"],
  [/^python_value$/, "db_value"],
];

/** Words of a reading method and those of the writing methods that pair with it (`get_many` ↔ `_base_set`). */
const WORD_COUNTERPARTS = new Map([
  ["get", ["set"]],
  ["getitem", ["setitem"]],
  ["fetch", ["store"]],
  ["load", ["dump", "save", "store"]],
  ["loads", ["dumps"]],
  ["decode", ["encode"]],
  ["deserialize", ["serialize"]],
]);

/** `_base_set` → base, set; `getEnvelope` → get, envelope; `__getitem__` → getitem. */
function words(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .toLowerCase()
    .split("_")
    .filter(Boolean);
}

/** Does the class (or module) of `fn` define the encoder that pairs with it, serializing with `dumps`/`dump`? */
export function hasEncoder(model: ModuleModel, fn: FunctionInfo): boolean {
  const siblings = model.functions.filter(
    (f) => f !== fn && f.parentClass === fn.parentClass && f.parentFunction === fn.parentFunction,
  );
  const encodes = (f: FunctionInfo): boolean => /\.dumps?\(/.test(f.body.text);
  for (const [part, encoder] of COUNTERPARTS) {
    if (!part.test(fn.name)) continue;
    const name = fn.name.replace(part, encoder);
    if (siblings.some((f) => f.name === name && encodes(f))) return true;
  }
  const pairs = words(fn.name).flatMap((w) => WORD_COUNTERPARTS.get(w) ?? []);
  if (!pairs.length) return false;
  return siblings.some((f) => words(f.name).some((w) => pairs.includes(w)) && encodes(f));
}
