import { appendFile, cp, mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { parse, stringify } from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkContentCommand } from "../../../src/cli/check-content.js";
import { loadPack } from "../../../src/index.js";
import { PACK_DIR, driveConversations, signIn, startAdminChat } from "./admin-harness.js";

const csrfOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? "";
const unescape = (s: string) => s.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, "&");

/** `afterleak check-content <dir>`: exit code and what it printed. */
async function checkContent(dir: string): Promise<{ code: number; text: string }> {
  const out = new PassThrough();
  const err = new PassThrough();
  let text = "";
  out.on("data", (c: Buffer) => (text += c.toString()));
  err.on("data", (c: Buffer) => (text += c.toString()));
  const code = await checkContentCommand(dir, out, err, {});
  return { code, text };
}

type Entry = { id: string; group: string; question: Record<string, string>; label: Record<string, string>; phrases: Record<string, string[]>; answer: Record<string, string>; sources: string[] };

/** Issue 18.2: "new topic" turns an unanswered group into a faq scaffold that check-content accepts once its TODOs are written. */
describe("support console: new topic scaffold from an unanswered question", () => {
  let t: Awaited<ReturnType<typeof startAdminChat>>;
  let copy: string;
  beforeAll(async () => {
    t = await startAdminChat();
    await driveConversations(t.engine);
    copy = await mkdtemp(join(tmpdir(), "afterleak-admin-scaffold-"));
    await cp(PACK_DIR, copy, { recursive: true });
  });
  afterAll(async () => {
    await t?.close();
    if (copy) await rm(copy, { recursive: true, force: true });
  });

  it("gives a scaffold that check-content refuses while it holds TODOs and accepts once they are written", async () => {
    const { cookie } = await signIn(t.base);
    const page = await (await fetch(`${t.base}/admin/unanswered?since=7d&lang=en`, { headers: { cookie: cookie! } })).text();
    // The unanswered Korean question of the scripted conversations, as the page lists it.
    const group = /<q>([^<]*강아지[^<]*)<\/q>/.exec(page);
    expect(group, "the unanswered group is listed").not.toBeNull();
    const text = unescape(group![1]!);
    const r = await fetch(`${t.base}/admin/snippet?lang=en`, {
      method: "POST",
      headers: { cookie: cookie!, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ _csrf: csrfOf(page), text, locale: "ko", topic: "" }).toString(),
    });
    expect(r.status).toBe(200);
    const html = await r.text();
    const yaml = unescape(/<pre id="snippet">([\s\S]*?)<\/pre>/.exec(html)![1]!);
    const entry = (parse(yaml) as { faq: Entry[] }).faq[0]!;
    expect(entry.phrases.ko).toEqual([text]);
    const pack = await loadPack(PACK_DIR);
    expect(pack.meta.groups.map((g) => g.id)).toContain(entry.group);
    expect(Object.keys(entry.answer).sort()).toEqual([...pack.meta.locales].sort());

    // As given (TODOs in it): refused, with file:line problems.
    const file = join(copy, "faq", "meta.yaml");
    const original = await readFile(file, "utf8");
    const indent = (s: string) => s.replace(/^/gm, "  ").trimEnd() + "\n";
    const asItem = (e: Entry) => indent(stringify([e], { lineWidth: 0 }));
    await appendFile(file, asItem(entry));
    const refused = await checkContent(copy);
    expect(refused.code).not.toBe(0);
    expect(refused.text).toMatch(/meta\.yaml:\d+: /);

    // Written: question, label, answer, the other language's phrases, a real source. Accepted.
    const { writeFile } = await import("node:fs/promises");
    const done: Entry = {
      ...entry,
      question: { en: "Can you name my dog?", ko: "강아지 이름을 지어줄 수 있나요?" },
      label: { en: "Naming pets", ko: "반려동물 이름" },
      phrases: { en: ["can you name my puppy"], ko: entry.phrases.ko! },
      answer: { en: "This assistant only helps with the data leak, so it cannot name your dog.", ko: "이 챗봇은 유출 사고만 도와드려서 강아지 이름은 지어드릴 수 없어요." },
      sources: [[...pack.sources.keys()][0]!],
    };
    await writeFile(file, original + asItem(done));
    const accepted = await checkContent(copy);
    expect(accepted.text).not.toMatch(/error/i);
    expect(accepted.code).toBe(0);
    expect((await loadPack(copy)).faqById.get(done.id)?.phrases.ko).toContain(text);
  }, 60_000);
});
