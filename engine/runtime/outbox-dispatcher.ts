import { isRecipientSpec } from '../domain/outbox-message.js';
import { Rounds } from './rounds.js';
import type { ClaimedMessage } from '../store/outbox-repository.js';
import type { Store } from '../store/store.js';
import { systemClock, type Clock } from './clock.js';
import type { NotificationChannel } from './notification-channel.js';

export interface OutboxDispatcherOptions {
  /** Every channel a message goes to; the engine's always include the in-app one. */
  channels: NotificationChannel[];
  /** How often to look for due messages; 0 turns the timer off (tests call runOnce). */
  intervalMs: number;
  /** A failed round, claim or delivery: logged, and retried later; it never stops the engine. */
  onError: (error: unknown, what: string) => void;
  clock?: Clock;
  /** Messages claimed at a time per county. */
  batchSize?: number;
  /** How long a claimed message is this dispatcher's: past it, another process may claim it again. */
  leaseMs?: number;
  /** How long a channel may take with one message before it counts as failed (kept under the lease). */
  channelTimeoutMs?: number;
}

/** What one round did. */
export interface DispatchRound {
  /** Messages every channel took. */
  delivered: number;
  /** Messages a channel failed with: due again after their backoff. */
  failed: number;
}

const BATCH_SIZE = 50;
const LEASE_MS = 2 * 60_000;
const CHANNEL_TIMEOUT_MS = 60_000;
const FIRST_RETRY_MS = 30_000;
const LONGEST_RETRY_MS = 60 * 60_000;

/**
 * How long after its n-th failed attempt a message is tried again: 30 s, doubling, at most an
 * hour. A message is never given up on (at least once); its last error stays on its row.
 */
export function retryDelayMs(attempts: number): number {
  return Math.min(FIRST_RETRY_MS * 2 ** Math.max(0, attempts - 1), LONGEST_RETRY_MS);
}

/**
 * Delivers the outbox: at an interval, county by county, claims the messages that are due,
 * resolves their recipients against the directory, hands each message to every channel that
 * has not taken it yet, and records it delivered when all have — or, when one failed, when to
 * try again. Several engine processes on one PostgreSQL each run one: a claim is a lease that
 * skips rows another is claiming (outbox-repository.ts), so each message is worked on by one at
 * a time, and a process that dies mid-delivery leaves its messages due again when the lease ends.
 * Like the checkpoint scheduler, a failed round is logged and the next tick tries again.
 */
export class OutboxDispatcher {
  private readonly rounds: Rounds<DispatchRound>;
  private stopping = false;
  private readonly clock: Clock;
  private readonly batchSize: number;
  private readonly leaseMs: number;
  private readonly channelTimeoutMs: number;

  constructor(
    private readonly store: Store,
    private readonly options: OutboxDispatcherOptions,
  ) {
    const names = options.channels.map((c) => c.name);
    const repeated = names.find((name, i) => names.indexOf(name) !== i);
    if (repeated) throw new Error(`two notification channels are named ${repeated}: the outbox tells them apart by name`);
    this.clock = options.clock ?? systemClock;
    this.batchSize = options.batchSize ?? BATCH_SIZE;
    this.leaseMs = options.leaseMs ?? LEASE_MS;
    this.channelTimeoutMs = Math.min(options.channelTimeoutMs ?? CHANNEL_TIMEOUT_MS, this.leaseMs);
    this.rounds = new Rounds(() => this.round(), { delivered: 0, failed: 0 }, (error) => options.onError(error, 'outbox round failed'));
  }

  get channels(): readonly NotificationChannel[] {
    return this.options.channels;
  }

  start(): void {
    this.rounds.start(this.options.intervalMs, { now: false });
  }

  /** One round now: every due message of every county in service (joins a round already running). */
  runOnce(): Promise<DispatchRound> {
    return this.rounds.runOnce();
  }

  /** Stops the timer and waits for a round under way, which stops after its current batch. */
  async stop(): Promise<void> {
    this.stopping = true;
    await this.rounds.stop();
  }

  private async round(): Promise<DispatchRound> {
    const done: DispatchRound = { delivered: 0, failed: 0 };
    // A disabled county's messages wait: its people cannot sign in, and are not texted either.
    for (const { id: countyId } of await this.store.counties.listCounties()) {
      try {
        // Until a batch comes back short: a backlog drains in one round, batch by batch.
        for (let full = true; full && !this.stopping; ) {
          const now = this.clock.now();
          const claimed = await this.store.outbox.claim(countyId, now, new Date(now.getTime() + this.leaseMs), this.batchSize);
          full = claimed.length === this.batchSize;
          for (const message of claimed) done[(await this.deliver(message)) ? 'delivered' : 'failed']++;
        }
      } catch (error) {
        this.options.onError(error, `outbox of county ${countyId} failed`);
      }
    }
    return done;
  }

  /** Hands one message to the channels that have not taken it; true when every channel now has. */
  private async deliver(message: ClaimedMessage): Promise<boolean> {
    const { countyId, id } = message;
    const taken = new Set(message.channelsDone);
    const errors: string[] = [];
    try {
      const recipients = await this.store.recipients.resolve(countyId, message.recipients.filter(isRecipientSpec));
      // No one to tell (a unit with no active member, say): nothing for any channel to do.
      const pending = recipients.length ? this.options.channels.filter((c) => !taken.has(c.name)) : [];
      const delivery = { ...message, recipients, attempt: message.attempts };
      const results = await Promise.allSettled(pending.map((channel) => this.withTimeout(channel.name, channel.deliver(delivery))));
      results.forEach((result, i) => {
        if (result.status === 'fulfilled') taken.add(pending[i].name);
        else errors.push(`${pending[i].name}: ${describe(result.reason)}`);
      });
    } catch (error) {
      errors.push(describe(error));
    }
    const now = this.clock.now();
    if (!errors.length) {
      await this.store.outbox.delivered(countyId, id, [...taken], now);
      return true;
    }
    this.options.onError(new Error(errors.join('; ')), `outbox message ${id} of county ${countyId} not delivered (attempt ${message.attempts})`);
    await this.store.outbox.failed(countyId, id, [...taken], new Date(now.getTime() + retryDelayMs(message.attempts)), errors.join('; ').slice(0, 2000));
    return false;
  }

  /** A channel that takes too long counts as failed, before its lease could run out and another process deliver the message too. */
  private withTimeout(name: string, delivering: Promise<void>): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`channel ${name} took longer than ${this.channelTimeoutMs} ms`)), this.channelTimeoutMs);
      timer.unref();
    });
    return Promise.race([delivering, timeout]).finally(() => clearTimeout(timer));
  }
}

const describe = (error: unknown) => (error instanceof Error ? error.message : String(error));
