/**
 * 居民身份证号码 (resident ID number) checks, GB 11643-1999: the check character, a plausible birth
 * date, and an ID-shaped number whatever its check character; also the Luhn check of bank cards.
 */

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK_CHARS = "10X98765432";

/** The GB 11643 check character (0–9 or X) of the first 17 digits of an 18-character ID. */
export function residentIdCheckChar(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new RangeError(`expected 17 digits, got "${first17}"`);
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * (ID_WEIGHTS[i] as number);
  return ID_CHECK_CHARS[sum % 11] as string;
}

/** YYYYMMDD as a real date from 1900-01-01 to `today` as a date in China (UTC+8). */
function isPlausibleBirthDate(yyyymmdd: string, today: Date): boolean {
  const year = Number(yyyymmdd.slice(0, 4));
  const month = Number(yyyymmdd.slice(4, 6));
  const day = Number(yyyymmdd.slice(6, 8));
  if (year < 1900 || month < 1 || month > 12 || day < 1) return false;
  if (day > new Date(Date.UTC(year, month, 0)).getUTCDate()) return false;
  const china = new Date(today.getTime() + 8 * 3_600_000);
  const limit = china.getUTCFullYear() * 10_000 + (china.getUTCMonth() + 1) * 100 + china.getUTCDate();
  return year * 10_000 + month * 100 + day <= limit;
}

/**
 * True for an 18-character ID (17 digits and a check character, X in either case) with a matching
 * check character and a plausible birth date, or a 15-digit legacy ID with a valid 19YYMMDD date.
 */
export function isValidResidentId(id: string, today: Date = new Date()): boolean {
  if (/^[1-9]\d{16}[\dXx]$/.test(id)) {
    return (
      isPlausibleBirthDate(id.slice(6, 14), today) && residentIdCheckChar(id.slice(0, 17)) === id[17]?.toUpperCase()
    );
  }
  if (/^[1-9]\d{14}$/.test(id)) return isPlausibleBirthDate(`19${id.slice(6, 12)}`, today);
  return false;
}

export function passesLuhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return sum % 10 === 0;
}

/** An ID-shaped number, whatever its check character: 18 characters with a plausible birth date, or 15 legacy digits. */
export function looksLikeResidentId(id: string, today: Date = new Date()): boolean {
  if (/^[1-9]\d{16}[\dXx]$/.test(id)) return isPlausibleBirthDate(id.slice(6, 14), today);
  if (/^[1-9]\d{14}$/.test(id)) return isPlausibleBirthDate(`19${id.slice(6, 12)}`, today);
  return false;
}
