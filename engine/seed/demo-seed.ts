import { v7 as uuidv7 } from 'uuid';
import type { LocalizedText } from '../../forms/index.js';
import { hashPassword } from '../auth/passwords.js';
import type { Store } from '../store/store.js';
import { CountySetup } from '../runtime/county-setup.js';
import { OperatorAccounts } from '../runtime/operator-accounts.js';
import { arrangementEntries, DEMO_HOLIDAY_ARRANGEMENTS } from './holiday-arrangement.js';

interface DemoUser {
  username: string;
  displayName: string;
  roles: string[];
  stationIds?: string[];
  /** The name of their unit, one of the county's below. */
  unit?: string;
}

interface DemoCounty {
  id: string;
  name: LocalizedText;
  stations: Array<{ id: string; type: string; name: string; parent?: string; attributes?: Record<string, unknown> }>;
  units?: Array<{ name: string; kind: string }>;
  users: DemoUser[];
}

/** The three example counties whose packs ship in workflows/packs, with one demo account per role. */
export const DEMO_COUNTIES: DemoCounty[] = [
  {
    id: 'yunan',
    name: { 'zh-CN': '郁南县', en: 'Yunan County' },
    stations: [
      { id: 'ducheng-central', type: 'central-station', name: '都城镇人大代表中心联络站' },
      { id: 'jiancheng-central', type: 'central-station', name: '建城镇人大代表中心联络站' },
      { id: 'dawan-area', type: 'area-station', name: '大湾镇片区联络站', parent: 'ducheng-central' },
      { id: 'guixu-village', type: 'village-station', name: '桂圩镇桂圩村联络站', parent: 'dawan-area' },
    ],
    units: [
      '县住房城乡建设局',
      '县交通运输局',
      '县农业农村局',
      '县水务局',
      '县自然资源局',
      '市生态环境局郁南分局',
      '县教育局',
      '县卫生健康局',
      '县城市管理和综合执法局',
    ].map((name) => ({ name, kind: '承办单位' })),
    users: [
      { username: 'admin', displayName: '县人大常委会办公室管理员', roles: ['admin'] },
      { username: 'staff', displayName: '联络员 陈晓明', roles: ['staff'], stationIds: ['ducheng-central'] },
      { username: 'deputy', displayName: '代表 李建国', roles: ['deputy'], stationIds: ['ducheng-central'] },
      { username: 'department', displayName: '县住房城乡建设局 黄志强', roles: ['department'], unit: '县住房城乡建设局' },
      { username: 'department2', displayName: '县住房城乡建设局 刘海燕', roles: ['department'], unit: '县住房城乡建设局' },
      { username: 'transport', displayName: '县交通运输局 周立新', roles: ['department'], unit: '县交通运输局' },
      { username: 'auditor', displayName: '督查室 王敏', roles: ['auditor'] },
    ],
  },
  {
    id: 'maonan',
    name: { 'zh-CN': '茂南区', en: 'Maonan District' },
    stations: [
      {
        id: 'gongguan-shuangzhu',
        type: 'shuangzhu-station',
        name: '公馆镇人大代表“双助”工作站',
        // 一站一特色, as the station type's attribute form asks (京塘坡: villagers giving for rural revitalisation).
        attributes: { town: '公馆镇', villageCommittee: '荔枝塘村委会', naturalVillage: '京塘坡村', specialityArea: 'organisation', speciality: '村民主动捐资助力乡村振兴' },
      },
    ],
    users: [
      { username: 'admin', displayName: '区人大常委会办公室管理员', roles: ['admin'] },
      { username: 'staff', displayName: '联络员 梁小燕', roles: ['staff'], stationIds: ['gongguan-shuangzhu'] },
      { username: 'deputy', displayName: '站长 林志明', roles: ['deputy'], stationIds: ['gongguan-shuangzhu'] },
      { username: 'committee', displayName: '荔枝塘村两委 陈国平', roles: ['village-committee'], stationIds: ['gongguan-shuangzhu'] },
      { username: 'auditor', displayName: '督查室 周婷', roles: ['auditor'] },
    ],
  },
  {
    id: 'chizhou',
    name: { 'zh-CN': '池州市', en: 'Chizhou City' },
    stations: [
      { id: 'renli-township', type: 'township-workstation', name: '仁里镇人大代表工作站' },
      { id: 'meilin-village', type: 'village-station', name: '梅林村人大代表联络站', parent: 'renli-township' },
    ],
    units: ['石台县交通运输局', '石台县住房城乡建设局', '石台县农业农村局', '石台县水利局'].map((name) => ({ name, kind: '承办单位' })),
    users: [
      { username: 'admin', displayName: '市人大常委会办公室管理员', roles: ['admin'] },
      { username: 'staff', displayName: '村党组织书记 汪德胜', roles: ['staff'], stationIds: ['meilin-village'] },
      { username: 'deputy', displayName: '代表 方丽华', roles: ['deputy'], stationIds: ['meilin-village'] },
      { username: 'department', displayName: '石台县交通运输局 章明', roles: ['department'], unit: '石台县交通运输局' },
      { username: 'auditor', displayName: '督查室 吴刚', roles: ['auditor'] },
    ],
  },
];

export const DEMO_PASSWORD = process.env.DEMO_PASSWORD ?? 'demo1234';

/** The demo platform operator (who sets counties up; belongs to none), with the demo password. */
export const DEMO_OPERATOR = { username: 'operator', displayName: '平台运维 赵工' };

/** Creates the demo operator, counties, stations, accounts and holiday calendars that are missing; leaves existing ones alone. */
export async function seedDemo(store: Store, counties: DemoCounty[] = DEMO_COUNTIES, password = DEMO_PASSWORD): Promise<void> {
  // Hashed only when an account is missing: argon2 costs a fifth of a second, and every restart seeds.
  let passwordHash: Promise<string> | undefined;
  // Every restart seeds, and most find everything there: reads first, and writes only what is missing.
  const setup = new CountySetup(store);
  // The operator is made as `npm run admin -- operator create` makes one (operator-accounts.ts).
  const operators = new OperatorAccounts(store);
  if (!(await operators.list()).some((o) => o.username === DEMO_OPERATOR.username)) await operators.create({ ...DEMO_OPERATOR, password });
  const countyIds = new Set((await setup.list()).map((c) => c.id));
  for (const county of counties) {
    // A missing county is created as the operator creates one (county-setup.ts), with its administrator.
    const admin = county.users.find((u) => u.roles.includes('admin'));
    if (!countyIds.has(county.id) && admin)
      await setup.create({ id: county.id, name: county.name, admin: { username: admin.username, displayName: admin.displayName, password, passwordIsFinal: true } });
    const stationIds = new Set((await store.counties.listStations(county.id)).map((s) => s.id));
    for (const s of county.stations) {
      if (stationIds.has(s.id)) continue;
      await store.counties.upsertStation({ countyId: county.id, id: s.id, stationType: s.type, name: s.name, parentId: s.parent ?? null, attributes: s.attributes ?? {} });
    }
    const units = new Map((await store.units.listUnits(county.id)).map((u) => [u.name, u.id]));
    for (const unit of county.units ?? []) {
      if (units.has(unit.name)) continue;
      const id = uuidv7();
      await store.units.createUnit({ countyId: county.id, id, name: unit.name, kind: unit.kind }, new Date());
      units.set(unit.name, id);
    }
    const existing = new Set((await store.users.listUsers(county.id)).map((u) => u.username));
    for (const u of county.users) {
      if (existing.has(u.username)) continue;
      const unitId = u.unit ? (units.get(u.unit) ?? null) : null;
      await store.users.createUser({ countyId: county.id, id: uuidv7(), username: u.username, displayName: u.displayName, roles: u.roles, stationIds: u.stationIds ?? [], unitId, passwordHash: await (passwordHash ??= hashPassword(password)) });
    }
    // China's public holidays (holidays-2026.json), for a year the county has not declared anything in.
    for (const arrangement of DEMO_HOLIDAY_ARRANGEMENTS) {
      if (!(await store.calendar.hasYear(county.id, arrangement.year))) await store.calendar.record(county.id, arrangementEntries(arrangement), null);
    }
  }
}
