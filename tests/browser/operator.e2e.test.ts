import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { chromiumAvailable, snap, watchPageErrors } from './support/chromium.js';
import { expectText, fieldError, pick } from './support/ui.js';
import { useWebApp } from './support/web-server.js';
import { DEMO_COUNTIES } from '../../engine/seed/demo-seed.js';

const SUITE = 'operator';
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };
const XINXING = { id: 'xinxing', zh: '新兴县', en: 'Xinxing County', admin: 'xx-admin', adminName: '新兴县人大常委会办公室', password: 'first-pass-1' };
/**
 * What the operator types may show: the counties' codes (区县标识) and, as the example under the
 * English name's field, an English name. Any other Latin letters are English left in the Chinese page.
 */
const TYPED = /\b(yunan|maonan|chizhou|xinxing)\b|Xinxing County/g;

/**
 * The platform operator in the browser (issue 10), in Chinese: from the login page to the
 * operator's login, 区县管理 with every county, 新建区县 refused at the field and then made,
 * 停用 and 恢复使用 confirmed, the new county's administrator made to choose their own password,
 * and each side kept out of the other's pages. At 1280×800 and on a 390×844 phone, whose pages
 * must not be wider than the screen. Screenshots in test-artifacts/browser/operator/.
 */
describe.runIf(chromiumAvailable('browser operator suite'))('web app: the platform operator', { timeout: 120_000 }, () => {
  const web = useWebApp();
  const errors: string[] = [];

  const newPage = async (viewport = DESKTOP, locale = 'zh-CN'): Promise<Page> => {
    const context = await web.browser.newContext({ viewport, locale });
    const page = await context.newPage();
    errors.push(...watchPageErrors(page));
    return page;
  };
  /** Logs the demo operator in through the operator's login page. */
  const operatorLogin = async (viewport = DESKTOP): Promise<Page> => {
    const page = await newPage(viewport);
    await page.goto(`${web.url}/operator/login`);
    await page.getByTestId('username').fill('operator');
    await page.getByTestId('password').fill('demo1234');
    await page.getByTestId('login-submit').click();
    await page.getByTestId('counties-table').waitFor();
    await row(page, '郁南县').waitFor();
    return page;
  };
  const row = (page: Page, text: string) => page.getByTestId('counties-table').locator('tr.ant-table-row, [data-list-row]', { hasText: text });
  const drawerIn = async (page: Page) => {
    await page.getByTestId('county-drawer').waitFor();
    await page.waitForFunction(() => [...document.querySelectorAll('.ant-drawer-content-wrapper')].some((d) => Math.abs(d.getBoundingClientRect().right - window.innerWidth) < 1));
  };
  /** Waits until the confirmation has finished zooming in (a screenshot mid-animation shows it half transparent). */
  const confirmIn = async (page: Page) => {
    await page.locator('.ant-popconfirm:visible').waitFor();
    await page.waitForFunction(() => [...document.querySelectorAll<HTMLElement>('.ant-popover')].some((p) => !p.classList.contains('ant-popover-hidden') && getComputedStyle(p).opacity === '1' && !p.className.includes('zoom')));
  };
  const fitsScreen = async (page: Page, what: string) => {
    const { scrollWidth, innerWidth, outside } = await page.evaluate(() => ({
      scrollWidth: document.documentElement.scrollWidth,
      innerWidth: window.innerWidth,
      outside: [...document.querySelectorAll<HTMLElement>('body *')]
        .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 0.5 && e.getBoundingClientRect().width > 0)
        .slice(0, 5)
        .map((e) => `${e.tagName.toLowerCase()}.${[...e.classList].join('.')} → ${Math.round(e.getBoundingClientRect().right)}`),
    }));
    expect(scrollWidth, `${what}: the page is wider than the phone (${outside.join('; ')})`).toBeLessThanOrEqual(innerWidth);
  };
  /** The Chinese page shows no English words and no internal codes (what the operator types aside). */
  const allChinese = async (page: Page, selector: string, what: string) => {
    const shown = (await page.locator(selector).innerText()).replace(TYPED, '');
    expect(shown, `${what} shows English or an internal code`).not.toMatch(/[A-Za-z]{2,}|[0-9a-f]{8}-[0-9a-f]{4}-|[A-Z_]{6,}/);
  };
  const fill = async (page: Page, values: Record<string, string>) => {
    for (const [id, value] of Object.entries(values)) await page.locator(`#county_${id}`).fill(value);
  };

  it('the login page leads to the operator’s login; a wrong password is refused in Chinese', async () => {
    const page = await newPage();
    await page.goto(`${web.url}/login`);
    await page.getByTestId('operator-login').click();
    await page.waitForURL((u) => u.pathname === '/operator/login');
    await expectText(page.locator('.ant-card'), /平台运维登录/);
    await snap(page, SUITE, '01-operator-login');
    await page.getByTestId('username').fill('operator');
    await page.getByTestId('password').fill('wrong-password');
    await page.getByTestId('login-submit').click();
    await expectText(page.getByTestId('login-error'), '运维账号的用户名或密码不正确');
    await snap(page, SUITE, '02-operator-login-refused');
  });

  it('区县管理 lists every county; 新建区县 is refused at the field, then makes the county', async () => {
    const page = await operatorLogin();
    await expectText(page.locator('.ant-card-head'), '区县管理');
    for (const county of DEMO_COUNTIES) await expectText(row(page, county.name['zh-CN']), new RegExp(`使用中[\\s\\S]*${county.users.length} 人`));
    await allChinese(page, '.ant-layout-content', 'the counties page');
    await snap(page, SUITE, '03-counties');

    await page.getByTestId('county-add').click();
    await drawerIn(page);
    // Checked in the browser first: a code with capitals and a space.
    await fill(page, { id: 'Xin Xing' });
    await page.getByTestId('county-save').click();
    await expectText(fieldError(page, 'county_id'), '区县标识只能由小写字母、数字和连字符组成');
    // A code already taken: the engine's refusal, worded with the field's label, under the field.
    await fill(page, { id: 'yunan', nameZh: XINXING.zh, nameEn: XINXING.en, adminUsername: XINXING.admin, adminName: XINXING.adminName, password: XINXING.password, again: XINXING.password });
    await page.getByTestId('county-save').click();
    await expectText(fieldError(page, 'county_id'), '字段“区县标识”：区县 yunan 已存在');
    await allChinese(page, '.ant-drawer-section:visible', 'the new county drawer');
    await snap(page, SUITE, '04-new-county-refused');

    await fill(page, { id: XINXING.id });
    await page.getByTestId('county-save').click();
    await page.getByTestId('county-drawer').waitFor({ state: 'hidden' });
    await expectText(row(page, XINXING.zh), /使用中[\s\S]*1 人/);
    await snap(page, SUITE, '05-county-created');
  });

  it('停用 and 恢复使用 are confirmed first; a disabled county’s administrator cannot log in, a restored one must choose their own password', async () => {
    const page = await operatorLogin();
    await row(page, XINXING.zh).getByTestId('county-disable').click();
    const confirm = page.locator('.ant-popconfirm:visible');
    await expectText(confirm, /停用“新兴县”？该区县的所有人员将不能登录/);
    await confirmIn(page);
    await snap(page, SUITE, '06-disable-confirm');
    await confirm.locator('.ant-btn-primary').click();
    await row(page, XINXING.zh).getByTestId('county-state').filter({ hasText: /已停用（.+起）/ }).waitFor();
    await snap(page, SUITE, '07-county-disabled');

    // The login page no longer offers it.
    const admin = await newPage();
    await admin.goto(`${web.url}/login`);
    await admin.getByTestId('county-select').click();
    await admin.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '郁南县' }).waitFor();
    expect(await admin.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: XINXING.zh }).count()).toBe(0);
    await admin.keyboard.press('Escape');

    await row(page, XINXING.zh).getByTestId('county-enable').click();
    await expectText(page.locator('.ant-popconfirm:visible', { hasText: '恢复使用“新兴县”？' }), /该区县的人员可以重新登录/);
    await page.locator('.ant-popconfirm:visible', { hasText: '恢复使用“新兴县”？' }).locator('.ant-btn-primary').click();
    await row(page, XINXING.zh).getByTestId('county-state').filter({ hasText: '使用中' }).waitFor();

    await admin.reload();
    await pick(admin, admin.getByTestId('county-select'), XINXING.zh);
    await admin.getByTestId('username').fill(XINXING.admin);
    await admin.getByTestId('password').fill(XINXING.password);
    await admin.getByTestId('login-submit').click();
    await admin.getByText('这是您首次登录，或管理员刚重置了您的密码', { exact: false }).waitFor();
    await snap(admin, SUITE, '08-new-admin-first-login');
  });

  it('each side is kept out of the other’s pages', async () => {
    // A county's administrator opening the operator's page is asked to log in as an operator.
    const admin = await newPage();
    await admin.goto(`${web.url}/login`);
    await pick(admin, admin.getByTestId('county-select'), '郁南县');
    await admin.getByTestId('username').fill('admin');
    await admin.getByTestId('password').fill('demo1234');
    await admin.getByTestId('login-submit').click();
    await admin.getByTestId('user').waitFor();
    await admin.goto(`${web.url}/operator`);
    await admin.waitForURL((u) => u.pathname === '/operator/login');
    expect(await admin.getByTestId('counties-table').count()).toBe(0);

    // The operator opening a county's page is taken back to 区县管理.
    const operator = await operatorLogin();
    for (const path of ['/inbox', '/admin/people', '/login']) {
      await operator.goto(`${web.url}${path}`);
      await operator.waitForURL((u) => u.pathname === '/operator');
      await operator.getByTestId('counties-table').waitFor();
    }
    // Logging out leads to the operator's login.
    await operator.getByTestId('logout').click();
    await operator.waitForURL((u) => u.pathname === '/operator/login');
  });

  it('in English, one click away', async () => {
    const page = await operatorLogin();
    await page.getByTestId('language').click();
    await expectText(page.locator('.ant-card-head'), 'Counties');
    await expectText(row(page, 'Xinxing County'), /In service/);
    await snap(page, SUITE, '09-counties-en');
    await page.getByTestId('language').click();
    await expectText(page.locator('.ant-card-head'), '区县管理');
  });

  it('on a 390×844 phone: the list, the new county form and the confirmation fit the screen', async () => {
    const page = await operatorLogin(PHONE);
    await fitsScreen(page, 'the counties list');
    await allChinese(page, '.ant-layout-content', 'the counties list on a phone');
    await snap(page, SUITE, '10-phone-counties');

    await page.getByTestId('county-add').click();
    await drawerIn(page);
    await fitsScreen(page, 'the new county form');
    await snap(page, SUITE, '11-phone-new-county', false);
    await page.locator('.ant-drawer-close').click();
    await page.getByTestId('county-drawer').waitFor({ state: 'hidden' });

    await row(page, '茂南区').getByTestId('county-disable').click();
    await confirmIn(page);
    await fitsScreen(page, 'the confirmation');
    await snap(page, SUITE, '12-phone-disable-confirm', false);
    await page.locator('.ant-popconfirm:visible .ant-btn:not(.ant-btn-primary)').click();

    const login = await newPage(PHONE);
    await login.goto(`${web.url}/operator/login`);
    await login.locator('.ant-card').waitFor();
    await fitsScreen(login, 'the operator login');
    await snap(login, SUITE, '13-phone-operator-login');
    expect(errors).toEqual([]);
  });
});
