import { EngineError } from '../../engine/errors/engine-error.js';
import { packProblem } from '../../engine/packs/pack-problems.js';
import { fieldError, schemaProblem } from '../../forms/index.js';
import { expectPackProblem } from '../support/pack-problems.js';
import { expectError, type InjectResponse } from '../support/responses.js';

/**
 * Never run, only type-checked: `tsc --noEmit` (part of npm test) fails when one of these
 * misuses stops being a type error, i.e. when a catalogue or a test helper loses its typing.
 */
export function misuses(response: InjectResponse): void {
  // @ts-expect-error: no such code
  new EngineError('ITEM_NOT_FOND', { itemId: 'x' });
  // @ts-expect-error: a code with parameters needs them
  new EngineError('ITEM_NOT_FOUND');
  // @ts-expect-error: misspelt parameter
  new EngineError('ITEM_NOT_FOUND', { itemid: 'x' });
  // @ts-expect-error: extra parameter
  new EngineError('ITEM_NOT_FOUND', { itemId: 'x', packId: 'y' });
  // @ts-expect-error: a label travels as localized text, not as one language's string
  new EngineError('GUARD_REJECTED', { event: 'X', label: '受理' });
  // @ts-expect-error: a code without parameters takes none
  new EngineError('AUTH_REQUIRED', { itemId: 'x' });
  // @ts-expect-error: misspelt parameter
  packProblem('pack.json', '', 'COUNTY_UNKNOWN', { country: 'x' });
  // @ts-expect-error: no such schema problem
  schemaProblem('', 'LIST_WITHOUT_MAXITEMS');
  // @ts-expect-error: a limit is a number
  fieldError('/n', { 'zh-CN': '人数', en: 'People' }, 'maximum', { limit: '9' });
  // @ts-expect-error: tests name codes of the catalogue
  expectError(response, 'ITEM_NOT_FOND');
  // @ts-expect-error: tests name codes of the catalogue
  expectPackProblem([packProblem('pack.json', '', 'PACK_JSON_MISSING')], 'PACK_JSON_MISING');
}
