import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { chromiumAvailable, snap, watchPageErrors } from './support/chromium.js';
import { expectText, pick } from './support/ui.js';
import { useWebApp, type WebApp } from './support/web-server.js';
import { client, login } from '../support/test-engine.js';
import { intake, triageTo } from '../support/yunan-payloads.js';

const SUITE = 'supervision';
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const TITLES = { assigned: '关于修缮桂圩村村道的建议', waiting: '关于增设桂圩村路灯的建议', soon: '关于整治都城镇集市秩序的建议' };

/**
 * Three suggestions, their deadlines moved as time would have: one assigned to 住建局 and three
 * days overdue, one waiting for triage at 桂圩村 a day overdue, one waiting at 都城镇 and due in
 * five hours. (The web server runs on the wall clock, so the rows are set as time would have left them.)
 */
async function prepare(web: WebApp): Promise<void> {
  const staff = client(web.engine.app, await login(web.engine.app, 'yunan', 'staff'));
  const file = async (title: string, stationId: string) => (await staff.createItem(intake(title), { stationId })).json().item.id as string;
  const assigned = await file(TITLES.assigned, 'guixu-village');
  expect((await staff.send(assigned, 'TRIAGE', await triageTo(staff, 'general', '县住房城乡建设局'))).statusCode).toBe(200);
  const waiting = await file(TITLES.waiting, 'guixu-village');
  const soon = await file(TITLES.soon, 'ducheng-central');
  const due = (id: string, dueAt: Date) => web.engine.store.inCounty('yunan', (trx) => trx.updateTable('items').set({ dueAt }).where('countyId', '=', 'yunan').where('id', '=', id).execute());
  await due(assigned, new Date(Date.now() - 3 * DAY - HOUR));
  await due(waiting, new Date(Date.now() - DAY - HOUR));
  await due(soon, new Date(Date.now() + 5 * HOUR));
}

describe.runIf(chromiumAvailable('browser supervision suite'))('web app: the supervision view (督办看板)', () => {
  const web = useWebApp(prepare);
  const errors: string[] = [];

  const open = async (username: string, viewport = DESKTOP): Promise<Page> => {
    const context = await web.browser.newContext({ viewport, locale: 'zh-CN', acceptDownloads: true });
    const page = await context.newPage();
    errors.push(...watchPageErrors(page));
    await page.goto(`${web.url}/login`);
    await pick(page, page.getByTestId('county-select'), '郁南县');
    await page.getByTestId('username').fill(username);
    await page.getByTestId('password').fill('demo1234');
    await page.getByTestId('login-submit').click();
    await page.waitForURL((u) => !u.pathname.startsWith('/login'));
    return page;
  };
  /** The rows of a table as people read them (desktop), cell by cell. */
  const rowsOf = (page: Page, testId: string) =>
    page.getByTestId(testId).locator('tbody tr.ant-table-row').evaluateAll((rows) => rows.map((r) => [...r.querySelectorAll('td')].map((td) => (td.textContent ?? '').trim())));

  it('an auditor opens 督办看板 from the menu: the summary, both tables worst first, sorting, and a count opens its items', async () => {
    const page = await open('auditor');
    await page.locator('.ant-layout-sider .ant-menu-item', { hasText: '督办看板' }).click();
    await page.waitForURL(/\/supervision$/);
    await expectText(page.getByTestId('supervision-summary'), '总超期 2 件，即将到期 1 件；最久的已超期 3 天');
    await page.getByTestId('supervision-units').locator('tbody tr.ant-table-row').first().waitFor();
    // Equally overdue: the one with more due soon first.
    expect(await rowsOf(page, 'supervision-units')).toEqual([
      ['未交办到承办单位', '1 件', '1 件', '已超期 1 天'],
      ['县住房城乡建设局', '1 件', '0', '已超期 3 天'],
    ]);
    expect(await rowsOf(page, 'supervision-stations')).toEqual([
      ['桂圩镇桂圩村联络站', '2 件', '0', '已超期 3 天'],
      ['都城镇人大代表中心联络站', '0', '1 件', ''],
    ]);
    await snap(page, SUITE, '01-desktop');

    // Sorted by the longest overdue: 住建局's three days come first; a second click turns the order round.
    const oldest = page.getByTestId('supervision-units').locator('th', { hasText: '最久超期' });
    await oldest.click();
    expect((await rowsOf(page, 'supervision-units')).map((r) => r[0])).toEqual(['县住房城乡建设局', '未交办到承办单位']);
    await snap(page, SUITE, '01b-desktop-sorted');
    await oldest.click();
    expect((await rowsOf(page, 'supervision-units')).map((r) => r[0])).toEqual(['未交办到承办单位', '县住房城乡建设局']);

    // The export is the workbook the engine writes, under its dated Chinese name.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('supervision-export').click()]);
    expect(download.suggestedFilename()).toMatch(/^郁南县督办看板-\d{4}-\d{2}-\d{2}\.xlsx$/);

    // 住建局's overdue count opens exactly its overdue item in the item list, the filter named in words.
    await page.getByTestId('supervision-units').locator('tr', { hasText: '县住房城乡建设局' }).getByRole('link', { name: '1 件' }).click();
    await page.waitForURL(/\/audit\?/);
    await expectText(page.getByTestId('supervision-filter'), '已超期 · 县住房城乡建设局');
    await page.getByTestId('audit-results').getByText(TITLES.assigned).waitFor();
    expect(await page.getByTestId('audit-results').locator('tbody tr.ant-table-row').count()).toBe(1);
    await expectText(page.getByTestId('audit-results').locator('[data-deadline="overdue"]'), '已超期 3 天');
    await page.getByTestId('audit-results').locator('.ant-spin-blur').waitFor({ state: 'detached' });
    await snap(page, SUITE, '02-opened-items');
  });

  it('fits a 390×844 phone: blocks instead of tables, a sort switch, nothing off the side', async () => {
    const page = await open('staff', PHONE);
    await page.goto(`${web.url}/supervision`);
    await expectText(page.getByTestId('supervision-summary'), '总超期 2 件，即将到期 1 件');
    const units = page.getByTestId('supervision-units');
    await units.locator('[data-list-row]').first().waitFor();
    const blocks = async () => (await units.locator('[data-list-row]').allInnerTexts()).map((text) => text.split(/\s*\n\s*/).join(' '));
    expect(await blocks()).toEqual(['未交办到承办单位 已超期： 1 件 即将到期： 1 件 最久超期： 已超期 1 天', '县住房城乡建设局 已超期： 1 件 即将到期： 0 最久超期： 已超期 3 天']);
    const { scrollWidth, innerWidth } = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth }));
    expect(scrollWidth).toBeLessThanOrEqual(innerWidth);
    await snap(page, SUITE, '03-phone');
    // The switch sorts the blocks: by the longest overdue, 住建局 first.
    await units.locator('.ant-segmented-item', { hasText: '最久超期' }).click();
    expect((await blocks()).map((b) => b.split(' ')[0])).toEqual(['县住房城乡建设局', '未交办到承办单位']);
    await snap(page, SUITE, '04-phone-sorted');
    expect(errors).toEqual([]);
  });
});
