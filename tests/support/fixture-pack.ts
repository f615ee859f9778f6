import type { PackFile } from '../../engine/packs/pack-content.js';

const text = (zh: string, en: string) => ({ 'zh-CN': zh, en });

/** A small pack for tests: one form, one flow whose DECIDE event only passes when ok is true. */
export function fixturePack(overrides: { county?: string; version?: string; flow?: object } = {}): PackFile[] {
  const manifest = {
    format: 1,
    id: 'fixture',
    version: overrides.version ?? '1.0.0',
    county: overrides.county ?? 'yunan',
    name: text('测试包', 'Fixture pack'),
    description: text('用于测试', 'For tests'),
  };
  const form = {
    id: 'decision',
    title: text('决定', 'Decision'),
    schema: {
      type: 'object',
      required: ['ok'],
      properties: { ok: { type: 'boolean', title: '同意', 'x-i18n': { en: { title: 'Agree' } } }, note: { type: 'string', title: '备注', maxLength: 100 } },
      additionalProperties: false,
    },
  };
  const flow = overrides.flow ?? {
    id: 'decide',
    initial: 'open',
    meta: { title: text('决定流程', 'Decision flow'), start: { roles: ['staff'], form: 'decision' }, listFields: ['note'] },
    states: {
      open: {
        meta: { label: text('待决定', 'Open'), roles: ['staff'] },
        on: {
          DECIDE: {
            target: 'done',
            guard: { type: 'payloadEquals', params: { field: 'ok', value: true } },
            meta: { label: text('决定', 'Decide'), roles: ['staff'], form: 'decision' },
          },
        },
      },
      done: { type: 'final', meta: { label: text('完成', 'Done') } },
    },
  };
  return [
    { path: 'pack.json', text: JSON.stringify(manifest) },
    { path: 'forms/decision.json', text: JSON.stringify(form) },
    { path: `flows/${(flow as { id: string }).id}.json`, text: JSON.stringify(flow) },
  ];
}
