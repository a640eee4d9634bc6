/** Numbers and dates of XLSX cells as the text a user sees. */

/**
 * Built-in number formats that show dates or times: 14–22 and 45–47 everywhere; 27–36 and 50–58
 * are the East Asian built-ins (in Chinese Excel e.g. 31 is yyyy"年"m"月"d"日"), written without a
 * numFmt entry of their own.
 */
const BUILT_IN_DATES = new Set([
  14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47,
]);
for (let id = 50; id <= 58; id++) BUILT_IN_DATES.add(id);

const QUOTED_OR_ESCAPED = /"[^"]*"|\[[^\]]*\]|\\.|_.|\*./g;
const DATE_TOKEN = /[ymdhs]/i;

/** Whether a number format shows a date or time: a built-in date format, or y/m/d/h/s outside quotes and brackets. */
export function isDateFormat(id: number, code: string | undefined): boolean {
  if (code === undefined) return BUILT_IN_DATES.has(id);
  // Only the first section (positive numbers) matters; "General" has none of the letters.
  const first = code.replace(QUOTED_OR_ESCAPED, "").split(";")[0] as string;
  return DATE_TOKEN.test(first);
}

/** A cell's number: integers exactly as written, others to at most 15 significant digits (no float noise). */
export function formatNumber(raw: string): string {
  if (/^-?\d+$/.test(raw)) return raw.replace(/^(-?)0+(?=\d)/, "$1");
  const n = Number(raw);
  if (!Number.isFinite(n)) return raw;
  if (Number.isInteger(n) && Math.abs(n) < 1e21) return BigInt(n).toString();
  return String(Number(n.toPrecision(15)));
}

const DAY_MS = 86_400_000;
/** Day 0 of each date system, in UTC ms: 1899-12-31 (then day 60 is Excel's 1900-02-29) and 1904-01-01. */
const EPOCH_1900 = Date.UTC(1899, 11, 31);
const EPOCH_1904 = Date.UTC(1904, 0, 1);

/** A date serial as `YYYY-MM-DD`, or `YYYY-MM-DD HH:MM:SS` when it has a time of day; undefined when out of range. */
export function serialToDate(serial: number, date1904: boolean): string | undefined {
  if (!Number.isFinite(serial) || serial < 0 || serial >= 2958466) return undefined;
  let days = Math.floor(serial);
  let seconds = Math.round((serial - days) * 86400);
  if (seconds >= 86400) {
    days += 1;
    seconds -= 86400;
  }
  let date: string;
  if (date1904) date = isoDay(EPOCH_1904 + days * DAY_MS);
  else if (days === 60)
    date = "1900-02-29"; // Excel counts 1900 as a leap year (Lotus 1-2-3's bug)
  else date = isoDay(EPOCH_1900 + (days > 60 ? days - 1 : days) * DAY_MS);
  if (seconds === 0) return date;
  const hh = Math.floor(seconds / 3600);
  const mm = Math.floor((seconds % 3600) / 60);
  const ss = seconds % 60;
  return `${date} ${pad(hh)}:${pad(mm)}:${pad(ss)}`;
}

function isoDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

function pad(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}
