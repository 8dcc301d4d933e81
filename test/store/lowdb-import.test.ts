import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createLowdbStore } from "../../src/store/lowdb.js";
import { importLowdbUsers } from "../../src/store/lowdb-import.js";
import { userStateSchema, type UserState } from "../../src/store/state.js";

const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});
const fresh = async () => {
  const d = await mkdtemp(join(tmpdir(), "afterleak-import-"));
  dirs.push(d);
  return d;
};
const state = (i: number): UserState => {
  const at = new Date(1_700_000_000_000 + i).toISOString();
  return userStateSchema.parse({ channel: "web", locale: i % 2 ? "ko" : "en", createdAt: at, lastSeen: at });
};

describe("importLowdbUsers", () => {
  it("fills a new store folder that the store then opens with every user", async () => {
    const dir = await fresh();
    const users = Array.from({ length: 50 }, (_, i) => [`k${i}`, state(i)] as [string, UserState]);
    expect(await importLowdbUsers(dir, users, { shards: 4 })).toBe(50);
    const store = await createLowdbStore({ dir, shards: 4 });
    expect((await store.get("k7"))?.locale).toBe("ko");
    expect((await store.get("k8"))?.lastSeen).toBe(state(8).lastSeen);
    await store.close();
  });

  it("refuses a folder that already holds a store (one writer per store)", async () => {
    const dir = await fresh();
    const store = await createLowdbStore({ dir, shards: 4 });
    await store.update("k1", () => ({ next: state(1), result: undefined }));
    await store.close();
    await expect(importLowdbUsers(dir, [["k2", state(2)]], { shards: 4 })).rejects.toThrow(/not an empty store folder/);
    const again = await createLowdbStore({ dir, shards: 4 });
    expect(await again.get("k2")).toBeUndefined();
    expect(await again.get("k1")).toBeDefined();
    await again.close();
  });
});
