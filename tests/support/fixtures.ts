import { randomInt } from "node:crypto";
import { creditCodeCheckChar } from "../../shared/credit-code.js";

/** A fresh, valid 统一社会信用代码 of a government body (机构编制 / 机关). */
export function creditCode(): string {
  const digits = Array.from({ length: 9 }, () => randomInt(10)).join("");
  const first17 = `11330000${digits}`;
  return first17 + creditCodeCheckChar(first17);
}

/** The same code with a wrong check character. */
export function badCheckChar(code: string): string {
  const last = code[17] === "0" ? "1" : "0";
  return code.slice(0, 17) + last;
}

export const basis = [
  { law: "《中华人民共和国行政处罚法》", article: "第二十八条", text: "行政机关实施行政处罚时，应当责令当事人改正。" },
];

export function powerInput(bodyId: string, code: string, extra: Record<string, unknown> = {}) {
  return {
    bodyId,
    code,
    name: "对擅自兴建殡葬设施的行政处罚",
    category: "行政处罚",
    basis,
    standards: [{ level: "一般", circumstance: "首次违法", measure: "责令改正，处2万元以下罚款" }],
    procedure: ["立案", "调查取证", { name: "告知", description: "告知陈述申辩权利" }, "决定", "送达"],
    timeLimitDays: 90,
    remedies: [{ kind: "行政复议", timeLimit: "60日" }, "行政诉讼"],
    supervisionPhone: "0571-87054321",
    ...extra,
  };
}

/** The full-width twin (U+FF01–U+FF5E) of each printable ASCII character: what NFKC folds back. */
export function fullWidth(ascii: string): string {
  return ascii.replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
}
