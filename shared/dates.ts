/** Legal dates are China's calendar dates (UTC+8), whatever time zone the server runs in. */
const CHINA_DATE = new Intl.DateTimeFormat("en-CA", {
  timeZone: "Asia/Shanghai",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
});

export function chinaToday(now: Date = new Date()): string {
  return CHINA_DATE.format(now);
}

/**
 * True for a real calendar date written `YYYY-MM-DD` (years 0001–9999): `2026-02-30` and
 * `2026-13-01` are not, and neither is anything PostgreSQL's date input would have to guess about.
 */
export function isCalendarDate(value: unknown): value is string {
  if (typeof value !== "string") return false;
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (year < 1 || month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] as number;
  return day <= days;
}

/**
 * A date as people read it: 2025年3月1日 (HTML pages and PDFs; CSV and JSON keep YYYY-MM-DD). A Date
 * is read in China time (UTC+8, no daylight saving).
 */
export function chineseDate(value: string | Date): string {
  let year: number, month: number, day: number;
  if (typeof value === "string") {
    const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
    if (!match) throw new RangeError(`expected a date as YYYY-MM-DD, got "${value}"`);
    [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  } else {
    const china = new Date(value.getTime() + 8 * 3600_000);
    [year, month, day] = [china.getUTCFullYear(), china.getUTCMonth() + 1, china.getUTCDate()];
  }
  return `${year}年${month}月${day}日`;
}
