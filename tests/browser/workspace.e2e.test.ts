import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { chromiumAvailable, snap, watchPageErrors } from './support/chromium.js';
import { expectText, fieldError, loginAs, pick } from './support/ui.js';
import { useWebApp } from './support/web-server.js';

const SUITE = 'workspace';
const TITLE = '关于修缮桂圩村村道的建议';
/** What the public board heads it with: the flow's title template over its category and channel. */
const BOARD_TITLE = '基础设施建设建议 · 入户走访';

/**
 * The whole job in the browser, in Chinese: a deputy submits a suggestion, staff triage it,
 * the department handles it, the submitter rates it, an auditor finds it and reads its
 * trace, and the public board shows it with personal data masked. Screenshots of each step
 * are kept in test-artifacts/browser/workspace/.
 */
describe.runIf(chromiumAvailable('browser workspace suite'))('web app: a suggestion from submission to the public board', () => {
  const web = useWebApp();
  let itemUrl: string;
  const errors: string[] = [];
  const open = async (county: string, user: string) => {
    const page = await loginAs(web.browser, web.url, county, user);
    errors.push(...watchPageErrors(page));
    return page;
  };
  const stateShown = (page: Page) => page.getByTestId('item-state').innerText();


  it('the deputy submits a suggestion; a wrong value gets a Chinese message under the field', async () => {
    const page = await open('郁南县', 'deputy');
    await page.getByTestId('inbox-table').waitFor({ state: 'visible' });
    await snap(page, SUITE, '01-deputy-inbox');
    await page.goto(`${web.url}/new`);
    await page.getByTestId('start-suggestion').click();
    await page.locator('#root_title').waitFor();
    // The long intake form is laid out in the sections its UI schema declares.
    expect(await page.locator('[data-section]').evaluateAll((cards) => cards.map((c) => c.getAttribute('data-section')))).toEqual(['建议内容', '反映人信息（公示时隐去）']);

    // Submitting with a too-short title and a bad phone: messages under the fields, nothing sent.
    await page.locator('#root_title').fill('修路');
    await page.locator('#root_constituentPhone').fill('12345');
    await page.getByTestId('form-submit').click();
    await expectText(fieldError(page, 'root_title'), '“建议标题”不能少于 4 个字');
    await expectText(fieldError(page, 'root_constituentPhone'), '“反映人电话”应为 11 位手机号码');
    await expectText(fieldError(page, 'root_content'), '“建议内容”为必填项');
    await snap(page, SUITE, '02-form-errors');

    await page.locator('#root_title').fill(TITLE);
    await pick(page, page.locator('#root_category'), '基础设施建设');
    await pick(page, page.locator('#root_channel'), '入户走访');
    await page.locator('#root_content').fill('桂圩村村道破损严重，雨天积水，群众出行不便，建议尽快修缮。');
    await page.locator('#root_constituentName').fill('张三');
    await page.locator('#root_constituentPhone').fill('13800138000');
    await pick(page, page.getByTestId('station-select'), '都城镇人大代表中心联络站');
    await page.getByTestId('form-submit').click();
    await page.waitForURL(/\/items\//);
    itemUrl = page.url();
    expect(await stateShown(page)).toContain('待分类交办');
    await page.getByTestId('flow-diagram').waitFor();
    await snap(page, SUITE, '03-submitted');
    // The deputy may not triage: the action is not offered.
    expect(await page.locator('[data-action="TRIAGE"]').count()).toBe(0);
  });

  it('staff find it in the inbox and triage it to a department', async () => {
    // Triage is due in three days; pretend they have passed so the inbox shows it overdue, in red.
    const itemId = itemUrl.split('/').pop()!;
    await web.engine.store.inCounty('yunan', (trx) => trx.updateTable('items').set({ dueAt: new Date(Date.now() - 86_400_000) }).where('id', '=', itemId).execute());
    const page = await open('郁南县', 'staff');
    await page.getByTestId('inbox-table').getByText(TITLE).waitFor();
    await expectText(page.getByTestId('inbox-table').locator('[data-deadline="overdue"]'), '已超期 1 天');
    await snap(page, SUITE, '04-staff-inbox');
    await page.getByTestId('inbox-table').getByText(TITLE).click();
    await page.locator('[data-action="TRIAGE"]').click();
    const modal = page.locator('.ant-modal');
    await modal.getByRole('radio', { name: '一般建议速交办' }).check(); // check() retries until it is checked: a click during the modal's opening can be lost
    await pick(page, page.locator('#root_department'), '县住房城乡建设局');
    await page.locator('#root_triageOpinion').fill('请住建局尽快处理');
    await snap(page, SUITE, '05-triage-form', false);
    await page.getByTestId('form-submit').click();
    await page.getByTestId('item-state').getByText('待承办单位签收').waitFor();
    expect(await stateShown(page)).toContain('待承办单位签收');
    await snap(page, SUITE, '06-triaged');
  });

  it('another unit does not find it; the department claims it, accepts and replies', async () => {
    const other = await open('郁南县', 'transport');
    await other.goto(itemUrl);
    await other.getByText('找不到这个事项').waitFor();
    expect(await other.locator('body').innerText()).not.toContain(itemUrl.split('/').pop()!); // no id on screen
    await other.close();

    const page = await open('郁南县', 'department');
    await page.goto(itemUrl);
    await expectText(page.getByTestId('assignment'), '已分派给：县住房城乡建设局 · 待本单位人员认领');
    await page.locator('[data-claim="claim"]').click();
    await page.locator('.ant-popconfirm .ant-btn-primary').click();
    await expectText(page.getByTestId('assignment'), '由 县住房城乡建设局 黄志强 认领办理');
    await page.locator('[data-claim="release"]').waitFor();
    await snap(page, SUITE, '06b-claimed');
    await page.locator('[data-action="ACCEPT"]').click();
    await page.locator('.ant-popconfirm .ant-btn-primary').click();
    await page.getByTestId('item-state').getByText('承办单位办理中').waitFor();
    await page.locator('[data-action="REPLY"]').click();
    await pick(page, page.locator('#root_handlingMode'), '现场协办');
    await pick(page, page.locator('#root_result'), '已解决');
    await page.locator('#root_reply').fill('已组织施工队对村道进行修缮，积水问题已解决。');
    await page.getByTestId('form-submit').click();
    await page.getByTestId('item-state').getByText('待满意度测评').waitFor();
    await snap(page, SUITE, '07-replied');
  });

  it('the submitter rates it satisfied and it is closed', async () => {
    const page = await open('郁南县', 'deputy');
    await page.goto(itemUrl);
    await page.locator('[data-action="RATE"]').click();
    await page.locator('.ant-modal').getByText('满意', { exact: true }).click();
    await page.getByTestId('form-submit').click();
    await page.getByTestId('item-state').getByText('已办结').waitFor();
    expect(await stateShown(page)).toContain('办结');
    await page.getByTestId('timeline').getByText('满意度测评').waitFor();
    await snap(page, SUITE, '08-closed');
  });

  it('an auditor finds it by free text and reads its trace; no action buttons', async () => {
    const page = await open('郁南县', 'auditor');
    await page.waitForURL((u) => u.pathname === '/audit'); // an auditor lands on the audit search
    await page.getByTestId('audit-q').fill('桂圩村');
    await page.getByTestId('audit-search').click();
    await page.getByTestId('audit-results').getByText(TITLE).click();
    await page.getByTestId('trace').waitFor();
    await expectText(page.getByTestId('chain'), '记录完整');
    for (const seq of [1, 2, 3, 4, 5]) await page.getByTestId(`trace-event-${seq}`).waitFor();
    expect(await page.getByTestId('trace-event-2').innerText()).toContain('分类交办');
    expect(await page.getByTestId('changes-2').innerText()).toContain('县住房城乡建设局');
    // The path taken is highlighted on the diagram; the end state is the current one.
    const diagram = page.getByTestId('flow-diagram');
    for (const state of ['submitted', 'general.assigned', 'general.handling', 'rating']) await diagram.locator(`[data-state="${state}"][data-visited]`).waitFor();
    await diagram.locator('[data-state="closed"][data-current]').waitFor();
    expect(await diagram.locator('[data-state="micro.handling"][data-visited]').count()).toBe(0);
    expect(await page.locator('[data-action]').count()).toBe(0);
    await snap(page, SUITE, '09-trace');
    await page.emulateMedia({ media: 'print' });
    await snap(page, SUITE, '10-trace-print');
    // The API refuses an auditor's write even if forced.
    const forced = await page.evaluate(async (id) => (await fetch(`/api/items/${id}/events`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ type: 'RATE', payload: { rating: 'satisfied' } }) })).status, itemUrl.split('/').pop());
    expect(forced).toBe(403);
  });

  it('the public board shows it under its template title, with its public fields and nothing personal, without login', async () => {
    const context = await web.browser.newContext({ viewport: { width: 1400, height: 900 }, locale: 'zh-CN' });
    const page = await context.newPage();
    errors.push(...watchPageErrors(page));
    await page.goto(`${web.url}/board/yunan/ducheng-central`);
    const board = page.getByTestId('public-board');
    await board.getByText(BOARD_TITLE).waitFor();
    const text = await board.innerText();
    expect(text).toContain('办结');
    for (const shown of ['办理机制：一般建议速交办', '承办单位：县住房城乡建设局', '办理结果：已解决', '测评结果：满意']) expect(text).toContain(shown);
    for (const hidden of [TITLE, '张三', '张**', '13800138000', '桂圩村村道破损严重']) expect(text).not.toContain(hidden);
    await snap(page, SUITE, '11-public-board');
    await page.emulateMedia({ media: 'print' });
    await snap(page, SUITE, '11-public-board-print');
    expect(await page.getByRole('button', { name: /打印/ }).isVisible()).toBe(false); // no buttons on paper
    await context.close();
  });

  it('on a phone (scanned from the station’s QR code) the board lists its items as blocks, not a wide table', async () => {
    const context = await web.browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN' });
    const page = await context.newPage();
    errors.push(...watchPageErrors(page));
    await page.goto(`${web.url}/board/yunan/ducheng-central`);
    const board = page.getByTestId('public-board');
    await board.getByText(BOARD_TITLE).waitFor();
    expect(await board.locator('table').count()).toBe(0);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390); // nothing off-screen
    await snap(page, SUITE, '11-public-board-phone');
    await context.close();
  });

  it('the stations page shows a QR code that leads to the board', async () => {
    const page = await open('郁南县', 'staff');
    await page.goto(`${web.url}/stations`);
    const card = page.locator('[data-station="ducheng-central"]');
    await card.getByTestId('station-qr').waitFor();
    expect(await card.locator('img').first().getAttribute('src')).toMatch(/^data:image\/png;base64,/);
    const published = await page.getByTestId('board-flows').innerText();
    expect(published).toContain('代表建议办理');
    expect(published).not.toContain('代表走访记录'); // visit records are the deputy's dossier, not public
    await snap(page, SUITE, '13-stations');
    await card.getByText('打开公示栏').click();
    await page.getByTestId('public-board').getByText(BOARD_TITLE).waitFor();
  });

  it('English is one click away and remembered; the header names the county; logout ends the session', async () => {
    const context = await web.browser.newContext({ viewport: { width: 1400, height: 900 }, locale: 'zh-CN' });
    const page = await context.newPage();
    errors.push(...watchPageErrors(page));
    await page.goto(`${web.url}/login`);
    await page.getByTestId('login-submit').getByText('登 录').or(page.getByTestId('login-submit').getByText('登录')).waitFor();
    await page.getByTestId('language').click();
    await page.getByTestId('login-submit').getByText('Log in').waitFor();
    await page.reload();
    await page.getByTestId('login-submit').getByText('Log in').waitFor(); // remembered
    await pick(page, page.getByTestId('county-select'), 'Yunan County');
    await page.getByTestId('username').fill('staff');
    await page.getByTestId('password').fill('wrong-password');
    await page.getByTestId('login-submit').click();
    await expectText(page.getByTestId('login-error'), 'County, user name or password is wrong');
    await page.getByTestId('password').fill('demo1234');
    await page.getByTestId('login-submit').click();
    await page.getByText('Inbox', { exact: true }).first().waitFor();
    expect(await page.getByTestId('county').innerText()).toBe('Yunan County');
    await snap(page, SUITE, '12-english-inbox');
    await page.getByText('Log out').click();
    await page.waitForURL(/\/login/);
    await page.goto(`${web.url}/inbox`);
    await page.waitForURL(/\/login\?next=/); // the session is gone
  });

  it('no page threw an error', () => {
    expect(errors).toEqual([]);
  });
});
