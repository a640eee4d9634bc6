import { describe, expect, it } from "vitest";
import {
  DEFAULT_LIMIT,
  MAX_LIMIT,
  allPages,
  decodeCursor,
  encodeCursor,
  likePattern,
  toPage,
} from "../../shared/paging.js";

interface Row {
  id: string;
}
const rows = (n: number): Row[] => Array.from({ length: n }, (_, i) => ({ id: `k${String(i).padStart(3, "0")}` }));
const keyOf = (r: Row) => r.id;
const anyKey = () => true;

/** Evaluates a SQL LIKE pattern with PostgreSQL's default escape character (backslash). */
function sqlLike(value: string, pattern: string): boolean {
  let re = "";
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] as string;
    if (c === "\\") re += (pattern[++i] ?? "").replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    else if (c === "%") re += "[\\s\\S]*";
    else if (c === "_") re += "[\\s\\S]";
    else re += c.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  }
  return new RegExp(`^${re}$`).test(value);
}

describe("limits", () => {
  it("default to 20 and cap at 100", () => {
    expect(DEFAULT_LIMIT).toBe(20);
    expect(MAX_LIMIT).toBe(100);
  });
});

describe("toPage", () => {
  const sut = toPage<Row>;

  it("has no next cursor when fewer rows than the limit came back", () => {
    expect(sut(rows(3), 5, keyOf)).toEqual({ items: rows(3), nextCursor: null });
  });

  it("has no next cursor when exactly limit rows came back", () => {
    expect(sut(rows(5), 5, keyOf)).toEqual({ items: rows(5), nextCursor: null });
  });

  it("has no next cursor for an empty result", () => {
    expect(sut([], 5, keyOf)).toEqual({ items: [], nextCursor: null });
  });

  it("drops the extra row and points the cursor at the last returned item", () => {
    const page = sut(rows(6), 5, keyOf);
    expect(page.items).toEqual(rows(5));
    expect(page.nextCursor).toBe(encodeCursor("k004"));
    expect(decodeCursor(page.nextCursor as string, anyKey)).toBe("k004");
  });

  it("uses keyOf for the cursor", () => {
    const page = sut(rows(3), 2, (r) => `custom:${r.id}`);
    expect(decodeCursor(page.nextCursor as string, anyKey)).toBe("custom:k001");
  });

  it("does not mutate the fetched rows", () => {
    const fetched = rows(4);
    sut(fetched, 2, keyOf);
    expect(fetched).toHaveLength(4);
  });
});

describe("encodeCursor / decodeCursor", () => {
  it("round-trips ASCII, ids and non-ASCII keys", () => {
    for (const key of ["k001", "0190a4c2-1234-7abc-8def-0123456789ab", "行政处罚|2024-01-01", "a/b+c=d?"]) {
      const cursor = encodeCursor(key);
      expect(cursor, key).toMatch(/^[A-Za-z0-9_-]+$/);
      expect(decodeCursor(cursor, anyKey)).toBe(key);
    }
  });

  it("is opaque: the cursor is not the key itself", () => {
    expect(encodeCursor("k001")).not.toBe("k001");
  });

  it.each(["", "abc+def", "abc/def", "YWJj=", "has space", "ab.cd", "a".repeat(201), "中文"])(
    "rejects the non-base64url cursor %j without calling the predicate",
    (cursor) => {
      let called = false;
      expect(
        decodeCursor(cursor, () => {
          called = true;
          return true;
        }),
      ).toBeUndefined();
      expect(called).toBe(false);
    },
  );

  it("accepts a cursor of exactly 200 characters", () => {
    expect(decodeCursor("A".repeat(200), anyKey)).toBeDefined();
  });

  it("passes the decoded key to the predicate and rejects keys that fail it", () => {
    const seen: string[] = [];
    const isKey = (k: string) => {
      seen.push(k);
      return /^k\d{3}$/.test(k);
    };
    expect(decodeCursor(encodeCursor("k042"), isKey)).toBe("k042");
    expect(decodeCursor(encodeCursor("x' OR 1=1 --"), isKey)).toBeUndefined();
    expect(decodeCursor("zzzz", isKey)).toBeUndefined();
    expect(seen).toEqual(["k042", "x' OR 1=1 --", Buffer.from("zzzz", "base64url").toString("utf8")]);
  });
});

describe("likePattern", () => {
  const sut = likePattern;

  it("wraps plain text in % for a contains-match", () => {
    expect(sut("abc")).toBe("%abc%");
    expect(sut("")).toBe("%%");
  });

  it("escapes %, _ and backslash", () => {
    expect(sut("50%")).toBe("%50\\%%");
    expect(sut("a_b")).toBe("%a\\_b%");
    expect(sut("C:\\dir")).toBe("%C:\\\\dir%");
    expect(sut("%_\\%")).toBe("%\\%\\_\\\\\\%%");
  });

  it("matches the text literally under SQL LIKE semantics", () => {
    const cases: [string, string, boolean][] = [
      ["50%", "打折50%以上", true],
      ["50%", "打折500以上", false],
      ["a_b", "xa_by", true],
      ["a_b", "xacby", false],
      ["a\\b", "path a\\b here", true],
      ["a\\b", "path ab here", false],
      ["a\\%", "a\\%", true],
      ["a\\%", "a\\x", false],
    ];
    for (const [q, value, expected] of cases) {
      expect(sqlLike(value, sut(q)), `${q} in ${value}`).toBe(expected);
    }
  });
});

describe("allPages", () => {
  it("asks page after page until the last and answers every item in order", async () => {
    const all = rows(250);
    const asked: (string | undefined)[] = [];
    const sut = await allPages(async (cursor) => {
      asked.push(cursor);
      const after = cursor ? (decodeCursor(cursor, anyKey) as string) : "";
      return toPage(all.filter((r) => r.id > after).slice(0, MAX_LIMIT + 1), MAX_LIMIT, keyOf);
    });
    expect(sut).toEqual(all);
    expect(asked).toHaveLength(3);
    expect(asked[0]).toBeUndefined();
  });

  it("stops when a list answers a cursor it already gave", async () => {
    let calls = 0;
    const sut = await allPages(async () => {
      calls++;
      return { items: [{ id: "same" }], nextCursor: "c1" };
    });
    expect(calls).toBe(2);
    expect(sut).toHaveLength(2);
  });
});
