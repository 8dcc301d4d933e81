import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createApp, createEngine, createLowdbStore } from "../../src/index.js";
import { loadOrCreateSecret } from "../../src/privacy/secret.js";
import { realPack } from "../helpers/packs.js";
import { useTempDirs } from "../helpers/temp-dirs.js";
import { bob, carol, converse, eventsOf } from "./conversation.js";
import { filesContaining, REAL_PACK_DIR, runAfterleak } from "./process.js";

/** Data rights through the command line: `afterleak forget` and the retention purge of `afterleak start`. */

const DAY = 86_400_000;
const tempDir = useTempDirs("afterleak-privacy-");

describe("command line", () => {
  it("`afterleak forget --platform telegram --user ID` deletes a user stored through createApp", async () => {
    const data = await tempDir();
    const env = { DATA_DIR: data, CONTENT_DIR: REAL_PACK_DIR };
    const app = await createApp(env);
    await converse(app.engine, bob);
    await converse(app.engine, carol);
    const bobKey = app.engine.keyOf(bob);
    await app.close();
    expect((await filesContaining(data, bobKey)).length).toBeGreaterThan(0);

    const r = await runAfterleak(["forget", "--platform", "telegram", "--user", "4242"], { cwd: data, env });
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe("deleted everything kept about telegram user 4242\n");
    expect(r.code).toBe(0);

    const after = await createApp(env);
    expect(await after.store.get(bobKey)).toBeUndefined();
    expect(await eventsOf(after.store, bobKey)).toEqual([]);
    expect(await after.store.get(after.engine.keyOf(carol))).toBeDefined();
    await after.close();
    expect(await filesContaining(data, bobKey)).toEqual([]);
  }, 60_000);

  it("`afterleak start` purges users idle longer than RETENTION_DAYS, beside the channels it starts", async () => {
    const data = await tempDir();
    const secret = await loadOrCreateSecret(data);
    const store = await createLowdbStore({ dir: join(data, "store") });
    let now = Date.now() - 40 * DAY;
    const engine = createEngine({ pack: await realPack(), store, secret, clock: () => new Date(now) });
    await converse(engine, bob);
    now = Date.now() - 2 * DAY;
    await converse(engine, carol);
    await store.close();

    // With no platform token `start` serves the web chat (on a free port here); stop it once the
    // purge has reported (it runs beside the channels, and a stop waits for it).
    const r = await runAfterleak(["start"], {
      cwd: data,
      env: { DATA_DIR: data, CONTENT_DIR: REAL_PACK_DIR, RETENTION_DAYS: "30", WEB_PORT: "0", LOG_LEVEL: "info" },
      stopWhen: /"msg":"retention purge"/,
      timeoutMs: 50_000,
    });
    expect(r.stdout).toMatch(/"removed":1,"msg":"retention purge"/);
    expect(r.code).toBe(0);
    const after = await createLowdbStore({ dir: join(data, "store") });
    expect(await after.get(engine.keyOf(bob))).toBeUndefined();
    expect(await eventsOf(after, engine.keyOf(bob))).toEqual([]);
    expect(await after.get(engine.keyOf(carol))).toBeDefined();
    await after.close();
  }, 60_000);
});
