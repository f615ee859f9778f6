import pg from 'pg';

/**
 * Several engine processes may serve one PostgreSQL database, each with its own pack registry in
 * memory. Publishing a version notifies this channel (PackRepository.publish, in the publishing
 * transaction); every process listens on it and loads the version. The notice names the schema,
 * because a channel is shared by every schema of a database (the test suite gives each test file
 * its own schema).
 */
export const PACK_CHANNEL = 'renda_pack_published';

export interface PackNotice {
  countyId: string;
  packId: string;
  version: string;
}

export interface PackListenerOptions {
  /** The application role's connection string (the same database as the store). */
  connectionString: string;
  /** The schema the store uses; notices from other schemas are ignored. */
  schema: string;
  onNotice: (notice: PackNotice) => void;
  /**
   * Called once listening, and again after every reconnection: notices sent while the
   * connection was down are lost, so the caller loads what it may have missed.
   */
  onListening: () => Promise<void>;
  onError: (error: unknown) => void;
}

const RETRY_MS = 1000;

/**
 * One dedicated connection that LISTENs (a pooled connection cannot: it is handed to other
 * queries). When it drops it is reopened every second until it succeeds.
 */
export class PackListener {
  private client: pg.Client | undefined;
  private retry: NodeJS.Timeout | undefined;
  private closed = false;

  private constructor(private readonly options: PackListenerOptions) {}

  /** Listens before answering, so a version published after this returns is never missed. */
  static async start(options: PackListenerOptions): Promise<PackListener> {
    const listener = new PackListener(options);
    await listener.connect();
    return listener;
  }

  private async connect(): Promise<void> {
    const { connectionString, schema, onNotice, onError } = this.options;
    const client = new pg.Client({ connectionString, options: `-c search_path=${schema}` });
    this.client = client;
    client.on('notification', (message) => {
      if (message.channel !== PACK_CHANNEL || !message.payload) return;
      try {
        const { schema: from, ...notice } = JSON.parse(message.payload) as PackNotice & { schema: string };
        if (from === schema) onNotice(notice);
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
      await client.query(`listen ${PACK_CHANNEL}`);
    } catch (error) {
      this.client = undefined;
      client.end().catch(() => undefined);
      throw error;
    }
    await this.options.onListening();
  }

  private reconnectLater(): void {
    if (this.closed || this.retry) return;
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
