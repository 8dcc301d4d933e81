import { createHash } from "node:crypto";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, it } from "vitest";
import { createGuildSettings } from "../../../adapters/discord/guild-settings.js";
import { createLowdbStore } from "../../../src/index.js";

const keyOf = (namespace: string, id: string) => `k-${createHash("sha256").update(`${namespace}:${id}`).digest("hex").slice(0, 16)}`;

it("keeps a server's language in the store under a pseudonymous key, across reopening", async () => {
  const dir = await mkdtemp(join(tmpdir(), "afterleak-guild-"));
  try {
    const store = await createLowdbStore({ dir });
    await createGuildSettings(store, keyOf).setLocale("123456789012345678", "ko");
    await store.close();
    const file = await readFile(join(dir, "settings.json"), "utf8");
    expect(file).not.toContain("123456789012345678");
    const again = await createLowdbStore({ dir });
    expect(await createGuildSettings(again, keyOf).locale("123456789012345678")).toBe("ko");
    await again.close();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
