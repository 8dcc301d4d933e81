import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { isAllowedLink } from "../../src/content/links.js";
import { loadPack } from "../../src/index.js";
import { sharedPath } from "../helpers/shared.js";

const pack = await loadPack("content/skt-2025");
// The topic ids of ../shared/eval/skt-topics.yaml, copied into the repository so that a bare clone passes.
const topics = (JSON.parse(await readFile("test/fixtures/eval/skt-topics.json", "utf8")) as { topics: { id: string }[] }).topics;
/** Labelled lines for this pack: the shared dev set where it exists (a bare clone has none) and the project's blind set once written. */
const evalFiles = [sharedPath("eval/skt-dev.jsonl"), "test/fixtures/eval/skt-blind.jsonl"].filter((f): f is string => f !== undefined && existsSync(f));
const labelled = await Promise.all(
  evalFiles.map(async (file) => ({
    file,
    texts: (await readFile(file, "utf8"))
      .split("\n")
      .filter(Boolean)
      .map((l) => (JSON.parse(l) as { text: string }).text),
  })),
);

describe("SK Telecom content pack (skt-2025)", () => {
  it("answers every topic of skt-topics.yaml in Korean and English, exactly once", () => {
    expect(topics).toHaveLength(30);
    for (const { id } of topics) {
      const entries = pack.faq.filter((e) => e.id === id);
      expect(entries, id).toHaveLength(1);
      const e = entries[0]!;
      for (const loc of ["ko", "en"]) {
        expect(e.answer[loc]?.trim().length, `${id} ${loc}`).toBeGreaterThan(80);
        expect(e.phrases[loc]?.length, `${id} ${loc} phrases`).toBeGreaterThanOrEqual(40);
      }
      expect(e.sources.length).toBeGreaterThan(0);
      expect(e.followUps.length).toBeGreaterThanOrEqual(1);
    }
  });

  it("dates every answer about the incident, its remedies and scams (a year in both locales)", () => {
    for (const e of pack.faq.filter((x) => x.group !== "meta")) {
      expect(e.answer.en, `${e.id} en`).toMatch(/20(2[1-6])/);
      expect(e.answer.ko, `${e.id} ko`).toMatch(/20(2[1-6])/);
    }
  });

  it("never copies a labelled evaluation line into the training phrases", () => {
    const norm = (s: string) => s.toLowerCase().replace(/[^\p{L}\p{N}]/gu, "");
    const phrases = new Set(pack.faq.flatMap((e) => Object.values(e.phrases).flat()).map(norm));
    // Only a count per file, so that a failure never prints the lines of a blind set.
    for (const { file, texts } of labelled) expect(texts.filter((t) => phrases.has(norm(t))).length, `${file}: lines copied into phrases`).toBe(0);
  });

  it("links only to allowlisted official sites, over https", () => {
    const links = [...pack.faq.flatMap((e) => e.links ?? []), ...pack.tasks.flatMap((t) => t.steps.flatMap((s) => s.links ?? []))];
    expect(links.length).toBeGreaterThan(5);
    for (const l of links) expect(isAllowedLink(l.url, pack.meta.links.allow), l.url).toBe(true);
    for (const c of pack.contacts) if (c.url) expect(isAllowedLink(c.url, pack.meta.links.allow), c.url).toBe(true);
  });

  it("has the guided tasks the issue names, a review date and SKT's customer centre first", () => {
    expect(pack.meta.id).toBe("skt-2025");
    const tasks = pack.tasks.map((t) => t.id);
    for (const t of ["usim-protection", "usim-swap-reset", "block-identity-theft"]) expect(tasks).toContain(t);
    expect(pack.meta.reviewed).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(pack.contacts[0]?.phone).toBe("114");
  });

  it("explains the leaked USIM items and states what was not leaked as the government's or SKT's word", () => {
    expect(pack.incident.exposed.map((x) => x.id)).toEqual(expect.arrayContaining(["phone-number", "imsi", "usim-keys"]));
    for (const x of pack.incident.notExposed) {
      expect(x.note.en).toMatch(/(SKT|The government) says/);
      expect(x.note.ko).toMatch(/(SKT는|정부는)/);
    }
  });

  it("never gives the unconfirmed SKT numbers 1599-0011 or 080-011-6000 as a contact", () => {
    const texts = [...pack.faq.flatMap((e) => Object.values(e.answer)), ...pack.tasks.flatMap((t) => t.steps.flatMap((s) => Object.values(s.text)))];
    for (const t of texts) expect(t).not.toMatch(/1599-0011|080-011-6000/);
  });
});
