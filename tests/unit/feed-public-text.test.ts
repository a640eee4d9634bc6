import { describe, expect, it } from "vitest";
import { publicEvent } from "../../services/feed/public-text.js";
import type { DutiesEventIn, NoticeEventIn, NoticeView, ReplyEventIn } from "../../services/feed/read-model.js";
import { buildPublicNotice } from "../../shared/public-record.js";
import { ADDRESS_TOKEN, BANK_ACCOUNT_TOKEN, HEALTH_TOKEN, PHONE_TOKEN } from "../../shared/redaction.js";

function noticeEvent(record: Record<string, unknown>, extra: Partial<NoticeView> = {}): NoticeEventIn {
  return {
    seq: "7",
    type: "published",
    notice: {
      id: "n1",
      resultId: "r1",
      version: 1,
      bodyId: "b1",
      bodyName: "杭州市民政局",
      kind: "行政处罚",
      title: String(record.title),
      decisionNo: "杭民罚〔2026〕3号",
      decidedOn: "2026-11-02",
      partyName: "孙小明",
      record,
      status: "published",
      reason: null,
      statusChangedAt: null,
      predecessorId: null,
      successorId: null,
      verifyCode: "ABCD-EFGH-JKMN-PQRS",
      sha256: "0".repeat(64),
      publishedAt: "2026-11-03T00:00:00.000Z",
      expiresOn: "2029-11-03",
      ...extra,
    },
  };
}

describe("the feed's redaction pass (services/feed/public-text.ts)", () => {
  const sut = publicEvent;

  it("re-masks a notice published under older rules: record, title and reason", () => {
    const legacy = noticeEvent(
      {
        title: "浙A12345车主孙小明违规经营案",
        party: { type: "natural", typeLabel: "自然人", name: "孙小明" },
        facts: "当事人孙小明家住杭州市西湖区文三路2号，银行卡6228480402564890011（未通过校验）。",
        conclusion: "当事人患有高血压，从轻处罚。",
        basis: "《殡葬管理条例》第二十八条",
      },
      { status: "withdrawn", reason: "当事人（电话13912345678）已申请复议" },
    );
    const { notice } = sut("notices", legacy) as NoticeEventIn;
    expect(notice.record.facts).toBe(`当事人孙小明家住${ADDRESS_TOKEN}，银行卡${BANK_ACCOUNT_TOKEN}（未通过校验）。`);
    expect(notice.record.conclusion).toBe(`当事人${HEALTH_TOKEN}，从轻处罚。`);
    expect(notice.title).toBe("浙A1**45车主孙小明违规经营案");
    expect(notice.record.title).toBe(notice.title);
    expect(notice.reason).toBe(`当事人（电话${PHONE_TOKEN}）已申请复议`);
    expect(notice.partyName).toBe("孙小明");
    expect(legacy.notice.record.facts).toContain("文三路2号"); // the input is not mutated
  });

  it("passes a notice built by the current module unchanged, a legal party's address included", () => {
    const built = buildPublicNotice({
      title: "杭州某某科技有限公司违规案",
      kind: "行政处罚",
      decisionNo: "杭民罚〔2026〕4号",
      decidedOn: "2026-11-02",
      bodyName: "杭州市民政局",
      bodyCreditCode: "11330000002482173X",
      powerCode: "330217001000",
      powerName: "对擅自兴建殡葬设施的行政处罚",
      party: { type: "legal", name: "杭州某某科技有限公司", address: "杭州市滨江区网商路1号" },
      facts: "当事人住所杭州市滨江区网商路1号，员工家住杭州市西湖区文三路2号，车牌浙A12345。",
      conclusion: "罚款人民币5000元。",
      basis: "《殡葬管理条例》第二十八条",
      maskNames: [],
    });
    const event = noticeEvent(built.record as unknown as Record<string, unknown>, {
      partyName: "杭州某某科技有限公司",
    });
    expect(sut("notices", event)).toEqual(event);
    expect(built.record.facts).toContain("杭州市滨江区网商路1号");
  });

  it("masks the title and reason of an event without a record (a tombstone)", () => {
    const tombstone = noticeEvent({ title: "x" }, { status: "withdrawn", reason: "当事人车牌浙A12345，已撤销" });
    const bare = { ...tombstone, notice: { ...tombstone.notice, title: "浙A12345车主违规案", record: undefined } };
    const { notice } = sut("notices", bare as unknown as NoticeEventIn) as NoticeEventIn;
    expect(notice.title).toBe("浙A1**45车主违规案");
    expect(notice.reason).toBe("当事人车牌浙A1**45，已撤销");
    expect(notice.record).toBeUndefined();
  });

  it("masks a public reply's text and the feedback it answers", () => {
    const event: ReplyEventIn = {
      seq: "3",
      id: "f1",
      view: {
        targetType: "notice",
        targetId: "n1",
        bodyId: "b1",
        repliedAt: "2026-11-05T00:00:00.000Z",
        content: "我住在杭州市西湖区锦绣小区3幢201室，有意见。",
        reply: "您反映的锦绣小区3幢201室问题已核实。",
      } as ReplyEventIn["view"],
    };
    const view = (sut("feedback", event) as ReplyEventIn).view as unknown as Record<string, string>;
    expect(view.content).toBe(`我住在${ADDRESS_TOKEN}，有意见。`);
    expect(view.reply).toBe(`您反映的${ADDRESS_TOKEN}问题已核实。`);
    expect(view.targetId).toBe("n1");
    const removed: ReplyEventIn = { seq: "4", id: "f1", view: null };
    expect(sut("feedback", removed)).toEqual(removed);
  });

  it("masks an officer's status reason and leaves a body's public contact alone", () => {
    const officer: DutiesEventIn = {
      seq: "1",
      entity: "officer",
      id: "o1",
      view: {
        name: "李明",
        certificateNo: "33010012345678",
        status: "suspended",
        statusReason: "因患有肺结核，暂停执法",
      },
    };
    expect((sut("duties", officer) as DutiesEventIn).view).toEqual({
      name: "李明",
      certificateNo: "33010012345678",
      status: "suspended",
      statusReason: `因${HEALTH_TOKEN}，暂停执法`,
    });
    const body: DutiesEventIn = {
      seq: "2",
      entity: "body",
      id: "b1",
      view: { name: "杭州市民政局", phone: "0571-87654321", address: "杭州市西湖区文三路2号" },
    };
    expect(sut("duties", body)).toEqual(body);
  });
});
