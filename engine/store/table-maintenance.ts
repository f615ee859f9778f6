import { sql, type Kysely } from 'kysely';

/**
 * The tables every event writes: it appends to events and rewrites its item and the item's
 * counts. A rewrite leaves a dead row version that every lookup of the row walks past until
 * VACUUM removes it, and a table never ANALYZEd keeps the planner's first guess of its size:
 * with 6,000 events of one user, the idempotency lookup took that user's index (cost equal,
 * estimate 1 row) and read all of them, 4.9 ms instead of 0.03, so 64 items taking events
 * without a pause fell from ~300 to ~110 events/s within two minutes. A unit's items grow with
 * its work, and a unit's list picks its plan by them (item-list-query.ts). Timers are replaced when
 * an event arms or cancels them, and the timer worker's due scan walks their dead rows. (Search rows change only
 * with the text, drafts with typing: fewer, and small.)
 */
const REWRITTEN = ['items', 'item_counts', 'events', 'unit_items', 'link_counts', 'timers'] as const;
export type RewrittenTable = (typeof REWRITTEN)[number];

/** As autovacuum's analyze threshold: a table is vacuumed and analyzed past 50 + 10 % of its rows written. */
const THRESHOLD_ROWS = 50;
const THRESHOLD_SHARE = 0.1;

/**
 * Vacuums and analyzes the tables every event writes when no autovacuum does: PGlite has none,
 * and a PostgreSQL server may run with autovacuum off (this machine's does). The engine counts
 * the rows it writes (in one process that is every write on PGlite; on PostgreSQL each process
 * counts its own), and a sweep runs VACUUM (ANALYZE) on each table past the threshold (ANALYZE
 * alone on events: vacuumTable). Both need the tables' owner (store.ts: PGlite switches its one
 * connection's role for it).
 */
export class TableMaintenance {
  private readonly rewritten = new Map<RewrittenTable, number>();
  private timer: NodeJS.Timeout | undefined;
  private sweeping: Promise<RewrittenTable[]> | undefined;

  constructor(
    private readonly owner: {
      /** The table's row count as the planner last saw it (pg_class.reltuples). */
      rows(tables: readonly RewrittenTable[]): Promise<Map<string, number>>;
      vacuum(table: RewrittenTable): Promise<void>;
    },
    private readonly onError: (error: unknown) => void = (error) => console.error(error),
  ) {}

  /** Counts rows the engine wrote (inserted, updated or deleted) in a table. */
  note(table: RewrittenTable, rows = 1): void {
    this.rewritten.set(table, (this.rewritten.get(table) ?? 0) + rows);
  }

  /** Vacuums every table past the threshold; answers which. One sweep at a time. */
  sweep(): Promise<RewrittenTable[]> {
    this.sweeping ??= this.sweepOnce().finally(() => (this.sweeping = undefined));
    return this.sweeping;
  }

  private async sweepOnce(): Promise<RewrittenTable[]> {
    const candidates = REWRITTEN.filter((t) => (this.rewritten.get(t) ?? 0) > THRESHOLD_ROWS);
    if (!candidates.length) return [];
    const rows = await this.owner.rows(candidates);
    const due = candidates.filter((t) => (this.rewritten.get(t) ?? 0) > THRESHOLD_ROWS + THRESHOLD_SHARE * Math.max(0, rows.get(t) ?? 0));
    for (const table of due) {
      // Counted from before the VACUUM: rewrites made while it runs count towards the next one.
      const seen = this.rewritten.get(table) ?? 0;
      await this.owner.vacuum(table);
      this.rewritten.set(table, (this.rewritten.get(table) ?? 0) - seen);
    }
    return due;
  }

  /** Sweeps every intervalMs until stopped; never what keeps the process up. */
  start(intervalMs: number): void {
    if (intervalMs <= 0 || this.timer) return;
    this.timer = setInterval(() => void this.sweep().catch(this.onError), intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.sweeping?.catch(() => undefined);
  }
}

/** The tables' row counts as the planner last saw them, in the connection's current schema. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any connection: the owner's or PGlite's one
export async function plannerRows(owner: Kysely<any>, tables: readonly string[]): Promise<Map<string, number>> {
  const { rows } = await sql<{ name: string; rows: number }>`select c.relname as name, c.reltuples::float8 as rows from pg_class c
    where c.relnamespace = current_schema()::regnamespace and c.relname = any(${[...tables]})`.execute(owner);
  return new Map(rows.map((r) => [r.name, Number(r.rows)]));
}

/**
 * VACUUM (ANALYZE) of a table the engine rewrites; events are only ever appended, so they leave
 * no dead rows and need only ANALYZE, which reads a sample instead of the whole table (on PGlite
 * the one connection waits for it). The name is one of REWRITTEN, never input.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the owner's connection, whatever its typing
export async function vacuumTable(owner: Kysely<any>, table: RewrittenTable): Promise<void> {
  if (table === 'events') await sql`analyze ${sql.id(table)}`.execute(owner);
  else await sql`vacuum (analyze) ${sql.id(table)}`.execute(owner);
}
