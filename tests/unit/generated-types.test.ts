import { readdir, readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GENERATED_DIR, generateFormTypes, typeName, typegenSchema } from '../../forms/typegen/generate-form-types.js';

async function committedFiles(): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  const entries = await readdir(GENERATED_DIR, { recursive: true, withFileTypes: true }).catch(() => []);
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const full = join(entry.parentPath, entry.name);
    files.set(relative(GENERATED_DIR, full).split(sep).join('/'), await readFile(full, 'utf8'));
  }
  return files;
}

describe('generated form types (forms/generated)', () => {
  it('are up to date with the packs', async () => {
    const [expected, committed] = await Promise.all([generateFormTypes(), committedFiles()]);
    const stale = [
      ...[...expected.keys()].filter((path) => !committed.has(path)).map((path) => `missing: ${path}`),
      ...[...committed.keys()].filter((path) => !expected.has(path)).map((path) => `no longer generated: ${path}`),
      ...[...expected].filter(([path, text]) => committed.has(path) && committed.get(path) !== text).map(([path]) => `out of date: ${path}`),
    ];
    expect(stale, 'forms/generated is stale: run `npm run gen:types` and commit the result').toEqual([]);
  });

  it('names each type after its form id in PascalCase', () => {
    expect(typeName('suggestion-intake')).toBe('SuggestionIntake');
    expect(typeName('bayou-acceptance')).toBe('BayouAcceptance');
  });

  it('hands json-schema-to-typescript a schema without our x- keywords or Chinese titles', () => {
    const schema = typegenSchema(
      {
        type: 'object',
        properties: {
          rating: { type: 'string', title: '测评结果', 'x-i18n': { en: { title: 'Rating' } }, oneOf: [{ const: 'ok', title: '满意' }] },
          total: { type: 'integer', readOnly: true, 'x-computed': { op: 'sum', args: [{ ref: '/n' }] } },
        },
      },
      'Satisfaction',
      { 'zh-CN': '满意度测评', en: 'Satisfaction rating' },
    );
    expect(schema).toEqual({
      type: 'object',
      title: 'Satisfaction',
      description: '满意度测评 · Satisfaction rating',
      properties: {
        rating: { type: 'string', enum: ['ok'], description: '测评结果 · Rating\n- "ok": 满意' },
        total: { type: 'integer', readOnly: true, description: '只读 · read-only' },
      },
    });
  });
});
