// Lazily computed, memoised properties: the model computes a fact the first time a rule asks.

/** Memoises a lazily computed property on first access. */
export function once<T>(self: object, key: string, compute: () => T): T {
  const value = compute();
  Object.defineProperty(self, key, { value, enumerable: true });
  return value;
}
