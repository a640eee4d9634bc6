import { describe, expect, it } from "vitest";
import { ANSWER_TYPES, answerBasis, answerLetter, itemLine, type AnswerLetterInput } from "../../shared/requests.js";

const input: AnswerLetterInput = {
  trackingCode: "K7Q2-9MXD-4HRT",
  applicantName: "欧阳明远",
  receivedOn: "2026-11-02",
  description: "请公开本机关2026年度老旧小区改造计划及资金安排。",
  answerType: "partly_disclosed",
  text: "经审查，现提供改造计划；资金安排中涉及第三方的部分不予公开。",
  items: [
    { title: "老旧小区改造计划", result: { mark: "already_public", where: "本机关门户网站“政府信息公开”栏目" } },
    {
      title: "资金安排表",
      result: { mark: "partly_provided", withheld: "施工单位报价明细", ground: "refused_third_party_rights" },
    },
    { title: "2019年会议纪要", result: { mark: "not_held" } },
  ],
  answeredOn: "2026-11-20",
};

describe("the 答复告知书", () => {
  it("addresses the applicant, dates in Chinese, names the article it rests on and says what was found", () => {
    const letter = answerLetter(input);
    expect(letter.title).toBe("政府信息公开申请答复告知书");
    expect(letter.documentNumber).toBe("依申请公开〔2026〕K7Q2-9MXD-4HRT号");
    expect(letter.fields).toEqual(
      expect.arrayContaining([
        { label: "申请人", value: "欧阳明远" },
        { label: "收到申请日期", value: "2026年11月2日" },
        { label: "答复类型", value: "部分公开" },
        { label: "答复日期", value: "2026年11月20日" },
      ]),
    );
    const [answer, items] = letter.sections;
    expect(answer?.body).toContain("欧阳明远：\n2026年11月2日，本机关收到您提出的政府信息公开申请。");
    expect(answer?.body).toContain("依据《中华人民共和国政府信息公开条例》第三十七条的规定");
    expect(items?.body.split("\n")).toEqual([
      "1. 老旧小区改造计划：已主动公开，可在本机关门户网站“政府信息公开”栏目查阅。",
      "2. 资金安排表：部分提供，其中施工单位报价明细不予提供（理由：保护第三方合法权益）。",
      "3. 2019年会议纪要：本机关不掌握。",
    ]);
    expect(letter.sections.map((s) => s.heading)).not.toContain("信息处理费");
  });

  it("names the 复议机关 and the court with the statutory periods, generic words without them", () => {
    const named = answerLetter({ ...input, reviewOrgan: "汕头市人民政府", court: "汕头市龙湖区人民法院" }).remedyNotice;
    expect(named).toBe(
      "如不服本答复，可以自收到本告知书之日起六十日内依照《中华人民共和国行政复议法》向汕头市人民政府申请行政复议，" +
        "或者自收到本告知书之日起六个月内依照《中华人民共和国行政诉讼法》向汕头市龙湖区人民法院提起行政诉讼。",
    );
    expect(answerLetter(input).remedyNotice).toContain("六个月内依照《中华人民共和国行政诉讼法》依法提起行政诉讼");
  });

  it("states a fee charged", () => {
    const letter = answerLetter({ ...input, feeYuan: 300 });
    expect(letter.sections.at(-1)).toEqual({
      heading: "信息处理费",
      body: "依照《政府信息公开信息处理费管理办法》（国办函〔2020〕109号），本次申请收取信息处理费人民币300元。",
    });
  });

  it("has a basis for every answer type, an article for all but those the regulation names none for", () => {
    for (const t of ANSWER_TYPES)
      expect(answerBasis(t.code)).toMatch(/^依据《中华人民共和国政府信息公开条例》.*的规定$/);
    expect(answerBasis("refused_state_secret")).toContain("第十四条");
    expect(answerBasis("other")).toBe("依据《中华人民共和国政府信息公开条例》的规定");
    expect(itemLine({ title: "某文件", result: { mark: "not_provided", ground: "unable_needs_creation" } }, 4)).toBe(
      "4. 某文件：不予提供（理由：没有现成信息需要另行制作）。",
    );
  });
});
