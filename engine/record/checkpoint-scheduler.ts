import { systemClock, type Clock } from '../runtime/clock.js';
import type { Store } from '../store/store.js';
import { takeCheckpoints } from './checkpoints.js';
import type { RecordKeys } from './record-keys.js';

/**
 * Signs checkpoints of every county at a fixed interval, and once more when the engine stops,
 * so the window in which a cut of the newest events could go unseen is at most one interval.
 * A failed round is logged and retried at the next tick; it never stops the engine.
 */
export class CheckpointScheduler {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(
    private readonly store: Store,
    private readonly keys: RecordKeys,
    private readonly intervalMs: number,
    private readonly onError: (error: unknown) => void,
    private readonly clock: Clock = systemClock,
  ) {}

  start(): void {
    if (this.intervalMs <= 0 || this.timer) return;
    this.timer = setInterval(() => void this.runOnce(), this.intervalMs);
    this.timer.unref();
  }

  /** One round now (joins a round already running). */
  runOnce(): Promise<void> {
    this.running ??= takeCheckpoints(this.store, this.keys, this.clock.now())
      .then(() => undefined, this.onError)
      .finally(() => (this.running = undefined));
    return this.running;
  }

  /** Stops the timer and, when it was running, signs a last checkpoint. */
  async stop(): Promise<void> {
    if (!this.timer) return;
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
    await this.runOnce();
  }
}
