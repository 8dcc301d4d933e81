import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { statsCommand } from "../../src/cli/stats.js";
import { unansweredCommand } from "../../src/cli/unanswered.js";
import { createLowdbStore, createPackSetEngine, loadPack, type InboundEvent, type UserRef } from "../../src/index.js";
import { captureIo } from "../helpers/cli-io.js";

const DIRS = "content/coupang-2025,content/skt-2025";
let data: string;
const io = () => captureIo({ DATA_DIR: data, STORE_URL: `lowdb:${join(data, "store")}`, CONTENT_DIR: DIRS, LOG_LEVEL: "silent" });

beforeAll(async () => {
  data = await mkdtemp(join(tmpdir(), "afterleak-stats-pack-"));
  const store = await createLowdbStore({ dir: join(data, "store") });
  const packs = await Promise.all(DIRS.split(",").map((d) => loadPack(d)));
  const engine = createPackSetEngine({ packs, store, secret: "stats-pack-secret-stats-pack-secret-0123" });
  const say = (userId: string, e: Record<string, unknown>) => engine.handle({ user: { platform: "console", userId, chat: "private" } satisfies UserRef, localeHint: "en", ...e } as InboundEvent);
  // One user in each pack; each answered once and left one question unanswered.
  await say("c", { kind: "choice", choiceId: "pk:coupang-2025" });
  await say("c", { kind: "choice", choiceId: "f:password-exposed" });
  await say("c", { kind: "text", text: "qwzx plorb vintage accordion" });
  await say("s", { kind: "choice", choiceId: "pk:skt-2025" });
  await say("s", { kind: "choice", choiceId: "t:usim-protection" });
  await say("s", { kind: "text", text: "zzkq flarn bicycle saddle" });
  await engine.idle();
  await store.close();
});
afterAll(() => rm(data, { recursive: true, force: true }));

describe("stats and unanswered with --pack", () => {
  it("counts only the chosen pack's events", async () => {
    const all = io();
    expect(await statsCommand(["--json", "--since", "all"], all)).toBe(0);
    const skt = io();
    expect(await statsCommand(["--json", "--since", "all", "--pack", "skt-2025"], skt)).toBe(0);
    const a = JSON.parse(all.out());
    const s = JSON.parse(skt.out());
    expect(a.total.conversations).toBe(2);
    expect(s.total.conversations).toBe(1);
    expect(s.funnel.map((f: { task: string }) => f.task)).toEqual(["usim-protection"]);
  });

  it("exports only the chosen pack's unanswered questions", async () => {
    const c = io();
    expect(await unansweredCommand(["--since", "all", "--pack", "coupang-2025"], c)).toBe(0);
    expect(c.out()).toContain("accordion");
    expect(c.out()).not.toContain("bicycle");
  });
});
