/**
 * What the store needs of the record's keys (engine/record/record-keys.ts): a migration seals the
 * events written before seals existed, and opening a database checks it was sealed with this key.
 * Declared here so that the store does not reach up into record/.
 */
export interface RecordSealer {
  /** The seal of an event's hash. */
  seal(hash: string): string;
  /** The public key that verifies the record's signed checkpoints. */
  readonly publicKeyPem: string;
}
