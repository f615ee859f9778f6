import type { Store } from '../store/store.js';
import type { DueTimer } from '../store/timer-repository.js';
import { systemClock, type Clock } from './clock.js';
import type { ItemService } from './item-service.js';
import { Rounds } from './rounds.js';

export interface TimerWorkerOptions {
  /** How often to look for due timers; 0: never by itself (tests call runOnce). */
  intervalMs: number;
  /** How long a claimed timer is this process's: longer than firing one takes, short enough that a dead process's timers are soon taken up. */
  leaseMs?: number;
  /** Timers claimed at a time per county. */
  batch?: number;
}

/** What a round did: timers fired, found stale (their item moved on), and failed (left to the next round). */
export interface TimerRound {
  fired: number;
  stale: number;
  failed: number;
}

const LEASE_MS = 60_000;
const BATCH = 100;

/**
 * Fires the items' due timers (flows/timer-events.ts) as events. Each round claims every
 * county's due timers in batches (store/timer-repository.ts) and fires them one by one through
 * the item service, which records each as the system's event with the timer's key. Timers that
 * fell due while no engine ran are due at the first round after start. Several processes on one
 * PostgreSQL share the timers: a claim skips rows another holds, and a fired timer is gone with
 * the event that fired it. A timer that fails (its item's pack not loaded, the database away) is
 * logged and left: its lease runs out and a later round tries again. It never stops the engine.
 */
export class TimerWorker {
  private readonly rounds: Rounds<TimerRound>;

  constructor(
    private readonly store: Store,
    private readonly items: ItemService,
    private readonly options: TimerWorkerOptions,
    private readonly onError: (error: unknown, timer?: DueTimer) => void,
    private readonly clock: Clock = systemClock,
  ) {
    this.rounds = new Rounds(() => this.round(), { fired: 0, stale: 0, failed: 0 }, (error) => onError(error));
  }

  start(): void {
    this.rounds.start(this.options.intervalMs);
  }

  /** One round now, over every county (joins a round already running). */
  runOnce(): Promise<TimerRound> {
    return this.rounds.runOnce();
  }

  stop(): Promise<void> {
    return this.rounds.stop();
  }

  private async round(): Promise<TimerRound> {
    const done: TimerRound = { fired: 0, stale: 0, failed: 0 };
    const batch = this.options.batch ?? BATCH;
    for (const county of await this.store.counties.listCounties()) {
      for (;;) {
        const due = await this.store.timers.claimDue(county.id, this.clock.now(), this.options.leaseMs ?? LEASE_MS, batch);
        for (const timer of due) await this.fire(county.id, timer, done);
        // A full batch may have more behind it; failed ones stay leased, so the next claim moves past them.
        if (due.length < batch) break;
      }
    }
    return done;
  }

  private async fire(countyId: string, timer: DueTimer, done: TimerRound): Promise<void> {
    try {
      const outcome = await this.items.fireTimer(countyId, timer.itemId, timer.eventType);
      if (outcome === 'stale') await this.store.timers.dropStale(countyId, timer);
      done[outcome] += 1;
    } catch (error) {
      done.failed += 1;
      this.onError(error, timer);
    }
  }
}
