import type { LocalizedText } from '../../forms/index.js';

/** A county: the tenant. Everything else belongs to exactly one. */
export interface County {
  id: string;
  name: LocalizedText;
}

/** A county as the operator manages it: with whether it is disabled, and since when. */
export interface ManagedCounty extends County {
  createdAt: Date;
  disabledAt: Date | null;
}
