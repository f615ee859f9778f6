import type { FastifyInstance } from 'fastify';

/** Listens where the benchmark's child-server.ts says (PORT, HOST), and closes the app and its database on SIGINT or SIGTERM. */
export async function serveUntilStopped(app: FastifyInstance, closeDatabase: () => Promise<void>): Promise<void> {
  await app.listen({ port: Number(process.env.PORT), host: process.env.HOST ?? '127.0.0.1' });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      void app
        .close()
        .then(closeDatabase)
        .finally(() => process.exit(0));
    });
  }
}
