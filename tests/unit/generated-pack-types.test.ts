import { readdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { DEFAULT_PACKS_DIR } from '../../engine/engine.js';
import { ACTIONS, GUARDS } from '../../engine/flows/catalogue.js';
import { listPackFolders, readPackFolder } from '../../engine/packs/pack-reader.js';
import { generatePackFiles } from '../../engine/packs/typegen/generate-pack-types.js';

const ROOT = new URL('../../', import.meta.url).pathname;
const SCHEMAS = ['localized-text', 'catalogue', 'pack', 'form', 'flow', 'station-type', 'evaluation'];
const KIND_OF_FOLDER: Record<string, string> = { forms: 'form', flows: 'flow', 'station-types': 'station-type', evaluations: 'evaluation' };

/** The pack format's schemas as an editor sees them: the generated catalogue included. */
async function editorSchemas() {
  const ajv = new Ajv2020({ allErrors: true, strict: true, strictTypes: false, strictRequired: false, allowUnionTypes: true });
  for (const name of SCHEMAS) ajv.addSchema(JSON.parse(await readFile(join(ROOT, `workflows/schema/${name}.schema.json`), 'utf8')));
  return (kind: string) => ajv.getSchema(`https://renda-liaison.example/schema/${kind}.schema.json`)!;
}

const flowWith = (transition: object) => ({
  id: 'decide',
  initial: 'open',
  meta: { title: { 'zh-CN': '流程', en: 'Flow' }, start: { roles: ['staff'], form: null }, listFields: ['x'] },
  states: {
    open: { meta: { label: { 'zh-CN': '办理中', en: 'Open' } }, on: { DECIDE: { target: 'done', meta: { label: { 'zh-CN': '决定', en: 'Decide' }, roles: ['staff'], form: null }, ...transition } } },
    done: { type: 'final', meta: { label: { 'zh-CN': '办结', en: 'Done' } } },
  },
});

describe('generated pack types and catalogue schema', () => {
  it('are up to date with workflows/schema and the catalogue', async () => {
    const expected = await generatePackFiles();
    const stale: string[] = [];
    for (const [path, text] of expected) {
      const committed = await readFile(join(ROOT, path), 'utf8').catch(() => undefined);
      if (committed === undefined) stale.push(`missing: ${path}`);
      else if (committed !== text) stale.push(`out of date: ${path}`);
    }
    const folders = new Set([...expected.keys()].filter((path) => path.endsWith('.ts')).map((path) => dirname(path))); // folders of generated code only
    for (const folder of folders) {
      for (const name of await readdir(join(ROOT, folder))) if (!expected.has(`${folder}/${name}`)) stale.push(`no longer generated: ${folder}/${name}`);
    }
    expect(stale, 'generated pack types are stale: run `npm run gen:types` and commit the result').toEqual([]);
  });

  it('name every guard and action of the catalogue in the editor schema', async () => {
    const catalogue = JSON.parse(await readFile(join(ROOT, 'workflows/schema/catalogue.schema.json'), 'utf8'));
    const named = (kind: string) =>
      (catalogue.$defs[kind].oneOf as Array<{ $ref?: string; enum?: string[] }>).flatMap((b) => (b.$ref ? [catalogue.$defs[b.$ref.replace('#/$defs/', '')].properties.type.const] : []));
    expect(named('guard')).toEqual(Object.keys(GUARDS));
    expect(named('action')).toEqual(Object.keys(ACTIONS));
  });

  it('accept every file of the shipped packs, as an editor checks them', async () => {
    const schemaFor = await editorSchemas();
    const refused: string[] = [];
    for (const folder of await listPackFolders(DEFAULT_PACKS_DIR)) {
      for (const file of await readPackFolder(folder)) {
        if (!file.path.endsWith('.json')) continue;
        const kind = file.path === 'pack.json' ? 'pack' : KIND_OF_FOLDER[file.path.split('/')[0]];
        const validate = schemaFor(kind);
        if (!validate(JSON.parse(file.text))) refused.push(`${folder}/${file.path}: ${JSON.stringify(validate.errors)}`);
      }
    }
    expect(refused).toEqual([]);
  });

  it('let an editor flag an unknown guard, wrong params and a bare name that needs params', async () => {
    const validate = (await editorSchemas())('flow');
    expect(validate(flowWith({ guard: { type: 'payloadEquals', params: { field: 'ok', value: true } }, actions: ['assignPayload', { type: 'increment', params: { field: 'n' } }] }))).toBe(true);
    expect(validate(flowWith({ guard: { type: 'allOf', params: { guards: [{ type: 'roleIs', params: { role: 'staff' } }] } } }))).toBe(true);
    expect(validate(flowWith({ guard: { type: 'runScript', params: {} } }))).toBe(false);
    expect(validate(flowWith({ guard: { type: 'payloadEquals', params: { field: 'ok' } } }))).toBe(false);
    expect(validate(flowWith({ guard: { type: 'allOf', params: { guards: [{ type: 'runScript' }] } } }))).toBe(false);
    expect(validate(flowWith({ actions: 'increment' }))).toBe(false);
    expect(validate(flowWith({ actions: [{ type: 'clearFields', params: { fields: [] } }] }))).toBe(false);
  });
});
