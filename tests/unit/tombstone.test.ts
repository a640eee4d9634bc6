import { describe, expect, it } from "vitest";
import { csvRow } from "../../services/feed/csv.js";
import { buildPublicNotice, type DecisionContent } from "../../shared/public-record.js";
import {
  isTakenDown,
  publicNoticeView,
  redactReason,
  tombstoneFields,
  tombstoneRecord,
  tombstoneTitle,
} from "../../shared/tombstone.js";

const content: DecisionContent = {
  title: "张三无照经营案",
  kind: "行政处罚",
  decisionNo: "杭西市监罚决〔2026〕118号",
  decidedOn: "2026-11-20",
  bodyName: "杭州市西湖区市场监督管理局",
  bodyCreditCode: "11330106MB12345670",
  powerCode: "330106-CF-0042",
  powerName: "对无照经营行为的处罚",
  party: { type: "individual", name: "张三", legalRepresentative: "张三丰", creditCode: "92330106MA2H7K8L9X" },
  facts: "当事人于文三路摆摊经营，收取货款。",
  conclusion: "当事人的行为构成无照经营。",
  basis: "《无证无照经营查处办法》第十三条",
  penalty: { categories: ["罚款"], content: "罚款伍仟元", fineAmount: 5000, violationType: "无照经营" },
  maskNames: [],
};

function view(status: string) {
  const notice = buildPublicNotice(content);
  return {
    id: "n1",
    title: notice.record.title,
    partyName: notice.record.party.name,
    record: notice.record as unknown as Record<string, unknown>,
    status,
    reason: status === "published" ? null : "决定已被依法撤销",
    statusChangedAt: status === "published" ? null : "2026-12-01T02:00:00.000Z",
    successorId: status === "corrected" ? "n2" : null,
    publishedAt: "2026-11-22T02:00:00.000Z",
    expiresOn: "2027-02-22",
    bodyName: content.bodyName,
    kind: content.kind,
    decisionNo: content.decisionNo,
    decidedOn: content.decidedOn,
    pdfUrl: "http://x/api/public/notices/n1/pdf",
  };
}

const PRIVATE = ["张三", "文三路", "货款", "无照经营。", "罚款伍仟元", "0.5", "92330106MA2H7K8L9X", "个体工商户"];

describe("the tombstone of a notice taken down (撤下)", () => {
  it("leaves a published notice as it is", () => {
    const v = view("published");
    expect(publicNoticeView(v)).toBe(v);
    expect(isTakenDown("published")).toBe(false);
  });

  it.each(["withdrawn", "corrected", "expired"])("keeps of a %s notice only what identifies it", (status) => {
    const sut = publicNoticeView(view(status));
    expect(isTakenDown(status)).toBe(true);
    expect(sut).toMatchObject({
      status,
      partyName: null,
      pdfUrl: null,
      takenDown: true,
      title: "张某无照经营案",
      decisionNo: content.decisionNo,
      bodyName: content.bodyName,
      reason: "决定已被依法撤销",
      successorId: status === "corrected" ? "n2" : null,
    });
    expect(sut.record).toEqual({
      title: "张某无照经营案",
      kind: "行政处罚",
      decisionNo: content.decisionNo,
      decidedOn: content.decidedOn,
      bodyName: content.bodyName,
      bodyCreditCode: content.bodyCreditCode,
    });
    const json = JSON.stringify(sut);
    for (const secret of PRIVATE) expect(json).not.toContain(secret);
  });

  it("is idempotent: a tombstone given again is the same tombstone", () => {
    const once = publicNoticeView(view("withdrawn"));
    expect(publicNoticeView(once)).toEqual(once);
  });

  it("masks a name the party had in an earlier version, which the title may still carry", () => {
    const renamed = { ...view("withdrawn"), title: "李四无照经营案" };
    expect(publicNoticeView(renamed).title).toBe("李四无照经营案");
    expect(publicNoticeView(renamed, ["李四"]).title).toBe("李某无照经营案");
  });

  it("masks every party name in a title, the longest first", () => {
    expect(tombstoneTitle("张三丰与张三违规案", ["张三", "张三丰"])).toBe("张某某与张某违规案");
    expect(tombstoneTitle("杭州永安殡葬服务有限公司违规经营案", ["杭州永安殡葬服务有限公司"])).not.toContain("永安");
    expect(tombstoneRecord({ title: "某案", facts: "x", party: { name: "y" } }, [])).toEqual({ title: "某案" });
  });

  it("masks a party name written with full-width brackets against one written with half-width ones", () => {
    const names = ["杭州甲乙（集团）有限公司"];
    expect(tombstoneTitle("杭州甲乙(集团)有限公司违规经营案", names)).toBe("杭某某某某某某某某某某某违规经营案");
    expect(tombstoneTitle("杭州甲乙（集团）有限公司违规经营案", ["杭州甲乙(集团)有限公司"])).not.toContain("甲乙");
  });

  it("masks the party and personal data in the reason of a notice taken down, as in the title", () => {
    const v = { ...view("withdrawn"), reason: "张三（电话13812345678）已补办执照，张三丰申请撤下" };
    const sut = publicNoticeView(v);
    expect(sut.reason).not.toContain("张三");
    expect(sut.reason).not.toContain("13812345678");
    expect(sut.reason).toContain("张某");
    expect(publicNoticeView(sut)).toEqual(sut);
    expect(publicNoticeView({ ...view("published"), reason: "张三" }).reason).toBe("张三");
  });

  it("redacts a reason as it is stored: party names, marked names, the party's secrets, patterns", () => {
    const sut = redactReason(
      "当事人张三与李四常在青山湖畔小院聚会，身份证33010619900101123X，现已整改",
      ["张三", "李四"],
      ["青山湖畔小院"],
    );
    expect(sut.text).toMatch(/^当事人张某与李某常在\[.+\]聚会，身份证\[.+\]，现已整改$/);
    for (const secret of ["张三", "李四", "青山湖畔小院", "33010619900101123X"]) expect(sut.text).not.toContain(secret);
    expect(sut.redactions.map((r) => r.rule)).toEqual(["marked-name", "marked-name", "personal-value", "id-number"]);
    expect(sut.redactions.every((r) => r.field === "reason")).toBe(true);
  });

  it("labels the tombstone's fields with the dates and the reason", () => {
    const fields = (status: string) =>
      Object.fromEntries(tombstoneFields(view(status)).map((f) => [f.label, f.value] as const));
    expect(fields("withdrawn")).toEqual({
      执法机关: content.bodyName,
      执法类别: "行政处罚",
      决定文书号: content.decisionNo,
      决定日期: "2026-11-20",
      公示日期: "2026-11-22",
      公示状态: "已撤下",
      撤下日期: "2026-12-01",
      撤下原因: "决定已被依法撤销",
    });
    expect(fields("corrected")).toMatchObject({ 公示状态: "已更正", 更正日期: "2026-12-01" });
    expect(fields("expired")).toMatchObject({ 公示状态: "已过公示期", 公示期届满日期: "2027-02-22" });
    expect(fields("expired")).not.toHaveProperty("撤下原因");
  });

  it("becomes a 双公示 CSV row with no party, facts or penalty and the status in 备注", () => {
    const t = publicNoticeView(view("withdrawn"));
    const row = csvRow({
      decision_no: t.decisionNo,
      party_name: t.partyName ?? "",
      body_name: t.bodyName,
      expires_on: t.expiresOn,
      record: t.record,
      status: t.status,
      reason: t.reason,
    });
    expect(row).toContain(content.decisionNo);
    expect(row).toContain("已撤下：决定已被依法撤销");
    for (const secret of PRIVATE) expect(row).not.toContain(secret);
  });
});
