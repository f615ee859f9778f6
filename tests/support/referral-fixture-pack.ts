import type { PackFile } from '../../engine/packs/pack-content.js';

const text = (zh: string, en: string) => ({ 'zh-CN': zh, en });

export const REFERRAL = { packId: 'referral', flowId: 'referral' } as const;

/**
 * A pack that routes work to one unit (issue 10's assignment): staff register a matter and
 * refer it to a unit picked from the directory (x-source "units"), which the flow assigns with
 * the catalogue's assignTo; the unit's members reply (one of them, having claimed it), and the
 * item is done. Supervision: the admin role may act on the unit's behalf.
 */
export function referralPack(county = 'yunan', version = '1.0.0'): PackFile[] {
  const manifest = { format: 1, id: REFERRAL.packId, version, county, name: text('转办', 'Referrals'), description: text('分派给承办单位的测试包', 'A test pack that assigns work to units'), roles: [{ id: 'department', name: text('承办单位', 'Handling unit') }] };
  const matter = {
    id: 'matter',
    title: text('登记', 'Register'),
    schema: { type: 'object', required: ['subject'], properties: { subject: { type: 'string', title: '事由', 'x-i18n': { en: { title: 'Subject' } }, maxLength: 200 } }, additionalProperties: false },
  };
  const refer = {
    id: 'refer',
    title: text('转办', 'Refer'),
    schema: {
      type: 'object',
      required: ['unit'],
      properties: { unit: { type: 'string', maxLength: 63, title: '承办单位', 'x-i18n': { en: { title: 'Handling unit' } }, 'x-source': 'units' } },
      additionalProperties: false,
    },
  };
  const reply = {
    id: 'reply',
    title: text('答复', 'Reply'),
    schema: { type: 'object', required: ['answer'], properties: { answer: { type: 'string', title: '答复内容', 'x-i18n': { en: { title: 'Answer' } }, maxLength: 500 } }, additionalProperties: false },
  };
  const flow = {
    id: REFERRAL.flowId,
    initial: 'registered',
    meta: { title: text('转办事项', 'Referral'), start: { roles: ['staff'], form: 'matter' }, listFields: ['subject'] },
    states: {
      registered: {
        meta: { label: text('待转办', 'To refer'), roles: ['staff'] },
        on: {
          REFER: {
            target: 'handling',
            actions: [{ type: 'assignPayload' }, { type: 'assignTo', params: { kind: 'unit', field: 'unit', supervisors: ['admin'] } }],
            meta: { label: text('转办', 'Refer'), roles: ['staff'], form: 'refer' },
          },
        },
      },
      handling: {
        meta: { label: text('承办中', 'Being handled'), roles: ['department', 'admin'] },
        on: {
          REPLY: { target: 'answered', actions: [{ type: 'assignPayload' }, 'unassign'], meta: { label: text('答复', 'Reply'), roles: ['department', 'admin'], form: 'reply' } },
        },
      },
      answered: { type: 'final', meta: { label: text('已答复', 'Answered') } },
    },
  };
  return [
    { path: 'pack.json', text: JSON.stringify(manifest) },
    ...[matter, refer, reply].map((form) => ({ path: `forms/${form.id}.json`, text: JSON.stringify(form) })),
    { path: `flows/${flow.id}.json`, text: JSON.stringify(flow) },
  ];
}
