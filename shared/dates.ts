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
