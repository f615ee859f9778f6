/**
 * Background work done in rounds (firing timers, running duties, delivering the outbox): on an
 * interval that never keeps the process alive, or at once on demand (tests, and the first round
 * at start). A round asked for while one runs joins it, so rounds never overlap in a process;
 * a failed round is reported and answered with `idle`, and the next tick tries again.
 */
export class Rounds<T> {
  private interval: NodeJS.Timeout | undefined;
  private running: Promise<T> | undefined;

  constructor(
    private readonly round: () => Promise<T>,
    private readonly idle: T,
    private readonly onError: (error: unknown) => void,
  ) {}

  /** Runs a round now and then every intervalMs; 0 or less: only when asked (runOnce). */
  start(intervalMs: number, { now = true } = {}): void {
    if (intervalMs <= 0 || this.interval) return;
    if (now) void this.runOnce();
    this.interval = setInterval(() => void this.runOnce(), intervalMs);
    this.interval.unref();
  }

  runOnce(): Promise<T> {
    this.running ??= this.round()
      .catch((error) => {
        this.onError(error);
        return this.idle;
      })
      .finally(() => (this.running = undefined));
    return this.running;
  }

  /** Stops the interval and waits for a round under way. */
  async stop(): Promise<void> {
    clearInterval(this.interval);
    this.interval = undefined;
    await this.running;
  }
}
