import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { enterable, inspectClusterLink, rootClusterHome, unsafeLevel } from "../../lib/embedded.js";

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

describe("unsafeLevel (may root keep a relocated cluster below this folder?)", () => {
  const me = process.getuid?.() ?? 0;

  it("accepts a folder of an allowed owner that only its owner may write", () => {
    const dir = path.join(root, "level-ok");
    fs.mkdirSync(dir);
    fs.chmodSync(dir, 0o755);
    expect(unsafeLevel(fs.lstatSync(dir), [me])).toBeUndefined();
    fs.chmodSync(dir, 0o700);
    expect(unsafeLevel(fs.lstatSync(dir), [me])).toBeUndefined();
  });

  it("refuses a symbolic link, a file, another owner, and a folder group or others may write", () => {
    const dir = path.join(root, "level-bad");
    fs.mkdirSync(dir);
    fs.chmodSync(dir, 0o755);
    const link = path.join(root, "level-link");
    fs.symlinkSync(dir, link);
    expect(unsafeLevel(fs.lstatSync(link), [me])).toBe("is a symbolic link");
    const file = path.join(root, "level-file");
    fs.writeFileSync(file, "");
    expect(unsafeLevel(fs.lstatSync(file), [me])).toBe("is not a folder");
    expect(unsafeLevel(fs.lstatSync(dir), [me + 1])).toBe(`is owned by uid ${me}, not by root`);
    fs.chmodSync(dir, 0o775);
    expect(unsafeLevel(fs.lstatSync(dir), [me])).toMatch(/writable by group or others \(mode 775\)/);
    fs.chmodSync(dir, 0o757);
    expect(unsafeLevel(fs.lstatSync(dir), [me])).toMatch(/writable by group or others/);
  });
});

describe("inspectClusterLink (what is DATA_DIR/postgres before a start as root?)", () => {
  const at = (name: string) => path.join(root, "links", name);
  fs.mkdirSync(path.join(root, "links"), { recursive: true });

  it("tells nothing, an empty folder, a cluster, a folder of something else and a file apart", () => {
    expect(inspectClusterLink(at("none"))).toEqual({ kind: "absent" });
    fs.mkdirSync(at("empty"));
    expect(inspectClusterLink(at("empty"))).toEqual({ kind: "empty" });
    fs.mkdirSync(at("cluster"));
    fs.writeFileSync(path.join(at("cluster"), "PG_VERSION"), "17\n");
    expect(inspectClusterLink(at("cluster"))).toEqual({ kind: "cluster" });
    fs.mkdirSync(at("foreign"));
    fs.writeFileSync(path.join(at("foreign"), "notes.txt"), "mine");
    expect(inspectClusterLink(at("foreign"))).toEqual({ kind: "foreign" });
    fs.writeFileSync(at("file"), "");
    expect(inspectClusterLink(at("file"))).toEqual({ kind: "other" });
  });

  it("reports a link's target, also one that no longer exists", () => {
    fs.symlinkSync(at("cluster"), at("live"));
    expect(inspectClusterLink(at("live"))).toEqual({ kind: "link", target: at("cluster"), exists: true });
    fs.symlinkSync(at("gone"), at("dangling"));
    expect(inspectClusterLink(at("dangling"))).toEqual({ kind: "link", target: at("gone"), exists: false });
  });

  it("keeps each DATA_DIR's relocated cluster in its own folder under /var/lib/zfgs", () => {
    expect(rootClusterHome("/root/app/.data")).toMatch(/^\/var\/lib\/zfgs\/postgres-[0-9a-f]{16}$/);
    expect(rootClusterHome("/root/app/.data")).toBe(rootClusterHome("/root/app/.data"));
    expect(rootClusterHome("/root/other/.data")).not.toBe(rootClusterHome("/root/app/.data"));
  });
});
