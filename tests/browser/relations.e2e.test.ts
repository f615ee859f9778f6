import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { chromiumAvailable, snap, watchPageErrors } from './support/chromium.js';
import { expectText, fieldError, pick } from './support/ui.js';
import { useWebApp } from './support/web-server.js';

const SUITE = 'relations';
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };
/** What the administrator must never see: ids (UUIDs, station ids, kind ids), household codes, stored dates, end types. */
const INTERNAL = /[0-9a-f]{8}-[0-9a-f]{4}-|\b(gongguan-shuangzhu|deputy-household|chief-member|household-contact|person|household|H[2-9A-Z]{8}|JTP-\d+)\b|\d{4}-\d{2}-\d{2}/;

/**
 * The county administrator's households (农户管理) and relations (结对关系) in the browser, in
 * Chinese (issue 10), on the Maonan pack's kinds: a household added and found; a deputy linked to
 * it (代表联系农户) with the kind's attribute form; a second deputy refused while the first holds;
 * the relation ended with a date. At 1280×800 and on a 390×844 phone. Screenshots in
 * test-artifacts/browser/relations/.
 */
describe.runIf(chromiumAvailable('browser relations suite'))('web app: households and relations', { timeout: 120_000 }, () => {
  const web = useWebApp(async ({ engine }) => {
    // Households already in the directory, as an import would have left them.
    const at = new Date();
    const rows = [
      ['JTP-001', '陈大勇', '京塘坡村', '13800001111'],
      ['JTP-002', '李桂芳', '京塘坡村', null],
      ['LZT-001', '林美玲', '荔枝塘村', null],
    ] as const;
    for (const [code, headName, village, phone] of rows) {
      await engine.store.households.create({ countyId: 'maonan', id: crypto.randomUUID(), code, headName, village, stationId: 'gongguan-shuangzhu', phone, note: null }, at);
    }
  });
  const errors: string[] = [];

  const open = async (viewport = DESKTOP): Promise<Page> => {
    const context = await web.browser.newContext({ viewport, locale: 'zh-CN' });
    const page = await context.newPage();
    errors.push(...watchPageErrors(page));
    await page.goto(`${web.url}/login`);
    await pick(page, page.getByTestId('county-select'), '茂南区');
    await page.getByTestId('username').fill('admin');
    await page.getByTestId('password').fill('demo1234');
    await page.getByTestId('login-submit').click();
    await page.getByTestId('user').waitFor();
    return page;
  };
  const drawer = (page: Page) => page.locator('.ant-drawer-section:visible');
  const drawerIn = async (page: Page) => {
    await drawer(page).waitFor();
    await page.waitForFunction(() => [...document.querySelectorAll('.ant-drawer-content-wrapper')].some((d) => Math.abs(d.getBoundingClientRect().right - window.innerWidth) < 1));
  };
  const modal = (page: Page) => page.locator('.ant-modal:visible');
  /** Waits until a modal has finished zooming in. */
  const modalIn = async (page: Page) => {
    await modal(page).waitFor();
    await page.waitForFunction(() => [...document.querySelectorAll<HTMLElement>('.ant-modal')].some((m) => m.offsetParent !== null && getComputedStyle(m).opacity === '1' && getComputedStyle(m).transform === 'none'));
  };
  /** Lets buttons and tags finish their colour transitions before a screenshot. */
  const settle = (page: Page) => page.waitForTimeout(400);
  const row = (page: Page, table: string, text: string) => page.getByTestId(table).locator('tr.ant-table-row, [data-list-row]', { hasText: text });
  const noInternals = async (page: Page, what: string) => {
    const shown = await page.locator('.ant-layout-content').innerText();
    expect(shown, `${what} shows something internal`).not.toMatch(INTERNAL);
  };
  const fitsScreen = async (page: Page, what: string) => {
    const { scrollWidth, innerWidth } = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth }));
    expect(scrollWidth, `${what}: the page is wider than the phone`).toBeLessThanOrEqual(innerWidth);
  };
  let admin: Page;

  it('adds a household and finds it among the others', async () => {
    admin = await open();
    const group = admin.locator('.ant-menu-item-group', { hasText: '管理' });
    await group.locator('.ant-menu-item', { hasText: '农户管理' }).click();
    await row(admin, 'households-table', '陈大勇').waitFor();
    await admin.getByTestId('household-add').click();
    await drawerIn(admin);
    await admin.getByTestId('household-save').click();
    await expectText(fieldError(admin, 'household_headName'), '请填写户主姓名');
    await admin.locator('#household_headName').fill('王秀英');
    await admin.locator('#household_village').fill('京塘坡村');
    await pick(admin, admin.locator('#household_stationId'), '公馆镇人大代表“双助”工作站');
    await admin.locator('#household_phone').fill('电话');
    await admin.getByTestId('household-save').click();
    await expectText(fieldError(admin, 'household_phone'), '联系电话只能由数字');
    await admin.locator('#household_phone').fill('138 0000 2222');
    await settle(admin);
    await snap(admin, SUITE, '01-household-drawer');
    await admin.getByTestId('household-save').click();
    await row(admin, 'households-table', '王秀英').waitFor();
    expect(await row(admin, 'households-table', '王秀英').innerText()).toContain('公馆镇人大代表“双助”工作站');
    // Two characters of a name find it; the others are gone from the list.
    await admin.getByPlaceholder('按户主姓名、村或户编号查找').fill('秀英');
    await admin.waitForFunction(() => !document.querySelector('[data-testid="households-table"]')?.textContent?.includes('陈大勇'));
    await row(admin, 'households-table', '王秀英').waitFor();
    await noInternals(admin, 'the households page');
    await snap(admin, SUITE, '02-households-search');
  });

  it('links a deputy to the household with the kind’s form, refuses a second deputy, and ends the first with a date', async () => {
    await admin.locator('.ant-menu-item', { hasText: '结对关系' }).click();
    await admin.getByTestId('relations-table').waitFor();
    await admin.getByTestId('relation-add').click();
    await drawerIn(admin);
    await pick(admin, admin.locator('#relation_kind'), '代表联系农户');
    // The ends are called as the kind calls them, and picked by name.
    await expectText(drawer(admin), /代表[\s\S]*农户/);
    await pick(admin, admin.locator('#relation_from'), '站长 林志明');
    await admin.locator('#relation_to').click();
    await admin.locator('#relation_to').fill('王秀');
    await admin.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '王秀英（京塘坡村）' }).click();
    await admin.locator('#relation_startsOn').fill('2026年01月01日');
    await admin.locator('#relation_startsOn').press('Enter');
    // The attribute form is the kind's: its required field is refused in Chinese.
    await drawer(admin).getByTestId('form-submit').click();
    await expectText(fieldError(admin, 'root_visitCadence'), '“走访频次”为必填项');
    await pick(admin, admin.locator('#root_visitCadence'), '每月一次');
    await admin.locator('#root_helpWith').fill('种植技术、子女就学');
    await settle(admin);
    await snap(admin, SUITE, '03-relation-drawer');
    await drawer(admin).getByTestId('form-submit').click();
    await row(admin, 'relations-table', '王秀英（京塘坡村）').waitFor();
    await settle(admin);
    const shown = await row(admin, 'relations-table', '王秀英（京塘坡村）').innerText();
    for (const text of ['代表联系农户', '站长 林志明', '2026年01月01日', '至今', '有效']) expect(shown).toContain(text);
    await noInternals(admin, 'the relations page');
    await snap(admin, SUITE, '04-relations');

    // Another deputy for the same household while the first holds: the engine's refusal names the household end by its label.
    await admin.getByTestId('relation-add').click();
    await drawerIn(admin);
    await pick(admin, admin.locator('#relation_kind'), '代表联系农户');
    await pick(admin, admin.locator('#relation_from'), '联络员 梁小燕');
    await admin.locator('#relation_to').click();
    await admin.locator('#relation_to').fill('王秀');
    await admin.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '王秀英（京塘坡村）' }).click();
    await pick(admin, admin.locator('#root_visitCadence'), '每季度一次');
    await drawer(admin).getByTestId('form-submit').click();
    await expectText(fieldError(admin, 'relation_to'), '字段“农户”在这段时间内已有该关系类型允许的最多数量的关系');
    await snap(admin, SUITE, '05-relation-refused');
    await drawer(admin).locator('.ant-drawer-close').click();

    // Ended today: gone from 今日有效 tomorrow, still in 全部.
    await row(admin, 'relations-table', '王秀英（京塘坡村）').getByTestId('relation-end').click();
    await modalIn(admin);
    await expectText(modal(admin), '站长 林志明 与 王秀英（京塘坡村） 的关系将于所选日期结束');
    await snap(admin, SUITE, '06-relation-end', false);
    await modal(admin).locator('.ant-btn-dangerous').click();
    await modal(admin).waitFor({ state: 'hidden' });
    await row(admin, 'relations-table', '王秀英（京塘坡村）').waitFor();
    const ended = await row(admin, 'relations-table', '王秀英（京塘坡村）').innerText();
    expect(ended).not.toContain('至今');
    await noInternals(admin, 'the relations page after ending');
    expect(errors).toEqual([]);
  });

  it('on a 390×844 phone: both pages and the drawer fit the screen', async () => {
    const phone = await open(PHONE);
    await phone.goto(`${web.url}/admin/households`);
    await row(phone, 'households-table', '王秀英').waitFor();
    await settle(phone);
    await fitsScreen(phone, 'households');
    await noInternals(phone, 'households on a phone');
    await snap(phone, SUITE, '07-phone-households');
    await phone.goto(`${web.url}/admin/relations`);
    await row(phone, 'relations-table', '王秀英（京塘坡村）').waitFor();
    await fitsScreen(phone, 'relations');
    await noInternals(phone, 'relations on a phone');
    await settle(phone);
    await snap(phone, SUITE, '08-phone-relations');
    await row(phone, 'relations-table', '王秀英（京塘坡村）').getByRole('button', { name: '编辑' }).click();
    await drawerIn(phone);
    await fitsScreen(phone, 'the relation drawer');
    await snap(phone, SUITE, '09-phone-relation-drawer');
    await phone.context().close();
    expect(errors).toEqual([]);
  });
});
