import { isOnlyAuditor } from '../auth/read-only.js';
import { EngineError } from '../errors/engine-error.js';
import type { Draft } from '../domain/draft.js';
import type { User } from '../domain/user.js';
import type { Store } from '../store/store.js';
import { systemClock, type Clock } from './clock.js';

/** A draft is a half-filled form, not a document: this bounds what a user can park on the server. */
export const DRAFT_MAX_BYTES = 200 * 1024;

/**
 * The keys a draft may have: only the two kinds of form there are, an item's start form
 * (start:<packId>:<flowId>) and an event's form (event:<itemId>:<EVENT_TYPE>).
 */
export const DRAFT_KEY_PATTERN = '^(start:[a-z][a-z0-9-]{1,62}:[a-z][a-z0-9-]{1,62}|event:[A-Za-z0-9-]{1,64}:[A-Z][A-Z0-9_]{0,62})$';
export const DRAFT_KEY_MAX_LENGTH = 200;

/**
 * Drafts of forms, saved as the user types so a reload or another device finds them. Each user
 * reaches only their own; the engine clears a draft when its item is created or its event
 * accepted (item-service). Auditors change nothing, drafts included.
 */
export class DraftService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock = systemClock,
  ) {}

  async get(user: User, key: string): Promise<Draft> {
    const draft = await this.store.drafts.get(user.countyId, user.id, key);
    if (!draft) throw new EngineError('DRAFT_NOT_FOUND', { key });
    return draft;
  }

  /** Replaces the user's draft under this key; the payload is not validated, only bounded. */
  async save(user: User, key: string, payload: Record<string, unknown>): Promise<Draft> {
    if (isOnlyAuditor(user)) throw new EngineError('AUDITOR_READ_ONLY');
    if (Buffer.byteLength(JSON.stringify(payload)) > DRAFT_MAX_BYTES) throw new EngineError('DRAFT_TOO_LARGE', { maxBytes: DRAFT_MAX_BYTES });
    return this.store.drafts.put(user.countyId, user.id, key, payload, this.clock.now());
  }

  /** Discards the draft; none there is no error. */
  async discard(user: User, key: string): Promise<void> {
    await this.store.drafts.delete(user.countyId, user.id, key);
  }
}
