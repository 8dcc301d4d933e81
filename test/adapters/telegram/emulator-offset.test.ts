import { afterAll, beforeAll, expect, it } from "vitest";
import { startTelegramEmulator, type TelegramEmulator } from "../../fakes/telegram-emulator.js";

const TOKEN = "123456:offset-token";
let emu: TelegramEmulator;
beforeAll(async () => {
  emu = await startTelegramEmulator(TOKEN);
});
afterAll(() => emu?.stop());

const getUpdates = async (params: Record<string, unknown>) => {
  const r = await fetch(`${emu.apiRoot}/bot${TOKEN}/getUpdates`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(params) });
  return ((await r.json()) as { result: { update_id: number; message?: { text?: string } }[] }).result;
};

// The polling tests rely on this: an answer lost to a dropped connection is served again.
it("serves an update again until a later getUpdates confirms it with a higher offset, as the Bot API does", async () => {
  const user = emu.user({ userId: 42 });
  const first = await user.say("one");
  const lost = await getUpdates({});
  expect(lost.map((u) => u.update_id)).toEqual([first]);
  // The bot never saw that answer, so it asks again with its old offset: the update is still there.
  const again = await getUpdates({ offset: first });
  expect(again.map((u) => u.message?.text)).toEqual(["one"]);
  const second = await user.say("two");
  expect((await getUpdates({ offset: first + 1, limit: 5 })).map((u) => u.update_id)).toEqual([second]);
  expect(await getUpdates({ offset: second + 1 })).toEqual([]);
});
