import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../engine/engine.js';
import { PackRegistry } from '../../engine/packs/pack-registry.js';
import { loadPublishedVersion, publishPack } from '../../engine/runtime/pack-publisher.js';
import { testDatabases } from '../support/databases.js';
import { fixturePack } from '../support/fixture-pack.js';
import { startTestEngine } from '../support/test-engine.js';

/**
 * A registry that has not heard of a version (another process published it, and its notice is
 * late or was lost) loads it from the database when asked for it, and publishing the same files
 * again is answered from the registry without validating them again.
 */
for (const database of testDatabases()) {
  describe(`pack registry misses on ${database.name}`, () => {
    let engine: Engine;

    beforeAll(async () => {
      engine = await startTestEngine(database.options());
    });
    afterAll(async () => {
      await engine?.close();
      await database.cleanup();
    });

    it('a version published elsewhere is loaded on its first use; an unknown one stays unknown', async () => {
      const published = await publishPack(engine.store, engine.registry, fixturePack({ version: '2.0.0' }));
      expect(published.ok).toBe(true);

      const elsewhere = new PackRegistry();
      elsewhere.setMissingPackLoader((county, packId, version) => loadPublishedVersion(engine.store, elsewhere, county, packId, version));
      expect(elsewhere.get('yunan', 'fixture', '2.0.0')).toBeUndefined();
      const loaded = await elsewhere.resolve('yunan', 'fixture', '2.0.0');
      expect(loaded?.hash).toBe(published.ok && published.pack.hash);
      expect(elsewhere.get('yunan', 'fixture', '2.0.0')).toBe(loaded);
      // Its forms compile on first use, and validate as the publishing process's do.
      expect(elsewhere.forms.validate(elsewhere.formKey(loaded!, 'decision'), { ok: 'yes' }).valid).toBe(false);
      expect(elsewhere.forms.validate(elsewhere.formKey(loaded!, 'decision'), { ok: true }).valid).toBe(true);

      expect(await elsewhere.resolve('yunan', 'fixture', '9.9.9')).toBeUndefined();
      expect(await elsewhere.resolve('maonan', 'fixture', '2.0.0')).toBeUndefined();
    });

    it('republishing identical files answers the published version; changed files are still checked', async () => {
      const files = fixturePack({ version: '3.0.0' });
      const first = await publishPack(engine.store, engine.registry, files);
      const again = await publishPack(engine.store, engine.registry, files);
      expect(again).toEqual({ ok: true, pack: first.ok && first.pack, created: false });
      const edited = files.map((f) => (f.path === 'forms/decision.json' ? { ...f, text: f.text.replace('"maxLength":100', '"maxLength":101') } : f));
      expect(edited).not.toEqual(files);
      const refused = await publishPack(engine.store, engine.registry, edited);
      expect(refused.ok).toBe(false);
      const broken = files.map((f) => (f.path === 'pack.json' ? { ...f, text: f.text.replace('"format":1', '"format":99') } : f));
      const unread = await publishPack(engine.store, engine.registry, broken);
      expect(unread.ok).toBe(false);
    });
  });
}
