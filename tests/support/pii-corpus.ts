/**
 * Real-looking sentences of decisions, feedback and replies, each with what must never be public
 * (`masked`, verbatim as written) and what must stay (`survives`, verbatim). The unit corpus test
 * runs them through the redaction module; the PII integration test publishes them and searches
 * every public output.
 */
import { residentIdCheckChar } from "../../shared/redaction.js";

export interface CorpusEntry {
  text: string;
  masked: string[];
  survives: string[];
}

const idOf = (first17: string): string => first17 + residentIdCheckChar(first17);
/** A valid ID whose check character is then replaced: a mistyped ID is still a person's ID. */
const mistyped = (first17: string): string => first17 + (residentIdCheckChar(first17) === "1" ? "2" : "1");
export const CORPUS_ID = idOf("33010219790423051");
export const CORPUS_WRONG_ID = mistyped("33010619850312471");

export const CORPUS: readonly CorpusEntry[] = [
  {
    text: "当事人与其妻子李秀英、儿子王小明共同经营该店，其父亲王大明亦在店内帮工。",
    masked: ["李秀英", "王小明", "王大明"],
    survives: ["共同经营该店"],
  },
  {
    text: "当事人系精神疾病患者，其父持有残疾人证（肢体二级残疾），当事人怀孕7个月，曾因抑郁症住院治疗。",
    masked: ["精神疾病患者", "肢体二级残疾", "怀孕7个月", "抑郁症住院治疗"],
    survives: ["当事人系"],
  },
  {
    text: "当事人将货款转入其本人银行卡号6222·0212·3456·7890·128，另一笔汇至6217／0012／3456／7890。",
    masked: ["6222·0212·3456·7890·128", "6217／0012／3456／7890"],
    survives: ["银行卡号"],
  },
  {
    text: "当事人自述卡号为六二二二零二一二三四五六七八九零一二八，联系一三八零零一三八零零零，QQ：一二三四五六七八九。",
    masked: ["六二二二零二一二三四五六七八九零一二八", "一三八零零一三八零零零", "一二三四五六七八九"],
    survives: ["卡号为", "QQ："],
  },
  {
    text: "举报人留下联系电话1380 013 8000及138.0013.8000，QQ123456789，邮箱zhang艾特qq点com。",
    masked: ["1380 013 8000", "138.0013.8000", "123456789", "zhang艾特qq点com"],
    survives: ["联系电话"],
  },
  {
    text: "当事人驾驶浙A 123 45号小型货车运输，其同伙驾驶浙 B54321号车辆。",
    masked: ["浙A 123 45", "浙 B54321"],
    survives: ["小型货车"],
  },
  {
    text: "当事人分别向卡号6222021234和5678901288转账，合计人民币3000元。",
    masked: ["6222021234", "5678901288"],
    survives: ["人民币3000元"],
  },
  {
    text: "罚款已由其本人银行卡6228480402564890011（19位）转入。",
    masked: ["6228480402564890011"],
    survives: ["19位"],
  },
  {
    text: "当事人通过对公账户12020212099000123456收取货款人民币20000元。",
    masked: ["12020212099000123456"],
    survives: ["人民币20000元"],
  },
  {
    text: "经查，货款打入卡号6222 0212 3456 7890 123的账户，共计罚款人民币5000元。",
    masked: ["6222 0212 3456 7890 123"],
    survives: ["人民币5000元"],
  },
  {
    text: "开户行：中国农业银行杭州分行，账号：１９０３ ０２１０ ０４０１ ２２８８ ６６６。",
    masked: ["１９０３ ０２１０ ０４０１ ２２８８ ６６６"],
    survives: ["中国农业银行杭州分行"],
  },
  {
    text: "当事人另一张卡6217-0012-3456-7890-12，经办人称不知情。",
    masked: ["6217-0012-3456-7890-12"],
    survives: ["经办人称不知情"],
  },
  {
    text: `当事人孙小明，男，公民身份号码${CORPUS_ID}，住杭州市拱墅区米市巷街道锦绣小区3幢201室。`,
    masked: [CORPUS_ID, "杭州市拱墅区米市巷街道锦绣小区3幢201室", "3幢201室"],
    survives: ["当事人孙小明"],
  },
  {
    text: `证人身份证号${CORPUS_WRONG_ID}，其陈述与现场照片一致。`,
    masked: [CORPUS_WRONG_ID],
    survives: ["其陈述与现场照片一致"],
  },
  {
    text: "另查明，其旧身份证号码为330106850312471，户籍地为浙江省淳安县千岛湖镇环湖北路88号。",
    masked: ["330106850312471", "浙江省淳安县千岛湖镇环湖北路88号", "环湖北路88号"],
    survives: ["另查明"],
  },
  {
    text: "该员工家住温州市鹿城区五马街道解放路88号2单元1201室，于2026年3月1日入职。",
    masked: ["温州市鹿城区五马街道解放路88号2单元1201室", "解放路88号"],
    survives: ["2026年3月1日"],
  },
  {
    text: "现场负责人居住在宁波市海曙区中山西路128弄5号602室，未到场。",
    masked: ["宁波市海曙区中山西路128弄5号602室", "128弄5号602室"],
    survives: ["未到场"],
  },
  {
    text: "无证摊点位于文二路与学院路交叉口西北角，另一处在莫干山路1188号门口。",
    masked: ["莫干山路1188号"],
    survives: ["文二路与学院路交叉口西北角"],
  },
  {
    text: "外籍员工持护照E12345678入境，其同事持往来港澳通行证C87654321。",
    masked: ["E12345678", "C87654321"],
    survives: ["外籍员工"],
  },
  {
    text: "港澳居民来往内地通行证号码H0123456789，台湾居民来往大陆通行证号码：87120456。",
    masked: ["H0123456789", "87120456"],
    survives: ["港澳居民来往内地通行证"],
  },
  {
    text: "涉案车辆为浙A12345小型轿车，另一辆新能源车浙AD12345停放于路边。",
    masked: ["浙A12345", "浙AD12345"],
    survives: ["浙A1**45", "小型轿车"],
  },
  {
    text: "当事人提供的联系邮箱为sunxm(at)163.com，备用邮箱sunxm at example dot com。",
    masked: ["sunxm(at)163.com", "sunxm at example dot com"],
    survives: ["当事人提供的联系邮箱为"],
  },
  {
    text: "材料寄至zhang_san[at]qq.com或ｌｉｓｉ＠ｅｘａｍｐｌｅ．ｃｏｍ，另抄送wangwu@gov-example.cn。",
    masked: ["zhang_san[at]qq.com", "ｌｉｓｉ＠ｅｘａｍｐｌｅ．ｃｏｍ", "wangwu@gov-example.cn"],
    survives: ["材料寄至"],
  },
  {
    text: "联系电话0571-87654321转806，手机+86 139 1234 5678，亦可拨打１３８００１３８０００。",
    masked: ["0571-87654321转806", "87654321", "+86 139 1234 5678", "１３８００１３８０００"],
    survives: ["联系电话"],
  },
  {
    text: "当事人QQ号123456789，微信号sunxm_1979，已删除相关宣传信息。",
    masked: ["123456789", "sunxm_1979"],
    survives: ["已删除相关宣传信息"],
  },
  {
    text: "当事人自述患有高血压和糖尿病，经医院诊断为轻度抑郁症，另有癫痫病史。",
    masked: ["高血压和糖尿病", "轻度抑郁症", "癫痫"],
    survives: ["当事人自述"],
  },
  {
    text: "该员工于2026年5月确诊乙型肝炎，未按规定调离接触直接入口食品的岗位。",
    masked: ["乙型肝炎"],
    survives: ["未按规定调离接触直接入口食品的岗位"],
  },
  {
    text: "供货方杭州某某贸易有限公司，统一社会信用代码91330106MA2B3C4D5X，开户银行账号33050161622700000123。",
    masked: ["33050161622700000123"],
    survives: ["91330106MA2B3C4D5X", "杭州某某贸易有限公司"],
  },
  {
    text: "另一供货方统一社会信用代码：913301067045123456，工商注册号330106000123456。",
    masked: [],
    survives: ["913301067045123456", "330106000123456"],
  },
  {
    text: "执法人员李明（执法证号33010012345678）、王强（执法证号：浙A01234）出示执法证件。",
    masked: [],
    survives: ["33010012345678", "浙A01234"],
  },
  {
    text: "当事人在居住区内擅自搭建3栋200平方米的简易用房，执法证号分别为33010012345601、33010012345602。",
    masked: [],
    survives: ["居住区内擅自搭建3栋200平方米的简易用房", "33010012345601、33010012345602"],
  },
  {
    text: "依据浙市监处罚〔2026〕12号决定书及（2026）浙0106行初138号判决，案号33010620261126000123。",
    masked: [],
    survives: ["浙市监处罚〔2026〕12号", "（2026）浙0106行初138号", "33010620261126000123"],
  },
  {
    text: "依据《中华人民共和国食品安全法》第一百二十六条第一款第（三）项，罚款人民币20000元，没收违法所得3456.78元。",
    masked: [],
    survives: ["第一百二十六条第一款第（三）项", "罚款人民币20000元", "3456.78元"],
  },
  {
    text: "事项编码330217001000，许可证编号JY13301060012345，于2026年11月26日作出决定。",
    masked: [],
    survives: ["330217001000", "JY13301060012345", "2026年11月26日"],
  },
  {
    text: "供货方杭州甲乙有限公司（913301067109876550）依据第15900159000条的约定供货。",
    masked: [],
    survives: ["913301067109876550", "第15900159000条"],
  },
];

/**
 * A public comment on a consultation (预公开) that carries a phone number, an ID number, an e-mail,
 * a bank account and an address in its text, and a contact of its own: after moderation the text is
 * public masked (`masked` never, `survives` verbatim), the contact never.
 */
export const COMMENT_ID = idOf("33010619920817352");
export const CONSULTATION_COMMENT = {
  text:
    `本人刘晓峰（身份证号${COMMENT_ID}），住杭州市西湖区文一路88号5幢302室，` +
    "建议草案第五条增加社区嵌入式养老服务的补贴标准。如需核实请致电13655554444，" +
    "或发邮件至liuxf.comment@example.com，补贴可打入本人银行卡6217001234567890122。",
  masked: [
    COMMENT_ID,
    "杭州市西湖区文一路88号5幢302室",
    "5幢302室",
    "13655554444",
    "liuxf.comment@example.com",
    "6217001234567890122",
  ],
  survives: ["建议草案第五条增加社区嵌入式养老服务的补贴标准"],
  contact: "联系人刘先生，电话13900008888，邮箱liuxf.private@example.com",
  /** What of the contact must never be public. */
  contactValues: ["刘先生", "13900008888", "liuxf.private@example.com"],
} as const;
