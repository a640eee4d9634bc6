/**
 * The leak scan: after the flows (publish, correct, withdraw, feedback with a contact), every public
 * output — JSON APIs, HTML pages, Atom, CSV and the text of every PDF — is searched for the
 * parties' ID numbers, phone numbers, bank numbers, addresses and the feedback contact: zero hits.
 */
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { residentIdCheckChar } from "../../shared/redaction.js";
import { publishNotice, setUpOffice, type Office, type Published } from "../support/flow.js";
import { startPlatform, type Platform } from "../support/platform.js";

let platform: Platform;
let office: Office;
const notices: Published[] = [];
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "zfgs-pii-"));

const idOf = (first17: string) => first17 + residentIdCheckChar(first17);
const ID_A = idOf("33010219790423051");
const ID_B = idOf("33032419880101007");
const MOBILE_A = "13566778899";
const MOBILE_B = "18912345670";
const LANDLINE = "0571-88776655";
const CARD = "6228480402564890018"; // Luhn-valid
const ADDRESS_A = "杭州市拱墅区米市巷街道某小区3幢201室";
const CONTACT = "联系人赵先生 17700001234";
const WITNESS = "钱多多";

/** Each value as written, plus its digits alone and grouped, as they might leak. */
const SECRETS = [
  ID_A,
  ID_B,
  MOBILE_A,
  MOBILE_B,
  "88776655",
  CARD,
  "6228 4804 0256 4890 018",
  ADDRESS_A,
  "17700001234",
  WITNESS,
];

beforeAll(async () => {
  platform = await startPlatform(["gateway,feed", "accounts,duties,cases,results,notices,feedback"]);
  office = await setUpOffice(platform.api, "湖州市民政局", "huz.officer");
  notices.push(
    await publishNotice(platform.api, office, {
      partyName: "孙小明",
      party: {
        type: "natural",
        name: "孙小明",
        idNumber: ID_A,
        phone: MOBILE_A,
        address: ADDRESS_A,
        bankAccount: CARD,
      },
      facts: `当事人孙小明（身份证${ID_A}，手机${MOBILE_A}，住${ADDRESS_A}）擅自建墓，证人${WITNESS}（电话${LANDLINE}）在场。`,
      otherNames: [WITNESS],
    }),
  );
  notices.push(
    await publishNotice(platform.api, office, {
      partyName: "李四寿衣店",
      party: { type: "individual", name: "李四寿衣店", idNumber: ID_B, phone: MOBILE_B, legalRepresentative: "李四" },
      facts: `经营者李四（公民身份号码 ${ID_B}）超范围经营，罚款经账户 6228 4804 0256 4890 018 缴纳，联系电话 189-1234-5670。`,
    }),
  );
  const third = await publishNotice(platform.api, office, {
    partyName: "周某某",
    party: { type: "natural", name: "周某某", idNumber: ID_A },
    facts: `当事人周某某电话${MOBILE_A}。`,
  });
  await platform.api.post(`/api/results/${third.resultId}/withdraw`, { reason: "决定已撤销" }, office.officer);
  const fourth = await publishNotice(platform.api, office, { partyName: "吴某殡葬服务部" });
  const corrected = await platform.api.post(
    `/api/results/${fourth.resultId}/correct`,
    { reason: "补充事实", facts: `补充：现场负责人手机${MOBILE_B}，银行卡${CARD}。` },
    office.officer,
  );
  expect(corrected.status).toBe(200);
  notices.push(third, fourth, { ...fourth, noticeId: corrected.body.noticeId });
  const fb = await platform.api.post("/api/public/feedback", {
    category: "complaint",
    targetType: "notice",
    targetId: notices[0]?.noticeId,
    content: `我是邻居，电话${MOBILE_B}，对处理结果有意见。`,
    contact: CONTACT,
  });
  const item = (await platform.api.get("/api/feedback", office.officer)).body.items.find(
    (f: { trackingCode: string }) => f.trackingCode === fb.body.trackingCode,
  );
  await platform.api.post(
    `/api/feedback/${item.id}/reply`,
    { reply: "已收悉，正在核实。", public: true },
    office.officer,
  );
  notices.push({ ...notices[0]!, verifyCode: fb.body.trackingCode });
});

afterAll(async () => {
  await platform?.stop();
  fs.rmSync(tmp, { recursive: true, force: true });
});

async function text(url: string): Promise<string> {
  const res = await fetch(platform.baseUrl + url);
  return Buffer.from(await res.arrayBuffer()).toString("utf8");
}

function pdfText(bytes: Buffer): string {
  const file = path.join(tmp, `${Math.random()}.pdf`);
  fs.writeFileSync(file, bytes);
  return execFileSync("pdftotext", ["-enc", "UTF-8", file, "-"]).toString("utf8");
}

describe("every public output", () => {
  it("holds none of the parties' personal data", async () => {
    const ids = [...new Set(notices.map((n) => n.noticeId))];
    const urls = [
      "/api/public/notices?status=all&limit=100",
      "/api/public/notices?status=all&facets=true&q=" + encodeURIComponent("当事人"),
      "/api/public/feed.atom?status=all",
      "/api/public/notices.csv?status=all",
      `/api/public/replies?targetType=notice&targetId=${notices[0]?.noticeId}`,
      `/api/public/bodies/${office.bodyId}`,
      "/",
      "/search?status=all&q=" + encodeURIComponent("经营"),
      `/bodies/${office.bodyId}`,
      ...ids.flatMap((id) => [`/api/public/notices/${id}`, `/notices/${id}`]),
      ...notices.map((n) => `/api/public/verify/${n.verifyCode}`),
      `/feedback/${notices.at(-1)?.verifyCode}`,
      `/api/public/feedback/${notices.at(-1)?.verifyCode}`,
    ];
    const outputs: [string, string][] = [];
    for (const url of urls) outputs.push([url, await text(url)]);
    for (const id of ids) {
      const res = await fetch(`${platform.baseUrl}/api/public/notices/${id}/pdf`);
      if (res.status === 200) outputs.push([`pdf ${id}`, pdfText(Buffer.from(await res.arrayBuffer()))]);
    }
    expect(outputs.filter(([u]) => u.startsWith("pdf")).length).toBeGreaterThanOrEqual(3);
    const hits: string[] = [];
    for (const [url, body] of outputs) {
      const flat = body.replace(/\s+/g, "");
      for (const secret of SECRETS) {
        if (body.includes(secret) || flat.includes(secret.replace(/\s+/g, ""))) hits.push(`${url}: ${secret}`);
      }
      if (body.includes("赵先生")) hits.push(`${url}: feedback contact`);
    }
    expect(hits).toEqual([]);
    // the scan looked at the right pages: the parties' names are public
    expect(outputs.some(([, body]) => body.includes("孙小明"))).toBe(true);
  });
});
