import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { runConsoleSession } from "../../../adapters/console/session.js";
import { loadPack } from "../../../src/index.js";
import { alice, harness } from "../../helpers/engine.js";

/** The SK Telecom pack alone, through the terminal: the same engine serves another incident. */
describe("terminal chat transcript, SK Telecom pack", () => {
  it("greets with the pack's title, answers English and Korean free text from it, and walks its task", async () => {
    const pack = await loadPack("content/skt-2025");
    const h = harness(pack);
    const input = new PassThrough();
    const output = new PassThrough();
    let out = "";
    output.on("data", (d: Buffer) => (out += d.toString()));
    const session = runConsoleSession({ engine: h.engine, input, output, user: alice, localeHint: "en_US.UTF-8" });
    input.end(["Should I get my USIM replaced?", "유심보호서비스 가입해야 하나요?", "/tasks", "1"].map((l) => `${l}\n`).join(""));
    await session.done;
    const plain = (s: string) => s.replace(/\*\*/g, "");
    expect(out).toContain(plain(pack.meta.title.en!));
    expect(out).toContain(plain(pack.faqById.get("free-usim-swap")!.answer.en!).split("\n")[0]!.slice(0, 40));
    expect(out).toContain(plain(pack.faqById.get("protection-service")!.answer.ko!).split("\n")[0]!.slice(0, 30));
    const first = pack.tasks[0]!;
    expect(out).toMatch(new RegExp(`${plain(first.title.ko!).replace(/[()]/g, "\\$&")}: 1/${first.steps.length}`));
  });
});
