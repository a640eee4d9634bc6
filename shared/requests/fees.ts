/**
 * 信息处理费 (国办函〔2020〕109号《政府信息公开信息处理费管理办法》). Requests are normally free; a
 * fee is charged per item (按件) or per page (按量), one standard per request, never both. Both are
 * 超额累进 (progressive): each band's price applies only to the part within that band ("…的部分"),
 * as income tax does, so crossing a boundary never makes the earlier items or pages dearer.
 *
 * - Per item, per applicant and calendar month, counted together with the applicant's earlier
 *   requests that month: the 1st–10th free; the 11th–30th ¥100 each; from the 31st, bands of ten,
 *   each ¥100 an item dearer than the one before (31st–40th ¥200, 41st–50th ¥300, …).
 * - Per page: 1–30 free; 31–100 ¥10 a page; 101–200 ¥20; from the 201st ¥40.
 *
 * Whole yuan throughout: every price is a whole number of yuan.
 */
import { RequestRefusalError } from "./refusals.js";

export type FeeStandard = "items" | "pages";

export const FEE_STANDARD_LABELS: Record<FeeStandard, string> = { items: "按件计收", pages: "按量计收" };

/** Bounds that keep a quote's breakdown short; far beyond any real request. */
export const MAX_MONTHLY_ITEMS = 10_000;
export const MAX_PAGES = 1_000_000;

export interface FeeBand {
  /** The first and last item (of the month) or page charged at this price. */
  from: number;
  to: number;
  count: number;
  unitYuan: number;
  yuan: number;
}

export interface FeeQuote {
  standard: FeeStandard;
  /** Items of this request, or its pages. */
  quantity: number;
  yuan: number;
  /** The bands this request touches, cheapest first (free bands included, with 0). */
  bands: FeeBand[];
}

/** The price of the n-th item of an applicant's month. */
export function itemUnitYuan(n: number): number {
  if (n <= 10) return 0;
  if (n <= 30) return 100;
  return 100 + 100 * Math.ceil((n - 30) / 10);
}

/** The price of the n-th page. */
export function pageUnitYuan(n: number): number {
  if (n <= 30) return 0;
  if (n <= 100) return 10;
  if (n <= 200) return 20;
  return 40;
}

/** The last number of the band holding n (bands never straddle a price change). */
function itemBandEnd(n: number): number {
  if (n <= 10) return 10;
  if (n <= 30) return 30;
  return 30 + 10 * Math.ceil((n - 30) / 10);
}

function pageBandEnd(n: number): number {
  if (n <= 30) return 30;
  if (n <= 100) return 100;
  if (n <= 200) return 200;
  return Infinity;
}

function quote(
  standard: FeeStandard,
  first: number,
  last: number,
  unit: (n: number) => number,
  bandEnd: (n: number) => number,
): FeeQuote {
  const bands: FeeBand[] = [];
  for (let from = first; from <= last;) {
    const to = Math.min(bandEnd(from), last);
    const count = to - from + 1;
    const unitYuan = unit(from);
    bands.push({ from, to, count, unitYuan, yuan: count * unitYuan });
    from = to + 1;
  }
  const yuan = bands.reduce((sum, b) => sum + b.yuan, 0);
  return { standard, quantity: last - first + 1, yuan, bands };
}

function checkedCount(value: number, field: string, max: number): number {
  if (!Number.isInteger(value) || value < 0 || value > max) {
    throw new RequestRefusalError("FEE_QUANTITY_INVALID", `${field} must be a whole number from 0 to ${max}`, field);
  }
  return value;
}

/**
 * The fee per item for a request of `items` items from an applicant who has already made
 * `previousItemsThisMonth` this calendar month (the earlier requests' items, whatever they cost).
 */
export function itemFee(items: number, previousItemsThisMonth = 0): FeeQuote {
  const previous = checkedCount(previousItemsThisMonth, "previousItemsThisMonth", MAX_MONTHLY_ITEMS);
  checkedCount(items, "items", MAX_MONTHLY_ITEMS - previous);
  return quote("items", previous + 1, previous + items, itemUnitYuan, itemBandEnd);
}

/** The fee per page for a request answered with `pages` pages. */
export function pageFee(pages: number): FeeQuote {
  checkedCount(pages, "pages", MAX_PAGES);
  return quote("pages", 1, pages, pageUnitYuan, pageBandEnd);
}

export type FeeRequest =
  { standard: "items"; items: number; previousItemsThisMonth?: number } | { standard: "pages"; pages: number };

/** The fee of a request by the one standard the body chose for it. */
export function requestFee(request: FeeRequest): FeeQuote {
  return request.standard === "items"
    ? itemFee(request.items, request.previousItemsThisMonth ?? 0)
    : pageFee(request.pages);
}
