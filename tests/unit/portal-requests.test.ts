/**
 * The portal's 依申请公开 pages and the form reading they share with the console: what a form sends
 * to the requests service, where the service's problems go back on the form, and what the tracking
 * page shows at each stage (no identity; the 补正 form only while one is awaited; the letter's link
 * only once there is a letter). Every page's structure is checked in portal.test.ts.
 */
import { describe, expect, it } from "vitest";
import { requestContentOf, requestInputOf, requestStepLabel } from "../../web/html/request-input.js";
import { requestFieldError, requestFormPage } from "../../web/portal/request-form.js";
import { clockText, requestTrackingPage } from "../../web/portal/request-tracking.js";
import { ANSWERED, BODY_ID, CORRECTION_ASKED, tracked } from "../support/portal-requests.js";

describe("requestContentOf", () => {
  it("sends a person's document, not an organisation's fields, and only the contact filled in", () => {
    const params = requestContentOf({
      kind: "natural_person",
      name: " 李四 ",
      idType: "resident_id",
      idNumber: "110101199003071234",
      creditCode: "91330100MA27XXXX",
      contactPerson: "王五",
      phone: "13800138000",
      email: " ",
      bodyId: BODY_ID,
      description: "请公开某文件",
      form: "paper",
      delivery: "",
    });
    expect(params).toEqual({
      bodyId: BODY_ID,
      applicant: { kind: "natural_person", name: "李四", idType: "resident_id", idNumber: "110101199003071234" },
      contact: { phone: "13800138000" },
      description: "请公开某文件",
      form: "paper",
    });
  });

  it("sends an organisation's credit code and contact person; an unknown kind is left for the service to ask", () => {
    const org = requestContentOf({
      kind: "research",
      name: "某研究院",
      creditCode: "X",
      contactPerson: "王五",
      idNumber: "1",
    });
    expect(org.applicant).toEqual({ kind: "research", name: "某研究院", creditCode: "X", contactPerson: "王五" });
    expect(requestContentOf({ kind: "robot", name: "x" }).applicant).toEqual({ name: "x" });
  });
});

describe("where the service's problems go on the form", () => {
  it("maps the service's fields to the form's inputs", () => {
    expect(requestInputOf("applicant.idNumber")).toBe("idNumber");
    expect(requestInputOf("applicant.kind")).toBe("kind");
    expect(requestInputOf("applicant.type")).toBe("kind");
    expect(requestInputOf("contact.phone")).toBe("phone");
    expect(requestInputOf("contact")).toBe("contact");
    expect(requestInputOf("bodyId")).toBe("bodyId");
  });

  it("words a problem from the one message table, or the field's own wording", () => {
    expect(requestFieldError({ field: "applicant.idNumber", type: "INVALID_RESIDENT_ID" })).toEqual({
      field: "idNumber",
      message: "身份证号码无效（校验位或出生日期不正确）。",
    });
    expect(requestFieldError({ field: "contact", type: "CONTACT_REQUIRED" }).message).toContain("至少填写一种联系方式");
    expect(requestFieldError({ field: "bodyId", type: "stringPattern" }).message).toBe("请选择受理申请的行政机关。");
    expect(requestFieldError({ field: "applicant.kind", type: "required" }).field).toBe("kind");
  });

  it("shows the error beside its field, tied to it, and keeps the input", () => {
    const page = requestFormPage({
      bodies: [{ id: BODY_ID, name: "某机关" }],
      values: { name: "李四", bodyId: BODY_ID },
      errors: [{ field: "idNumber", message: "身份证号码无效。" }],
    });
    expect(page).toMatch(
      /<input[^>]*id="rq-idNumber"[^>]*aria-describedby="rq-idNumber-error"[^>]*aria-invalid="true"/,
    );
    expect(page).toContain('<p class="field-error" id="rq-idNumber-error">身份证号码无效。</p>');
    expect(page).toMatch(/id="rq-name"[^>]*value="李四"/);
    expect(page).toMatch(new RegExp(`<option value="${BODY_ID}"\\s+selected`));
    expect(page).toContain("个人信息的使用");
  });
});

describe("the tracking page", () => {
  it("says what the clock stands at", () => {
    expect(clockText(tracked())).toBe("剩余 12 个工作日");
    expect(clockText(tracked({ status: "paused", workingDaysLeft: 5 }))).toBe("剩余 5 个工作日（暂停计时中）");
    expect(clockText(tracked({ overdue: true, overdueBy: 3 }))).toBe("已逾期 3 个工作日");
    expect(clockText(tracked({ status: "submitted", workingDaysLeft: null }))).toContain("确认收到后");
    expect(clockText(ANSWERED)).toBe("已办结");
  });

  it("confirms a new submission with the code and when the 20 working days start", () => {
    const page = requestTrackingPage({ tracking: tracked({ status: "submitted" }), submitted: "new" });
    expect(page).toContain("申请已提交");
    expect(page).toContain('<code class="code">K7Q2-9MXD-4HRT</code>');
    expect(page).toContain("确认收到之日");
  });

  it("offers the 补正 form only while one is awaited", () => {
    const asked = requestTrackingPage({ tracking: CORRECTION_ASKED });
    expect(asked).toContain('action="/requests/K7Q2-9MXD-4HRT/correction"');
    expect(asked).toContain("请说明文件的形成年份");
    expect(asked).toContain("20 元");
    const received = requestTrackingPage({
      tracking: {
        ...CORRECTION_ASKED,
        status: "received",
        correction: {
          ...(CORRECTION_ASKED.correction as NonNullable<typeof CORRECTION_ASKED.correction>),
          receivedOn: "2026-03-09",
        },
      },
    });
    expect(received).not.toContain('/correction"');
  });

  it("shows the answer with each document, and links the letter only once there is one", () => {
    const page = requestTrackingPage({ tracking: ANSWERED });
    expect(page).toContain("部分公开");
    expect(page).toContain("部分提供（不予提供：个人账户；理由：保护第三方合法权益）");
    expect(page).toContain("已主动公开：本机关门户网站");
    expect(page).toContain('href="/requests/K7Q2-9MXD-4HRT/letter"');
    expect(page).toContain("7K2M-Q9XD-4HRT-8PLA");
    expect(requestTrackingPage({ tracking: { ...ANSWERED, letter: null } })).not.toContain("/letter");
    expect(requestTrackingPage({ tracking: tracked() })).not.toContain("/letter");
  });

  it("names every public step in Chinese", () => {
    for (const kind of ["submitted", "received", "correction_requested", "answered", "lapsed", "archived"]) {
      expect(requestStepLabel(kind)).toMatch(/[\u4e00-\u9fff]/);
    }
  });
});
