import { describe, expect, it } from "vitest";
import { bulkFileName, DELTA_DAYS, keptFiles, type BulkFile } from "../../shared/bulk.js";
import { untilNightly } from "../../services/feed/bulk-actions.js";
import { parseCsv } from "../support/csv.js";

const file = (table: BulkFile["table"], kind: BulkFile["kind"], date: string, time = "023000") => ({
  name: bulkFileName(table, kind, "csv", date, time),
  table,
  kind,
  format: "csv" as const,
  date,
  url: "",
  rows: 1,
  bytes: 1,
  sha256: "",
});

describe("bulk data index", () => {
  it("names files by table, kind, the run's day and time, and format", () => {
    expect(bulkFileName("notices", "full", "csv", "2026-12-06", "023000")).toBe("notices-2026-12-06-023000.csv.gz");
    expect(bulkFileName("notices-xzcf", "delta", "csv", "2026-12-06", "023000")).toBe(
      "notices-xzcf-delta-2026-12-06-023000.csv.gz",
    );
    expect(bulkFileName("bodies", "full", "jsonl", "2026-01-31", "150501")).toBe("bodies-2026-01-31-150501.jsonl.gz");
  });

  it("keeps the newest full set and the deltas of the last 90 days, newest first", () => {
    const previous = [
      file("notices", "full", "2026-12-05"),
      file("notices", "delta", "2026-12-05"),
      file("notices", "delta", "2026-09-07"), // 90 days before 2026-12-06: dropped
      file("notices", "delta", "2026-09-08"), // 89 days: kept
    ];
    const made = [file("notices", "full", "2026-12-06"), file("notices", "delta", "2026-12-06", "150500")];
    const { kept, dropped } = keptFiles(previous, made, "2026-12-06");
    expect(kept.map((f) => f.name)).toEqual([
      "notices-2026-12-06-023000.csv.gz",
      "notices-delta-2026-12-06-150500.csv.gz",
      "notices-delta-2026-12-05-023000.csv.gz",
      "notices-delta-2026-09-08-023000.csv.gz",
    ]);
    expect(dropped.map((f) => f.name)).toEqual([
      "notices-2026-12-05-023000.csv.gz",
      "notices-delta-2026-09-07-023000.csv.gz",
    ]);
    expect(DELTA_DAYS).toBe(90);
  });

  it("gives a second run on one day new names: the first run's full set is dropped, never overwritten", () => {
    const first = file("bodies", "full", "2026-12-06", "023000");
    const second = file("bodies", "full", "2026-12-06", "101500");
    expect(second.name).not.toBe(first.name);
    const { kept, dropped } = keptFiles([first], [second], "2026-12-06");
    expect(kept).toEqual([second]);
    expect(dropped).toEqual([first]);
  });

  it("runs nightly at 02:30 China time (18:30 UTC)", () => {
    expect(untilNightly(new Date("2026-12-06T18:00:00Z"))).toBe(30 * 60_000);
    expect(untilNightly(new Date("2026-12-06T18:30:00Z"))).toBe(24 * 3600_000);
    expect(untilNightly(new Date("2026-12-06T19:00:00.500Z"))).toBe(23.5 * 3600_000 - 500);
  });
});

describe("the tests' CSV reader", () => {
  it("reads quoted commas, doubled quotes and line breaks inside values", () => {
    expect(parseCsv('a,"b,c","d""e"\r\n"x\r\ny",,z\r\n')).toEqual([
      ["a", "b,c", 'd"e'],
      ["x\r\ny", "", "z"],
    ]);
  });
});
