import { describe, expect, it } from "vitest";
import { normalizeCertificateNo, normalizeCreditCode } from "../../shared/identifiers.js";

describe("normalizeCertificateNo", () => {
  const sut = normalizeCertificateNo;

  it("makes a full-width number its ASCII twin", () => {
    expect(sut("ＺＪ－３３０１０００１")).toBe("ZJ-33010001");
    expect(sut("浙Ａ１２３")).toBe("浙A123");
  });

  it("keeps an ASCII number and Chinese characters as they are, without surrounding space", () => {
    expect(sut("ZJ-33010001")).toBe("ZJ-33010001");
    expect(sut("\u3000浙执字第001号 ")).toBe("浙执字第001号");
  });
});

describe("normalizeCreditCode", () => {
  const sut = normalizeCreditCode;

  it("makes a full-width or lower-case code the code", () => {
    expect(sut("９１３３０１０６ＭＡ２Ｈ２ＤＲＸ６Ｋ")).toBe("91330106MA2H2DRX6K");
    expect(sut("91330106ma2h2drx6k")).toBe("91330106MA2H2DRX6K");
  });
});
