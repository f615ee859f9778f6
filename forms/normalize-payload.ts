/**
 * Makes a payload look the way react-jsonschema-form submits it: an empty string in an
 * object property means "not filled in" and is dropped. Without this a required text
 * field left empty would pass on the server (it has a value, "") but fail in the browser.
 * Returns a new value; the input is not changed.
 *
 * A key named __proto__ (JSON.parse makes it an ordinary key) is dropped too: were it
 * assigned to a copy, it would set the copy's prototype, and its fields would seem present
 * to ajv without ever being stored. It never survived normalising; now that is explicit,
 * so the runtime can hand this copy straight to ajv.
 */
export function normalizePayload(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(normalizePayload);
  if (value !== null && typeof value === 'object') {
    // A spread copy keeps the compact layout V8 gave the parsed JSON; an object rebuilt key by
    // key (out[key] = …) turns into a slow dictionary past a dozen keys, and ajv then reads
    // every field of a long form more slowly. This runs on every submission.
    const out: Record<string, unknown> = { ...value };
    for (const key of Object.keys(out)) {
      const inner = out[key];
      if (inner === '' || inner === undefined || key === '__proto__') delete out[key];
      else if (inner !== null && typeof inner === 'object') out[key] = normalizePayload(inner);
    }
    return out;
  }
  return value;
}
