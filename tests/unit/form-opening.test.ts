import { basename, join } from 'node:path';
import { getDefaultFormState, type RJSFSchema } from '@rjsf/utils';
import { customizeValidator } from '@rjsf/validator-ajv8';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { listPackFolders, readPackFolder } from '../../engine/packs/pack-reader.js';
import { validatePack } from '../../engine/packs/pack-validator.js';
import { FormRuntime, type FormDefinition } from '../../forms/index.js';
import { NO_RJSF_DEFAULTS } from '../../forms/react/rjsf-defaults.js';
import { choicesFixturePack } from '../support/choices-fixture-pack.js';

/**
 * What a form holds when it opens. JsonForm hands rjsf the data the shared runtime prepared
 * (declared defaults, computed fields); rjsf then derives its own state from it, and whatever it
 * adds is data nobody chose: it shows as pre-filled, is submitted and stored, and is reported as
 * an edit when the page re-renders, saving a draft before anything was typed. So, for every
 * shipped form, rjsf's state must be exactly the prepared data.
 */
/** The Ajv class rjsf's validator is typed for (draft-07 Ajv, with its static re-exports). */
type RjsfAjvClass = NonNullable<NonNullable<Parameters<typeof customizeValidator>[0]>['AjvClass']>;
// As forms/react/JsonForm.tsx: Ajv2020 has the same constructor and instance API as the draft-07 class.
const validator = customizeValidator({ AjvClass: Ajv2020 as unknown as RjsfAjvClass, ajvOptionsOverrides: { strict: false } });
const rjsfState = (form: FormDefinition, data: Record<string, unknown>, behaviour = NO_RJSF_DEFAULTS) =>
  getDefaultFormState(validator, form.schema as RJSFSchema, data, form.schema as RJSFSchema, false, behaviour);

const folders = await listPackFolders(join(import.meta.dirname, '../../workflows/packs'));
const forms: Array<[string, FormDefinition]> = [];
for (const folder of folders) {
  const { content } = validatePack(await readPackFolder(folder));
  for (const form of Object.values(content!.forms)) forms.push([`${basename(folder)}/${form.id}`, form]);
}
const choices = validatePack(choicesFixturePack()).content!.forms.decision;
const runtime = new FormRuntime();

describe('a form opens with what the runtime prepared, and rjsf adds nothing', () => {
  it.each([...forms, ['choices fixture (with a declared default)', choices] as [string, FormDefinition]])('%s', (key, form) => {
    runtime.compile(key, form);
    const prepared = runtime.prepare(key, {});
    expect(rjsfState(form, prepared)).toEqual(prepared);
  });

  it('the declared default is there when the form opens; the choice without one is empty', () => {
    runtime.compile('choices', choices);
    expect(runtime.prepare('choices', {})).toEqual({ channel: 'visit' });
  });

  it('left to its own defaults, rjsf would pre-fill every choice with its first option', () => {
    const [, bayou] = forms.find(([key]) => key === 'maonan-shuangzhu/bayou-acceptance')!;
    const answers = ['hasPlace', 'hasStaff', 'hasPlaque', 'hasEquipment', 'hasRules', 'hasLedger', 'hasOpinionBox', 'hasActivities'];
    expect(rjsfState(bayou, {}, {})).toMatchObject(Object.fromEntries(answers.map((a) => [a, true])));
    expect(rjsfState(choices, { channel: 'visit' }, {})).toMatchObject({ ok: true, level: 'national' });
  });
});
