import { describe, expect, it } from 'vitest';
import { EngineError } from '../../engine/errors/engine-error.js';
import { packProblem } from '../../engine/packs/pack-problems.js';
import { fieldError, schemaProblem } from '../../forms/index.js';

// What the catalogues refuse at compile time is checked by error-codes.typecheck.ts.
describe('coded errors are typed by their code', () => {
  it('builds the message of an engine error from the parameters its code declares', () => {
    const error = new EngineError('ROLE_NOT_ALLOWED', { event: 'ACCEPT', label: { 'zh-CN': '受理', en: 'Accept' }, roles: ['staff'], actorRoles: ['deputy'] });
    expect(error.status).toBe(403);
    expect(error.messages['zh-CN']).toBe('您的角色（deputy）不能执行“受理”，可执行的角色：staff');
    expect(error.messages.en).toBe('Your roles (deputy) may not send "Accept"; roles that may: staff');
    expect(new EngineError('AUTH_REQUIRED').messages['zh-CN']).toBe('请先登录');
  });

  it('derives pack problems, schema problems and field errors from their codes the same way', () => {
    expect(packProblem('flows/a.json', '/meta/start/roles/0', 'ROLE_UNKNOWN', { role: 'janitor' })).toEqual({
      file: 'flows/a.json',
      pointer: '/meta/start/roles/0',
      code: 'ROLE_UNKNOWN',
      params: { role: 'janitor' },
      message: { 'zh-CN': '未知角色“janitor”（可在 pack.json 的 roles 中声明）', en: 'unknown role "janitor" (declare it in pack.json roles)' },
    });
    expect(schemaProblem('/properties/x', 'LIST_WITHOUT_MAX_ITEMS').params).toEqual({});
    expect(fieldError('/n', { 'zh-CN': '人数', en: 'People' }, 'maximum', { limit: 9 }).message).toEqual({ 'zh-CN': '“人数”不能大于 9', en: '"People" must be at most 9' });
  });
});
