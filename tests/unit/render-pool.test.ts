import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  generateSigningIdentity,
  loadSigningIdentityFromPem,
  renderAndSignNotice,
  type NoticeInput,
  type SigningIdentity,
} from "../../shared/pdf/index.js";
import { RenderPool } from "../../services/notices/render-pool.js";
import { pdfsig, pdftotext, withoutWhitespace } from "../support/pdf-tools.js";

const SIGNING_TIME = new Date("2026-11-03T02:00:00Z");
const OPTIONS = { reason: "行政执法公示", location: "中国", signingTime: SIGNING_TIME };

function notice(n: number): NoticeInput {
  return {
    category: "行政处罚",
    issuingBody: "浙江省民政厅",
    documentNumber: `浙民罚决〔2026〕${n}号`,
    fields: [
      { label: "执法对象", value: `杭州某某殡葬服务有限公司${n}` },
      { label: "处罚内容", value: "责令改正，并处罚款人民币5000元。" },
    ],
    sections: [{ heading: "案件事实", body: `当事人第${n}次未经批准擅自经营殡葬服务。` }],
    publishedOn: SIGNING_TIME,
    verificationCode: `7K2M-9QXD-4HRT-W3B${n % 10}`,
    publicBaseUrl: "https://zfgs.example.gov.cn",
    createdAt: SIGNING_TIME,
  };
}

async function identity(name: string): Promise<SigningIdentity> {
  return loadSigningIdentityFromPem(
    await generateSigningIdentity({ commonName: name, organization: name, validYears: 1 }),
  );
}

let platform: SigningIdentity;
let body: SigningIdentity;
let pool: RenderPool;

beforeAll(async () => {
  [platform, body] = await Promise.all([identity("行政执法公示平台"), identity("杭州市民政局")]);
  pool = await RenderPool.start(2);
});

afterAll(async () => {
  await pool.close();
});

describe("RenderPool", () => {
  it("renders a background notice only when no live one waits", async () => {
    const one = await RenderPool.start(1);
    try {
      const done: string[] = [];
      const track = (name: string, p: Promise<Buffer>) => p.then(() => void done.push(name));
      const all = [
        track("bg1", one.renderAndSign(notice(1), platform, OPTIONS, true)),
        track("bg2", one.renderAndSign(notice(2), platform, OPTIONS, true)),
        track("live1", one.renderAndSign(notice(3), platform, OPTIONS)),
        track("bg3", one.renderAndSign(notice(4), platform, OPTIONS, true)),
        track("live2", one.renderAndSign(notice(5), platform, OPTIONS)),
      ];
      await Promise.all(all);
      // bg1 had the worker already; the live ones then go ahead of every background one waiting.
      expect(done).toEqual(["bg1", "live1", "live2", "bg2", "bg3"]);
    } finally {
      await one.close();
    }
  });

  it("renders and signs on worker threads the same bytes as renderAndSignNotice here, for each identity", async () => {
    const jobs = Array.from({ length: 6 }, (_, i) => ({ input: notice(i), identity: i % 2 ? body : platform }));
    const pooled = await Promise.all(jobs.map((j) => pool.renderAndSign(j.input, j.identity, OPTIONS)));
    for (const [i, j] of jobs.entries()) {
      const here = await renderAndSignNotice(j.input, j.identity, OPTIONS);
      expect(pooled[i]?.equals(here), `notice ${i}`).toBe(true);
    }
    const checked = pdfsig(pooled[1] as Buffer).stdout;
    expect(checked).toContain("Signature is Valid.");
    expect(checked).toContain("杭州市民政局");
    expect(withoutWhitespace(pdftotext(pooled[1] as Buffer))).toContain("杭州某某殡葬服务有限公司1");
  });

  it("rejects with the error the renderer threw, and keeps serving", async () => {
    const bad = { ...notice(1), publishedOn: "not-a-date" };
    const here = await renderAndSignNotice(bad, platform, OPTIONS).catch((err: unknown) => err);
    const pooled = await pool.renderAndSign(bad, platform, OPTIONS).catch((err: unknown) => err);
    expect(here).toBeInstanceOf(RangeError);
    expect(pooled).toBeInstanceOf(RangeError);
    expect((pooled as Error).message).toBe((here as Error).message);
    expect(pdfsig(await pool.renderAndSign(notice(2), platform, OPTIONS)).stdout).toContain("Signature is Valid.");
  });

  it("fails only the notice of a worker that died, and replaces the worker", async () => {
    const crashing = await RenderPool.start(1, new URL("../support/crashing-render-worker.ts", import.meta.url));
    try {
      const died = crashing.renderAndSign({ ...notice(5), documentNumber: "CRASH" }, platform, OPTIONS);
      const next = crashing.renderAndSign(notice(5), platform, OPTIONS);
      await expect(died).rejects.toThrow("exited with code 3");
      expect((await next).equals(await renderAndSignNotice(notice(5), platform, OPTIONS))).toBe(true);
    } finally {
      await crashing.close();
    }
  });

  it("renders in this thread with 0 threads, and refuses work once closed", async () => {
    const inline = await RenderPool.start(0);
    expect(inline.threads).toBe(0);
    const pdf = await inline.renderAndSign(notice(3), platform, OPTIONS);
    expect(pdf.equals(await pool.renderAndSign(notice(3), platform, OPTIONS))).toBe(true);
    await inline.close();

    const closing = await RenderPool.start(1);
    await closing.close();
    await expect(closing.renderAndSign(notice(4), platform, OPTIONS)).rejects.toThrow("stopped");
  });
});
