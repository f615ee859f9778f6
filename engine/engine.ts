import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import { buildApp } from './app.js';
import type { TrustProxy } from './http/trust-proxy.js';
import type { PackProblem } from './packs/pack-content.js';
import { publishPack, loadPublishedPacks, loadPublishedVersion } from './runtime/pack-publisher.js';
import { CheckpointScheduler } from './record/checkpoint-scheduler.js';
import { TimerWorker } from './runtime/timer-worker.js';
import { DutyScheduler } from './runtime/duty-scheduler.js';
import { ItemService } from './runtime/item-service.js';
import { InAppChannel } from './runtime/in-app-channel.js';
import type { NotificationChannel } from './runtime/notification-channel.js';
import { OutboxDispatcher } from './runtime/outbox-dispatcher.js';
import { RecordKeys } from './record/record-keys.js';
import { systemClock, type Clock } from './runtime/clock.js';
import { readPackFolders } from './packs/pack-reader.js';
import { PackRegistry } from './packs/pack-registry.js';
import { seedDemo } from './seed/demo-seed.js';
import { loginAs, Store, type StoreOptions } from './store/store.js';
import { PackListener } from './store/pack-notices.js';
import { CountyCalendars } from './runtime/county-calendars.js';
import { DEFAULT_APP_ROLE } from './store/database-roles.js';
import { sql } from 'kysely';

export interface EngineOptions extends StoreOptions {
  /** The 32-byte secret the record's seals and checkpoint signatures derive from (record/record-keys.ts). */
  signingSecret: Buffer;
  /** How often to sign county checkpoints; 0 turns the timer off (tests take them explicitly). */
  checkpointIntervalMs?: number;
  /** How often to check for tables due a VACUUM where no autovacuum runs (default 10 s; 0: never, tests sweep explicitly). */
  maintenanceIntervalMs?: number;
  /** Folder of county packs to publish at start (workflows/packs). */
  packsDir?: string;
  /** Create the demo counties and accounts. */
  seed?: boolean;
  logger?: boolean;
  /** Folder of the built web app to serve (dist/designer). */
  webRoot?: string;
  /** Which proxies' X-Forwarded-* headers to believe (TRUST_PROXY). */
  trustProxy?: TrustProxy;
  /** Where the engine reads the time; the wall clock by default (tests pass a TestClock). */
  clock?: Clock;
  /** How often to fire due timers (deadlines, reminders, escalation); 0 turns the worker's own rounds off (tests run them). */
  timerIntervalMs?: number;
  /** How long a process holds the timers it claimed before another may take them (default 60 s). */
  timerLeaseMs?: number;
  /** How often to run the recurring duties (open periods and tasks, mark them done or missed); 0: never by itself (tests run them). */
  dutyIntervalMs?: number;
  /**
   * Channels that deliver notifications besides the app's own list (SMS, WeChat …), each a
   * NotificationChannel (runtime/notification-channel.ts). The in-app channel is always there:
   * the unread count and the list read what it writes.
   */
  notificationChannels?: NotificationChannel[];
  /** How often the outbox is delivered (default 2 s; 0: never, tests call engine.outbox.runOnce()). */
  outboxIntervalMs?: number;
}

export interface PackLoadReport {
  folder: string;
  countyId?: string;
  packId?: string;
  version?: string;
  ok: boolean;
  problems: PackProblem[];
}

export interface Engine {
  store: Store;
  registry: PackRegistry;
  keys: RecordKeys;
  clock: Clock;
  checkpoints: CheckpointScheduler;
  timers: TimerWorker;
  duties: DutyScheduler;
  /** Delivers the outbox to the notification channels. */
  outbox: OutboxDispatcher;
  app: FastifyInstance;
  packReports: PackLoadReport[];
  /** Every county's working calendar (工作日历), in memory for deadlines in working days: `calendars.of(countyId)`. */
  calendars: CountyCalendars;
  close(): Promise<void>;
}

export const DEFAULT_PACKS_DIR = fileURLToPath(new URL('../workflows/packs', import.meta.url));
export const DEFAULT_WEB_ROOT = fileURLToPath(new URL('../dist/designer', import.meta.url));
/** How often the rewritten tables are checked for a VACUUM where no autovacuum runs (table-maintenance.ts). */
const MAINTENANCE_INTERVAL_MS = 10_000;
/** How often the outbox is looked at: a reminder shows in the app within about this long. */
const OUTBOX_INTERVAL_MS = 2_000;
/** How often expired sessions are swept away (an expired one is also deleted when it is used). */
const SESSION_SWEEP_MS = 60 * 60_000;

/**
 * Starts everything but the listening socket: database (migrated), published packs, demo
 * data, the packs on disk, and the HTTP app. A broken pack on disk is reported and skipped;
 * the other packs still load.
 */
export async function startEngine(options: EngineOptions): Promise<Engine> {
  const clock = options.clock ?? systemClock;
  const keys = new RecordKeys(options.signingSecret);
  // The packs on disk are read while the database starts; published after it is up.
  const packsOnDisk = options.packsDir ? readPackFolders(options.packsDir) : Promise.resolve([]);
  packsOnDisk.catch(() => {}); // awaited below; a failure must not surface first as unhandled
  const store = await Store.open(options, keys);
  const registry = new PackRegistry();
  registry.setMissingPackLoader((countyId, packId, version) => loadPublishedVersion(store, registry, countyId, packId, version));
  // Several processes may serve one PostgreSQL (README): each hears of the versions the others
  // publish. It listens before loading what is published, so nothing falls between the two.
  const packListener = await listenForPacks(options, store, registry);
  if (!packListener) await loadPublishedPacks(store, registry);
  if (options.seed) await seedDemo(store);
  // After the seed, whose calendars it loads; on PostgreSQL it listens first (county-calendars.ts).
  const calendars = new CountyCalendars(store);
  await calendars.start(await calendarNotices(options, store));
  const packReports: PackLoadReport[] = [];
  for (const { folder, files } of await packsOnDisk) {
    const result = await publishPack(store, registry, files);
    packReports.push(
      result.ok
        ? { folder, countyId: result.pack.countyId, packId: result.pack.packId, version: result.pack.version, ok: true, problems: [] }
        : { folder, ok: false, problems: result.problems },
    );
  }
  const app = await buildApp({ store, registry, keys, logger: options.logger, webRoot: options.webRoot, trustProxy: options.trustProxy, clock, calendars });
  const checkpoints = new CheckpointScheduler(store, keys, options.checkpointIntervalMs ?? 0, (error) => app.log.error(error), clock);
  checkpoints.start();
  const engineItems = new ItemService(store, registry, keys, calendars, clock);
  const timers = new TimerWorker(
    store,
    engineItems,
    { intervalMs: options.timerIntervalMs ?? 0, leaseMs: options.timerLeaseMs },
    (error, timer) => app.log.error({ err: error, timer }, 'firing a timer failed'),
    clock,
  );
  timers.start();
  const duties = new DutyScheduler(store, registry, engineItems, { intervalMs: options.dutyIntervalMs ?? 0 }, (error, duty) => app.log.error({ err: error, duty }, 'running a duty failed'), clock);
  duties.start();
  const outbox = new OutboxDispatcher(store, {
    channels: [new InAppChannel(store), ...(options.notificationChannels ?? [])],
    intervalMs: options.outboxIntervalMs ?? OUTBOX_INTERVAL_MS,
    onError: (error, what) => app.log.error(error, what),
    clock,
  });
  outbox.start();
  store.maintenance?.start(options.maintenanceIntervalMs ?? MAINTENANCE_INTERVAL_MS);
  const sessionSweep = setInterval(() => {
    store.users.deleteExpiredSessions(clock.now()).catch((error) => app.log.error(error, 'sweeping expired sessions failed'));
    store.operators.deleteExpiredSessions(clock.now()).catch((error) => app.log.error(error, "sweeping operators' expired sessions failed"));
  }, SESSION_SWEEP_MS);
  sessionSweep.unref(); // never the reason the process stays up
  return {
    store,
    registry,
    keys,
    clock,
    checkpoints,
    timers,
    duties,
    outbox,
    app,
    packReports,
    calendars,
    async close() {
      clearInterval(sessionSweep);
      await packListener?.close();
      await timers.stop();
      await duties.stop();
      await calendars.close();
      await app.close();
      await checkpoints.stop();
      await outbox.stop();
      await store.close();
    },
  };
}

/**
 * On PostgreSQL, listens for versions other processes publish and loads them; answers once
 * every version published so far is loaded too (again after each reconnection). PGlite is one
 * process's own database: nothing to listen for.
 */
async function listenForPacks(options: EngineOptions, store: Store, registry: PackRegistry): Promise<PackListener | undefined> {
  if (!options.databaseUrl) return undefined;
  const role = options.appRole ?? DEFAULT_APP_ROLE;
  const { schema } = await sql<{ schema: string }>`select current_schema() as schema`.execute(store.db).then((r) => r.rows[0]);
  // Before the app (and its logger) exists; a failure later is a lost notice, healed by the next
  // reconnection's reload and by loading a missing version when an item needs it.
  const onError = (error: unknown) => console.error(`发布通知连接出错 / pack notices: ${(error as Error).message}`);
  return PackListener.start({
    connectionString: loginAs(options.databaseUrl, role, options.appPassword),
    schema,
    onNotice: ({ countyId, packId, version }) => void loadPublishedVersion(store, registry, countyId, packId, version).catch(onError),
    onListening: () => loadPublishedPacks(store, registry),
    onError,
  });
}

/** On PostgreSQL, where the calendars hear of other processes' edits (county-calendars.ts); PGlite is one process's own database. */
async function calendarNotices(options: EngineOptions, store: Store) {
  if (!options.databaseUrl) return undefined;
  const role = options.appRole ?? DEFAULT_APP_ROLE;
  const { schema } = await sql<{ schema: string }>`select current_schema() as schema`.execute(store.db).then((r) => r.rows[0]);
  return {
    connectionString: loginAs(options.databaseUrl, role, options.appPassword),
    schema,
    onError: (error: unknown) => console.error(`工作日历通知连接出错 / calendar notices: ${(error as Error).message}`),
  };
}
