import { describe, expect, it } from "vitest";
import { creditCodeCheckChar } from "../../shared/credit-code.js";
import { noticeTitle } from "../../shared/domain.js";
import {
  PARTY_TYPE_LABELS,
  buildPublicNotice,
  fieldsOf,
  yuanToWan,
  type DecisionContent,
  type PublicNotice,
} from "../../shared/public-record.js";
import {
  BANK_ACCOUNT_TOKEN,
  EMAIL_TOKEN,
  ID_NUMBER_TOKEN,
  PHONE_TOKEN,
  residentIdCheckChar,
  type Redaction,
} from "../../shared/redaction.js";

// ---------------------------------------------------------------------------------------------
// Fixtures

function luhnComplete(partial: string): string {
  for (let d = 0; d <= 9; d++) {
    const digits = partial + d;
    let sum = 0;
    [...digits].reverse().forEach((c, i) => {
      const n = Number(c) * (i % 2 === 1 ? 2 : 1);
      sum += Math.floor(n / 10) + (n % 10);
    });
    if (sum % 10 === 0) return digits;
  }
  throw new Error("unreachable");
}

const withIdCheck = (first17: string): string => first17 + residentIdCheckChar(first17);
const withCreditCheck = (first17: string): string => first17 + creditCodeCheckChar(first17);

/** The party's own resident ID, also written into the facts. */
const PARTY_ID = withIdCheck("33010619850312471");
/** A second person's resident ID, written into the conclusion. */
const OTHER_ID = withIdCheck("11010219921130282");
const PARTY_PHONE = "13912345678";
const TEXT_PHONE = "13800138000";
const PARTY_CARD = luhnComplete("621700123456789012");
const TEXT_CARD = luhnComplete("622202987654321");
const PARTY_EMAIL = "zhangsan@example.com";
const TEXT_EMAIL = "lisi.witness@example.org";
const PARTY_ADDRESS = "浙江省杭州市西湖区文三路478号2单元301室";
const OTHER_NAME = "李四";
const BASIS_PHONE = "13712345670";

const BODY_CREDIT_CODE = withCreditCheck("11330106MB1234567");
const LEGAL_CREDIT_CODE = withCreditCheck("91330106MA2B3C4D5");
const INDIVIDUAL_CREDIT_CODE = withCreditCheck("92330106MA2H7K8L9");

/** Values that must never reach any public output of the natural-person decision. */
const SECRETS = [
  PARTY_ID,
  OTHER_ID,
  PARTY_PHONE,
  TEXT_PHONE,
  PARTY_CARD,
  TEXT_CARD,
  PARTY_EMAIL,
  TEXT_EMAIL,
  PARTY_ADDRESS,
  OTHER_NAME,
  BASIS_PHONE,
];

function naturalDecision(): DecisionContent {
  return {
    title: "张三无照经营案行政处罚决定",
    kind: "行政处罚",
    decisionNo: "杭西市监罚决〔2026〕118号",
    decidedOn: "2026-11-20",
    bodyName: "杭州市西湖区市场监督管理局",
    bodyCreditCode: BODY_CREDIT_CODE,
    powerCode: "330106-CF-0042",
    powerName: "对无照经营行为的处罚",
    party: {
      type: "natural",
      name: "张三",
      idNumber: PARTY_ID,
      phone: PARTY_PHONE,
      address: PARTY_ADDRESS,
      email: PARTY_EMAIL,
      bankAccount: PARTY_CARD,
      minor: false,
    },
    facts:
      `经查，当事人张三（身份证号${PARTY_ID}）于2026年9月在文三路摆摊经营，` +
      `证人${OTHER_NAME}（手机${TEXT_PHONE}，邮箱${TEXT_EMAIL}）证实其通过银行卡${TEXT_CARD}收取货款。`,
    conclusion: `当事人张三的行为构成无照经营。${OTHER_NAME}的身份证号为${OTHER_ID}，已另案处理。`,
    basis: `《无证无照经营查处办法》第十三条。联系人${OTHER_NAME}，电话${BASIS_PHONE}。`,
    penalty: {
      categories: ["警告", "罚款"],
      content: `对张三予以警告，并处罚款5000元。罚款请勿转入${OTHER_NAME}的个人账户。`,
      fineAmount: 5_000,
      violationType: "无照经营",
      validUntil: "2027-02-20",
    },
    maskNames: [OTHER_NAME],
  };
}

function legalDecision(): DecisionContent {
  return {
    title: "杭州某某科技有限公司虚假宣传案",
    kind: "行政处罚",
    decisionNo: "杭西市监罚决〔2026〕119号",
    decidedOn: "2026-11-21",
    bodyName: "杭州市西湖区市场监督管理局",
    bodyCreditCode: BODY_CREDIT_CODE,
    powerCode: "330106-CF-0107",
    powerName: "对虚假宣传行为的处罚",
    party: {
      type: "legal",
      name: "杭州某某科技有限公司",
      creditCode: LEGAL_CREDIT_CODE,
      legalRepresentative: "王五",
      address: "浙江省杭州市西湖区天目山路1号",
      phone: "13600136000",
      email: "office@mouomou.example.com",
      bankAccount: "1202021209900012345",
    },
    facts: "当事人在其网店发布虚假宣传信息，法定代表人王五承认上述事实。",
    conclusion: "当事人的行为构成虚假宣传。",
    basis: "《反不正当竞争法》第二十条第一款。",
    penalty: {
      categories: ["罚款", "没收违法所得"],
      content: "罚款200000元，没收违法所得12345.67元。",
      fineAmount: 200_000,
      confiscatedAmount: 12_345.67,
      licenceAction: "无",
    },
    maskNames: [],
  };
}

function individualDecision(): DecisionContent {
  return {
    title: "西湖区赵六小吃店食品安全案",
    kind: "行政处罚",
    decisionNo: "杭西市监罚决〔2026〕120号",
    decidedOn: "2026-11-22",
    bodyName: "杭州市西湖区市场监督管理局",
    bodyCreditCode: BODY_CREDIT_CODE,
    powerCode: "330106-CF-0200",
    powerName: "对食品经营者未按规定进货查验的处罚",
    party: {
      type: "individual",
      name: "西湖区赵六小吃店",
      creditCode: INDIVIDUAL_CREDIT_CODE,
      legalRepresentative: "赵六",
      idNumber: PARTY_ID,
      address: PARTY_ADDRESS,
      phone: PARTY_PHONE,
    },
    facts: "经营者赵六未按规定查验进货票据。",
    conclusion: "违反《食品安全法》第五十三条。",
    basis: "《食品安全法》第一百二十六条。",
    penalty: { categories: ["警告"], content: "予以警告。" },
    maskNames: [],
  };
}

function licenceDecision(): DecisionContent {
  return {
    title: "食品经营许可决定",
    kind: "行政许可",
    decisionNo: "杭西市监许〔2026〕301号",
    decidedOn: "2026-11-23",
    bodyName: "杭州市西湖区市场监督管理局",
    bodyCreditCode: BODY_CREDIT_CODE,
    powerCode: "330106-XK-0001",
    powerName: "食品经营许可",
    party: { type: "legal", name: "杭州某某餐饮有限公司", creditCode: LEGAL_CREDIT_CODE, legalRepresentative: "钱七" },
    facts: "申请材料齐全，符合法定形式。",
    conclusion: "准予许可。",
    basis: "《食品经营许可和备案管理办法》。",
    licence: {
      documentName: "准予行政许可决定书",
      category: "普通",
      certificateName: "食品经营许可证",
      licenceNo: "JY13301060012345",
      content: "预包装食品销售、热食类食品制售",
      validFrom: "2026-11-23",
      validTo: "2031-11-22",
    },
    maskNames: [],
  };
}

function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

/** Every string a public output of the notice carries. */
function publicStrings(notice: PublicNotice): string[] {
  return [
    JSON.stringify(notice.record),
    notice.title,
    ...notice.fields.flatMap((f) => [f.label, f.value]),
    ...notice.text.flatMap((t) => [t.heading, t.body]),
    JSON.stringify(notice.redactions),
  ];
}

function field(notice: PublicNotice, label: string): string | undefined {
  const found = notice.fields.filter((f) => f.label === label);
  expect(found.length, `label ${label} appears more than once`).toBeLessThanOrEqual(1);
  return found[0]?.value;
}

const labels = (notice: PublicNotice): string[] => notice.fields.map((f) => f.label);

const PENALTY_LABELS = [
  "违法行为类型",
  "处罚类别",
  "处罚内容",
  "罚款金额（万元）",
  "没收违法所得、没收非法财物金额（万元）",
  "暂扣或吊销证照名称及编号",
  "处罚有效期",
];
const LICENCE_LABELS = ["许可决定文书名称", "许可类别", "许可证书名称", "许可编号", "许可内容", "有效期自", "有效期至"];

// ---------------------------------------------------------------------------------------------

describe("fixtures", () => {
  it("are what the tests assume", () => {
    expect(PARTY_ID).toHaveLength(18);
    expect(OTHER_ID).toHaveLength(18);
    expect(PARTY_CARD).toHaveLength(19);
    expect(TEXT_CARD).toHaveLength(16);
  });
});

describe("buildPublicNotice: a natural person's penalty", () => {
  const sut = buildPublicNotice;
  const input = deepFreeze(naturalDecision());
  const notice = sut(input);

  it("never publishes the personal data, in the record, the fields, the texts or the log", () => {
    for (const s of publicStrings(notice)) {
      for (const secret of SECRETS) expect(s, `leaks ${secret}`).not.toContain(secret);
    }
    for (const f of notice.fields) for (const secret of SECRETS) expect(f.value).not.toContain(secret);
    for (const t of notice.text) for (const secret of SECRETS) expect(t.body).not.toContain(secret);
  });

  it("keeps the party's own name", () => {
    expect(notice.record.party.name).toBe("张三");
    expect(notice.record.facts).toContain("当事人张三");
    expect(notice.record.conclusion).toContain("当事人张三");
    expect(notice.record.penalty?.content).toContain("对张三予以警告");
    expect(field(notice, "执法对象")).toBe("张三");
  });

  it("masks the other person's name as 李某 everywhere", () => {
    expect(notice.record.facts).toContain("证人李某");
    expect(notice.record.conclusion).toContain("李某的身份证号为");
    expect(notice.record.basis).toContain("联系人李某");
    expect(notice.record.penalty?.content).toContain("李某的个人账户");
  });

  it("replaces each number with its token", () => {
    expect(notice.record.facts).toBe(
      `经查，当事人张三（身份证号${ID_NUMBER_TOKEN}）于2026年9月在文三路摆摊经营，` +
        `证人李某（手机${PHONE_TOKEN}，邮箱${EMAIL_TOKEN}）证实其通过银行卡${BANK_ACCOUNT_TOKEN}收取货款。`,
    );
    expect(notice.record.conclusion).toBe(
      `当事人张三的行为构成无照经营。李某的身份证号为${ID_NUMBER_TOKEN}，已另案处理。`,
    );
    expect(notice.record.basis).toBe(`《无证无照经营查处办法》第十三条。联系人李某，电话${PHONE_TOKEN}。`);
  });

  it("labels the party 自然人 and keeps only public party fields", () => {
    expect(notice.record.party).toEqual({ type: "natural", typeLabel: "自然人", name: "张三" });
    for (const key of ["idNumber", "phone", "address", "email", "bankAccount", "minor", "creditCode"]) {
      expect(Object.hasOwn(notice.record.party, key), key).toBe(false);
    }
    expect(Object.hasOwn(notice.record, "maskNames")).toBe(false);
    expect(JSON.stringify(notice.record)).not.toContain("maskNames");
    expect(JSON.stringify(notice.record)).not.toContain('"minor"');
  });

  it("keeps the non-personal parts of the record as they were", () => {
    expect(notice.record).toMatchObject({
      kind: "行政处罚",
      decisionNo: "杭西市监罚决〔2026〕118号",
      decidedOn: "2026-11-20",
      bodyName: "杭州市西湖区市场监督管理局",
      bodyCreditCode: BODY_CREDIT_CODE,
      powerCode: "330106-CF-0042",
      powerName: "对无照经营行为的处罚",
      title: "张三无照经营案行政处罚决定",
      penalty: { categories: ["警告", "罚款"], fineAmount: 5_000, violationType: "无照经营", validUntil: "2027-02-20" },
    });
  });

  it("logs one redaction per removal, with the right rule and field", () => {
    const summary = (r: Redaction) => `${r.rule} ${r.field}`;
    expect(notice.redactions.map(summary).sort()).toEqual(
      [
        "dropped-field party.idNumber",
        "dropped-field party.phone",
        "dropped-field party.address",
        "dropped-field party.email",
        "dropped-field party.bankAccount",
        "id-number facts",
        "marked-name facts",
        "mobile facts",
        "email facts",
        "bank-card facts",
        "marked-name conclusion",
        "id-number conclusion",
        "marked-name penalty.content",
        "marked-name basis",
        "mobile basis",
      ].sort(),
    );
  });

  it("logs dropped fields as empty zero-length redactions", () => {
    for (const r of notice.redactions.filter((r) => r.rule === "dropped-field")) {
      expect(r).toMatchObject({ start: 0, end: 0, replacement: "" });
    }
  });

  it("logs text redactions with offsets into the original text", () => {
    const original: Record<string, string> = {
      facts: input.facts,
      conclusion: input.conclusion,
      basis: input.basis,
      "penalty.content": input.penalty!.content,
    };
    for (const r of notice.redactions.filter((r) => r.rule !== "dropped-field")) {
      const text = original[r.field];
      expect(text, r.field).toBeDefined();
      const span = (text as string).slice(r.start, r.end);
      const token: Record<string, string> = {
        "id-number": ID_NUMBER_TOKEN,
        mobile: PHONE_TOKEN,
        "bank-card": BANK_ACCOUNT_TOKEN,
        email: EMAIL_TOKEN,
        "marked-name": "李某",
      };
      expect(r.replacement).toBe(token[r.rule]);
      const spans: Record<string, string[]> = {
        "id-number": [PARTY_ID, OTHER_ID],
        mobile: [TEXT_PHONE, BASIS_PHONE],
        "bank-card": [TEXT_CARD],
        email: [TEXT_EMAIL],
        "marked-name": [OTHER_NAME],
      };
      expect(spans[r.rule], `${r.rule} in ${r.field}`).toContain(span);
    }
  });

  it("lists the labelled fields", () => {
    expect(field(notice, "执法机关")).toBe("杭州市西湖区市场监督管理局");
    expect(field(notice, "执法机关统一社会信用代码")).toBe(BODY_CREDIT_CODE);
    expect(field(notice, "执法对象")).toBe("张三");
    expect(field(notice, "相对人类别")).toBe("自然人");
    expect(field(notice, "执法类别")).toBe("行政处罚");
    expect(field(notice, "执法事项")).toBe("对无照经营行为的处罚（330106-CF-0042）");
    expect(field(notice, "决定文书号")).toBe("杭西市监罚决〔2026〕118号");
    expect(field(notice, "决定日期")).toBe("2026年11月20日"); // the record keeps 2026-11-20
    expect(notice.record.decidedOn).toBe("2026-11-20");
    expect(field(notice, "违法行为类型")).toBe("无照经营");
    expect(field(notice, "处罚类别")).toBe("警告、罚款");
    expect(field(notice, "处罚内容")).toBe(notice.record.penalty?.content);
    expect(field(notice, "罚款金额（万元）")).toBe(yuanToWan(5_000));
    expect(field(notice, "罚款金额（万元）")).toBe("0.5");
    expect(field(notice, "处罚有效期")).toBe("2027年2月20日");
    expect(field(notice, "执法依据")).toBe(notice.record.basis);
  });

  it("has no organisation fields, no confiscation, no licence fields for this decision", () => {
    for (const label of [
      "统一社会信用代码",
      "法定代表人",
      "经营者",
      "没收违法所得、没收非法财物金额（万元）",
      "暂扣或吊销证照名称及编号",
      ...LICENCE_LABELS,
    ]) {
      expect(labels(notice)).not.toContain(label);
    }
  });

  it("never lists a field with an empty value", () => {
    for (const f of notice.fields) expect(f.value).not.toBe("");
  });

  it("titles the notice and carries the facts and conclusion as text", () => {
    expect(notice.title).toBe("行政处罚决定公示");
    expect(notice.text).toEqual([
      { heading: "案件事实", body: notice.record.facts },
      { heading: "执法结论", body: notice.record.conclusion },
    ]);
  });

  it("does not mutate its (deep-frozen) input", () => {
    expect(input).toEqual(naturalDecision());
    expect(Object.isFrozen(input.party)).toBe(true);
  });

  it("returns the same notice for the same input", () => {
    expect(sut(input)).toEqual(notice);
  });

  it("drops a natural person's creditCode (most likely the ID number) and logs it", () => {
    const d = naturalDecision();
    d.party.creditCode = PARTY_ID;
    const n = sut(deepFreeze(d));
    expect(Object.hasOwn(n.record.party, "creditCode")).toBe(false);
    expect(labels(n)).not.toContain("统一社会信用代码");
    expect(n.redactions.filter((r) => r.field === "party.creditCode").map((r) => r.rule)).toEqual(["dropped-field"]);
    for (const s of publicStrings(n)) expect(s).not.toContain(PARTY_ID);
  });
});

describe("buildPublicNotice: a legal person's penalty", () => {
  const sut = buildPublicNotice;
  const input = deepFreeze(legalDecision());
  const notice = sut(input);

  it("keeps the credit code, the legal representative and the registered address", () => {
    expect(notice.record.party).toEqual({
      type: "legal",
      typeLabel: "法人及非法人组织",
      name: "杭州某某科技有限公司",
      creditCode: LEGAL_CREDIT_CODE,
      legalRepresentative: "王五",
      address: "浙江省杭州市西湖区天目山路1号",
    });
  });

  it("drops the bank account, phone and e-mail, logging each", () => {
    const json = JSON.stringify(notice.record);
    for (const secret of ["13600136000", "office@mouomou.example.com", "1202021209900012345"]) {
      for (const s of publicStrings(notice)) expect(s).not.toContain(secret);
    }
    expect(json).not.toContain("bankAccount");
    expect(notice.redactions.map((r) => `${r.rule} ${r.field}`).sort()).toEqual(
      ["dropped-field party.bankAccount", "dropped-field party.phone", "dropped-field party.email"].sort(),
    );
  });

  it("lists the organisation's fields", () => {
    expect(field(notice, "相对人类别")).toBe("法人及非法人组织");
    expect(field(notice, "统一社会信用代码")).toBe(LEGAL_CREDIT_CODE);
    expect(field(notice, "法定代表人")).toBe("王五");
    expect(labels(notice)).not.toContain("经营者");
    expect(field(notice, "处罚类别")).toBe("罚款、没收违法所得");
    expect(field(notice, "罚款金额（万元）")).toBe("20");
    expect(field(notice, "没收违法所得、没收非法财物金额（万元）")).toBe("1.234567");
    expect(field(notice, "暂扣或吊销证照名称及编号")).toBe("无");
  });

  it("does not mask the legal representative or the amounts in the text", () => {
    expect(notice.record.facts).toBe(input.facts);
    expect(notice.record.penalty?.content).toBe("罚款200000元，没收违法所得12345.67元。");
  });

  it("keeps the legal representative even when the officer marked the name", () => {
    const d = legalDecision();
    d.maskNames = ["王五"];
    expect(sut(d).record.facts).toContain("法定代表人王五");
  });

  it("does not mutate its input", () => {
    expect(input).toEqual(legalDecision());
  });
});

describe("buildPublicNotice: a 个体工商户's penalty", () => {
  const sut = buildPublicNotice;
  const input = deepFreeze(individualDecision());
  const notice = sut(input);

  it("keeps the credit code and shows the operator as 经营者", () => {
    expect(notice.record.party).toEqual({
      type: "individual",
      typeLabel: "个体工商户",
      name: "西湖区赵六小吃店",
      creditCode: INDIVIDUAL_CREDIT_CODE,
      legalRepresentative: "赵六",
    });
    expect(field(notice, "相对人类别")).toBe("个体工商户");
    expect(field(notice, "统一社会信用代码")).toBe(INDIVIDUAL_CREDIT_CODE);
    expect(field(notice, "经营者")).toBe("赵六");
    expect(labels(notice)).not.toContain("法定代表人");
  });

  it("drops the operator's personal fields (ID, address, phone)", () => {
    for (const secret of [PARTY_ID, PARTY_ADDRESS, PARTY_PHONE]) {
      for (const s of publicStrings(notice)) expect(s).not.toContain(secret);
    }
    expect(notice.redactions.map((r) => `${r.rule} ${r.field}`).sort()).toEqual(
      ["dropped-field party.address", "dropped-field party.idNumber", "dropped-field party.phone"].sort(),
    );
  });

  it("lists no fine amount for a warning", () => {
    expect(field(notice, "处罚类别")).toBe("警告");
    expect(labels(notice)).not.toContain("罚款金额（万元）");
  });
});

describe("buildPublicNotice: a licence decision", () => {
  const sut = buildPublicNotice;
  const notice = sut(deepFreeze(licenceDecision()));

  it("lists the licence fields", () => {
    expect(field(notice, "许可决定文书名称")).toBe("准予行政许可决定书");
    expect(field(notice, "许可类别")).toBe("普通");
    expect(field(notice, "许可证书名称")).toBe("食品经营许可证");
    expect(field(notice, "许可编号")).toBe("JY13301060012345");
    expect(field(notice, "许可内容")).toBe("预包装食品销售、热食类食品制售");
    expect(field(notice, "有效期自")).toBe("2026年11月23日");
    expect(field(notice, "有效期至")).toBe("2031年11月22日");
    expect(notice.record.licence?.validTo).toBe("2031-11-22");
    expect(field(notice, "执法类别")).toBe("行政许可");
  });

  it("gives the same fields from the stored record as the feed rebuilds them (fieldsOf), record dates ISO", () => {
    expect(fieldsOf(notice.record)).toEqual(notice.fields);
    expect(notice.record.licence).toMatchObject({ validFrom: "2026-11-23", validTo: "2031-11-22" });
  });

  it("lists no penalty fields", () => {
    for (const label of PENALTY_LABELS) expect(labels(notice)).not.toContain(label);
  });

  it("is titled as a licence notice", () => {
    expect(notice.title).toBe("行政许可决定公示");
    expect(notice.redactions).toEqual([]);
  });

  it("leaves optional licence fields out when they are absent", () => {
    const d = licenceDecision();
    delete d.licence!.certificateName;
    delete d.licence!.validTo;
    const n = sut(d);
    expect(labels(n)).not.toContain("许可证书名称");
    expect(labels(n)).not.toContain("有效期至");
    expect(labels(n)).toContain("有效期自");
  });
});

describe("yuanToWan", () => {
  const sut = yuanToWan;

  it.each([
    [5_000, "0.5"],
    [10_000, "1"],
    [12_345.67, "1.234567"],
    [0, "0"],
    [100_000, "10"],
    [1_000_000, "100"],
    [200_000, "20"],
    [50, "0.005"],
    [1, "0.0001"],
    [0.01, "0.000001"],
    [123_450, "12.345"],
  ])("%d 元 = %s 万元", (yuan, wan) => {
    expect(sut(yuan)).toBe(wan);
  });
});

describe("noticeTitle and PARTY_TYPE_LABELS", () => {
  it("titles by kind", () => {
    expect(noticeTitle("行政处罚")).toBe("行政处罚决定公示");
    expect(noticeTitle("行政许可")).toBe("行政许可决定公示");
  });

  it("label party types as the 双公示 standard does", () => {
    expect(PARTY_TYPE_LABELS).toEqual({ legal: "法人及非法人组织", natural: "自然人", individual: "个体工商户" });
  });
});
