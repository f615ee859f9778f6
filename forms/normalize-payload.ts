/**
 * Makes a payload look the way react-jsonschema-form submits it: an empty string in an
 * object property means "not filled in" and is dropped. Without this a required text
 * field left empty would pass on the server (it has a value, "") but fail in the browser.
 * Returns a new value; the input is not changed.
 */
export function normalizePayload(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(normalizePayload);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) {
      if (inner === '' || inner === undefined) continue;
      out[key] = normalizePayload(inner);
    }
    return out;
  }
  return value;
}
