import pg from 'pg';

/**
 * Several engine processes may serve one PostgreSQL database, each holding the counties' working
 * calendars in memory (runtime/county-calendars.ts). Recording calendar entries notifies this
 * channel in the recording transaction (calendar-repository.ts); every process listens and
 * reloads that county. The notice names the schema: a channel is shared by every schema of a
 * database (the test suite gives each test file its own schema).
 */
export const CALENDAR_CHANNEL = 'renda_calendar_changed';

export interface CalendarListenerOptions {
  /** The application role's connection string (the same database as the store). */
  connectionString: string;
  /** The schema the store uses; notices from other schemas are ignored. */
  schema: string;
  /** A county's calendar changed in some process. */
  onNotice: (countyId: string) => void;
  /** Listening (again): notices sent while the connection was down are lost, so the caller reloads everything. */
  onListening: () => Promise<void>;
  /** The connection dropped: until onListening runs again, this process may miss edits. */
  onDisconnected: () => void;
  onError: (error: unknown) => void;
}

const RETRY_MS = 1000;

/**
 * One dedicated connection that LISTENs (a pooled connection cannot: it is handed to other
 * queries), reopened every second while it is down. The shape of pack-notices.ts, with the
 * moments it is out of touch reported: a calendar that may be stale must not compute deadlines.
 */
export class CalendarListener {
  private client: pg.Client | undefined;
  private retry: NodeJS.Timeout | undefined;
  private closed = false;

  private constructor(private readonly options: CalendarListenerOptions) {}

  /** Listens before answering, so an edit committed after this returns is never missed. */
  static async start(options: CalendarListenerOptions): Promise<CalendarListener> {
    const listener = new CalendarListener(options);
    await listener.connect();
    return listener;
  }

  private async connect(): Promise<void> {
    const { connectionString, schema, onNotice, onError } = this.options;
    const client = new pg.Client({ connectionString, options: `-c search_path=${schema}` });
    this.client = client;
    client.on('notification', (message) => {
      if (message.channel !== CALENDAR_CHANNEL || !message.payload) return;
      try {
        const notice = JSON.parse(message.payload) as { schema: string; countyId: string };
        if (notice.schema === schema) onNotice(notice.countyId);
      } catch (error) {
        onError(error);
      }
    });
    client.on('error', (error) => {
      onError(error);
      if (this.client === client) this.reconnectLater();
    });
    client.on('end', () => {
      if (this.client === client) this.reconnectLater();
    });
    try {
      await client.connect();
      await client.query(`listen ${CALENDAR_CHANNEL}`);
    } catch (error) {
      this.client = undefined;
      client.end().catch(() => undefined);
      throw error;
    }
    await this.options.onListening();
  }

  private reconnectLater(): void {
    if (this.closed || this.retry) return;
    this.options.onDisconnected();
    const old = this.client;
    this.client = undefined;
    old?.end().catch(() => undefined);
    this.retry = setTimeout(() => {
      this.retry = undefined;
      this.connect().catch((error) => {
        this.options.onError(error);
        this.reconnectLater();
      });
    }, RETRY_MS);
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.retry);
    const client = this.client;
    this.client = undefined;
    await client?.end();
  }
}
