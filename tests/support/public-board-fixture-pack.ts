import type { PackFile } from '../../engine/packs/pack-content.js';

const text = (zh: string, en: string) => ({ 'zh-CN': zh, en });
const choice = (title: string, en: string, options: Array<[string, string, string]>) => ({
  type: 'string',
  title,
  'x-i18n': { en: { title: en } },
  oneOf: options.map(([value, zh, english]) => ({ const: value, title: zh, 'x-i18n': { en: { title: english } } })),
});

export const VILLAGE_AFFAIRS = { packId: 'village-affairs', opinionFlow: 'opinion', interviewFlow: 'interview' } as const;

/**
 * A pack for public-board tests, after the repro. The `opinion` flow opts in to public
 * boards with a title template "{category}·{village}" and shows `name` (masked) and `result`;
 * its items show only in `handling` and `closed`, not while `received`. The `interview` flow
 * (a discipline interview, 约谈) never opts in. The start form marks `name` personal; the
 * FOLLOW_UP event's form reuses `name` (the person called back), marked personal too unless
 * `reuseNameUnmarked` rebuilds the repro: the same field name without x-personal. `name` is a
 * list field, as in the repro, where a board built from list fields printed the full name.
 */
export function publicBoardFixturePack(options: { reuseNameUnmarked?: boolean; packId?: string; county?: string } = {}): PackFile[] {
  const manifest = {
    format: 1,
    id: options.packId ?? VILLAGE_AFFAIRS.packId,
    version: '1.0.0',
    county: options.county ?? 'yunan',
    name: text('村务事项', 'Village affairs'),
    description: text('公示测试包', 'A pack for public-board tests'),
  };
  const name = { type: 'string', maxLength: 20, title: '反映人姓名', 'x-i18n': { en: { title: 'Name' } }, 'x-personal': 'name' };
  const opinion = {
    id: 'opinion',
    title: text('群众意见', 'Opinion'),
    schema: {
      type: 'object',
      required: ['category', 'village', 'summary'],
      properties: {
        category: choice('类别', 'Category', [['road', '道路交通', 'Roads'], ['water', '供水', 'Water supply']]),
        village: choice('村', 'Village', [['guixu', '桂圩村', 'Guixu'], ['dawan', '大湾村', 'Dawan']]),
        households: { type: 'integer', minimum: 0, maximum: 10000, title: '涉及户数', 'x-i18n': { en: { title: 'Households' } } },
        summary: { type: 'string', maxLength: 200, title: '意见摘要', 'x-i18n': { en: { title: 'Summary' } } },
        name,
        phone: { type: 'string', maxLength: 20, title: '联系电话', 'x-i18n': { en: { title: 'Phone' } }, 'x-personal': 'phone' },
      },
      additionalProperties: false,
    },
  };
  const followUp = {
    id: 'follow-up',
    title: text('回访', 'Follow-up'),
    schema: {
      type: 'object',
      required: ['result', 'name'],
      properties: {
        result: choice('办理结果', 'Result', [['solved', '已解决', 'Solved'], ['explained', '已解释说明', 'Explained']]),
        name: options.reuseNameUnmarked ? { type: 'string', maxLength: 20, title: '回访对象', 'x-i18n': { en: { title: 'Called back' } } } : { ...name, title: '回访对象' },
      },
      additionalProperties: false,
    },
  };
  const interviewForm = {
    id: 'interview-notice',
    title: text('约谈通知', 'Interview notice'),
    schema: {
      type: 'object',
      required: ['reason'],
      properties: {
        reason: choice('约谈事由', 'Reason', [['lagging', '履职滞后', 'Lagging duties'], ['discipline', '违反纪律', 'Breach of discipline']]),
        interviewee: { type: 'string', maxLength: 20, title: '约谈对象', 'x-i18n': { en: { title: 'Interviewee' } }, 'x-personal': 'name' },
      },
      additionalProperties: false,
    },
  };
  const event = (label: string, en: string, form: string | null, target: string) => ({ target, actions: [{ type: 'assignPayload' }], meta: { label: text(label, en), roles: ['staff'], form } });
  const opinionFlow = {
    id: VILLAGE_AFFAIRS.opinionFlow,
    initial: 'received',
    meta: {
      title: text('群众意见办理', 'Opinion handling'),
      start: { roles: ['staff'], form: 'opinion', station: 'optional' },
      listFields: ['summary', 'category', 'name'],
      public: { title: text('{category}·{village}', '{category} · {village}'), fields: ['households', 'name', 'result'] },
    },
    states: {
      received: { meta: { label: text('待受理', 'Received'), roles: ['staff'] }, on: { ACCEPT: event('受理', 'Accept', null, 'handling') } },
      handling: { meta: { label: text('办理中', 'Being handled'), roles: ['staff'], public: true }, on: { FOLLOW_UP: event('回访', 'Follow up', 'follow-up', 'closed') } },
      closed: { type: 'final', meta: { label: text('已办结', 'Closed'), outcome: text('办结', 'Closed'), public: true } },
    },
  };
  const interviewFlow = {
    id: VILLAGE_AFFAIRS.interviewFlow,
    initial: 'scheduled',
    meta: { title: text('约谈', 'Discipline interview'), start: { roles: ['staff'], form: 'interview-notice', station: 'optional' }, listFields: ['reason'] },
    states: {
      scheduled: { meta: { label: text('待约谈', 'Scheduled'), roles: ['staff'] }, on: { HOLD: event('约谈', 'Hold', null, 'held') } },
      held: { type: 'final', meta: { label: text('已约谈', 'Held'), outcome: text('已约谈', 'Held') } },
    },
  };
  return [
    { path: 'pack.json', text: JSON.stringify(manifest) },
    { path: 'forms/opinion.json', text: JSON.stringify(opinion) },
    { path: 'forms/follow-up.json', text: JSON.stringify(followUp) },
    { path: 'forms/interview-notice.json', text: JSON.stringify(interviewForm) },
    { path: `flows/${opinionFlow.id}.json`, text: JSON.stringify(opinionFlow) },
    { path: `flows/${interviewFlow.id}.json`, text: JSON.stringify(interviewFlow) },
  ];
}
