import { createPrivateKey, X509Certificate } from "node:crypto";
import * as asn1js from "asn1js";
import { beforeAll, describe, expect, it } from "vitest";
import { chineseDate } from "../../shared/dates.js";
import {
  createDetachedCms,
  DEFAULT_REMEDY_NOTICE,
  generateSigningIdentity,
  loadSigningIdentityFromP12,
  loadSigningIdentityFromPem,
  renderAndSignNotice,
  renderNotice,
  signPdf,
  verificationUrl,
  type NoticeInput,
  type SigningIdentity,
  type SigningIdentityPem,
} from "../../shared/pdf/index.js";
import { noticeTitle } from "../../shared/domain.js";
import { buildPublicNotice } from "../../shared/public-record.js";
import { sealPng } from "../support/png.js";
import { remedyNotice } from "../../shared/remedy-notice.js";
import {
  hasOpenssl,
  opensslP12,
  pdfinfo,
  pdfPageGray,
  pdfsig,
  pdftotext,
  pdftotextPage,
  withoutWhitespace,
} from "../support/pdf-tools.js";

const BODY = "浙江省民政厅";
const PARTY = "杭州某某殡葬服务有限公司";
const CODE = "7K2M-9QXD-4HRT-W3BN";
const SIGNING_TIME = new Date("2025-03-01T08:00:00Z");

function notice(extra: Partial<NoticeInput> = {}): NoticeInput {
  return {
    category: "行政处罚",
    issuingBody: BODY,
    documentNumber: "浙民罚决〔2025〕3号",
    fields: [
      { label: "执法机关", value: BODY },
      { label: "执法对象", value: PARTY },
      { label: "执法类别", value: "行政处罚" },
      { label: "决定日期", value: "2025年2月20日" },
      { label: "处罚内容", value: "责令限期拆除违法建设的殡葬设施，没收违法所得，并处罚款。" },
      { label: "罚款金额（万元）", value: "2.00" },
    ],
    sections: [
      {
        heading: "案件事实",
        body: "经查，当事人于2024年5月起在西湖区某村擅自兴建公墓，已建成墓穴二百余个并对外销售。",
      },
      { heading: "执法结论", body: "当事人的行为违反了《殡葬管理条例》第八条第二款的规定。" },
    ],
    publishedOn: "2025-03-01",
    verificationCode: CODE,
    publicBaseUrl: "https://zfgs.example.gov.cn/",
    createdAt: new Date("2025-03-01T00:00:00Z"),
    ...extra,
  };
}

/** 3000 characters of distinct sentences, so a lost or repeated line would show. */
function longFacts(): string {
  let text = "";
  for (let i = 1; text.length < 3000; i++) {
    text += `第${i}项事实：执法人员于现场检查时发现当事人存在未经批准擅自兴建殡葬设施的情形，并制作了现场笔录。`;
    if (i % 6 === 0) text += "\n";
  }
  return text.slice(0, 3000);
}

/** A typical short 行政处罚 of a company, through the same path as a published one (buildPublicNotice). */
function shortPenalty(): NoticeInput {
  const content = buildPublicNotice({
    title: "某公司擅自兴建殡葬设施案",
    kind: "行政处罚",
    decisionNo: "浙民罚决〔2025〕3号",
    decidedOn: "2025-02-20",
    bodyName: BODY,
    bodyCreditCode: "11330000002482125X",
    powerCode: "330000-CF-0001",
    powerName: "对未经批准擅自兴建殡葬设施的处罚",
    party: { type: "legal", name: PARTY, creditCode: "91330106MA2B3C4D5X", legalRepresentative: "王某" },
    facts:
      "经查，当事人于2024年5月起在西湖区某村擅自兴建公墓，已建成墓穴二百余个并对外销售，违法所得计人民币十二万元。" +
      "执法人员于2024年10月12日进行现场检查并制作现场笔录、询问笔录。",
    conclusion:
      "当事人的行为违反了《殡葬管理条例》第八条第二款的规定。依据《殡葬管理条例》第十八条，" +
      "决定责令限期拆除，没收违法所得，并处罚款二万元。",
    basis: "《殡葬管理条例》第十八条",
    penalty: {
      categories: ["罚款", "没收违法所得"],
      content: "责令限期拆除违法建设的殡葬设施，没收违法所得十二万元，并处罚款二万元。",
      fineAmount: 20_000,
      confiscatedAmount: 120_000,
      violationType: "擅自兴建殡葬设施",
      validUntil: "2025-08-20",
    },
    maskNames: [],
  });
  return notice({
    fields: content.fields,
    sections: content.text,
    remedyNotice: remedyNotice([
      { kind: "行政复议", organ: "浙江省人民政府" },
      { kind: "行政诉讼", organ: "杭州市西湖区人民法院" },
    ]),
  });
}

/** The share of dark pixels in the footer's QR square of one page, and the square's pixels. */
function footerQr(pdf: Buffer, page: number): { dark: number; pixels: Buffer } {
  const image = pdfPageGray(pdf, page);
  // The QR code: 54 pt square at the left margin (60 pt), 16 pt under the content's bottom (86 pt margin).
  const [left, top, size] = [60, Math.round(image.height - 86 + 16), 54];
  const rows: Buffer[] = [];
  let dark = 0;
  for (let y = top; y < top + size; y++) {
    const row = image.pixels.subarray(y * image.width + left, y * image.width + left + size);
    rows.push(row);
    for (const v of row) if (v < 128) dark++;
  }
  return { dark: dark / (size * size), pixels: Buffer.concat(rows) };
}

function signatureLine(output: string, key: string): string | undefined {
  return output.split("\n").find((line) => line.includes(`- ${key}:`));
}

let pem: SigningIdentityPem;
let identity: SigningIdentity;

beforeAll(async () => {
  pem = await generateSigningIdentity({ commonName: BODY, organization: BODY, validYears: 3 });
  identity = loadSigningIdentityFromPem(pem);
});

describe("generateSigningIdentity", () => {
  it("makes a self-signed signing certificate with a UTF-8 Chinese subject, one attribute per RDN", () => {
    const cert = new X509Certificate(pem.certificatePem);
    expect(cert.subject.split("\n")).toEqual(["C=CN", `O=${BODY}`, `CN=${BODY}`]);
    expect(cert.issuer).toBe(cert.subject);
    expect(cert.verify(cert.publicKey)).toBe(true);
    expect(cert.ca).toBe(false);
    expect(identity.commonName).toBe(BODY);
    expect(identity.keyType).toBe("rsa");
    expect(identity.privateKey.asymmetricKeyDetails?.modulusLength).toBe(2048);
    // The CN is a UTF8String holding the UTF-8 bytes once (the double-encoding forge would produce is not there).
    expect(cert.raw.includes(Buffer.concat([Buffer.from([0x0c, 18]), Buffer.from(BODY, "utf8")]))).toBe(true);
  });

  it("sets keyUsage to digitalSignature + nonRepudiation, critical", () => {
    const keyUsage = Buffer.from("0603551d0f0101ff0404030206c0", "hex"); // 2.5.29.15, TRUE, BIT STRING 0xc0/6
    expect(identity.certificateDer.includes(keyUsage)).toBe(true);
  });

  it("runs for the requested years", () => {
    const cert = new X509Certificate(pem.certificatePem);
    const years = (Date.parse(cert.validTo) - Date.parse(cert.validFrom)) / (365.25 * 24 * 3600_000);
    expect(Math.round(years)).toBe(3);
  });
});

describe("loadSigningIdentityFromPem", () => {
  const sut = loadSigningIdentityFromPem;

  it("rejects a key that does not belong to the certificate", async () => {
    const other = await generateSigningIdentity({ commonName: "他人", organization: "他人", validYears: 1 });
    expect(() => sut({ certificatePem: pem.certificatePem, privateKeyPem: other.privateKeyPem })).toThrow(
      /matches the private key/,
    );
  });

  it("puts the certificate matching the key first and keeps the rest as the chain", async () => {
    const other = await generateSigningIdentity({ commonName: "上级机关", organization: "上级机关", validYears: 1 });
    const loaded = sut({ certificatePem: other.certificatePem + pem.certificatePem, privateKeyPem: pem.privateKeyPem });
    expect(loaded.certificateDer.equals(identity.certificateDer)).toBe(true);
    expect(loaded.chainDer).toHaveLength(1);
  });
});

describe("renderNotice", () => {
  const sut = renderNotice;

  it("prints the title, 文书号, party, fields, facts, remedy notice, date and verification code", async () => {
    const pdf = await sut(notice());
    const text = withoutWhitespace(pdftotext(pdf));
    for (const expected of [
      "行政处罚决定公示",
      "浙民罚决〔2025〕3号",
      PARTY,
      "罚款金额（万元）",
      "《殡葬管理条例》第八条第二款",
      DEFAULT_REMEDY_NOTICE,
      `${BODY}2025年3月1日`, // the 落款
      `核验码：${CODE}`,
      `https://zfgs.example.gov.cn/verify/${CODE}`,
      "第1页共1页",
    ]) {
      expect(text).toContain(withoutWhitespace(expected));
    }
  });

  it("sets the document metadata from the input", async () => {
    const info = pdfinfo(await sut(notice()));
    expect(info).toMatchObject({
      Title: "行政处罚决定公示 浙民罚决〔2025〕3号",
      Author: BODY,
      Pages: "1",
      "Page size": "595.28 x 841.89 pts (A4)",
    });
    expect(info.CreationDate).toMatch(/Mar\s+1 00:00:00 2025 UTC/);
  });

  it("titles by category, and lets the caller override the title and the remedy notice", async () => {
    const licence = withoutWhitespace(pdftotext(await sut(notice({ category: "行政许可", remedyNotice: null }))));
    expect(licence).toContain("行政许可决定公示");
    expect(licence).not.toContain(withoutWhitespace(DEFAULT_REMEDY_NOTICE));

    const custom = withoutWhitespace(
      pdftotext(
        await sut(notice({ title: "行政处罚决定信息公开", remedyNotice: "如不服本决定，可依法申请行政复议。" })),
      ),
    );
    expect(custom).toContain("行政处罚决定信息公开");
    expect(custom).toContain("如不服本决定，可依法申请行政复议。");
  });

  it("wraps 3000 characters of facts across pages without losing any, numbering every page", async () => {
    const facts = longFacts();
    const pdf = await sut(notice({ sections: [{ heading: "案件事实", body: facts }] }));
    const pages = Number(pdfinfo(pdf).Pages);
    expect(pages).toBeGreaterThanOrEqual(2);

    const text = withoutWhitespace(pdftotext(pdf));
    for (let page = 1; page <= pages; page++) expect(text).toContain(`第${page}页共${pages}页`);
    expect(text.split(`核验码：${CODE}`)).toHaveLength(pages + 1); // the margin code, once per page
    // Footers interleave with the running text in pdftotext's output; without them the facts read whole.
    const footer = `扫码核验·核验码：${CODE}|第\\d+页共\\d+页|https://zfgs.example.gov.cn/verify/${CODE}`;
    const running = text.replace(new RegExp(footer, "g"), "");
    expect(running).toContain(withoutWhitespace(facts));
  });

  it("prints the QR code, the 核验码 and the verification address on every page", async () => {
    const pdf = await sut(notice({ sections: [{ heading: "案件事实", body: longFacts() + longFacts() }] }));
    const pages = Number(pdfinfo(pdf).Pages);
    expect(pages).toBeGreaterThanOrEqual(3);
    const first = footerQr(pdf, 1);
    for (let page = 1; page <= pages; page++) {
      const text = withoutWhitespace(pdftotextPage(pdf, page));
      expect(text).toContain(`扫码核验·核验码：${CODE}`);
      expect(text).toContain(`https://zfgs.example.gov.cn/verify/${CODE}`);
      expect(text).toContain(`第${page}页共${pages}页`);
      const qr = footerQr(pdf, page);
      expect(qr.dark).toBeGreaterThan(0.3); // a QR code is about half dark modules
      expect(qr.dark).toBeLessThan(0.7);
      expect(qr.pixels.equals(first.pixels)).toBe(true); // the same code on every page
    }
    // Each page's QR code is also a link to the verification address.
    const links = pdf.toString("latin1").match(/\/URI \(https:\/\/zfgs\.example\.gov\.cn\/verify\/[^)]+\)/g) ?? [];
    expect(links.length).toBeGreaterThanOrEqual(pages);
  });

  it("fits a typical short 行政处罚 on one page, 落款 last, with the power's remedies", async () => {
    const pdf = await sut(shortPenalty());
    expect(pdfinfo(pdf).Pages).toBe("1");
    const text = withoutWhitespace(pdftotext(pdf));
    expect(text).toContain("向浙江省人民政府申请行政复议");
    expect(text).toContain("向杭州市西湖区人民法院提起行政诉讼");
    expect(text).toContain("第1页共1页");
    const signOff = text.lastIndexOf(`${BODY}2025年3月1日`);
    expect(signOff).toBeGreaterThan(text.indexOf("提起行政诉讼"));
    expect(footerQr(pdf, 1).dark).toBeGreaterThan(0.3);
  });

  it("prints every date in 年月日, the fields table's too", async () => {
    const text = withoutWhitespace(pdftotext(await sut(shortPenalty())));
    expect(text).toContain("决定日期2025年2月20日");
    expect(text).toContain("处罚有效期2025年8月20日");
    expect(text).not.toMatch(/\d{4}-\d{2}-\d{2}/);
  });

  it("sets the 落款 right-aligned under the text", async () => {
    const pdf = await sut(shortPenalty());
    const image = pdfPageGray(pdf, 1);
    const text = pdftotextPage(pdf, 1);
    expect(text).toMatch(new RegExp(`${BODY}\\s*2025年3月1日`));
    // The date's line has ink only in the right part of the text column: find the last text row
    // above the footer and check its dark pixels start past the middle of the page.
    const footerTop = image.height - 86;
    let lastRow = -1;
    for (let y = footerTop - 1; y > 0 && lastRow < 0; y--) {
      const row = image.pixels.subarray(y * image.width + 60, y * image.width + image.width - 60);
      if (row.some((v) => v < 128)) lastRow = y;
    }
    const row = image.pixels.subarray(lastRow * image.width, (lastRow + 1) * image.width);
    const firstInk = row.findIndex((v) => v < 128);
    expect(firstInk).toBeGreaterThan(image.width / 2);
  });

  it("draws the body's seal over the 落款 when it has one, and no image at all when not", async () => {
    const plain = await sut(shortPenalty());
    const sealed = await sut({ ...shortPenalty(), seal: sealPng() });
    expect(plain.toString("latin1")).not.toContain("/Subtype /Image");
    expect(sealed.toString("latin1")).toContain("/Subtype /Image");
    expect(pdfinfo(sealed).Pages).toBe("1");
    // Where the two renderings differ is the seal: right of the middle, around the 落款's lines.
    const [a, b] = [pdfPageGray(plain, 1), pdfPageGray(sealed, 1)];
    let [minX, minY, maxX, maxY] = [a.width, a.height, 0, 0];
    for (let i = 0; i < a.pixels.length; i++) {
      if (Math.abs((a.pixels[i] as number) - (b.pixels[i] as number)) < 40) continue;
      const [x, y] = [i % a.width, Math.floor(i / a.width)];
      [minX, minY, maxX, maxY] = [Math.min(minX, x), Math.min(minY, y), Math.max(maxX, x), Math.max(maxY, y)];
    }
    expect(minX).toBeGreaterThan(a.width / 2);
    expect(maxX - minX).toBeGreaterThan(80); // about the 96 pt box
    expect(maxX - minX).toBeLessThan(100);
    expect(maxY).toBeLessThan(a.height - 86 + 10); // above the footer's rule
    const text = withoutWhitespace(pdftotext(sealed));
    expect(text).toContain(`${BODY}2025年3月1日`); // the 落款 stays text under the seal
  });

  it("is deterministic: the same input gives the same bytes", async () => {
    const [a, b] = [await sut(notice()), await sut(notice())];
    expect(a.equals(b)).toBe(true);
  });

  it("gives the same bytes whatever was rendered before with the shared parsed fonts", async () => {
    const first = await sut(notice());
    await sut(
      notice({
        issuingBody: "鬱林县龘齉爨麤局",
        sections: [{ heading: "案件事实", body: "甲乙丙丁戊己庚辛壬癸，子丑寅卯辰巳午未申酉戌亥。ＡＢＣ①②③" }],
      }),
    );
    expect((await sut(notice())).equals(first)).toBe(true);
  });

  it("stays small, as the fonts are subset", async () => {
    expect((await sut(notice())).length).toBeLessThan(80_000);
  });
});

describe("signPdf", () => {
  const sut = signPdf;
  let unsigned: Buffer;
  let signed: Buffer;

  beforeAll(async () => {
    unsigned = await renderNotice(notice());
    signed = await sut(unsigned, identity, {
      reason: "行政执法公示",
      location: "浙江省杭州市",
      signingTime: SIGNING_TIME,
    });
  });

  it("produces a PAdES (ETSI.CAdES.detached) signature pdfsig accepts, naming the Chinese signer", () => {
    const result = pdfsig(signed);
    expect(signatureLine(result.stdout, "Signature Validation")).toContain("Signature is Valid.");
    expect(signatureLine(result.stdout, "Signer Certificate Common Name")).toContain(BODY);
    expect(signatureLine(result.stdout, "Signature Type")).toContain("ETSI.CAdES.detached");
    expect(signatureLine(result.stdout, "Signing Hash Algorithm")).toContain("SHA-256");
    expect(signatureLine(result.stdout, "Signing Time")).toContain("Mar 01 2025 08:00:00");
    expect(result.stdout).toContain("Total document signed");
  });

  it("keeps the unsigned file as its first revision", () => {
    expect(signed.subarray(0, unsigned.length - 1).equals(unsigned.subarray(0, -1))).toBe(true);
  });

  it("reports a changed byte inside the signed range as invalid", () => {
    const tampered = Buffer.from(signed);
    const at = tampered.indexOf("(PDFKit)"); // the Producer string, inside the first signed range
    expect(at).toBeGreaterThan(0);
    tampered[at + 1] ^= 0x01;
    const result = pdfsig(tampered);
    expect(signatureLine(result.stdout, "Signature Validation")).not.toContain("Signature is Valid.");
    expect(signatureLine(result.stdout, "Signature Validation")).toMatch(/Digest Mismatch|Invalid/i);
  });

  it("embeds the certificate byte for byte and PAdES's signed attributes, without CMS signing-time", () => {
    const cms = createDetachedCms(identity, Buffer.from("content"));
    expect(cms.includes(identity.certificateDer)).toBe(true);
    const oid = (dotted: string) => Buffer.from(new asn1js.ObjectIdentifier({ value: dotted }).toBER(false));
    expect(cms.includes(oid("1.2.840.113549.1.9.3"))).toBe(true); // content-type
    expect(cms.includes(oid("1.2.840.113549.1.9.4"))).toBe(true); // message-digest
    expect(cms.includes(oid("1.2.840.113549.1.9.16.2.47"))).toBe(true); // signing-certificate-v2
    expect(cms.includes(oid("1.2.840.113549.1.9.5"))).toBe(false); // signing-time: forbidden in PAdES
  });

  it("also validates as adbe.pkcs7.detached, which carries the CMS signing-time", async () => {
    const legacy = await sut(unsigned, identity, {
      reason: "行政执法公示",
      location: "浙江省杭州市",
      signingTime: SIGNING_TIME,
      subFilter: "adbe.pkcs7.detached",
    });
    const result = pdfsig(legacy);
    expect(signatureLine(result.stdout, "Signature Validation")).toContain("Signature is Valid.");
    expect(signatureLine(result.stdout, "Signature Type")).toContain("adbe.pkcs7.detached");
  });

  it("signs with an ECDSA P-256 identity too", async () => {
    const ec = loadSigningIdentityFromPem(
      await generateSigningIdentity({
        commonName: BODY,
        organization: BODY,
        validYears: 1,
        keyAlgorithm: "ECDSA-P256",
      }),
    );
    expect(ec.keyType).toBe("ec");
    const result = pdfsig(await sut(unsigned, ec, { reason: "r", location: "l", signingTime: SIGNING_TIME }));
    expect(signatureLine(result.stdout, "Signature Validation")).toContain("Signature is Valid.");
  });

  it("costs about a millisecond once the identity is loaded", async () => {
    const rounds = 20;
    const started = performance.now();
    for (let i = 0; i < rounds; i++)
      await sut(unsigned, identity, { reason: "r", location: "l", signingTime: SIGNING_TIME });
    expect((performance.now() - started) / rounds).toBeLessThan(20); // generous: CI machines are shared
  });
});

describe("loadSigningIdentityFromP12", () => {
  const sut = loadSigningIdentityFromP12;

  it.skipIf(!hasOpenssl()).each([
    { kind: "OpenSSL 3 default (PBES2/AES-256), Chinese password", legacy: false, password: "民政厅口令2025" },
    { kind: "legacy PBE-SHA1-3DES", legacy: true, password: "s3cret" },
  ])("reads a P12 ($kind) keeping the certificate's DER and signs validly", async ({ legacy, password }) => {
    const p12 = opensslP12(pem.certificatePem, pem.privateKeyPem, password, legacy);
    const loaded = loadSigningIdentityFromPem(sut(p12, password));
    expect(loaded.certificateDer.equals(identity.certificateDer)).toBe(true);
    expect(loaded.commonName).toBe(BODY);

    const signed = await signPdf(await renderNotice(notice()), loaded, {
      reason: "行政执法公示",
      location: "浙江省杭州市",
      signingTime: SIGNING_TIME,
    });
    const result = pdfsig(signed);
    expect(signatureLine(result.stdout, "Signature Validation")).toContain("Signature is Valid.");
    expect(signatureLine(result.stdout, "Signer Certificate Common Name")).toContain(BODY);
  });

  it.skipIf(!hasOpenssl())("refuses a wrong password", () => {
    const p12 = opensslP12(pem.certificatePem, pem.privateKeyPem, "正确口令");
    expect(() => sut(p12, "错误口令")).toThrow(/MAC could not be verified/);
  });

  it.skipIf(!hasOpenssl())("returns PEM that round-trips to the same key", () => {
    const p12 = opensslP12(pem.certificatePem, pem.privateKeyPem, "pw", true);
    const { privateKeyPem } = sut(p12, "pw");
    const exported = (pemText: string) => createPrivateKey(pemText).export({ type: "pkcs8", format: "der" });
    expect(exported(privateKeyPem).equals(exported(pem.privateKeyPem))).toBe(true);
  });
});

describe("renderAndSignNotice", () => {
  const sut = renderAndSignNotice;

  it("gives identical bytes for the same input and signing time", async () => {
    const [a, b] = [
      await sut(notice(), identity, { signingTime: SIGNING_TIME }),
      await sut(notice(), identity, { signingTime: SIGNING_TIME }),
    ];
    expect(a.equals(b)).toBe(true);
    expect(signatureLine(pdfsig(a).stdout, "Signature Validation")).toContain("Signature is Valid.");
  });
});

describe("notice helpers", () => {
  it("derives titles from the 权力类别", () => {
    expect(noticeTitle("行政处罚")).toBe("行政处罚决定公示");
    expect(noticeTitle("行政许可")).toBe("行政许可决定公示");
    expect(noticeTitle("行政检查")).toBe("行政检查结果公示");
  });

  it("formats dates the Chinese way, reading instants in China time", () => {
    expect(chineseDate("2025-03-01")).toBe("2025年3月1日");
    expect(chineseDate(new Date("2025-02-28T16:00:00Z"))).toBe("2025年3月1日"); // midnight in Beijing
    expect(() => chineseDate("2025/3/1")).toThrow(RangeError);
  });

  it("builds the verification URL without a doubled slash", () => {
    expect(verificationUrl("https://zfgs.example.gov.cn/", "AB CD")).toBe("https://zfgs.example.gov.cn/verify/AB%20CD");
  });
});
