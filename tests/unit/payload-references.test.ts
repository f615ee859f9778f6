import { describe, expect, it } from 'vitest';
import type { FormDefinition } from '../../forms/index.js';
import { collectReferences } from '../../engine/runtime/payload-references.js';

const form: FormDefinition = {
  id: 'visit',
  title: { 'zh-CN': '走访', en: 'Visit' },
  schema: {
    type: 'object',
    $defs: { cover: { type: 'string', format: 'attachment', title: '封面' } },
    properties: {
      cover: { $ref: '#/$defs/cover' },
      photos: { type: 'array', title: '现场照片', 'x-i18n': { en: { title: 'Site photos' } }, items: { type: 'string', format: 'attachment' } },
      deputies: { type: 'array', title: '参加代表', 'x-source': 'deputies', items: { type: 'string' } },
      stops: {
        type: 'array',
        title: '走访点',
        items: { type: 'object', properties: { station: { type: 'string', title: '站点', 'x-source': 'stations' }, note: { type: 'string' } } },
      },
      note: { type: 'string', title: '备注' },
    },
  },
};

describe('collectReferences', () => {
  it('finds attachment ids and x-source ids in arrays, nested objects and $refs, titled by their field', () => {
    const found = collectReferences(form, {
      cover: 'a-1',
      photos: ['a-2', 'a-3'],
      deputies: ['u-1'],
      stops: [{ station: 's-1', note: 'x' }],
      note: 'not a reference',
    });
    expect(found.map((r) => [r.kind, r.id, r.field, r.title['zh-CN']])).toEqual([
      ['attachment', 'a-1', '/cover', '封面'],
      ['attachment', 'a-2', '/photos/0', '现场照片'],
      ['attachment', 'a-3', '/photos/1', '现场照片'],
      ['deputies', 'u-1', '/deputies/0', '参加代表'],
      ['stations', 's-1', '/stops/0/station', '站点'],
    ]);
    expect(found[1].title.en).toBe('Site photos');
  });

  it('finds nothing in a payload without references', () => {
    expect(collectReferences(form, { note: 'x', photos: [] })).toEqual([]);
  });
});
