import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  itemFee,
  itemUnitYuan,
  pageFee,
  pageUnitYuan,
  requestFee,
  RequestRefusalError,
} from "../../shared/requests.js";

const itemYuan = (n: number) => itemFee(n).yuan;
const pageYuan = (n: number) => pageFee(n).yuan;

describe("fee per item (按件, per applicant and calendar month, progressive)", () => {
  it("prices each item by its band", () => {
    expect([1, 10, 11, 30, 31, 40, 41, 50, 51, 60, 61].map(itemUnitYuan)).toEqual([
      0, 0, 100, 100, 200, 200, 300, 300, 400, 400, 500,
    ]);
  });

  it("charges only the items within each band, at every boundary", () => {
    expect(itemYuan(0)).toBe(0);
    expect(itemYuan(10)).toBe(0);
    expect(itemYuan(11)).toBe(100);
    expect(itemYuan(30)).toBe(2_000);
    expect(itemYuan(31)).toBe(2_200);
    expect(itemYuan(40)).toBe(4_000);
    expect(itemYuan(41)).toBe(4_300);
    expect(itemYuan(50)).toBe(7_000);
  });

  it("counts the applicant's earlier items that month", () => {
    const quote = itemFee(5, 28);
    expect(quote).toEqual({
      standard: "items",
      quantity: 5,
      yuan: 2 * 100 + 3 * 200,
      bands: [
        { from: 29, to: 30, count: 2, unitYuan: 100, yuan: 200 },
        { from: 31, to: 33, count: 3, unitYuan: 200, yuan: 600 },
      ],
    });
    expect(itemFee(1, 9).yuan).toBe(0);
    expect(itemFee(1, 10).yuan).toBe(100);
  });

  it("costs the same whether a month's items come in one request or many", () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 40 }), { maxLength: 8 }), (requests) => {
        let previous = 0;
        let total = 0;
        for (const n of requests) {
          total += itemFee(n, previous).yuan;
          previous += n;
        }
        expect(total).toBe(itemYuan(previous));
      }),
    );
  });
});

describe("fee per page (按量, progressive)", () => {
  it("charges only the pages within each band, at every boundary", () => {
    expect([30, 31, 100, 101, 200, 201].map(pageUnitYuan)).toEqual([0, 10, 10, 20, 20, 40]);
    expect(pageYuan(30)).toBe(0);
    expect(pageYuan(31)).toBe(10);
    expect(pageYuan(100)).toBe(700);
    expect(pageYuan(101)).toBe(720);
    expect(pageYuan(200)).toBe(2_700);
    expect(pageYuan(201)).toBe(2_740);
  });

  it("breaks the fee down by band", () => {
    expect(pageFee(250).bands).toEqual([
      { from: 1, to: 30, count: 30, unitYuan: 0, yuan: 0 },
      { from: 31, to: 100, count: 70, unitYuan: 10, yuan: 700 },
      { from: 101, to: 200, count: 100, unitYuan: 20, yuan: 2_000 },
      { from: 201, to: 250, count: 50, unitYuan: 40, yuan: 2_000 },
    ]);
  });

  it("never makes earlier pages dearer: one more page costs exactly its own price", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 5_000 }), (n) => {
        expect(pageYuan(n + 1) - pageYuan(n)).toBe(pageUnitYuan(n + 1));
      }),
    );
  });
});

describe("requestFee and its refusals", () => {
  it("uses the one standard chosen", () => {
    expect(requestFee({ standard: "items", items: 11 }).yuan).toBe(100);
    expect(requestFee({ standard: "items", items: 1, previousItemsThisMonth: 30 }).yuan).toBe(200);
    expect(requestFee({ standard: "pages", pages: 31 })).toMatchObject({ standard: "pages", yuan: 10 });
  });

  it("refuses a count that is not a whole number within bounds (422)", () => {
    for (const run of [() => itemFee(-1), () => itemFee(1.5), () => pageFee(Number.NaN), () => itemFee(1, 10_000)]) {
      expect(run).toThrow(RequestRefusalError);
    }
    const caught = (() => {
      try {
        pageFee(-3);
      } catch (err) {
        return err;
      }
    })();
    expect(caught).toMatchObject({ type: "FEE_QUANTITY_INVALID", status: 422, field: "pages" });
  });
});
