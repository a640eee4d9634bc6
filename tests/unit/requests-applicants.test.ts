import { describe, expect, it } from "vitest";
import {
  APPLICANT_KINDS,
  APPLICANT_KIND_LABELS,
  ID_TYPE_LABELS,
  applicantColumnGroup,
  applicantLabel,
  applicantProblems,
  idNumberProblem,
  maskEmail,
  maskIdNumber,
  maskPersonName,
  maskPhone,
  maskedApplicant,
  type Applicant,
} from "../../shared/requests.js";

const today = new Date("2026-01-15T00:00:00Z");
/** A valid 18-character ID (GB 11643 check character 3), and one ending in X. */
const ID = "110101199003071233";
const ID_X = "44030419851231002X";

const person: Applicant = {
  kind: "natural_person",
  name: "李四",
  idType: "resident_id",
  idNumber: ID,
  contact: { phone: "13800138000", email: "lisi@example.cn", address: "北京市东城区某路1号" },
};
const company: Applicant = {
  kind: "business",
  name: "杭州甲乙有限公司",
  creditCode: "91350100M000100Y43",
  contactPerson: "王小明",
  contact: { phone: "0571-88886666" },
};

describe("applicant kinds: the report's columns", () => {
  it("are 自然人 and the five kinds of 法人或其他组织", () => {
    expect(APPLICANT_KINDS.map((k) => APPLICANT_KIND_LABELS[k])).toEqual([
      "自然人",
      "商业企业",
      "科研机构",
      "社会公益组织",
      "法律服务机构",
      "其他",
    ]);
    expect(applicantColumnGroup("natural_person")).toBe("自然人");
    expect(applicantColumnGroup("legal_services")).toBe("法人或其他组织");
    expect(Object.values(ID_TYPE_LABELS)).toEqual([
      "居民身份证",
      "护照",
      "港澳居民来往内地通行证",
      "台湾居民来往大陆通行证",
      "其他",
    ]);
  });
});

describe("identity documents", () => {
  it("accepts an 18-character 居民身份证 with its check character, X in either case, full-width too", () => {
    expect(idNumberProblem("resident_id", ID, today)).toBeUndefined();
    expect(idNumberProblem("resident_id", ID_X, today)).toBeUndefined();
    expect(idNumberProblem("resident_id", ID_X.toLowerCase(), today)).toBeUndefined();
    expect(idNumberProblem("resident_id", "１１０１０１１９９００３０７１２３３", today)).toBeUndefined();
  });

  it("refuses a wrong check character, a future birth date and the void 15-digit cards", () => {
    const bad = { field: "idNumber", type: "INVALID_RESIDENT_ID", message: expect.any(String) };
    expect(idNumberProblem("resident_id", "110101199003071234", today)).toEqual(bad);
    expect(idNumberProblem("resident_id", "11010120300307123X", today)).toEqual(bad);
    expect(idNumberProblem("resident_id", "110101900307123", today)).toEqual(bad);
    expect(idNumberProblem("resident_id", "1101011990030712", today)).toEqual(bad);
  });

  it("checks the other documents' formats, leniently", () => {
    expect(idNumberProblem("passport", "E12345678")).toBeUndefined();
    expect(idNumberProblem("passport", "ea 1234567")).toBeUndefined();
    expect(idNumberProblem("hk_macao_permit", "H12345678")).toBeUndefined();
    expect(idNumberProblem("hk_macao_permit", "M1234567890")).toBeUndefined();
    expect(idNumberProblem("taiwan_permit", "12345678")).toBeUndefined();
    expect(idNumberProblem("taiwan_permit", "1234567890(B)")).toBeUndefined();
    expect(idNumberProblem("other", "外国人永居123")).toBeUndefined();
    for (const [type, number] of [
      ["passport", "E12"],
      ["hk_macao_permit", "C12345678"],
      ["taiwan_permit", "T1234567"],
      ["other", "x"],
    ] as const) {
      expect(idNumberProblem(type, number)?.type, `${type} ${number}`).toBe("ID_NUMBER_FORMAT");
    }
  });

  it("lists every problem of an applicant, and none of a valid one", () => {
    expect(applicantProblems(person, today)).toEqual([]);
    expect(applicantProblems(company, today)).toEqual([]);
    const problems = applicantProblems(
      { kind: "natural_person", name: " ", idType: "resident_id", idNumber: "", contact: {} },
      today,
    );
    expect(problems.map((p) => [p.field, p.type])).toEqual([
      ["name", "required"],
      ["idNumber", "required"],
      ["contact", "CONTACT_REQUIRED"],
    ]);
    const org = applicantProblems({ ...company, creditCode: "91350100M000100Y44" } as Applicant, today);
    expect(org.map((p) => [p.field, p.type])).toEqual([["creditCode", "CREDIT_CODE_CHECK"]]);
    const kind = applicantProblems({ ...person, idType: "visa" } as unknown as Applicant, today);
    expect(kind.map((p) => [p.field, p.type])).toEqual([["idType", "enumValue"]]);
  });
});

describe("masks for logs and console lists", () => {
  it("keeps a name's first character", () => {
    expect(maskPersonName("李四")).toBe("李*");
    expect(maskPersonName("欧阳娜娜")).toBe("欧***");
    expect(maskPersonName("李")).toBe("李");
    expect(maskPersonName("")).toBe("");
  });

  it("keeps the first three and last four characters of an ID number", () => {
    expect(maskIdNumber("110101199003071234")).toBe("110***********1234");
    expect(maskIdNumber(ID_X)).toBe("440***********002X");
    expect(maskIdNumber("E12345678")).toBe("E******78");
    expect(maskIdNumber("1234")).toBe("****");
  });

  it("masks phones and e-mail addresses", () => {
    expect(maskPhone("138-0013-8000")).toBe("138****8000");
    expect(maskPhone("88886666")).toBe("******66");
    expect(maskEmail("lisi@example.cn")).toBe("l***@example.cn");
    expect(maskEmail("no address")).toBe("***");
  });

  it("masks a person's identity and contact, and an organisation's contact person only", () => {
    const masked = maskedApplicant(person);
    expect(masked).toEqual({
      kind: "natural_person",
      name: "李*",
      idType: "resident_id",
      idNumber: "110***********1233",
      contact: { phone: "138****8000", email: "l***@example.cn", address: "***" },
    });
    expect(JSON.stringify(masked)).not.toMatch(/李四|199003|13800138000|lisi|东城区/);
    expect(maskedApplicant(company)).toMatchObject({
      name: "杭州甲乙有限公司",
      creditCode: "91350100M000100Y43",
      contactPerson: "王**",
    });
    expect(applicantLabel(person)).toBe("自然人 李* 居民身份证 110***********1233");
    expect(applicantLabel(company)).toBe("法人或其他组织（商业企业） 杭州甲乙有限公司");
  });
});
