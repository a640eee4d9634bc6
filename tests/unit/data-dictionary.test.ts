import { describe, expect, it } from "vitest";
import { BULK_COLUMNS } from "../../services/feed/bulk-columns.js";
import { PENALTY_COLUMNS } from "../../services/feed/csv.js";
import { BULK_TABLES } from "../../shared/bulk.js";
import { dataDictionary, dataPage } from "../../web/portal/data.js";

describe("the /data dictionary", () => {
  it("names every column of every bulk table, in file order, with its meaning", () => {
    const sut = dataDictionary();
    expect(sut.map((t) => t.table)).toEqual(BULK_TABLES.map((t) => t.table));
    for (const { table, columns } of sut) {
      expect(columns.map((c) => c.name)).toEqual(BULK_COLUMNS[table]);
      const unexplained = columns.filter((c) => !c.meaning || !/[\u4e00-\u9fff]/.test(c.meaning)).map((c) => c.name);
      expect(unexplained, table).toEqual([]);
    }
  });

  it("shows the penalty file's Chinese headers beside their CF_ codes", () => {
    const page = dataPage({ baseUrl: "https://gs.example.cn" });
    for (const [code, name] of PENALTY_COLUMNS) {
      expect(page).toContain(`<code>${code}</code>`);
      expect(page).toContain(name);
    }
    expect(page).toContain('href="/api/openapi.json"');
    expect(page).toContain("whsec_");
  });
});
