/**
 * Chinese text for generated items: places, topics and sentences with a realistic spread, so a
 * free-text search has common terms (村道: about a third of the items) and rare ones (荔枝嫁接: about
 * one in five thousand together). Deterministic for a given random source.
 */
export type Random = () => number;

/** A small, fast, seeded generator (mulberry32): the same seed builds the same county. */
export function seededRandom(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const pick = <T>(random: Random, list: readonly T[]): T => list[Math.floor(random() * list.length)];

const TOWNS = ['都城镇', '平台镇', '千官镇', '大方镇', '河口镇', '宋桂镇', '东坝镇', '连滩镇', '历洞镇', '南江口镇', '桂圩镇', '通门镇', '建城镇', '宝珠镇', '大湾镇'];
const VILLAGE_PARTS = ['桂', '榄', '罗', '石', '塘', '坑', '岗', '头', '新', '东', '西', '南', '北', '水', '田', '竹', '莲', '凤', '龙', '云'];
const SURNAMES = ['陈', '李', '黄', '张', '梁', '林', '罗', '何', '吴', '郑', '谢', '冯', '邓', '曾', '彭', '蔡'];
const GIVEN = ['建国', '晓明', '志强', '丽华', '秀英', '德胜', '小燕', '国平', '伟', '敏', '婷', '刚', '明', '芳', '勇', '静'];

/** Topics and how often each is raised (weights); the first ones are what most suggestions are about. */
const TOPICS: Array<{ topic: string; detail: string; weight: number }> = [
  { topic: '修缮村道', detail: '村道破损严重，雨天积水，群众出行不便', weight: 10 },
  { topic: '安装路灯', detail: '村内主干道没有路灯，夜间出行存在安全隐患', weight: 8 },
  { topic: '整治河道', detail: '河道淤积，垃圾漂浮，汛期容易漫堤', weight: 7 },
  { topic: '改善饮水', detail: '自来水管网老化，水压不足，时有停水', weight: 7 },
  { topic: '增设公交站点', detail: '学生和老人进城只能步行到镇上坐车', weight: 5 },
  { topic: '修建文化广场', detail: '村民缺少活动场地，希望建设文化广场', weight: 4 },
  { topic: '治理养殖污染', detail: '养猪场污水直排，气味难闻，影响周边群众生活', weight: 4 },
  { topic: '发展砂糖桔产业', detail: '砂糖桔销路不畅，希望引进电商和冷链物流', weight: 3 },
  { topic: '改造危旧校舍', detail: '小学教学楼墙体开裂，存在安全隐患', weight: 3 },
  { topic: '完善医保报销', detail: '异地就医报销手续繁琐，群众跑腿多', weight: 3 },
  { topic: '清理垃圾堆放点', detail: '垃圾收运不及时，堆放点蚊蝇滋生', weight: 3 },
  { topic: '加固山塘水库', detail: '山塘坝体渗漏，下游村民担心安全', weight: 2 },
  { topic: '硬化田间机耕路', detail: '机耕路泥泞，农机无法下田', weight: 2 },
  { topic: '建设农贸市场', detail: '圩日摊贩占道经营，交通拥堵', weight: 2 },
  { topic: '开通网络宽带', detail: '偏远自然村手机信号弱，宽带未通', weight: 1 },
];
const TOPIC_TOTAL = TOPICS.reduce((s, t) => s + t.weight, 0);

/** Terms that appear in very few items: what a rare free-text search finds. */
export const RARE_TERMS = ['荔枝嫁接', '沉香种植', '无患子'];
/** How often an item mentions a rare term. */
const RARE_RATE = 1 / 5_000;

const FOLLOW_UPS = ['群众反映强烈，希望尽快解决。', '建议相关部门实地调研。', '已多次向村委会反映。', '涉及农户较多，请予重视。', '建议纳入明年民生实事项目。'];

export interface Place {
  town: string;
  village: string;
}

export function randomPlace(random: Random): Place {
  return { town: pick(random, TOWNS), village: `${pick(random, VILLAGE_PARTS)}${pick(random, VILLAGE_PARTS)}村` };
}

export const personName = (random: Random): string => pick(random, SURNAMES) + pick(random, GIVEN);

function topic(random: Random): (typeof TOPICS)[number] {
  let r = random() * TOPIC_TOTAL;
  for (const t of TOPICS) if ((r -= t.weight) < 0) return t;
  return TOPICS[0];
}

/** A suggestion's title and content, about one place. */
export function suggestionText(random: Random, place: Place): { title: string; content: string } {
  const t = topic(random);
  const rare = random() < RARE_RATE ? `另外，群众希望组织${pick(random, RARE_TERMS)}技术培训。` : '';
  return {
    title: `关于${place.village}${t.topic}的建议`,
    content: `${place.town}${place.village}${t.detail}。${pick(random, FOLLOW_UPS)}${rare}`,
  };
}

/** A sentence of free text for the other forms (replies, reasons, progress). */
export function remark(random: Random, place: Place): string {
  const t = topic(random);
  return `${place.village}${t.topic}事项：${pick(random, FOLLOW_UPS)}`;
}
