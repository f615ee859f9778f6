import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { publishPack } from '../../engine/runtime/pack-publisher.js';
import { fixturePack } from '../support/fixture-pack.js';
import { chromiumAvailable, snap, watchPageErrors } from './support/chromium.js';
import { expectText, fieldError, optionsOf, pick } from './support/ui.js';
import { useWebApp } from './support/web-server.js';

const SUITE = 'admin-console';
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };
const UNIT = '县城市管理局';
const PERSON = { username: 'chengguan-wang', displayName: '城管局 王工', first: 'first-pass-1', own: 'my-own-pass-2' };
const STATION = { id: 'xincun-village', name: '大湾镇新村联络站' };
/** What the administrator must never see: station and station type ids, unit and person ids (UUIDs), stored dates. */
const INTERNAL = /\b(ducheng-central|dawan-area|guixu-village|xincun-village|deputy-home|village-station|central-station|area-station)\b|[0-9a-f]{8}-[0-9a-f]{4}-|\d{4}-\d{2}-\d{2}/;
/** Role ids: people are shown their roles' names (user names such as "admin" are what people type, so they may show). */
const ROLE_IDS = ['admin', 'staff', 'deputy', 'auditor', 'department'];

/**
 * A pack adding a station type whose stations fill an attribute form (站点概况): the shipped packs
 * declare none, so the registry's attribute form is exercised with this one.
 */
function stationProfilePack() {
  const text = (zh: string, en: string) => ({ 'zh-CN': zh, en });
  const form = {
    id: 'station-profile',
    title: text('站点概况', 'Station profile'),
    schema: {
      type: 'object',
      required: ['address'],
      properties: {
        address: { type: 'string', title: '站点地址', minLength: 4, maxLength: 100, 'x-i18n': { en: { title: 'Address' } } },
        speciality: { type: 'string', title: '一站一特色', maxLength: 100, 'x-i18n': { en: { title: 'Speciality' } } },
      },
      additionalProperties: false,
    },
  };
  const type = { id: 'deputy-home', name: text('代表之家', "Deputies' home"), form: 'station-profile' };
  return [
    ...fixturePack().map((file) => (file.path === 'pack.json' ? { ...file, text: JSON.stringify({ ...JSON.parse(file.text), id: 'station-profiles' }) } : file)),
    { path: 'forms/station-profile.json', text: JSON.stringify(form) },
    { path: 'station-types/deputy-home.json', text: JSON.stringify(type) },
  ];
}

/**
 * The county administrator's console in the browser, in Chinese (issue 10): a unit, a person in
 * it with a first password, who must choose their own at their first login before the inbox;
 * a station under a parent its type allows, in the list and the tree; a station type's attribute
 * form; a reset password; non-administrators kept out. At 1280×800 and on a 390×844 phone, whose
 * pages must not be wider than the screen. Screenshots in test-artifacts/browser/admin-console/.
 */
// Each step drives several pages and forms: more time than the default on two shared cores.
describe.runIf(chromiumAvailable('browser admin console suite'))('web app: the county administrator’s console', { timeout: 120_000 }, () => {
  const web = useWebApp(async ({ engine }) => {
    const published = await publishPack(engine.store, engine.registry, stationProfilePack());
    if (!published.ok) throw new Error(JSON.stringify(published.problems));
  });
  const errors: string[] = [];
  let admin: Page;

  /** A fresh browser (its own cookies) at this size, logged in through the login page. */
  const open = async (username: string, password: string, viewport = DESKTOP): Promise<Page> => {
    const context = await web.browser.newContext({ viewport, locale: 'zh-CN' });
    const page = await context.newPage();
    errors.push(...watchPageErrors(page));
    await page.goto(`${web.url}/login`);
    await pick(page, page.getByTestId('county-select'), '郁南县');
    await page.getByTestId('username').fill(username);
    await page.getByTestId('password').fill(password);
    await page.getByTestId('login-submit').click();
    await page.waitForURL((u) => !u.pathname.startsWith('/login'));
    return page;
  };
  /** Fails when the page is wider than the phone's screen (something off to the side), naming what sticks out. */
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
  const menu = (page: Page, label: string) => page.locator('.ant-layout-sider .ant-menu-item', { hasText: label });
  const drawer = (page: Page) => page.locator('.ant-drawer-section:visible');
  /** Waits until a drawer has slid in all the way (a screenshot mid-slide shows half a form). */
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
  /** A row of a list: a table row on a wide screen, a block on a phone. */
  const row = (page: Page, table: string, text: string) => page.getByTestId(table).locator('tr.ant-table-row, [data-list-row]', { hasText: text });
  const noInternals = async (page: Page, what: string) => {
    const shown = await page.locator('.ant-layout-content').innerText();
    expect(shown, `${what} shows something internal`).not.toMatch(INTERNAL);
  };

  it('the administrator has the 管理 group; others do not, and are kept out of its pages', async () => {
    admin = await open('admin', 'demo1234');
    await admin.getByTestId('user').waitFor();
    const group = admin.locator('.ant-menu-item-group', { hasText: '管理' });
    for (const label of ['人员管理', '单位管理', '站点管理']) await group.locator('.ant-menu-item', { hasText: label }).waitFor();

    const staff = await open('staff', 'demo1234');
    await staff.getByTestId('user').waitFor();
    expect(await staff.locator('.ant-menu-item', { hasText: '人员管理' }).count()).toBe(0);
    for (const path of ['/admin/people', '/admin/units', '/admin/stations']) {
      await staff.goto(`${web.url}${path}`);
      await expectText(staff.getByTestId('no-access'), '您的角色不能使用此页面');
    }
    await snap(staff, SUITE, '00-staff-no-access');
    await staff.context().close();
  });

  it('creates a unit', async () => {
    await menu(admin, '单位管理').click();
    await admin.getByTestId('units-table').waitFor();
    await admin.getByTestId('unit-add').click();
    await admin.locator('#unit_name').fill(UNIT);
    await admin.locator('#unit_kind').fill('承办单位');
    await modal(admin).locator('.ant-btn-primary').click();
    await row(admin, 'units-table', UNIT).waitFor();
    const shown = await row(admin, 'units-table', UNIT).innerText();
    for (const text of ['承办单位', '0', '正常']) expect(shown).toContain(text);
    // The same name again: the engine's refusal, under the name field, the field called by its label.
    await admin.getByTestId('unit-add').click();
    await admin.locator('#unit_name').fill(UNIT);
    await modal(admin).locator('.ant-btn-primary').click();
    await expectText(fieldError(admin, 'unit_name'), `字段“单位名称”：已有名为“${UNIT}”的单位`);
    await modal(admin).getByRole('button', { name: /取\s*消/ }).click();
    await snap(admin, SUITE, '01-units');
  });

  it('creates a person in that unit with a first password; the table names roles, unit and state', async () => {
    await menu(admin, '人员管理').click();
    await row(admin, 'people-table', '代表 李建国').waitFor();
    await admin.getByTestId('person-add').click();
    const form = drawer(admin);
    await admin.locator('#person_username').fill('admin'); // taken
    await admin.locator('#person_displayName').fill(PERSON.displayName);
    await admin.locator('#person_password').fill('short');
    await admin.locator('#person_again').fill('other');
    await admin.getByTestId('person-save').click();
    await expectText(fieldError(admin, 'person_password'), '密码至少 8 个字符');
    await expectText(fieldError(admin, 'person_again'), '两次输入的密码不一致');
    await expectText(fieldError(admin, 'person_roles'), '请选择角色');
    await admin.locator('#person_password').fill(PERSON.first);
    await admin.locator('#person_again').fill(PERSON.first);
    await pick(admin, admin.locator('#person_roles'), '承办单位');
    await form.locator('.ant-drawer-title').click(); // closes the roles list
    await pick(admin, admin.locator('#person_unitId'), UNIT);
    await admin.getByTestId('person-save').click();
    await expectText(fieldError(admin, 'person_username'), '字段“用户名”：用户名 admin 已被使用');
    await snap(admin, SUITE, '02-person-form-refused');
    await admin.locator('#person_username').fill(PERSON.username);
    await admin.getByTestId('person-save').click();
    await row(admin, 'people-table', PERSON.displayName).waitFor();
    const shown = await row(admin, 'people-table', PERSON.displayName).innerText();
    for (const text of [PERSON.username, '承办单位', UNIT, '正常', '需修改密码']) expect(shown).toContain(text);

    // A deputy's level and station, by their names.
    await row(admin, 'people-table', '代表 李建国').getByRole('button', { name: '编辑' }).click();
    // From the level's own list (antd: <id>_list): the unit list picked just before may still be closing, and offers 县住房城乡建设局.
    await admin.locator('#person_deputyLevel').click();
    await admin.locator('.ant-select-dropdown:has([id="person_deputyLevel_list"]) .ant-select-item-option[title="县"]').click();
    await admin.getByTestId('person-save').click();
    await row(admin, 'people-table', '代表 李建国').getByText('县', { exact: true }).waitFor();
    expect(await row(admin, 'people-table', '代表 李建国').innerText()).toContain('都城镇人大代表中心联络站');
    await noInternals(admin, 'the people page');
    const tags = await admin.getByTestId('people-table').locator('.ant-tag').allInnerTexts();
    expect(tags.filter((tag) => ROLE_IDS.includes(tag))).toEqual([]);
    await snap(admin, SUITE, '03-people');

    await menu(admin, '单位管理').click();
    await row(admin, 'units-table', UNIT).getByText('1', { exact: true }).click();
    await expectText(admin.getByTestId('unit-members'), PERSON.displayName);
    expect(await admin.getByTestId('unit-members').innerText()).toContain('承办单位');
    await snap(admin, SUITE, '04-unit-members');
    await drawer(admin).locator('.ant-drawer-close').click();
  });

  it('the new person must choose their own password first, then sees their inbox', async () => {
    const person = await open(PERSON.username, PERSON.first);
    const card = person.getByTestId('first-password');
    await card.waitFor();
    expect(await card.innerText()).toContain(PERSON.displayName);
    await person.getByTestId('password-current').fill('wrong-pass-0');
    await person.getByTestId('password-new').fill('short');
    await person.getByTestId('password-again').fill('shorter');
    await person.getByTestId('password-submit').click();
    await expectText(fieldError(person, 'password_newPassword'), '新密码至少 8 个字符');
    await expectText(fieldError(person, 'password_again'), '两次输入的新密码不一致');
    await person.getByTestId('password-new').fill(PERSON.own);
    await person.getByTestId('password-again').fill(PERSON.own);
    await person.getByTestId('password-submit').click();
    await expectText(fieldError(person, 'password_currentPassword'), '字段“当前密码”：当前密码不正确'); // the engine's check
    await snap(person, SUITE, '05-first-password');
    await person.getByTestId('password-current').fill(PERSON.first);
    await person.getByTestId('password-submit').click();
    await person.getByTestId('inbox-table').waitFor();
    await expectText(person.getByTestId('user'), PERSON.displayName);
    await snap(person, SUITE, '06-person-inbox');

    // The same form from the header, in a modal, for anyone.
    await person.getByTestId('change-password').click();
    await modalIn(person);
    await snap(person, SUITE, '07-change-password-modal', false);
    await modal(person).getByRole('button', { name: /取\s*消/ }).click();
    await person.context().close();
  });

  it('creates a station under a parent its type allows, and finds it in the tree', async () => {
    await menu(admin, '站点管理').click();
    await row(admin, 'registry-table', '桂圩镇桂圩村联络站').getByText('行政村级联络站').waitFor(); // its type by name
    await admin.getByTestId('station-add').click();
    await admin.locator('#station_id').fill(STATION.id);
    await admin.locator('#station_name').fill(STATION.name);
    await pick(admin, admin.locator('#station_stationType'), '行政村级联络站');
    await expectText(drawer(admin), /可挂在以下类型的站点下：片区联络站、中心联络站/);
    await expect.poll(() => admin.locator('.ant-select-dropdown:visible').count()).toBe(0); // the type's list has closed
    const offered = await optionsOf(admin, admin.locator('#station_parentId'), '大湾镇片区联络站（片区联络站）');
    expect(offered).toContain('大湾镇片区联络站（片区联络站）');
    expect(offered).toContain('都城镇人大代表中心联络站（中心联络站）');
    expect(offered.join()).not.toContain('桂圩镇桂圩村联络站'); // a village station cannot hold one
    await admin.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '大湾镇片区联络站' }).click();
    await admin.locator('#station_villages').fill('新村');
    await admin.locator('#station_villages').press('Enter');
    await admin.locator('#station_villages').fill('旧村');
    await admin.locator('#station_villages').press('Enter');
    await admin.locator('#station_openedOn').fill('2026年03月01日');
    await admin.locator('#station_openedOn').press('Enter');
    await snap(admin, SUITE, '08-station-form');
    await drawer(admin).getByTestId('form-submit').click();
    await row(admin, 'registry-table', STATION.name).waitFor();
    const shown = await row(admin, 'registry-table', STATION.name).innerText();
    for (const text of ['行政村级联络站', '大湾镇片区联络站', '新村、旧村', '2026年03月01日', '运行中']) expect(shown).toContain(text);
    const saved = (await web.engine.store.counties.getStation('yunan', STATION.id))!;
    expect(saved).toMatchObject({ parentId: 'dawan-area', villages: ['新村', '旧村'], openedOn: '2026-03-01', closedOn: null });

    await admin.getByTestId('registry-view').getByText('层级').click();
    await node(admin, STATION.id).waitFor();
    // Under 大湾镇片区联络站, itself under 都城镇人大代表中心联络站: two levels in.
    expect(await node(admin, 'ducheng-central').locator('.ant-tree-indent-unit').count()).toBe(0);
    expect(await node(admin, 'dawan-area').locator('.ant-tree-indent-unit').count()).toBe(1);
    expect(await node(admin, STATION.id).locator('.ant-tree-indent-unit').count()).toBe(2);
    await noInternals(admin, 'the station tree');
    await snap(admin, SUITE, '09-stations-tree');
  });

  it('a station type with an attribute form: its stations fill it, checked as the engine checks it', async () => {
    await admin.getByTestId('station-add').click();
    await admin.locator('#station_id').fill('ducheng-home');
    await admin.locator('#station_name').fill('都城镇代表之家');
    await pick(admin, admin.locator('#station_stationType'), '代表之家');
    await expectText(drawer(admin), /这一类型的站点位于最上层，没有上级站点/);
    expect(await admin.locator('#station_parentId').isDisabled()).toBe(true);
    await expectText(admin.getByTestId('station-attributes'), /站点属性：站点概况/);
    await admin.locator('#station_openedOn').fill('2019年01月01日');
    await admin.locator('#station_openedOn').press('Enter');
    await admin.locator('#station_closedOn').fill('2020年12月31日');
    await admin.locator('#station_closedOn').press('Enter');
    await drawer(admin).getByTestId('form-submit').click();
    await expectText(fieldError(admin, 'root_address'), '“站点地址”为必填项');
    await admin.locator('#root_address').fill('都城镇人民路 1 号');
    await admin.locator('#root_speciality').fill('矛盾纠纷调解');
    await snap(admin, SUITE, '10-station-attributes');
    await drawer(admin).getByTestId('form-submit').click();
    await node(admin, 'ducheng-home').waitFor();
    expect(await node(admin, 'ducheng-home').innerText()).toContain('已撤销'); // closed at the end of 2020
    const saved = (await web.engine.store.counties.getStation('yunan', 'ducheng-home'))!;
    expect(saved).toMatchObject({ stationType: 'deputy-home', parentId: null, attributes: { address: '都城镇人民路 1 号', speciality: '矛盾纠纷调解' }, closedOn: '2020-12-31' });

    // The list, filtered by type and by a village's name.
    await admin.getByTestId('registry-view').getByText('列表').click();
    await admin.getByTestId('registry-search').fill('旧村');
    expect(await admin.getByTestId('registry-table').locator('tbody tr.ant-table-row').count()).toBe(1);
    await admin.getByTestId('registry-search').fill('');
    await pick(admin, admin.getByTestId('registry-type-filter'), '代表之家');
    expect(await admin.getByTestId('registry-table').locator('tbody tr.ant-table-row').allInnerTexts()).toEqual([expect.stringContaining('已撤销')]);
    await noInternals(admin, 'the station list');
    await snap(admin, SUITE, '11-stations-list');
  });

  let phone: Page;

  it('on a phone: the menu opens from the header; people are blocks, not a wide table; a password reset', async () => {
    phone = await open('admin', 'demo1234', PHONE);
    await phone.getByTestId('account-menu').waitFor();
    await fitsScreen(phone, 'the inbox');
    // The pages open from the header; the console's are there for the administrator.
    await phone.getByTestId('nav-menu').click();
    await phone.waitForFunction(() => [...document.querySelectorAll('.ant-drawer-content-wrapper')].some((d) => Math.abs(d.getBoundingClientRect().left) < 1));
    await snap(phone, SUITE, '12-phone-menu', false);
    await phone.locator('.ant-drawer .ant-menu-item', { hasText: '人员管理' }).click();
    await row(phone, 'people-table', PERSON.displayName).waitFor();
    expect(await phone.getByTestId('people-table').locator('table').count()).toBe(0); // blocks, not a wide table
    await fitsScreen(phone, 'the people page');
    await snap(phone, SUITE, '13-phone-people');

    // Reset the person's password from the phone.
    await row(phone, 'people-table', PERSON.displayName).getByTestId('reset-password').click();
    await phone.locator('#reset_password').fill('reset-pass-3');
    await phone.locator('#reset_again').fill('reset-pass-3');
    await modalIn(phone);
    await fitsScreen(phone, 'the reset password modal');
    await snap(phone, SUITE, '14-phone-reset-password', false);
    await modal(phone).locator('.ant-btn-primary').click();
    await row(phone, 'people-table', PERSON.displayName).getByText('需修改密码').waitFor();
  });

  it('on a phone: every console page and form fits the screen', async () => {
    await phone.getByTestId('person-add').click();
    await drawerIn(phone);
    await fitsScreen(phone, 'the person form');
    await snap(phone, SUITE, '15-phone-person-form', false);
    await drawer(phone).locator('.ant-drawer-close').click();

    await phone.goto(`${web.url}/admin/units`);
    await row(phone, 'units-table', UNIT).waitFor();
    await fitsScreen(phone, 'the units page');
    await snap(phone, SUITE, '16-phone-units');

    await phone.goto(`${web.url}/admin/stations`);
    await row(phone, 'registry-table', STATION.name).waitFor();
    await fitsScreen(phone, 'the station list');
    await snap(phone, SUITE, '17-phone-stations-list');
    await phone.getByTestId('registry-view').getByText('层级').click();
    await node(phone, STATION.id).waitFor();
    await fitsScreen(phone, 'the station tree');
    await snap(phone, SUITE, '18-phone-stations-tree');
    await node(phone, STATION.id).locator('[data-station-node]').click();
    await expectText(drawer(phone).locator('.ant-drawer-title'), `编辑站点：${STATION.name}`);
    await drawerIn(phone);
    await fitsScreen(phone, 'the station form');
    await snap(phone, SUITE, '19-phone-station-form', false);
    await drawer(phone).locator('.ant-drawer-close').click();
    await phone.context().close();
  });

  it('on a phone: the person whose password was reset chooses a new one, then sees the inbox', async () => {
    const person = await open(PERSON.username, 'reset-pass-3', PHONE);
    await person.getByTestId('first-password').waitFor();
    await fitsScreen(person, 'the first-login password page');
    await snap(person, SUITE, '20-phone-first-password');
    await person.getByTestId('password-current').fill('reset-pass-3');
    await person.getByTestId('password-new').fill('phone-pass-4');
    await person.getByTestId('password-again').fill('phone-pass-4');
    await person.getByTestId('password-submit').click();
    await person.getByTestId('inbox-table').waitFor();
    await snap(person, SUITE, '21-phone-person-inbox');
    await person.context().close();
  });

  it('in English, the console speaks English', async () => {
    await admin.goto(`${web.url}/admin/people`);
    await admin.getByTestId('language').click();
    await admin.locator('.ant-card-head-title', { hasText: 'People' }).waitFor();
    const shown = await row(admin, 'people-table', PERSON.displayName).innerText();
    for (const text of ['Handling department', UNIT, 'Active']) expect(shown).toContain(text);
    await noInternals(admin, 'the people page in English');
    // The new language restyles the page with a short fade: the screenshot waits for it to end.
    await admin.waitForFunction(() => document.getAnimations().every((a) => a.playState !== 'running'));
    await snap(admin, SUITE, '22-people-english');
  });

  it('no page threw an error', () => {
    expect(errors).toEqual([]);
  });
});

/** The tree row of a station. */
function node(page: Page, id: string) {
  return page.locator('.ant-tree-treenode', { has: page.locator(`[data-station-node="${id}"]`) });
}
