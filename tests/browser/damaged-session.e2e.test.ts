import { describe, expect, it } from 'vitest';
import { chromiumAvailable, snap, watchPageErrors } from './support/chromium.js';
import { pick } from './support/ui.js';
import { useWebApp } from './support/web-server.js';

const SUITE = 'damaged-session';
const DEVICES = { desktop: { width: 1400, height: 900 }, phone: { width: 390, height: 844 } };

/**
 * A session cookie the engine never issued (here with a NUL byte, as a broken proxy or a
 * hand-edited cookie leaves it) must not break the web app: the engine clears it, the app
 * lands on the login page, and logging in works.
 */
describe.runIf(chromiumAvailable('browser damaged-session suite'))('web app: a damaged session cookie', () => {
  const web = useWebApp();


  for (const [device, viewport] of Object.entries(DEVICES)) {
    it(`lands on the login page with the cookie cleared, and logging in works (${device})`, async () => {
      const context = await web.browser.newContext({ viewport, locale: 'zh-CN' });
      await context.addCookies([{ name: 'renda_session', value: 'x%00y.z', url: web.url }]);
      const page = await context.newPage();
      const errors = watchPageErrors(page);

      await page.goto(`${web.url}/inbox`);
      await page.waitForURL((u) => u.pathname === '/login');
      await page.getByTestId('username').waitFor();
      expect((await context.cookies()).map((c) => c.name)).not.toContain('renda_session');
      await snap(page, SUITE, `01-login-page-${device}`);

      await pick(page, page.getByTestId('county-select'), '郁南县');
      await page.getByTestId('username').fill('deputy');
      await page.getByTestId('password').fill('demo1234');
      await page.getByTestId('login-submit').click();
      await page.waitForURL((u) => u.pathname === '/inbox');
      expect(await page.getByTestId('user').innerText()).toContain('李建国');
      await snap(page, SUITE, `02-logged-in-${device}`);
      expect(errors).toEqual([]);
      await context.close();
    });
  }
});
