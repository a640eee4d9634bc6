import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { enterable } from "../../lib/embedded.js";

const root = fs.mkdtempSync(path.join(os.tmpdir(), "zfgs-enterable-"));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe("enterable (can the embedded PostgreSQL's user reach a folder?)", () => {
  const stranger = { uid: 54321, gids: [54321] };

  it("needs the execute bit for that user on every folder above", () => {
    fs.chmodSync(root, 0o755);
    const open = path.join(root, "open", "data");
    fs.mkdirSync(open, { recursive: true, mode: 0o755 });
    const closed = path.join(root, "closed");
    fs.mkdirSync(path.join(closed, "data"), { recursive: true });
    fs.chmodSync(closed, 0o700);
    expect(enterable(open, stranger)).toBe(true);
    expect(enterable(path.join(closed, "data"), stranger)).toBe(false);
    expect(enterable(path.join(closed, "data"), undefined)).toBe(false);
  });

  it("uses the owner's or the group's bits when they are that user's", () => {
    const dir = path.join(root, "group-only");
    fs.mkdirSync(dir);
    fs.chmodSync(dir, 0o710);
    const st = fs.statSync(dir);
    expect(enterable(dir, { uid: 54321, gids: [st.gid] })).toBe(true);
    expect(enterable(dir, stranger)).toBe(false);
    fs.chmodSync(dir, 0o071);
    // The owner's bits decide for the owner, even when others may enter.
    expect(enterable(dir, { uid: st.uid, gids: [st.gid] })).toBe(false);
  });

  it("skips what does not exist yet (root will make it, mode 755)", () => {
    expect(enterable(path.join(root, "open", "data", "not", "yet"), stranger)).toBe(true);
  });
});
