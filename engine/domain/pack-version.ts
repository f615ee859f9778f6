/** A published pack version: immutable content with its hash. */
export interface PublishedPackVersion {
  countyId: string;
  packId: string;
  version: string;
  /** The whole pack as loaded: manifest, forms, flows, station types, evaluations. */
  content: unknown;
  hash: string;
  publishedAt: Date;
}

/** A published version as lists name it: everything but its content. */
export type StoredPackVersion = Omit<PublishedPackVersion, 'content'>;
