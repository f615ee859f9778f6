import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { DEFAULT_PACKS_DIR } from '../../engine/engine.js';
import { PACK_FILE_KEYS, packDocument, packFilesOf, validatePackDocument } from '../../engine/packs/pack-file.js';
import { listPackFolders, readPackFolder } from '../../engine/packs/pack-reader.js';
import { validatePack } from '../../engine/packs/pack-validator.js';
import { packHash } from '../../engine/runtime/pack-publisher.js';
import { fixturePack } from '../support/fixture-pack.js';
import { expectPackProblem } from '../support/pack-problems.js';

const ROOT = new URL('../../', import.meta.url).pathname;
const SCHEMAS = ['localized-text', 'catalogue', 'pack', 'form', 'flow', 'station-type', 'evaluation', 'pack-file'];

/** The one-file pack of the fixture, as an export would give it (through JSON, as it travels). */
function fixtureDocument() {
  const { content } = validatePack(fixturePack());
  return JSON.parse(JSON.stringify(packDocument(content!)));
}

describe('a pack in one file', () => {
  it('exports each shipped pack so that, uploaded unchanged, it validates to the same content hash', async () => {
    const ajv = new Ajv2020({ allErrors: true, strict: true, strictTypes: false, strictRequired: false, allowUnionTypes: true });
    for (const name of SCHEMAS) ajv.addSchema(JSON.parse(await readFile(join(ROOT, `workflows/schema/${name}.schema.json`), 'utf8')));
    const editorCheck = ajv.getSchema('https://renda-liaison.example/schema/pack-file.schema.json')!;
    const folders = await listPackFolders(DEFAULT_PACKS_DIR);
    expect(folders.length).toBeGreaterThan(0);
    for (const folder of folders) {
      const published = validatePack(await readPackFolder(folder));
      expect(published.problems, folder).toEqual([]);
      const exported = JSON.parse(JSON.stringify(packDocument(published.content!)));
      // An editor following pack-file.schema.json accepts it too.
      expect(editorCheck(exported), `${folder}: ${JSON.stringify(editorCheck.errors)}`).toBe(true);
      const uploaded = validatePackDocument(exported);
      expect(uploaded.problems, folder).toEqual([]);
      expect(packHash(uploaded.content!), folder).toBe(packHash(published.content!));
    }
  });

  it('holds exactly the keys its schema allows', async () => {
    const schema = JSON.parse(await readFile(join(ROOT, 'workflows/schema/pack-file.schema.json'), 'utf8'));
    expect([...PACK_FILE_KEYS].sort()).toEqual(Object.keys(schema.properties).sort());
  });

  it('names a problem inside it by the file it would be in the folder, with the pointer in that file', () => {
    const document = fixtureDocument();
    document.forms.decision.schema.properties.note.maxLength = -1;
    const { content, problems } = validatePackDocument(document);
    expect(content).toBeUndefined();
    expectPackProblem(problems, 'NOT_JSON_SCHEMA', { file: 'forms/decision.json', pointer: '/schema/properties/note/maxLength' });
  });

  it('refuses what is not a one-file pack, and reports its own shape beside the problems of its files', () => {
    for (const value of [null, [], 'pack', 42]) expect(validatePackDocument(value).problems.map((p) => p.code)).toEqual(['PACK_FILE_NOT_OBJECT']);

    const document = fixtureDocument();
    document.stationTypes = {}; // the key of PackContent, not of the folder
    document.evaluations = [];
    document.flows.decide.meta.start.form = 'nothing';
    const { content, problems } = validatePackDocument(document);
    expect(content).toBeUndefined();
    const unknown = expectPackProblem(problems, 'PACK_FILE_KEY_UNKNOWN', { file: '', pointer: '/stationTypes' });
    expect(unknown.message.en).toContain('station-types');
    expectPackProblem(problems, 'PACK_FILE_FOLDER_INVALID', { file: '', pointer: '/evaluations' });
    expectPackProblem(problems, 'FORM_MISSING', { file: 'flows/decide.json', pointer: '/meta/start/form' });
  });

  it('reads a missing pack as a missing pack.json, and a file under another id as a mismatch', () => {
    const { pack: _pack, ...withoutPack } = fixtureDocument();
    expectPackProblem(validatePackDocument(withoutPack).problems, 'PACK_JSON_MISSING', { file: 'pack.json' });
    const document = fixtureDocument();
    document.forms.other = document.forms.decision;
    expectPackProblem(validatePackDocument(document).problems, 'ID_MISMATCH', { file: 'forms/other.json', pointer: '/id' });
    // An id that is no file name cannot smuggle a file outside its folder.
    expect(packFilesOf({ forms: { 'a/b': {} } }).files.map((f) => f.path)).toEqual(['forms/a/b.json']);
    const outside = fixtureDocument();
    outside.forms['../pack'] = {};
    expectPackProblem(validatePackDocument(outside).problems, 'FILE_NOT_IN_PACK', { file: 'forms/../pack.json' });
  });
});
