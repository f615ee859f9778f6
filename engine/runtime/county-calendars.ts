import { EngineError } from '../errors/engine-error.js';
import { WorkingCalendar, type CalendarEntry } from '../domain/working-calendar.js';
import { CalendarListener } from '../store/calendar-notices.js';
import type { Store } from '../store/store.js';

/**
 * How long after an edit its entries begin to count. Deadlines are computed in memory, in
 * whichever engine process handles the event, as of the event's instant; the item log is later
 * replayed with the calendar from the database as of that same instant. Were an entry to count
 * from the moment it is written, a process that has not yet heard of it (the notice is on its
 * way, or the edit is still being committed) would compute a deadline the replay then disputes.
 * Entries therefore count from a moment every process has heard of them by: notices arrive within
 * milliseconds, and a process that has been out of touch for half this long refuses to compute
 * (CALENDAR_NOT_CURRENT) until it has reloaded.
 */
export const CALENDAR_NOTICE_MS = 10_000;

/** How long a process may be out of touch before its calendars are taken for stale. */
const OUT_OF_TOUCH_MS = CALENDAR_NOTICE_MS / 2;
const RELOAD_RETRY_MS = 1000;

/**
 * Every county's working calendar, in memory: deadlines ask for one synchronously in the hot path
 * of an event (`of`). Loaded at start; this process's edits are added as they are committed
 * (`recorded`).
 *
 * Other processes on one PostgreSQL: they hear of edits by LISTEN/NOTIFY (store/calendar-notices.ts),
 * as pack registries do (store/pack-notices.ts), and reload that county. Chosen over reloading on
 * an interval because it is both cheaper and tighter: row-level security lets a process read a
 * county's entries only county by county, so an interval reload costs a query per county every
 * few seconds, and would still need the same "counts only after CALENDAR_NOTICE_MS" rule to be
 * correct. With notices, a process knows when it may have missed one (its listening connection
 * dropped) and refuses to compute until it has reloaded everything.
 *
 * On PGlite the database belongs to this one process: every edit goes through `recorded`.
 */
export class CountyCalendars {
  private readonly calendars = new Map<string, WorkingCalendar>();
  /** Since when (wall clock, ms) this process may have missed an edit; undefined while in touch. */
  private outOfTouchSince: number | undefined;
  /** Each county's reloads one after another, so an older answer never replaces a newer one. */
  private readonly reloads = new Map<string, Promise<void>>();
  private listener: CalendarListener | undefined;
  private retry: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(private readonly store: Store) {}

  /**
   * A county's calendar, history included (ask it as of the instant that counts). A county that
   * declared nothing has the weekday rule. CALENDAR_NOT_CURRENT when this process may have missed
   * an edit: a deadline computed now could differ from its replay.
   */
  of(countyId: string): WorkingCalendar {
    if (this.outOfTouchSince !== undefined && Date.now() - this.outOfTouchSince > OUT_OF_TOUCH_MS) throw new EngineError('CALENDAR_NOT_CURRENT');
    return this.calendars.get(countyId) ?? EMPTY;
  }

  /** Loads every county's calendar (disabled counties too: one may be enabled again). */
  async loadAll(): Promise<void> {
    const counties = await this.store.counties.listManagedCounties();
    for (const { id } of counties) await this.reload(id);
  }

  /**
   * Loads everything, then listens for other processes' edits (PostgreSQL). Listening starts
   * first and each (re)connection reloads everything, so no edit falls between the two.
   */
  async start(listen?: { connectionString: string; schema: string; onError: (error: unknown) => void }): Promise<void> {
    if (!listen) return this.loadAll();
    this.listener = await CalendarListener.start({
      ...listen,
      onNotice: (countyId) => void this.reload(countyId).catch((error) => this.missed(error, listen.onError)),
      onListening: () => this.loadAll().then(() => this.backInTouch()),
      onDisconnected: () => this.outOfTouch(),
    });
  }

  /** Entries this process has just committed (calendar-repository.ts): they count for its next computation. */
  recorded(countyId: string, entries: readonly CalendarEntry[]): void {
    this.calendars.set(countyId, (this.calendars.get(countyId) ?? EMPTY).withEntries(entries));
  }

  /** Reads a county's whole history again and puts it in place. */
  reload(countyId: string): Promise<void> {
    const previous = this.reloads.get(countyId) ?? Promise.resolve();
    const next = previous
      .catch(() => undefined)
      .then(async () => {
        const entries = await this.store.calendar.all(countyId);
        this.calendars.set(countyId, new WorkingCalendar(entries.map(({ recordedBy: _, ...entry }) => entry)));
      });
    this.reloads.set(countyId, next);
    void next.finally(() => {
      if (this.reloads.get(countyId) === next) this.reloads.delete(countyId);
    }).catch(() => undefined);
    return next;
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.retry);
    await this.listener?.close();
  }

  private outOfTouch(): void {
    this.outOfTouchSince ??= Date.now();
  }

  private backInTouch(): void {
    this.outOfTouchSince = undefined;
  }

  /** A notice heard but its county not reloaded: out of touch until everything is reloaded. */
  private missed(error: unknown, onError: (error: unknown) => void): void {
    onError(error);
    this.outOfTouch();
    if (this.closed || this.retry) return;
    this.retry = setTimeout(() => {
      this.retry = undefined;
      this.loadAll()
        .then(() => this.backInTouch())
        .catch((again) => this.missed(again, onError));
    }, RELOAD_RETRY_MS);
  }
}

const EMPTY = new WorkingCalendar();
