import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { chromiumAvailable, snap, watchPageErrors } from './support/chromium.js';
import { expectText, pick } from './support/ui.js';
import { useWebApp } from './support/web-server.js';

const SUITE = 'login-security';

/**
 * The login page and the API docs as a browser gets them, under the engine's Content Security
 * Policy: no violation reported, and a locked account is told in Chinese when to try again.
 */
describe.runIf(chromiumAvailable('browser login security suite'))('web app under the security headers: login lockout, /docs', () => {
  const web = useWebApp();
  const errors: string[] = [];

  const openLogin = async (viewport: { width: number; height: number }): Promise<Page> => {
    const context = await web.browser.newContext({ viewport, locale: 'zh-CN' });
    const page = await context.newPage();
    errors.push(...watchPageErrors(page));
    const response = await page.goto(`${web.url}/login`);
    expect(response?.headers()['content-security-policy']).toContain("frame-ancestors 'none'");
    return page;
  };
  const tryLogin = async (page: Page, password: string) => {
    await page.getByTestId('username').fill('staff');
    await page.getByTestId('password').fill(password);
    const answered = page.waitForResponse((r) => r.url().endsWith('/api/auth/login'));
    await page.getByTestId('login-submit').click();
    await answered;
  };


  it('a locked account is told when to try again, in local time', async () => {
    // Four wrong passwords from elsewhere; the fifth and sixth in the browser.
    for (let i = 0; i < 4; i++) {
      await web.engine.app.inject({ method: 'POST', url: '/api/auth/login', remoteAddress: `10.9.0.${i}`, payload: { county: 'yunan', username: 'staff', password: 'wrong' } });
    }
    const page = await openLogin({ width: 1400, height: 900 });
    await pick(page, page.getByTestId('county-select'), '郁南县');
    await tryLogin(page, 'wrong');
    await expectText(page.getByTestId('login-error'), '区县、用户名或密码不正确');
    await tryLogin(page, 'demo1234');
    await expectText(page.getByTestId('login-error'), /^登录失败次数过多，已暂时锁定，请于 \d{2}:\d{2} 后再试$/);
    await snap(page, SUITE, '01-locked-desktop');

    const phone = await openLogin({ width: 390, height: 844 });
    await pick(phone, phone.getByTestId('county-select'), '郁南县');
    await tryLogin(phone, 'demo1234');
    await expectText(phone.getByTestId('login-error'), /请于 \d{2}:\d{2} 后再试/);
    await snap(phone, SUITE, '02-locked-phone');
    expect(errors).toEqual([]);
  });

  it('the API docs work under the policy', async () => {
    const context = await web.browser.newContext({ viewport: { width: 1400, height: 900 } });
    const page = await context.newPage();
    errors.push(...watchPageErrors(page));
    await page.goto(`${web.url}/docs`);
    await page.locator('.opblock-summary-path', { hasText: '/api/auth/login' }).first().waitFor();
    await snap(page, SUITE, '03-docs', false);
    expect(errors).toEqual([]);
  });
});
