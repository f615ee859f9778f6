import type { PackFile } from '../../engine/packs/pack-content.js';

const text = (zh: string, en: string) => ({ 'zh-CN': zh, en });

export const SITES = { packId: 'sites', flowId: 'site' } as const;

/**
 * A pack whose flow changes the directory (issue 10's directory actions): a site is registered
 * in the station registry as a station of the pack's own type and may be registered again (an
 * update of the same station), and the item is linked to and unlinked from units and people
 * picked from the directory.
 */
export function siteRegistryPack(county = 'maonan', version = '1.0.0'): PackFile[] {
  const manifest = { format: 1, id: SITES.packId, version, county, name: text('站点登记', 'Sites'), description: text('登记站点、关联单位和人员的测试包', 'A test pack that registers stations and links items') };
  const stationType = { id: 'test-site', name: text('测试站点', 'Test site'), parents: [], form: 'site-attributes' };
  const attributes = {
    id: 'site-attributes',
    title: text('站点属性', 'Site attributes'),
    schema: {
      type: 'object',
      required: ['speciality'],
      properties: { speciality: { type: 'string', title: '特色', 'x-i18n': { en: { title: 'Speciality' } }, minLength: 2, maxLength: 20 } },
      additionalProperties: false,
    },
  };
  const site = {
    id: 'site',
    title: text('站点', 'Site'),
    schema: {
      type: 'object',
      required: ['siteName'],
      properties: {
        siteName: { type: 'string', title: '名称', 'x-i18n': { en: { title: 'Name' } }, maxLength: 100 },
        speciality: { type: 'string', title: '特色', 'x-i18n': { en: { title: 'Speciality' } }, maxLength: 100 },
        villages: { type: 'array', title: '服务村', 'x-i18n': { en: { title: 'Villages' } }, maxItems: 5, items: { type: 'string', maxLength: 30 } },
        openedOn: { type: 'string', format: 'date', maxLength: 10, title: '设立日期', 'x-i18n': { en: { title: 'Opened on' } } },
      },
      additionalProperties: false,
    },
  };
  const link = {
    id: 'link',
    title: text('关联', 'Link'),
    schema: {
      type: 'object',
      properties: {
        unit: { type: 'string', maxLength: 63, title: '单位', 'x-i18n': { en: { title: 'Unit' } }, 'x-source': 'units' },
        people: { type: 'array', maxItems: 5, title: '人员', 'x-i18n': { en: { title: 'People' } }, 'x-source': 'users', items: { type: 'string', maxLength: 63 } },
      },
      additionalProperties: false,
    },
  };
  const register = {
    type: 'registerStation',
    params: { stationType: 'test-site', name: 'siteName', villages: 'villages', openedOn: 'openedOn', attributes: { speciality: 'speciality' } },
  };
  const flow = {
    id: SITES.flowId,
    initial: 'open',
    meta: { title: text('站点', 'Site'), start: { roles: ['staff'], form: 'site', station: 'none' }, listFields: ['siteName'] },
    states: {
      open: {
        meta: { label: text('办理中', 'Open'), roles: ['staff'] },
        on: {
          REGISTER: { actions: [{ type: 'assignPayload' }, register], meta: { label: text('登记站点', 'Register'), roles: ['staff'], form: 'site' } },
          LINK: {
            actions: [{ type: 'linkTo', params: { kind: 'unit', field: 'unit' } }, { type: 'linkTo', params: { kind: 'person', field: 'people' } }],
            meta: { label: text('关联', 'Link'), roles: ['staff'], form: 'link' },
          },
          UNLINK: { actions: [{ type: 'unlink', params: { kind: 'unit', field: 'unit' } }, { type: 'unlink', params: { kind: 'person' } }], meta: { label: text('取消关联', 'Unlink'), roles: ['staff'], form: 'link' } },
          CLOSE: { target: 'closed', meta: { label: text('办结', 'Close'), roles: ['staff'], form: null } },
        },
      },
      closed: { type: 'final', meta: { label: text('已办结', 'Closed') } },
    },
  };
  return [
    { path: 'pack.json', text: JSON.stringify(manifest) },
    { path: `station-types/${stationType.id}.json`, text: JSON.stringify(stationType) },
    ...[attributes, site, link].map((form) => ({ path: `forms/${form.id}.json`, text: JSON.stringify(form) })),
    { path: `flows/${flow.id}.json`, text: JSON.stringify(flow) },
  ];
}
