/** POST-redirect-GET in the console (web/console/flash.ts): where a form's POST is answered, and the page kept for it. */
import { describe, expect, it } from "vitest";
import { formAddress, formPageOf, keepPage, takePage } from "../../web/console/flash.js";

describe("the form's page", () => {
  const gets = new Set(["/console", "/console/results/:id", "/console/cases/new", "/console/admin/users"]);

  it("is the same path when it has a GET page, else the nearest parent that has one", () => {
    expect(formPageOf("/console/cases/new", gets)).toBe("/console/cases/new");
    expect(formPageOf("/console/results/:id/publish", gets)).toBe("/console/results/:id");
    expect(formPageOf("/console/admin/users/:id/activate", gets)).toBe("/console/admin/users");
    expect(formPageOf("/console/logout", gets)).toBe("/console");
  });

  it("keeps the query the form was opened with, from the Referer of the same page only", () => {
    const page = "/console/results/r1/correct";
    expect(formAddress(page, `http://x.test${page}?feedback=f1`)).toBe(`${page}?feedback=f1`);
    expect(formAddress(page, "http://x.test/console/results/r1?x=1")).toBe(page);
    expect(formAddress(page, `http://x.test${page}?ok=saved&feedback=f1`)).toBe(`${page}?feedback=f1`);
    expect(formAddress(page, `http://x.test${page}?ok=saved`)).toBe(page);
    expect(formAddress(page, "not a url")).toBe(page);
    expect(formAddress(page, undefined)).toBe(page);
  });
});

describe("the kept page", () => {
  it("is shown once, to the same session, at the same address, within its minute", () => {
    const id = keepPage("session-a", "/console/cases/new", 422, "<p>refused</p>", 1000);
    expect(takePage(id, "session-b", "/console/cases/new", 1000)).toBeUndefined();
    expect(takePage(id, "session-a", "/console/cases", 1000)).toBeUndefined();
    expect(takePage(id, "session-a", "/console/cases/new", 1000)).toEqual({
      status: 422,
      body: "<p>refused</p>",
      headers: {},
    });
    const throttled = keepPage("t", "/console/login", 429, "wait", 1000, { "Retry-After": "60" });
    expect(takePage(throttled, "t", "/console/login", 1000)?.headers).toEqual({ "Retry-After": "60" });
    expect(takePage(id, "session-a", "/console/cases/new", 1000)).toBeUndefined();
    const late = keepPage("session-a", "/console/cases/new", 422, "late", 1000);
    expect(takePage(late, "session-a", "/console/cases/new", 1000 + 61_000)).toBeUndefined();
  });
});
