import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { outboxMessage } from '../../engine/domain/outbox-message.js';
import { client, login } from '../support/test-engine.js';
import { intake } from '../support/yunan-payloads.js';
import { chromiumAvailable, snap, watchPageErrors } from './support/chromium.js';
import { expectText, loginAs } from './support/ui.js';
import { useWebApp } from './support/web-server.js';

const SUITE = 'notifications';
const PHONE = { width: 390, height: 844 };
const ITEM_TITLE = '关于修缮桂圩村村道的建议';

/**
 * The bell in the header: staff at 都城 have three unread notifications (written to the outbox as
 * the engine writes them, then delivered); the count shows on the bell, the list opens from it,
 * opening one marks it read and opens its item, and 全部已读 clears the rest — at 1400×900 and on
 * a 390×844 phone. Screenshots in test-artifacts/browser/notifications/.
 */
describe.runIf(chromiumAvailable('browser notifications suite'))('web app: notifications', () => {
  let itemId: string;
  const web = useWebApp(async ({ engine }) => {
    const deputy = client(engine.app, await login(engine.app, 'yunan', 'deputy'));
    itemId = (await deputy.createItem(intake(ITEM_TITLE), { stationId: 'ducheng-central' })).json().item.id;
    const staffAtDucheng = [{ kind: 'roles' as const, roles: ['staff'], stationId: 'ducheng-central' }];
    const at = (minutesAgo: number) => new Date(Date.now() - minutesAgo * 60_000);
    await engine.store.outbox.add('yunan', [
      outboxMessage({ countyId: 'yunan', createdAt: at(180), kind: 'system', recipients: staffAtDucheng, message: { title: { 'zh-CN': '本月例会改在周五召开', en: "This month's meeting moves to Friday" } } }),
      outboxMessage({
        countyId: 'yunan',
        createdAt: at(60),
        itemId,
        eventSeq: 1,
        kind: 'remind',
        recipients: staffAtDucheng,
        message: {
          title: { 'zh-CN': `“${ITEM_TITLE}”将于明天到期`, en: `"${ITEM_TITLE}" is due tomorrow` },
          body: { 'zh-CN': '请在时限内完成分类交办。', en: 'Please triage it before the deadline.' },
        },
      }),
      outboxMessage({ countyId: 'yunan', createdAt: at(5), itemId, eventSeq: 1, kind: 'escalate', recipients: staffAtDucheng, message: { title: { 'zh-CN': '有 1 件建议已超期', en: '1 suggestion is overdue' } } }),
    ]);
    expect(await engine.outbox.runOnce()).toEqual({ delivered: 3, failed: 0 });
  });

  const bellLabel = (page: Page) => page.getByTestId('notification-bell').getAttribute('aria-label');
  const expectBell = (page: Page, label: string) => expect.poll(() => bellLabel(page), { timeout: 30_000 }).toBe(label);

  it('shows the unread count on the bell, lists them newest first, and opening one reads it and opens its item', async () => {
    const page = await loginAs(web.browser, web.url, '郁南县', 'staff');
    const errors = watchPageErrors(page);
    await expectBell(page, '通知（3 条未读）');
    await expectText(page.getByTestId('notification-count'), '3');
    await page.getByTestId('inbox-table').getByText(ITEM_TITLE).waitFor();
    await snap(page, SUITE, '01-desktop-bell', false);

    await page.getByTestId('notification-bell').click();
    const list = page.getByTestId('notification-list');
    await list.getByTestId('notification').nth(2).waitFor();
    const titles = await list.getByTestId('notification').allInnerTexts();
    expect(titles[0]).toContain('有 1 件建议已超期');
    expect(titles[0]).toContain('超期督办');
    expect(titles[1]).toContain('将于明天到期');
    expect(titles[1]).toContain('请在时限内完成分类交办。');
    expect(titles[2]).toContain('本月例会改在周五召开');
    // Local time as offices write it (2026/11/02 09:00), never an ISO instant.
    for (const shown of titles) expect(shown).toMatch(/\d{4}\/\d{2}\/\d{2} \d{2}:\d{2}/);
    expect(await list.locator('[data-unread="true"]').count()).toBe(3);
    await snap(page, SUITE, '02-desktop-list', false);

    await list.getByTestId('notification').nth(1).click();
    await page.waitForURL((u) => u.pathname === `/items/${itemId}`);
    await expectText(page.getByTestId('item-state'), '待分类交办');
    await expectBell(page, '通知（2 条未读）');

    await page.getByTestId('notification-bell').click();
    await list.getByTestId('notification').nth(2).waitFor();
    expect(await list.locator('[data-unread="true"]').count()).toBe(2);
    expect(await list.getByTestId('notification').nth(1).getAttribute('data-unread')).toBeNull();
    expect(errors).toEqual([]);
  });

  it('on a phone the list fills the screen, and 全部已读 clears the count', async () => {
    const page = await loginAs(web.browser, web.url, '郁南县', 'staff');
    const errors = watchPageErrors(page);
    await page.setViewportSize(PHONE);
    await expectBell(page, '通知（2 条未读）');
    await page.getByTestId('inbox-table').getByText(ITEM_TITLE).first().waitFor();
    await snap(page, SUITE, '03-phone-bell', false);
    await page.getByTestId('notification-bell').click();
    const list = page.getByTestId('notification-list');
    await list.getByTestId('notification').nth(2).waitFor();
    // The drawer takes the whole width: nothing of it is off screen.
    const drawer = await page.locator('.ant-drawer-content-wrapper').boundingBox();
    expect(drawer?.width).toBeCloseTo(PHONE.width, 0); // sub-pixel while the drawer settles
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await snap(page, SUITE, '04-phone-list', false);

    await page.getByTestId('notification-read-all').click();
    await expect.poll(() => list.locator('[data-unread="true"]').count(), { timeout: 30_000 }).toBe(0);
    await expectBell(page, '通知');
    expect(await page.getByTestId('notification-read-all').isDisabled()).toBe(true);
    await snap(page, SUITE, '05-phone-all-read', false);
    // The other filter: nothing unread is left.
    await page.getByText('未读', { exact: true }).click();
    await page.getByTestId('notification-empty').waitFor();
    expect(errors).toEqual([]);
  });
});
