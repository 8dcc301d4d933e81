import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { isAllowedLink } from "../../src/content/links.js";
import { realPack } from "../helpers/packs.js";
import { sharedPath } from "../helpers/shared.js";

const pack = await realPack();
// The topic ids of ../shared/eval/topics.yaml, copied into the repository so that a bare clone passes.
const topics = (JSON.parse(await readFile("test/fixtures/eval/topics.json", "utf8")) as { topics: { id: string }[] }).topics;
/** Every labelled line the project owns, plus the shared dev set where it exists (CI has it, a bare clone does not). */
const evalFiles = ["test/fixtures/eval/holdout.jsonl", "test/fixtures/eval/blind.jsonl", sharedPath("eval/dev.jsonl")].filter((f): f is string => f !== undefined && existsSync(f));
const dev = (await Promise.all(evalFiles.map((f) => readFile(f, "utf8"))))
  .flatMap((s) => s.split("\n"))
  .filter(Boolean)
  .map((l) => (JSON.parse(l) as { text: string }).text);

describe("default content pack (coupang-2025)", () => {
  it("answers every topic of topics.yaml in Korean and English, exactly once", () => {
    expect(topics).toHaveLength(39);
    for (const { id } of topics) {
      const entries = pack.faq.filter((e) => e.id === id);
      expect(entries, id).toHaveLength(1);
      const e = entries[0]!;
      for (const loc of ["ko", "en"]) {
        expect(e.answer[loc]?.trim().length, `${id} ${loc}`).toBeGreaterThan(80);
        expect(e.phrases[loc]?.length, `${id} ${loc} phrases`).toBeGreaterThanOrEqual(20);
      }
      expect(e.sources.length).toBeGreaterThan(0);
      expect(e.followUps.length).toBeGreaterThanOrEqual(1);
      expect(e.followUps.length).toBeLessThanOrEqual(3);
    }
  });

  it("never copies a labelled evaluation line (dev, holdout, blind) into the training phrases", () => {
    const norm = (s: string) => s.toLowerCase().replace(/[^\p{L}\p{N}]/gu, "");
    const phrases = new Set(pack.faq.flatMap((e) => Object.values(e.phrases).flat()).map(norm));
    const copied = dev.filter((t) => phrases.has(norm(t)));
    expect(copied).toEqual([]);
  });

  it("links only to allowlisted official sites, over https", () => {
    const links = [...pack.faq.flatMap((e) => e.links ?? []), ...pack.tasks.flatMap((t) => t.steps.flatMap((s) => s.links ?? []))];
    expect(links.length).toBeGreaterThan(5);
    for (const l of links) expect(isAllowedLink(l.url, pack.meta.links.allow), l.url).toBe(true);
  });

  it("covers the guided tasks the issue names, and has a review date and official contacts", () => {
    expect(pack.tasks.map((t) => t.id).sort()).toEqual(["block-identity-theft", "clicked-or-paid", "other-accounts", "payment-safety", "secure-account"]);
    expect(pack.meta.reviewed).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(pack.contacts.some((c) => c.phone === "1577-7011")).toBe(true);
  });

  it("states what was not exposed as the company's statement", () => {
    for (const x of pack.incident.notExposed) {
      expect(x.note.en).toMatch(/Coupang (says|said|stated)/);
      expect(x.note.ko).toMatch(/쿠팡은/);
    }
  });
});
