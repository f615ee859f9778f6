import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { ARTIFACTS, chromiumAvailable, snap, watchPageErrors } from './support/chromium.js';
import { expectText, loginAs } from './support/ui.js';
import { useWebApp } from './support/web-server.js';

const SUITE = 'working-calendar';
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };
const FILES = join(ARTIFACTS, SUITE);

/**
 * 工作日历 in the browser, in Chinese (issue 11): the seeded 2026 holidays show as 休 and the
 * make-up days as 班; the administrator marks a day a holiday and sees 休 on it and the year's
 * working days go down; the year exported to Excel and imported back restores a day taken back
 * meanwhile; a file with a bad row is refused with its row; a phone shows the month without
 * anything off the screen. Screenshots in test-artifacts/browser/working-calendar/.
 */
describe.runIf(chromiumAvailable('browser working calendar suite'))('web app: the working calendar', { timeout: 120_000 }, () => {
  const web = useWebApp();
  const errors: string[] = [];

  const open = async (viewport: { width: number; height: number }, username = 'admin'): Promise<Page> => {
    const page = await loginAs(web.browser, web.url, '郁南县', username);
    await page.setViewportSize(viewport);
    errors.push(...watchPageErrors(page));
    return page;
  };
  const cell = (page: Page, day: string) => page.locator(`[data-day="${day}"]`);
  const mark = (page: Page, day: string) => cell(page, day).locator('[data-mark]');
  /** Opens a day's form and waits until it has finished zooming in (a click during the zoom can be lost on a busy machine). */
  const openDay = async (page: Page, day: string) => {
    await cell(page, day).click();
    const modal = page.locator('.ant-modal:visible');
    await modal.waitFor();
    await page.waitForFunction(() => [...document.querySelectorAll<HTMLElement>('.ant-modal')].some((m) => m.offsetParent !== null && getComputedStyle(m).opacity === '1' && getComputedStyle(m).transform === 'none'));
    return modal;
  };
  /** Sets a day through its form: 节假日, 调休上班 or 恢复正常, with a name. */
  const setDay = async (page: Page, day: string, kind: string, name?: string) => {
    const modal = await openDay(page, day);
    await modal.getByText(kind, { exact: true }).click();
    if (name !== undefined) await modal.getByTestId('calendar-day-name').fill(name);
    await modal.getByTestId('calendar-day-save').click();
    await modal.waitFor({ state: 'hidden' });
  };

  it('shows 2026’s holidays, and a day the administrator marks a holiday shows 休', async () => {
    mkdirSync(FILES, { recursive: true });
    const page = await open(DESKTOP);
    await page.locator('.ant-menu-item-group', { hasText: '管理' }).locator('.ant-menu-item', { hasText: '工作日历' }).click();
    await page.waitForURL((u) => u.pathname === '/admin/calendar');
    await page.goto(`${web.url}/admin/calendar?month=2026-10`);
    await expectText(page.getByTestId('calendar-working-days'), '2026 年共有 248 个工作日');
    await expectText(mark(page, '2026-10-01'), '休');
    await expectText(cell(page, '2026-10-01'), '国庆节');
    await expectText(mark(page, '2026-10-10'), '班');
    expect(await mark(page, '2026-10-13').count()).toBe(0);

    await setDay(page, '2026-10-13', '节假日（休）', '县庆');
    await expectText(mark(page, '2026-10-13'), '休');
    await expectText(cell(page, '2026-10-13'), '县庆');
    await expectText(page.getByTestId('calendar-working-days'), '2026 年共有 247 个工作日');
    await snap(page, SUITE, 'desktop-october');

    // A weekday cannot be a make-up working day: the choice is there, but not to be taken.
    const modal = await openDay(page, '2026-10-14');
    await expectText(modal, '调休上班只能设在星期六或星期日');
    expect(await modal.locator('input[value="workday"]').isDisabled()).toBe(true);
    await snap(page, SUITE, 'desktop-day-form');
    await modal.getByRole('button', { name: /取\s*消/ }).click();

    // The year view counts each month's declared days.
    await page.getByTestId('calendar-header').getByText('年', { exact: true }).click();
    await expectText(page.locator('[data-month="2026-10"]'), '休 8 天 · 班 1 天');
    await snap(page, SUITE, 'desktop-year');
    expect(errors).toEqual([]);
  });

  it('exports the year and imports it back; a file with a bad row changes nothing and names the row', async () => {
    const page = await open(DESKTOP);
    await page.goto(`${web.url}/admin/calendar?month=2026-10`);
    await expectText(mark(page, '2026-10-13'), '休');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('calendar-export').click()]);
    expect(download.suggestedFilename()).toBe('郁南县工作日历-2026.xlsx');
    const exported = join(FILES, 'exported.xlsx');
    await download.saveAs(exported);

    // Taken back to normal, then the exported file restores it.
    await setDay(page, '2026-10-13', '恢复正常');
    await expect.poll(() => mark(page, '2026-10-13').count(), { timeout: 30_000 }).toBe(0);
    await expectText(page.getByTestId('calendar-working-days'), '248 个工作日');
    await page.getByTestId('calendar-upload').locator('input[type=file]').setInputFiles(exported);
    await expectText(page.locator('.ant-message'), '修改 1 天');
    await expectText(mark(page, '2026-10-13'), '休');
    await expectText(page.getByTestId('calendar-working-days'), '247 个工作日');

    // A bad row (row 3: no 30 February) and nothing changes.
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('工作日历');
    sheet.addRows([
      ['日期', '类型', '名称'],
      ['2026-10-16', '节假日', '县庆'],
      ['2026-02-30', '节假日', '不存在'],
    ]);
    const bad = join(FILES, 'bad.xlsx');
    await workbook.xlsx.writeFile(bad);
    await page.getByTestId('calendar-upload').locator('input[type=file]').setInputFiles(bad);
    const problems = page.getByTestId('calendar-import-problems');
    await expectText(problems, '“bad.xlsx”有 1 处问题，工作日历未做任何修改');
    await expectText(problems.locator('[data-problem-row="3"]'), '字段“日期”');
    expect(await mark(page, '2026-10-16').count()).toBe(0);
    await snap(page, SUITE, 'desktop-import-problems');
    expect(errors).toEqual([]);
  });

  it('fits a phone: the month with its marks, the day form, nothing off the screen', async () => {
    const page = await open(PHONE);
    await page.goto(`${web.url}/admin/calendar?month=2026-10`);
    await expectText(mark(page, '2026-10-01'), '休');
    await expectText(mark(page, '2026-10-10'), '班');
    const { scrollWidth, innerWidth } = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth }));
    expect(scrollWidth).toBeLessThanOrEqual(innerWidth);
    // Every mark lies inside the screen.
    for (const day of ['2026-10-03', '2026-10-10']) {
      const box = (await mark(page, day).boundingBox())!;
      expect(box.x + box.width).toBeLessThanOrEqual(PHONE.width);
    }
    await snap(page, SUITE, 'phone-october');
    const modal = await openDay(page, '2026-10-17');
    await snap(page, SUITE, 'phone-day-form', false);
    await modal.getByText('调休上班（班）', { exact: true }).click();
    await modal.getByTestId('calendar-day-name').fill('县庆');
    await modal.getByTestId('calendar-day-save').click();
    await expectText(mark(page, '2026-10-17'), '班');
    expect(errors).toEqual([]);
  });

  it('others of the county are kept out of the page', async () => {
    const staff = await open(DESKTOP, 'staff');
    expect(await staff.locator('.ant-menu-item', { hasText: '工作日历' }).count()).toBe(0);
    await staff.goto(`${web.url}/admin/calendar`);
    await expectText(staff.getByTestId('no-access'), '您的角色不能使用此页面');
  });
});
