import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../engine/engine.js';
import { takeCheckpoint, takeCheckpoints } from '../../engine/record/checkpoints.js';
import { RecordKeys } from '../../engine/record/record-keys.js';
import { eventHash } from '../../engine/runtime/event-chain.js';
import { itemFromLog } from '../../engine/runtime/item-derivation.js';
import type { StoreOptions } from '../../engine/store/store.js';
import { testDatabases } from '../support/databases.js';
import { asOwner, type RawDatabase } from '../support/owner-access.js';
import { expectOk } from '../support/responses.js';
import { client, login, startTestEngine } from '../support/test-engine.js';
import { intake, reply } from '../support/yunan-payloads.js';

/**
 * Someone who holds the database (its owner, or a stolen copy) tries each way of forging the
 * record that used to pass as intact; each must be detected by the trace or by the county's
 * checkpoint verification. The application's own role tries to change history and is refused.
 * The counts are printed for RELIABILITY.md.
 */
for (const database of testDatabases()) {
  describe(`forging the record on ${database.name}`, () => {
    let engine: Engine;
    let options: StoreOptions;
    let deputy: ReturnType<typeof client>;
    let staff: ReturnType<typeof client>;
    let auditor: ReturnType<typeof client>;
    const forgeries: Array<{ name: string; detected: boolean }> = [];
    const refusals: Array<{ name: string; refused: boolean }> = [];

    beforeAll(async () => {
      options = database.options();
      engine = await startTestEngine(options);
      deputy = client(engine.app, await login(engine.app, 'yunan', 'deputy'));
      staff = client(engine.app, await login(engine.app, 'yunan', 'staff'));
      auditor = client(engine.app, await login(engine.app, 'yunan', 'auditor'));
    });
    afterAll(async () => {
      const detected = forgeries.filter((f) => f.detected).length;
      const refused = refusals.filter((r) => r.refused).length;
      console.log(`forgeries on ${database.name}: tried ${forgeries.length}, detected ${detected}; application-role attempts on history: tried ${refusals.length}, refused ${refused}`);
      await engine?.close();
      await database.cleanup();
    });

    const owner = <T>(work: (db: RawDatabase) => Promise<T>) => asOwner(engine, options, work);
    /** The owner turns the append-only triggers off, as an owner can. */
    const withoutTriggers = (db: RawDatabase, work: () => Promise<unknown>) =>
      (async () => {
        for (const t of ['events', 'checkpoints', 'checkpoint_heads']) await sql`alter table ${sql.table(t)} disable trigger user`.execute(db);
        try {
          await work();
        } finally {
          for (const t of ['events', 'checkpoints', 'checkpoint_heads']) await sql`alter table ${sql.table(t)} enable trigger user`.execute(db);
        }
      })();

    /** An item three events long (submitted, triaged, handled), covered by a signed checkpoint. */
    async function checkpointedItem(): Promise<string> {
      const id = (await expectOk(await deputy.createItem(intake(), { stationId: 'ducheng-central' }), 201)).item.id;
      expectOk(await staff.send(id, 'TRIAGE', { mechanism: 'micro', triageOpinion: '请代表马上办理' }));
      expectOk(await deputy.send(id, 'HANDLE', reply));
      expect(await takeCheckpoint(engine.store, engine.keys, 'yunan')).toBeDefined();
      expect((await trace(id)).integrity).toMatchObject({ valid: true, problems: [], checkpoint: { version: 3 } });
      return id;
    }
    /** The item row as it stood after its first `events` events: what a careful forger writes back. */
    async function rolledBack(id: string, events: number) {
      const log = (await engine.store.items.listEvents('yunan', id)).slice(0, events);
      const pack = engine.registry.get('yunan', 'yunan-suggestions', log[0].packVersion)!;
      const row = itemFromLog(engine.registry.flow(pack, 'suggestion')!, log, engine.calendars.of('yunan'));
      return {
        snapshot: JSON.stringify(row.snapshot),
        state_paths: row.statePaths,
        status: row.status,
        title: row.title,
        deadlines: JSON.stringify(row.deadlines),
        due_at: row.dueAt,
        updated_at: row.updatedAt,
        head_hash: row.headHash,
        version: row.version,
      };
    }
    const trace = async (id: string) => expectOk(await auditor.get(`/api/items/${id}/trace`));
    const codes = (integrity: { problems: Array<{ code: string }> }) => integrity.problems.map((p) => p.code);

    /** Runs a forgery and records whether the trace caught it; returns the verdict. */
    async function forge(name: string, id: string, work: (db: RawDatabase) => Promise<unknown>) {
      await owner(work);
      const { integrity } = await trace(id);
      forgeries.push({ name, detected: !integrity.valid });
      expect(integrity.valid, `${name} passed as intact`).toBe(false);
      for (const p of integrity.problems) {
        expect(p.message['zh-CN']).toMatch(/[\u4e00-\u9fff]/);
        expect(p.message.en).toMatch(/[a-z]/);
      }
      return integrity;
    }

    it("a county's changes beyond one checkpoint's cap go into the next checkpoints, and a second round adds nothing", async () => {
      const ids: string[] = [];
      for (let i = 0; i < 5; i++) ids.push((await expectOk(await deputy.createItem(intake(`第 ${i + 1} 条建议：修缮村道`), { stationId: 'ducheng-central' }), 201)).item.id);
      const taken = await takeCheckpoints(engine.store, engine.keys, new Date(), 2);
      expect(taken.map((c) => c.heads.length)).toEqual([2, 2, 1]);
      expect(taken.flatMap((c) => c.heads.map((h) => h.itemId)).sort()).toEqual([...ids].sort());
      expect(await takeCheckpoints(engine.store, engine.keys, new Date(), 2)).toEqual([]);
      for (const id of ids) expect((await trace(id)).integrity).toMatchObject({ valid: true, checkpoint: { version: 1 } });
    });

    // While the county's record is whole: verification covers every checkpoint of the county.
    it('changing a checkpoint, or cutting the newest checkpoints with the events they recorded, is seen by verification', async () => {
      // An auditor exported the checkpoints and kept the newest one.
      const id = await checkpointedItem();
      const exported = expectOk(await auditor.get('/api/audit/checkpoints?limit=1000'));
      expect(exported.algorithm).toBe('Ed25519');
      const newest = exported.checkpoints.at(-1);
      expect(newest.heads.some((h: { itemId: string }) => h.itemId === id)).toBe(true);
      const held = exported.checkpoints.map((c: { seq: number; signature: string }) => ({ seq: c.seq, signature: c.signature }));
      expect(expectOk(await auditor.post('/api/audit/verify', { held }))).toMatchObject({ valid: true, problems: [] });

      // The attacker cuts the item's newest event, rolls it back, and removes the checkpoint that recorded it.
      const earlier = await rolledBack(id, 2);
      await owner(async (db) => {
        await withoutTriggers(db, async () => {
          await db.deleteFrom('events').where('item_id', '=', id).where('seq', '=', 3).execute();
          await db.deleteFrom('checkpoint_heads').where('checkpoint_seq', '=', newest.seq).execute();
          await db.deleteFrom('checkpoints').where('seq', '=', newest.seq).execute();
        });
        await db.updateTable('items').set(earlier).where('id', '=', id).execute();
      });
      // The database alone now looks consistent for this item: only the auditor's copy can prove the cut.
      const verdict = expectOk(await auditor.post('/api/audit/verify', { held }));
      forgeries.push({ name: 'newest checkpoint cut with the events it recorded', detected: !verdict.valid });
      expect(codes(verdict)).toContain('CHECKPOINT_NOT_HELD');

      // Changing what a checkpoint recorded breaks its signature.
      const other = await checkpointedItem();
      const latest = (await engine.store.checkpoints.latestFor('yunan', other))!;
      await owner((db) => withoutTriggers(db, () => db.updateTable('checkpoint_heads').set({ version: 1 }).where('checkpoint_seq', '=', latest.seq).where('item_id', '=', other).execute()));
      const changed = expectOk(await auditor.post('/api/audit/verify', { held: [] }));
      forgeries.push({ name: 'checkpoint heads changed', detected: !changed.valid });
      expect(codes(changed)).toContain('CHECKPOINT_SIGNATURE');
      expect((await trace(other)).integrity.valid).toBe(false);
    });

    it('editing the item row (data, title, status, station) is seen: the row no longer matches a replay of its log', async () => {
      const edits: Array<[string, (db: RawDatabase, id: string) => Promise<unknown>, string]> = [
        ['item data', (db, id) => sql`update items set snapshot = jsonb_set(snapshot, '{context,title}', '"伪造的标题"') where id = ${id}`.execute(db), 'snapshot'],
        ['item title', (db, id) => db.updateTable('items').set({ title: '伪造的标题' }).where('id', '=', id).execute(), 'title'],
        ['item status', (db, id) => db.updateTable('items').set({ status: 'done' }).where('id', '=', id).execute(), 'status'],
        ['item station', (db, id) => db.updateTable('items').set({ station_id: 'jiancheng-central' }).where('id', '=', id).execute(), 'stationId'],
        ['item deadline', (db, id) => db.updateTable('items').set({ due_at: new Date('2030-01-01') }).where('id', '=', id).execute(), 'dueAt'],
      ];
      for (const [name, edit, field] of edits) {
        const id = await checkpointedItem();
        const integrity = await forge(name, id, (db) => edit(db, id));
        expect(codes(integrity)).toEqual(['ROW_MISMATCH']);
        expect(integrity.problems[0].message.en).toContain(
          { snapshot: 'data and state', title: 'title', status: 'status', stationId: 'station', dueAt: 'due date' }[field],
        );
      }
      // What the forgery changed is what the item page shows; the trace is what says it is forged.
      const id = await checkpointedItem();
      await owner((db) => sql`update items set snapshot = jsonb_set(snapshot, '{context,title}', '"伪造的标题"') where id = ${id}`.execute(db));
      expect((await expectOk(await staff.get(`/api/items/${id}`))).data.title).toBe('伪造的标题');
    });

    it('cutting the newest events and rolling the item back consistently is seen by the signed checkpoint', async () => {
      const id = await checkpointedItem();
      const earlier = await rolledBack(id, 2);
      const integrity = await forge('tail cut with consistent rollback', id, async (db) => {
        await withoutTriggers(db, () => db.deleteFrom('events').where('item_id', '=', id).where('seq', '=', 3).execute());
        await db.updateTable('items').set(earlier).where('id', '=', id).execute();
      });
      // The chain and the row agree with each other: only the checkpoint knows there were three events.
      expect(codes(integrity)).toEqual(['CHECKPOINT_CUT']);
    });

    it('rewriting an event and every later hash is seen: the seals need a key the database does not hold', async () => {
      for (const [name, resealWith] of [
        ['rewritten hashes', undefined],
        ['rewritten hashes re-sealed with another key', new RecordKeys(Buffer.alloc(32, 7))],
      ] as const) {
        const id = await checkpointedItem();
        const events = await engine.store.items.listEvents('yunan', id);
        const integrity = await forge(name, id, async (db) => {
          let prev = events[0].hash;
          await withoutTriggers(db, async () => {
            for (const event of events.slice(1)) {
              const forged = { ...event, prevHash: prev, role: event.seq === 2 ? 'department' : event.role };
              const hash = eventHash(forged);
              await db
                .updateTable('events')
                .set({ role: forged.role, prev_hash: prev, hash, ...(resealWith ? { seal: resealWith.seal(hash) } : {}) })
                .where('item_id', '=', id)
                .where('seq', '=', event.seq)
                .execute();
              prev = hash;
            }
          });
          await db.updateTable('items').set({ head_hash: prev }).where('id', '=', id).execute();
        });
        expect(codes(integrity)).toContain('CHAIN_SEAL');
      }
    });

    it('the application role cannot change history, truncate it, or switch its triggers off', async () => {
      const id = await checkpointedItem();
      const attempts: Array<[string, (trx: RawDatabase) => Promise<unknown>]> = [
        ['update events', (trx) => trx.updateTable('events').set({ role: 'admin' }).where('itemId', '=', id).execute()],
        ['delete events', (trx) => trx.deleteFrom('events').where('itemId', '=', id).execute()],
        ['truncate events', (trx) => sql`truncate events`.execute(trx)],
        ['disable the append-only trigger', (trx) => sql`alter table events disable trigger all`.execute(trx)],
        ['update checkpoints', (trx) => trx.updateTable('checkpoints').set({ signature: 'x' }).execute()],
        ['delete checkpoint heads', (trx) => trx.deleteFrom('checkpointHeads').execute()],
        ['truncate checkpoints', (trx) => sql`truncate checkpoints cascade`.execute(trx)],
        ['delete items', (trx) => trx.deleteFrom('items').where('id', '=', id).execute()],
        ['take ownership of events', (trx) => sql`alter table events owner to current_user`.execute(trx)],
      ];
      // PGlite has one session, a superuser's: SET ROLE confines every query the engine sends, but a
      // query that itself ran SET ROLE postgres would leave it (docs/adr/0005). PostgreSQL logs in as the role.
      if (database.name === 'postgres') attempts.push(['become the owner', (trx) => sql`set role postgres`.execute(trx)]);
      else console.log('PGlite: "become the owner" is not attempted: its single session is a superuser\'s (docs/adr/0005-record-integrity.md)');
      for (const [name, attempt] of attempts) {
        const outcome = await engine.store.inCounty('yunan', attempt).then(() => 'done', (error: Error) => error.message);
        refusals.push({ name, refused: outcome !== 'done' });
        expect(outcome, name).toMatch(/permission denied|must be owner|not allowed|only a superuser/i);
      }
      expect((await trace(id)).integrity).toMatchObject({ valid: true });
    });

    it('the owner is refused TRUNCATE by a trigger; an owner who switches triggers off and truncates is seen', async () => {
      const id = await checkpointedItem();
      await expect(owner((db) => sql`truncate events`.execute(db))).rejects.toThrow(/append-only/);
      const integrity = await forge('events truncated by the owner', id, (db) => withoutTriggers(db, () => sql`truncate events`.execute(db)));
      expect(codes(integrity)).toContain('NO_EVENTS');
      expect(codes(integrity)).toContain('CHECKPOINT_CUT');
      expect(forgeries.every((f) => f.detected)).toBe(true);
    });
  });
}
