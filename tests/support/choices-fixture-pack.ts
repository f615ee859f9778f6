import type { PackFile } from '../../engine/packs/pack-content.js';
import { fixturePack } from './fixture-pack.js';

export const CHOICES = { packId: 'choices', flowId: 'decide' } as const;

/**
 * The fixture pack (as pack "choices", started and decided by deputies) with a form of choices: a required
 * yes/no answered by radio buttons, a choice with a declared default (走访), and an optional
 * choice without one (代表层级), whose first option must never be stored for a user who did
 * not pick it.
 */
export function choicesFixturePack(): PackFile[] {
  return fixturePack().map((file) => {
    const json = JSON.parse(file.text);
    if (file.path === 'pack.json') json.id = CHOICES.packId;
    if (file.path === 'flows/decide.json') {
      json.meta.start.roles = ['deputy'];
      json.states.open.meta.roles = ['deputy'];
      json.states.open.on.DECIDE.meta.roles = ['deputy'];
    }
    if (file.path === 'forms/decision.json') {
      const option = (value: string | boolean, zh: string, en: string) => ({ const: value, title: zh, 'x-i18n': { en: { title: en } } });
      json.schema.properties.ok.oneOf = [option(true, '是', 'Yes'), option(false, '否', 'No')];
      json.schema.properties.channel = {
        type: 'string',
        title: '来源渠道',
        default: 'visit',
        oneOf: [option('phone', '电话', 'Phone'), option('visit', '走访', 'Visit'), option('letter', '来信', 'Letter')],
      };
      json.schema.properties.level = {
        type: 'string',
        title: '代表层级',
        oneOf: [option('national', '全国人大代表', 'National'), option('township', '乡镇人大代表', 'Township')],
      };
      json.uiSchema = { 'ui:order': ['ok', 'channel', 'level', 'note'], ok: { 'ui:widget': 'radio', 'ui:options': { inline: true } } };
    }
    return { ...file, text: JSON.stringify(json) };
  });
}
