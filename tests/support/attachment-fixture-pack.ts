import type { PackFile } from '../../engine/packs/pack-content.js';

const text = (zh: string, en: string) => ({ 'zh-CN': zh, en });

export const FIELD_VISITS = { packId: 'field-visits', flowId: 'visit', startForm: 'site-visit', followUpForm: 'follow-up' } as const;

/** 1 MiB: small, so a test can exceed it cheaply. */
export const PHOTO_MAX_BYTES = 1024 * 1024;

/**
 * A pack whose forms hold files and picks from engine data: the start form has site photos
 * (images only, at most 1 MiB each), a PDF report, a station and a deputy; the FOLLOW_UP
 * event's form has more photos and only passes its guard when done is true.
 */
export function attachmentFixturePack(county = 'yunan'): PackFile[] {
  const manifest = {
    format: 1,
    id: FIELD_VISITS.packId,
    version: '1.0.0',
    county,
    name: text('走访记录', 'Field visits'),
    description: text('带附件的测试包', 'A test pack with attachments'),
  };
  const photos = {
    type: 'array',
    title: '现场照片',
    'x-i18n': { en: { title: 'Site photos' } },
    maxItems: 9,
    items: { type: 'string', format: 'attachment' },
    'x-attachment': { accept: ['image/jpeg', 'image/png'], maxBytes: PHOTO_MAX_BYTES },
  };
  const siteVisit = {
    id: FIELD_VISITS.startForm,
    title: text('走访登记', 'Site visit'),
    schema: {
      type: 'object',
      required: ['subject'],
      properties: {
        subject: { type: 'string', title: '走访事由', 'x-i18n': { en: { title: 'Subject' } }, maxLength: 200 },
        photos,
        report: {
          type: 'string',
          format: 'attachment',
          title: '走访报告',
          'x-i18n': { en: { title: 'Visit report' } },
          'x-attachment': { accept: ['application/pdf'], maxBytes: 5 * 1024 * 1024 },
        },
        station: { type: 'string', maxLength: 63, title: '所属站点', 'x-i18n': { en: { title: 'Station' } }, 'x-source': 'stations' },
        deputy: { type: 'string', maxLength: 64, title: '陪同代表', 'x-i18n': { en: { title: 'Accompanying deputy' } }, 'x-source': 'deputies' },
      },
      additionalProperties: false,
    },
  };
  const followUp = {
    id: FIELD_VISITS.followUpForm,
    title: text('跟进', 'Follow-up'),
    schema: {
      type: 'object',
      required: ['done'],
      properties: { done: { type: 'boolean', title: '已办结', 'x-i18n': { en: { title: 'Done' } } }, photos },
      additionalProperties: false,
    },
  };
  const flow = {
    id: FIELD_VISITS.flowId,
    initial: 'open',
    meta: { title: text('走访', 'Visit'), start: { roles: ['staff'], form: FIELD_VISITS.startForm }, listFields: ['subject'] },
    states: {
      open: {
        meta: { label: text('跟进中', 'Following up'), roles: ['staff'] },
        on: {
          FOLLOW_UP: {
            target: 'closed',
            guard: { type: 'payloadEquals', params: { field: 'done', value: true } },
            meta: { label: text('跟进', 'Follow up'), roles: ['staff'], form: FIELD_VISITS.followUpForm },
          },
        },
      },
      closed: { type: 'final', meta: { label: text('已办结', 'Closed') } },
    },
  };
  return [
    { path: 'pack.json', text: JSON.stringify(manifest) },
    { path: `forms/${siteVisit.id}.json`, text: JSON.stringify(siteVisit) },
    { path: `forms/${followUp.id}.json`, text: JSON.stringify(followUp) },
    { path: `flows/${flow.id}.json`, text: JSON.stringify(flow) },
  ];
}
