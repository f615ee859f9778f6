import { describe, expect, it } from 'vitest';
import type { PackContent, PackFile } from '../../engine/packs/pack-content.js';
import { packHash } from '../../engine/runtime/pack-publisher.js';
import { PackRegistry } from '../../engine/packs/pack-registry.js';
import { validatePack } from '../../engine/packs/pack-validator.js';
import { fixturePack } from '../support/fixture-pack.js';

/** The fixture pack with its pack.json changed. */
function withManifest(change: (manifest: Record<string, unknown>) => void): PackFile[] {
  return fixturePack().map((f) => {
    if (f.path !== 'pack.json') return f;
    const manifest = JSON.parse(f.text);
    change(manifest);
    return { ...f, text: JSON.stringify(manifest) };
  });
}

describe('pack.json format version', () => {
  it('refuses a pack.json without a format, saying which format the engine reads', () => {
    const { content, problems } = validatePack(withManifest((m) => delete m.format));
    expect(content).toBeUndefined();
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ file: 'pack.json', pointer: '/format' });
    expect(problems[0].message['zh-CN']).toContain('"format": 1');
    expect(problems[0].message.en).toContain('"format": 1');
  });

  it('refuses a format it does not know rather than misread it', () => {
    for (const format of [2, '1', 0, null]) {
      const { content, problems } = validatePack(withManifest((m) => (m.format = format)));
      expect(content, `format ${JSON.stringify(format)}`).toBeUndefined();
      expect(problems.map((p) => [p.file, p.pointer])).toEqual([['pack.json', '/format']]);
    }
  });

  it('leaves the format out of the published content, so a pack stored before it hashes the same', () => {
    const { content } = validatePack(fixturePack());
    expect(content).toBeDefined();
    expect(Object.keys(content!.manifest)).not.toContain('format');
    // What an engine from before the format field stored: the manifest as its pack.json said.
    const before = JSON.parse(fixturePack().find((f) => f.path === 'pack.json')!.text);
    delete before.format;
    const stored: PackContent = { ...content!, manifest: before };
    expect(packHash(stored)).toBe(packHash(content!));
    // …and such a stored pack loads as it always did.
    const registry = new PackRegistry();
    expect(registry.add('yunan', stored, packHash(stored)).machines.size).toBe(1);
  });
});
