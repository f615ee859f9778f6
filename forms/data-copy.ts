/**
 * A deep copy of form data (JSON values). Keys are defined, not assigned, so a field named
 * __proto__ stays a field and never becomes an object's prototype.
 */
export function copyData<T>(value: T): T {
  if (Array.isArray(value)) return value.map(copyData) as T;
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) setOwn(out, key, copyData(inner));
  return out as T;
}

/** Sets a property as an own data property, whatever its name. */
export function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}
