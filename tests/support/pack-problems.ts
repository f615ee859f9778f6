import { expect } from 'vitest';
import type { LocalizedText } from '../../forms/index.js';

/** What pack problems and form schema problems share: a code, where, and the message. */
type Coded = { code: string; pointer: string; file?: string; message: LocalizedText };

/**
 * Asserts that a problem with this code (a code of the problems' own catalogue, so a misspelt
 * one fails the type check) was found, where given at this file and pointer, with a message in
 * both languages. Returns it, its parameters typed by the code. Takes pack problems
 * (validatePack, publishPack) and form schema problems (checkSchemaSafety, checkDefaults…).
 */
export function expectPackProblem<P extends Coded, C extends P['code']>(problems: P[], code: C, at: { file?: string; pointer?: string } = {}): Extract<P, { code: C }> {
  const found = problems.find(
    (p): p is Extract<P, { code: C }> => p.code === code && (at.file === undefined || p.file === at.file) && (at.pointer === undefined || p.pointer === at.pointer),
  );
  const where = `${at.file ? ` in ${at.file}` : ''}${at.pointer !== undefined ? ` at "${at.pointer}"` : ''}`;
  expect(found, `no ${code} problem${where} among ${JSON.stringify(problems.map((p) => `${p.code} ${p.file ?? ''}${p.pointer}`))}`).toBeDefined();
  expect(found!.message['zh-CN']).toMatch(/[\u4e00-\u9fff]/);
  expect(found!.message.en).toMatch(/[a-z]/);
  return found!;
}

/** The codes of the problems found, in order: what a test that expects exactly these compares. */
export const problemCodes = <P extends Coded>(problems: P[]): Array<P['code']> => problems.map((p) => p.code);
