/**
 * The vocabulary of the synthetic notices (bench/load-notices.ts): kinds with their shares, rare and
 * absent words, bodies by city and department, names, shops, filler sentences, laws and amounts —
 * chosen so word frequencies look like real notices.
 */
import { seededRandom } from "../shared/seeded-random.js";

export const KINDS: [string, number][] = [
  ["行政处罚", 45],
  ["行政许可", 25],
  ["行政检查", 12],
  ["行政强制", 5],
  ["行政确认", 4],
  ["行政征收", 3],
  ["其他行政权力", 1.5],
  ["行政给付", 1.5],
  ["行政奖励", 1.5],
  ["行政裁决", 1],
  ["行政征用", 0.5],
];

/** Words with fixed injection rates (per row), so a benchmark knows how many rows hold them. */
export const RARE_WORDS: [string, number][] = [
  ["殡葬", 1e-4],
  ["文物", 3e-5],
  ["骨灰", 1e-5],
  ["野生动物", 2e-4],
  ["尾矿库", 2e-5],
  ["古树名木", 1e-5],
  ["烟花爆竹", 5e-4],
];
/** Built from characters no template, name or filler contains. */
export const ABSENT_WORDS = ["量子", "熊猫", "航天飞船", "区块链"];

export const CITIES = ["北京", "上海", "广州", "深圳", "杭州", "南京", "成都", "武汉", "西安", "重庆"];
export const CITY_ABBR = ["京", "沪", "穗", "深", "杭", "宁", "蓉", "汉", "西", "渝"];
export const DISTRICTS = [
  "朝阳区",
  "海淀区",
  "东城区",
  "西湖区",
  "鼓楼区",
  "武侯区",
  "江汉区",
  "雁塔区",
  "渝中区",
  "南山区",
];
export interface Dept {
  name: string;
  abbr: string;
  topics: string[];
}
export const DEPTS: Dept[] = [
  {
    name: "市场监督管理局",
    abbr: "市监",
    topics: ["食品安全", "价格欺诈", "虚假广告", "商标侵权", "无证经营", "计量器具", "特种设备", "产品质量"],
  },
  {
    name: "生态环境局",
    abbr: "环",
    topics: ["噪声污染", "废气排放", "污水直排", "排污许可", "危险废物", "扬尘污染", "环境影响评价", "自动监测"],
  },
  {
    name: "城市管理综合行政执法局",
    abbr: "城管",
    topics: ["占道经营", "油烟污染", "渣土运输", "违法建设", "户外广告", "绿化损坏", "夜间施工", "垃圾分类"],
  },
  {
    name: "交通运输局",
    abbr: "交",
    topics: ["超限运输", "网约车", "道路运输", "客运班线", "出租汽车", "维修经营", "驾驶培训", "货运车辆"],
  },
  {
    name: "应急管理局",
    abbr: "应急",
    topics: ["安全生产", "危险化学品", "隐患排查", "应急预案", "安全培训", "有限空间", "粉尘涉爆", "事故报告"],
  },
  {
    name: "卫生健康委员会",
    abbr: "卫",
    topics: ["医疗机构", "执业医师", "公共场所", "职业卫生", "放射诊疗", "传染病防治", "母婴保健", "饮用水"],
  },
  {
    name: "民政局",
    abbr: "民",
    topics: ["社会组织", "养老机构", "婚姻登记", "社会救助", "地名管理", "慈善募捐", "福利彩票", "低保对象"],
  },
  {
    name: "文化和旅游局",
    abbr: "文旅",
    topics: ["营业性演出", "网吧经营", "旅行社", "导游证", "娱乐场所", "出版物", "艺术品", "景区管理"],
  },
  {
    name: "税务局",
    abbr: "税",
    topics: ["增值税发票", "纳税申报", "偷税", "个人所得税", "税款滞纳金", "发票管理", "税务登记", "出口退税"],
  },
  {
    name: "消防救援支队",
    abbr: "消",
    topics: ["消防通道", "疏散通道", "灭火器材", "消防设施", "火灾隐患", "电动自行车", "消防安全", "防火检查"],
  },
];
export const SURNAMES =
  "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蔡蒋余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤";
export const NAME_CHARS =
  "伟芳娜敏静丽强磊洋艳勇军杰娟涛明超秀霞平刚桂英华玉萍红春建文辉力林志鹏宇浩凯峰晨思雨欣怡佳琪梓涵子轩博睿嘉诚俊豪瑞泽晓彤雅婷丹阳玲燕琳颖慧宏亮斌飞波鑫海兵蕾莉薇晶岩松柏青云天德福贵荣昌盛兴旺永安康乐祥顺和美家国";
export const SHOP_WORDS = [
  "商贸",
  "餐饮",
  "科技",
  "建筑",
  "物流",
  "食品",
  "医药",
  "环保",
  "文化",
  "旅游",
  "汽车",
  "电子",
  "服装",
  "建材",
  "印务",
  "化工",
];
export const FILLER = [
  "执法人员",
  "现场检查",
  "调查取证",
  "询问笔录",
  "证据材料",
  "责令改正",
  "限期整改",
  "复查",
  "整改到位",
  "主动配合",
  "如实陈述",
  "从轻处罚",
  "社会危害",
  "情节轻微",
  "首次违法",
  "陈述申辩",
  "听证权利",
  "送达回证",
  "相关规定",
  "经营场所",
  "负责人",
  "工作人员",
  "营业执照",
  "监督检查",
  "依法",
  "及时",
  "有关部门",
  "群众举报",
  "投诉",
  "核查",
  "检测报告",
  "现场照片",
];
export const LAWS = [
  "中华人民共和国行政处罚法",
  "中华人民共和国食品安全法",
  "中华人民共和国环境保护法",
  "中华人民共和国安全生产法",
  "城市市容和环境卫生管理条例",
  "中华人民共和国道路运输条例",
  "中华人民共和国消防法",
  "中华人民共和国税收征收管理法",
  "中华人民共和国行政许可法",
];
export const AMOUNTS = ["五百", "一千", "二千", "五千", "一万", "二万", "五万", "十万"];
export const NUMS = "一二三四五六七八九十";

export type Rand = () => number;
export interface Body {
  id: string;
  name: string;
  city: number;
  dept: Dept;
}
/** 200 bodies: 10 cities × 10 departments × 2 levels (city and district). */
export function makeBodies(): Body[] {
  const idRnd = seededRandom(7);
  const bodies: Body[] = [];
  for (let c = 0; c < CITIES.length; c++)
    for (const dept of DEPTS)
      for (let level = 0; level < 2; level++) {
        const n = bodies.length;
        const place = level === 0 ? `${CITIES[c]}市` : `${CITIES[c]}市${DISTRICTS[(c + n) % DISTRICTS.length]}`;
        bodies.push({ id: uuid7(1_700_000_000_000 + n, idRnd), name: `${place}${dept.name}`, city: c, dept });
      }
  return bodies;
}
export const BODIES = makeBodies();

export function weighted<T>(items: [T, number][]): (r: number) => T {
  const total = items.reduce((s, [, w]) => s + w, 0);
  const cum: number[] = [];
  let acc = 0;
  for (const [, w] of items) cum.push((acc += w / total));
  return (r) => {
    for (let i = 0; i < cum.length; i++) if (r < (cum[i] as number)) return (items[i] as [T, number])[0];
    return (items[items.length - 1] as [T, number])[0];
  };
}
export const pickKind = weighted(KINDS);
// Zipf-like: the busiest body publishes ~30× more than the quietest.
export const pickBody = weighted(
  BODIES.map((b, i): [Body, number] => [b, 1 / Math.pow(1 + ((i * 37) % BODIES.length), 0.65)]),
);
export const pickStatus = weighted<string>([
  ["published", 88],
  ["expired", 6],
  ["corrected", 3],
  ["withdrawn", 3],
]);

/** A UUIDv7 at the given instant, its random bits from the seeded generator. */
export function uuid7(ms: number, rnd: Rand): string {
  const b = Buffer.alloc(16);
  b.writeUIntBE(ms, 0, 6);
  for (let i = 6; i < 16; i++) b[i] = Math.floor(rnd() * 256);
  b[6] = 0x70 | ((b[6] as number) & 0x0f);
  b[8] = 0x80 | ((b[8] as number) & 0x3f);
  const h = b.toString("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
