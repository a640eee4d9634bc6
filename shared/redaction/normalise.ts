/**
 * The text every pattern runs on: full-width forms, odd spaces and dashes as ASCII, and long runs
 * of Chinese numerals as digits, one character for one so offsets into the original are kept.
 */

const CHINESE_DIGITS: Readonly<Record<string, string>> = {
  零: "0",
  〇: "0",
  "○": "0",
  一: "1",
  幺: "1",
  二: "2",
  三: "3",
  四: "4",
  五: "5",
  六: "6",
  七: "7",
  八: "8",
  九: "9",
  壹: "1",
  贰: "2",
  叁: "3",
  肆: "4",
  伍: "5",
  陆: "6",
  柒: "7",
  捌: "8",
  玖: "9",
};
/** Seven or more Chinese numerals in a row spell a number digit by digit (一三八零零一三八零零零);
 *  shorter runs are words, dates and article numbers (第二十八条, 一次, 二〇二六年). */
const CHINESE_DIGIT_RUN = /[零〇○一幺二三四五六七八九壹贰叁肆伍陆柒捌玖]{7,}/g;

/**
 * Full-width forms (U+FF01–FF5E), ideographic and no-break spaces, and dashes as ASCII; a run of
 * seven or more Chinese numerals as digits. Every character maps to one, so offsets are kept.
 */
export function normalise(text: string): string {
  return text
    .replace(/[\uFF01-\uFF5E\u3000\u00A0\u2010-\u2014]/g, (c) => {
      const code = c.charCodeAt(0);
      if (code >= 0xff01) return String.fromCharCode(code - 0xfee0);
      return code >= 0x2010 ? "-" : " ";
    })
    .replace(CHINESE_DIGIT_RUN, (run) => Array.from(run, (c) => CHINESE_DIGITS[c] ?? c).join(""));
}
