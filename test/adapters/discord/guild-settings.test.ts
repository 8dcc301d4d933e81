import { createHash } from "node:crypto";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { expect, it } from "vitest";
import { createGuildSettings } from "../../../adapters/discord/guild-settings.js";
import { createLogger, createLowdbStore, createMemoryStore, type Store } from "../../../src/index.js";

const keyOf = (namespace: string, id: string) => `k-${createHash("sha256").update(`${namespace}:${id}`).digest("hex").slice(0, 16)}`;

it("keeps a server's language in the store under a pseudonymous key, across reopening", async () => {
  const dir = await mkdtemp(join(tmpdir(), "afterleak-guild-"));
  try {
    const store = await createLowdbStore({ dir });
    await createGuildSettings(store, keyOf, createLogger("silent")).setLocale("123456789012345678", "ko");
    await store.close();
    const file = await readFile(join(dir, "settings.json"), "utf8");
    expect(file).not.toContain("123456789012345678");
    const again = await createLowdbStore({ dir });
    expect(await createGuildSettings(again, keyOf, createLogger("silent")).locale("123456789012345678")).toBe("ko");
    await again.close();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

it("falls back to process memory, with one warning, when the store keeps no settings", async () => {
  const { getSetting: _g, setSetting: _s, ...rest } = createMemoryStore();
  const bare: Store = rest;
  const lines: string[] = [];
  const sink = new Writable({ write: (chunk, _enc, done) => (lines.push(String(chunk)), done()) });
  const settings = createGuildSettings(bare, keyOf, createLogger("warn", sink));
  await settings.setLocale("1", "en");
  await settings.setLocale("2", "ko");
  expect(await settings.locale("1")).toBe("en");
  expect(await settings.locale("2")).toBe("ko");
  expect(await settings.locale("3")).toBeUndefined();
  expect(lines.filter((l) => l.includes("keeps no settings"))).toHaveLength(1);
});
