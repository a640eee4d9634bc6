/**
 * The 政府信息公开 platform's fixed layout (国办公开办函〔2019〕61号, on 条例 Art. 24): for each body
 * four top sections, and within 法定主动公开内容 the statutory categories of 政府信息公开条例 (2019)
 * Art. 20 (一)–(十五), each with a stable identifier (never renamed: pages and feeds link to it),
 * its legal basis and how long its items stay public by default. `placeOf` puts every kind of
 * public record of this platform under its section and category.
 *
 * How long items stay public (`Retention`) is this platform's documented default, not a statutory
 * period: `permanent` — kept public (a document past its validity stays readable with its status);
 * `while_current` — the current version is shown, superseded ones move to the history;
 * `notice_period` — the 公示期 of the rule table (shared/rules.ts `publicityEnds`).
 */
import type { PowerCategory } from "../domain.js";

export const PLATFORM_SECTIONS = [
  { id: "guide", title: "政府信息公开指南", basis: "《中华人民共和国政府信息公开条例》第十二条" },
  { id: "rules", title: "政府信息公开制度", basis: "《中华人民共和国政府信息公开条例》第四条" },
  { id: "statutory", title: "法定主动公开内容", basis: "《中华人民共和国政府信息公开条例》第十九条、第二十条" },
  { id: "annual_reports", title: "政府信息公开年报", basis: "《中华人民共和国政府信息公开条例》第四十九条、第五十条" },
] as const;
export type PlatformSectionId = (typeof PLATFORM_SECTIONS)[number]["id"];

export type Retention = "permanent" | "while_current" | "notice_period";

export const RETENTION_LABELS: Record<Retention, string> = {
  permanent: "长期公开",
  while_current: "现行版本公开，历史版本可查",
  notice_period: "公示期内公开",
};

export interface StatutoryCategory {
  /** Stable identifier. */
  id: string;
  /** 1–15: the item of Art. 20. */
  item: number;
  /** （一）… as the article numbers it. */
  marker: string;
  /** The item's words. */
  title: string;
  basis: string;
  retention: Retention;
}

const ART20 = "《中华人民共和国政府信息公开条例》第二十条";
const category = (id: string, item: number, marker: string, title: string, retention: Retention) => ({
  id,
  item,
  marker,
  title,
  basis: `${ART20}${marker}`,
  retention,
});

/** 条例 Art. 20: what every administrative body publishes of its own accord. */
export const STATUTORY_CATEGORIES = [
  category("regulations", 1, "（一）", "行政法规、规章和规范性文件", "permanent"),
  category(
    "organisation",
    2,
    "（二）",
    "机关职能、机构设置、办公地址、办公时间、联系方式、负责人姓名",
    "while_current",
  ),
  category("plans", 3, "（三）", "国民经济和社会发展规划、专项规划、区域规划及相关政策", "permanent"),
  category("statistics", 4, "（四）", "国民经济和社会发展统计信息", "permanent"),
  category(
    "licensing_services",
    5,
    "（五）",
    "办理行政许可和其他对外管理服务事项的依据、条件、程序以及办理结果",
    "notice_period",
  ),
  category(
    "penalties_coercion",
    6,
    "（六）",
    "实施行政处罚、行政强制的依据、条件、程序以及本行政机关认为具有一定社会影响的行政处罚决定",
    "notice_period",
  ),
  category("budgets", 7, "（七）", "财政预算、决算信息", "permanent"),
  category("fees", 8, "（八）", "行政事业性收费项目及其依据、标准", "while_current"),
  category("procurement", 9, "（九）", "政府集中采购项目的目录、标准及实施情况", "permanent"),
  category("major_projects", 10, "（十）", "重大建设项目的批准和实施情况", "permanent"),
  category(
    "livelihood",
    11,
    "（十一）",
    "扶贫、教育、医疗、社会保障、促进就业等方面的政策、措施及其实施情况",
    "permanent",
  ),
  category("emergencies", 12, "（十二）", "突发公共事件的应急预案、预警信息及应对情况", "permanent"),
  category(
    "supervision",
    13,
    "（十三）",
    "环境保护、公共卫生、安全生产、食品药品、产品质量的监督检查情况",
    "notice_period",
  ),
  category("civil_service", 14, "（十四）", "公务员招考的职位、名额、报考条件等事项以及录用结果", "permanent"),
  category("other", 15, "（十五）", "法律、法规、规章和国家有关规定规定应当主动公开的其他政府信息", "permanent"),
] as const satisfies readonly StatutoryCategory[];
export type StatutoryCategoryId = (typeof STATUTORY_CATEGORIES)[number]["id"];

export function statutoryCategory(id: StatutoryCategoryId): StatutoryCategory {
  return STATUTORY_CATEGORIES.find((c) => c.id === id) as StatutoryCategory;
}

/** Every kind of public record this platform publishes, with what its place depends on. */
export type PlatformRecord =
  /** 政府信息公开指南. */
  | { kind: "guide" }
  /** A decision's notice (许可, 处罚…), by its power's category. */
  | { kind: "notice"; category: PowerCategory }
  /** An item of the 权责清单: its 依据、条件、程序. */
  | { kind: "power"; category: PowerCategory }
  /** 执法人员 (行政执法公示: 执法主体、人员). */
  | { kind: "officer" }
  /** 执法主体: functions, address, contacts. */
  | { kind: "body" }
  /**
   * A document: marked as part of the body's 政府信息公开制度, or a 规范性文件, or filed under the
   * category its officer chose (a plan, an emergency plan…).
   */
  | { kind: "document"; disclosureRule?: boolean; normative: boolean; category?: StatutoryCategoryId | null }
  /** A 政策解读: beside its document. */
  | { kind: "interpretation"; document: DocumentPlaceFacts }
  /** 预公开 of a draft, its comments and adoption report. */
  | { kind: "consultation" }
  | { kind: "annual_report" }
  /** 依申请公开 statistics (the annual report's table 三). */
  | { kind: "request_statistics" };

export type PlatformRecordKind = PlatformRecord["kind"];
type DocumentPlaceFacts = Omit<Extract<PlatformRecord, { kind: "document" }>, "kind">;

export const PLATFORM_RECORD_KINDS = [
  "guide",
  "notice",
  "power",
  "officer",
  "body",
  "document",
  "interpretation",
  "consultation",
  "annual_report",
  "request_statistics",
] as const satisfies readonly PlatformRecordKind[];

export interface PlatformPlace {
  section: PlatformSectionId;
  /** Within 法定主动公开内容; null in the other sections. */
  category: StatutoryCategoryId | null;
  retention: Retention;
}

const statutory = (id: StatutoryCategoryId, retention?: Retention): PlatformPlace => ({
  section: "statutory",
  category: id,
  retention: retention ?? statutoryCategory(id).retention,
});

/**
 * Art. 20 (五) for 许可 and the other outward services; (六) for 处罚 and 强制. Inspection results
 * go under (五) too: (十三) names only some fields, which a sector list may refine.
 */
function powerCategoryPlace(category: PowerCategory): StatutoryCategoryId {
  return category === "行政处罚" || category === "行政强制" ? "penalties_coercion" : "licensing_services";
}

function documentPlace(d: DocumentPlaceFacts): PlatformPlace {
  if (d.disclosureRule) return { section: "rules", category: null, retention: "while_current" };
  if (d.category) return statutory(d.category);
  return statutory(d.normative ? "regulations" : "other");
}

/** Where a record appears on the platform. */
export function placeOf(record: PlatformRecord): PlatformPlace {
  switch (record.kind) {
    case "guide":
      return { section: "guide", category: null, retention: "while_current" };
    case "notice":
      return statutory(powerCategoryPlace(record.category), "notice_period");
    case "power":
      return statutory(powerCategoryPlace(record.category), "while_current");
    case "officer":
      // 国办发〔2018〕118号 (行政执法公示): a national rule requiring it, hence (十五).
      return statutory("other", "while_current");
    case "body":
      return statutory("organisation");
    case "document":
      return documentPlace(record);
    case "interpretation":
      return documentPlace(record.document);
    case "consultation":
      // 预公开 (条例 Art. 19; 重大行政决策程序暂行条例): not an item of Art. 20, so (十五).
      return statutory("other", "permanent");
    case "annual_report":
    case "request_statistics":
      return { section: "annual_reports", category: null, retention: "permanent" };
  }
}
