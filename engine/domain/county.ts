import type { LocalizedText } from '../../forms/index.js';

/** A county: the tenant. Everything else belongs to exactly one. */
export interface County {
  id: string;
  name: LocalizedText;
}
