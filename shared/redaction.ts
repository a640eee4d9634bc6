/**
 * Redaction (脱敏) of records before publication: every public output (JSON, PDF, CSV, Atom, HTML,
 * the search index, public feedback and replies, withdrawal reasons) passes its text through here.
 * What is masked follows the law's categories, not what is easy to check: a natural person's
 * 身份证号码 and other identity documents (passport, 港澳/台湾 permits), home address, phone and other
 * contact (e-mail, QQ, WeChat), bank account, health condition and vehicle plate (shown partly
 * masked) are never public; names of natural persons other than the punished party are masked; an
 * organisation's bank account is hidden; the punished party's own name stays. Public identifiers
 * are never masked: a legal person's 统一社会信用代码, 文书号, 案号, 执法证号, licence and item codes
 * (after their cue words), dates, money amounts and article numbers.
 *
 * The module is pure: no I/O, inputs never mutated. Every change is logged as a Redaction whose
 * offsets point into the original text, so an officer can review each one; the log itself holds
 * no personal data (offsets, rule and replacement only).
 *
 * Decisions on the edge cases. Throughout, a false positive hides a number that could have been
 * public, a false negative publishes a person's data: when in doubt, mask.
 * - Whole tokens only: a number is never matched inside a longer digit run, nor inside a code mixing
 *   letters and digits (a digit run whose adjacent letters, up to ten, touch another digit, as in
 *   统一社会信用代码 91330106MA2B…; the bound keeps the scan linear on long Latin text). Letters alone
 *   do not shield a phone: "Tel13800138000" is masked. Spaces and hyphens separate tokens except
 *   inside the groupings each rule allows (138-0013-8000, 6222 0212 …). Account and ID numbers may
 *   be grouped by spaces, hyphens, dots, slashes, underscores, middle dots or line breaks; a mobile
 *   number by single spaces, hyphens, dots or middle dots anywhere among its eleven digits.
 * - Seven or more Chinese numerals in a row (一三八零零…, 壹叁捌…) are read digit for digit; shorter
 *   runs are words, dates and articles (第二十八条, 二〇二六年) and are left alone.
 * - Bank accounts: any whole run of 12–30 digits, plain or grouped (groups of 3–8 digits, as
 *   6228 4804 0256 4890 018 or 622848 0402564890018), with or without a Luhn check digit: 12–30
 *   digits is the length of Chinese card and corporate account numbers, and the Luhn digit is not
 *   the law's test. Right after a bank cue (银行卡, 卡号, 账号, 账户, 开户行, 存折 …, up to a dozen
 *   characters such as a bank's name in between) 10–30 digits in any grouping are an account, and so
 *   is every further number of a list after it (卡号6222021234和5678901288). A
 *   long number right after a public cue (统一社会信用代码, 注册号, 文书号, 文号, 案号, 执法证号,
 *   许可证编号, 事项编码 …) is that identifier and stays, as does a number that is money. A bare
 *   12–30 digit run with no cue — a 20-digit 案号 written without its cue, a 流水号 — is masked.
 *   Two exceptions without a cue: 18 characters in brackets right after an organisation's name
 *   (杭州甲乙有限公司（913301…）) with a valid GB 32100 check and no birth date are its
 *   统一社会信用代码, and a number between 第 and 条/款/项 is an article.
 * - A digit run between non-digits is a token even in a 文书号: 杭民罚决字〔2026〕第13800138000号 has its
 *   11-digit run masked as a mobile number. The decision's own 文书号 field is not free text and is
 *   never scanned; only numbers written inside facts and reasoning are at risk.
 * - Money is not a phone or account: a number after ¥/￥/人民币, before 元/万元/亿元/% or with a
 *   decimal part survives (人民币18228000000元). Dates and amounts match no rule at all.
 * - 身份证号码: 18 characters with a birth date from 1900-01-01 to today in China (UTC+8), whatever
 *   the check character (a mistyped ID is still a person's ID), or 15 legacy digits with a valid
 *   19YYMMDD date; after an ID cue (身份证, 公民身份号码, 证件号码) any 15–18 character number.
 *   Region codes are not checked: the 2023 外国人永久居留身份证 starts with 9, and residence permits
 *   for Hong Kong, Macao and Taiwan residents use 81–83.
 * - Passports and permits: E/G/D/S/P (+ an optional letter) with 7–8 digits, C/W (往来港澳通行证),
 *   H/M + 8–10 digits (回乡证), L/T + 8 digits, as whole tokens; after 护照, 通行证, 回乡证, 台胞证 …
 *   any 6–20 character number.
 * - Landlines need an area code (010, 02X or 0XXX, also +86 without the 0), with optional
 *   parentheses, separators and extension (转123, -123, ext 123). A bare 7–8 digit local number is
 *   masked only right after 电话/手机/联系方式/座机/传真/Tel; elsewhere it reads like a serial or an
 *   amount. 400/800 numbers, 95xxx and 12xxx hotlines belong to businesses and authorities, not
 *   persons: no rule matches them. QQ and WeChat accounts are masked after their cue words, also
 *   written right after them (QQ123456789).
 * - E-mail: name@host.tld, and the obfuscated forms name(at)host, name[at]host, name＠host,
 *   name at host dot com, name@qq。com, name艾特qq点com.
 * - Vehicle plates (浙A12345, new-energy 浙AD12345, also 浙 A12345, 浙A 123 45): the province, the letter, the first and the
 *   last two characters stay (浙A1**45), as the public may see a plate in a traffic notice.
 * - Addresses: after a residence cue (住址, 住所, 家住, 居住, 住在, 地址, 户籍地 …, and 住 after a
 *   comma or bracket) the rest of the clause, when it names a place (省, 市, 区, 路, 号 …); anywhere,
 *   a house-level address (…路/街/巷/弄/村/小区 + number + 号/幢/栋/单元/室) with the place names
 *   before it. An organisation party's own registered address is kept (it is public), whole even
 *   when the text writes it longer (浙江省…文三路100号1楼): see `publicAddresses`; and so is the
 *   住所 written right after 当事人 or the organisation's name, even when the record holds none
 *   (`organisations`) — but not after its 法定代表人's name.
 * - Health: the clause after 患有, 罹患, 诊断为, 确诊, 病情, 健康状况 … or 患 alone (患糖尿病; not
 *   患者, 隐患, 医患), the words before 病史, and words that are a condition wherever they stand:
 *   精神疾病患者, 残疾人, 肢体二级残疾, HIV/艾滋病感染者, 抑郁症住院, 怀孕7个月 (not in the name of a
 *   law, a body or a product: 《残疾人保障法》, 残疾人联合会, 艾滋病检测试剂). 患者 alone stays: a
 *   pharmacy's 患者 are nobody in particular; illnesses that advertising cases name as a claim
 *   (糖尿病, 高血压) count only after a cue.
 * - Relatives: two or three characters starting with a common surname right after a kinship word
 *   (其妻子李四, 儿子王小明, 之父王大明, 配偶, 亲属 …) are another person's name, masked like a marked
 *   name wherever they recur; the party's kept name is not.
 * - Full-width digits, letters and punctuation (１３８…, ＠, （）) are read as their ASCII forms;
 *   the mapping keeps every offset.
 * - Overlapping matches merge into one redaction covering their union, so no fragment of either
 *   leaks. It takes the rule of the longest match (an e-mail 13800138000@qq.com is an e-mail, a
 *   19-digit card overlapping a phone is a card), then the earliest; the same span goes by rank:
 *   ID, bank card, passport, mobile, landline, e-mail, contact, plate, a bare long number (as a
 *   bank account), address, health, the record's own secret value, name. A marked name labels a
 *   span only when nothing else matched in it, so a name mask never keeps the first character of a
 *   number.
 * - `keep` wins: a number overlapping an occurrence of a kept string is dropped, whatever its rule;
 *   an address or health clause loses only the kept part (the party's name written just before
 *   its address stays, the address goes).
 */

// The one entry point: the rules live in ./redaction/, each part in its own module.
export {
  ADDRESS_TOKEN,
  BANK_ACCOUNT_TOKEN,
  CONTACT_TOKEN,
  EMAIL_TOKEN,
  HEALTH_TOKEN,
  ID_NUMBER_TOKEN,
  PASSPORT_TOKEN,
  PERSONAL_VALUE_TOKEN,
  PHONE_TOKEN,
  PLATE_TOKEN,
  TEXT_RULES,
  type Redaction,
  type RedactionRule,
  type TextRule,
} from "./redaction/tokens.js";
export { isValidResidentId, residentIdCheckChar } from "./redaction/resident-id.js";
export {
  containsPersonalData,
  contactSecrets,
  maskName,
  maskPlate,
  publicText,
  redactText,
  type RedactedText,
  type RedactTextOptions,
} from "./redaction/text.js";
export {
  DECISION_REDACTION_SPEC,
  redactRecord,
  type PartyType,
  type RecordRedactionSpec,
  type RedactRecordOptions,
} from "./redaction/record.js";
