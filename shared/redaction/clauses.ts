/**
 * Clauses rather than tokens: home addresses (after a residence cue, or a house-level address
 * anywhere), health details (after a cue, or words that are a condition wherever they stand), and
 * relatives' names written right after a kinship word.
 */

import type { Interval, Span } from "./tokens.js";

/** Ends a clause: an address or a diagnosis runs at most to here. */
const CLAUSE_END = /[，,。；;！!？?\n\r)\]】」』》、|]/;
/** Characters that end a place name when walking left from a house number: the words before it. */
const STOP = new Set([..."在于住至到往从是为的了与及将把被对等其称系即并或给让叫址位有向所地"]);
/** A clause names a place when it holds one of these. */
const PLACE_SIGNAL = /[省市区县旗镇乡村路街巷弄道号幢栋单元室楼组苑园里屯庄]/;
/** The first character of a place name is before one of these; a longer run before it is other words. */
const PLACE_SUFFIX = /[省市区县旗盟州镇乡村路街巷弄道里苑园庄屯坊湾]/;
const ADDRESS_CUE = new RegExp(
  String.raw`(?:家庭住址|家庭地址|现住址|现住所|住址|住所地|住所|家住|现住|暂住|居住地|居住于|居住在|居住(?![区用证环条小建房])|住在|住于|` +
    String.raw`户籍所在地|户籍地址|户籍地|户籍|通讯地址|通信地址|联系地址|收货地址|送达地址|详细地址|地址|` +
    // 住 alone, as in "，住杭州市…": only after a comma or bracket, never 住宅, 住房, 住院
    String.raw`(?<=^|[，,（(：:\s、；;])住(?![宅房院宿户]))(?:为|是|在|于|:|\s){0,3}`,
  "g",
);
const NUMERAL = String.raw`(?:\d{1,6}|[A-Za-z]|[一二三四五六七八九十百零〇两]{1,4})`;
const HOUSE = String.raw`${NUMERAL}(?:-\d{1,6}){0,3}(?:号楼|号院|号|弄|幢|栋|座|单元|楼|层|室|户|组)`;
const HOUSE_TAIL = String.raw`${HOUSE}(?:[之-]?${HOUSE}){0,5}(?:-?\d{1,6}(?![0-9]))?`;
/** A house-level address: a road, lane, village or estate followed by its number; or a building and room. */
const HOUSE_NUMBER = new RegExp(
  String.raw`(?<=路|街|巷|弄|胡同|道|里|村|组|社区|小区|花园|公寓|大厦|广场|苑|园|庄|屯|坊|湾|新村|家园)${HOUSE_TAIL}` +
    // a building and room alone needs its 单元 or 室: "3栋200平方米" is a size, not an address
    String.raw`|(?<![0-9A-Za-z])\d{1,4}(?:幢|栋|号楼|座)(?:\d{1,2}单元\d{1,5}(?:室|户|号)?|\d{1,5}(?:室|户))` +
    String.raw`|(?<![0-9A-Za-z])\d{1,2}单元\d{2,5}(?:室|户|号)?`,
  "g",
);
/** The same without the global flag: exec keeps no position between calls. */
const HOUSE_NUMBER_FIRST = new RegExp(HOUSE_NUMBER.source);
const HEALTH_CUE =
  /(?<![隐防祸忧])(?:患有|罹患|身患|患上|患病|所患)|(?:经诊断为|诊断为|诊断|确诊为|确诊|病史[:：]|既往史|病情|健康状况|伤残等级|残疾等级)/g;
/** 有高血压病史: the words before it name the illness. */
const HEALTH_AFTER = /病史/g;
/** 患糖尿病: 患 alone before an illness, but not 患者, 患儿, 患方, 患处, 隐患, 后患, 医患, 患难 or the cues above. */
const HEALTH_BARE = /(?<![隐防祸忧后医罹身所病])患(?![者难有上病儿方处])(?=[\u3400-\u9fff])/g;
/**
 * Words that are a person's health, disability or pregnancy wherever they stand: 精神疾病患者,
 * 残疾人, 肢体二级残疾, HIV感染者, 因抑郁症住院, 怀孕7个月. Not in a law's or a body's name
 * (《残疾人保障法》, 残疾人联合会, 艾滋病防治条例). Illnesses that advertising cases name as a
 * product's claim (糖尿病, 高血压) count only after 患 or another cue.
 */
const HEALTH_WORD = new RegExp(
  String.raw`(?<!《[^》]{0,20})(?:` +
    String.raw`(?:(?:肢体|视力|听力|言语|智力|精神|多重)(?:[一二三四1-4]级)?)?残疾(?:人证|人|证)?|` +
    String.raw`(?:精神疾病|精神病|精神障碍|艾滋病|HIV|抑郁症|躁郁症|精神分裂症|白血病|尿毒症|癫痫|梅毒|性病)` +
    String.raw`(?:病毒)?(?:感染者|携带者|患者|病人)?(?:住院治疗|住院|治疗)?|` +
    String.raw`(?:怀孕|妊娠)(?:\d{1,2}|[一二三四五六七八九十]{1,2})?(?:个多?月|周)?|孕妇|孕期|哺乳期)` +
    String.raw`(?![人证]?(?:保障|就业|联合会|权益|事业|服务|专用|福利|辅助|康复|防治|防控|检测|试剂|药|宣传|条例|法|预防))`,
  "g",
);

const isCjk = (c: string): boolean => /[\u3400-\u9fff]/.test(c);

/** Where the words ending at `end` start: left over Chinese characters up to a stop word, at most `max`. */
function wordsStart(text: string, end: number, max: number): number {
  let start = end;
  while (start > 0 && end - start < max) {
    const c = text[start - 1] as string;
    if (!isCjk(c) || STOP.has(c)) break;
    start--;
  }
  return start;
}

/** Where a place name ending at `end` starts: left over Chinese characters up to a stop word, at most 30. */
function placeStart(text: string, end: number): number {
  let start = wordsStart(text, end, 30);
  // Words run into the first place name ("当事人孙小明杭州市"): keep at most four characters of it;
  // words without any place name ("当事人擅自搭建") are not part of the address at all.
  const run = text.slice(start, end);
  const first = run.search(PLACE_SUFFIX);
  if (first < 0) return end;
  if (first > 4) start += first - 4;
  return start;
}

/** The end of the clause starting at `from`, at most `max` characters on. */
function clauseEnd(text: string, from: number, max: number): number {
  const rest = text.slice(from, from + max);
  const at = rest.search(CLAUSE_END);
  let end = from + (at < 0 ? rest.length : at);
  while (end > from && /\s/.test(text[end - 1] as string)) end--;
  return end;
}

export function addressCandidates(plain: string): Span[] {
  const found: Span[] = [];
  for (const m of plain.matchAll(ADDRESS_CUE)) {
    const from = m.index + m[0].length;
    const clause = plain.slice(from, clauseEnd(plain, from, 60));
    if (!PLACE_SIGNAL.test(clause)) continue;
    // The address ends with its house number ("…301室于2026年3月…"); without one, with the clause.
    const tail = HOUSE_NUMBER_FIRST.exec(clause);
    found.push({ rule: "address", start: from, end: from + (tail ? tail.index + tail[0].length : clause.length) });
  }
  for (const m of plain.matchAll(HOUSE_NUMBER)) {
    found.push({ rule: "address", start: placeStart(plain, m.index), end: m.index + m[0].length });
  }
  return found;
}

export function healthCandidates(plain: string): Span[] {
  const found: Span[] = [];
  for (const m of plain.matchAll(HEALTH_CUE)) {
    const end = clauseEnd(plain, m.index + m[0].length, 40);
    if (end > m.index + m[0].length) found.push({ rule: "health", start: m.index, end });
  }
  for (const m of plain.matchAll(HEALTH_BARE)) {
    const end = clauseEnd(plain, m.index + m[0].length, 40);
    if (end > m.index + m[0].length) found.push({ rule: "health", start: m.index, end });
  }
  for (const m of plain.matchAll(HEALTH_WORD)) {
    found.push({ rule: "health", start: m.index, end: m.index + m[0].length });
  }
  for (const m of plain.matchAll(HEALTH_AFTER)) {
    found.push({ rule: "health", start: wordsStart(plain, m.index, 10), end: m.index + m[0].length });
  }
  return found;
}

// Relatives named after a kinship word: other natural persons, whose names the law masks.

const KINSHIP = new RegExp(
  String.raw`(?:[之其]?(?:妻子|丈夫|儿子|女儿|父亲|母亲|哥哥|弟弟|姐姐|妹妹|配偶|亲属|岳父|岳母|` +
    String.raw`祖父|祖母|外公|外婆|爷爷|奶奶|孙子|孙女|侄子|侄女|外甥|儿媳|女婿|前妻|前夫|胞兄|胞弟|胞姐|胞妹)|` +
    String.raw`[之其](?:妻|夫|父|母|子|女|兄|弟|姐|妹))(?:[:：]\s?)?`,
  "g",
);
/** Common surnames: a relative's name starts with one, so "儿子上学" names nobody. */
const SURNAMES = new Set(
  Array.from(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢" +
      "姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常" +
      "温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴" +
      "霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑" +
      "景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝",
  ),
);
/** Characters that end a name: words that follow a name in a sentence (李四共同经营, 王五等). */
const NAME_STOP = new Set(
  Array.from("共等于在和与及的系为是已也均都一同持名称因将把对向从曾经负未不所之被代帮协参到来去说"),
);
/** Two-character words after a kinship word that are not names: 亲属关系, 配偶名下. */
const NOT_NAMES = new Set([
  "关系",
  "关联",
  "名下",
  "名义",
  "姓名",
  "身份",
  "签字",
  "签名",
  "陪同",
  "代为",
  "一起",
  "共同",
]);

/** Names of relatives written right after a kinship word: 其妻子李四, 儿子王小明, 之父王大明, 其母张某某. */
export function relativeNames(plain: string): { spans: Interval[]; names: string[] } {
  const names = new Set<string>();
  const spans: Interval[] = [];
  for (const m of plain.matchAll(KINSHIP)) {
    const at = m.index + m[0].length;
    const first = plain[at];
    if (first === undefined || !SURNAMES.has(first)) continue;
    let end = at + 1;
    while (end < at + 3 && end < plain.length) {
      const c = plain[end] as string;
      if (!/[\u3400-\u9fff]/.test(c) || NAME_STOP.has(c)) break;
      end++;
    }
    const name = plain.slice(at, end);
    if (name.length < 2 || NOT_NAMES.has(name.slice(0, 2))) continue;
    spans.push({ start: at, end });
    // each name is then searched in the whole text: a bounded number, so hostile text stays linear
    if (names.size < MAX_RELATIVE_NAMES) names.add(name);
  }
  return { spans, names: [...names] };
}
const MAX_RELATIVE_NAMES = 50;
