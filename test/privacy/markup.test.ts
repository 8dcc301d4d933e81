import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { parsePackDir } from "../../src/content/loader.js";
import { findUnsafeMarkup } from "../../src/content/markup.js";
import { miniCopy, MINI, REAL } from "../helpers/packs.js";

describe("content markup check", () => {
  it.each([
    ["Hi @everyone", ["mass mention '@everyone' in text"]],
    ["@HERE now", ["mass mention '@HERE' in text"]],
    ["ask <@42>", ["platform mention syntax '<@' in text"]],
    ["<script src=x>", ["'<script' in text", "HTML tag '<script src=x>' in text; use **bold** for emphasis"]],
    ["a <i>b</i>", ["HTML tag '<i>' in text; use **bold** for emphasis"]],
    ["see [here](https://x.example)", ["Markdown link '[here](https://x.example)' in text; put links in 'links:'"]],
    ["**bold**, - bullets, 1. steps, a < b > c, e-mail me@example.com, [note] (sic)", []],
    ["1577-7011 <쿠팡> 3 < 4", []],
  ])("%s", (text, problems) => expect(findUnsafeMarkup(text)).toEqual(problems));

  it("reports mentions, HTML and Markdown links in a pack as file:line diagnostics", async () => {
    const fixture = await readFile("test/fixtures/content/unsafe-markup.yaml", "utf8");
    const dir = await miniCopy({ "faq/zz-unsafe.yaml": () => fixture });
    const { pack, diagnostics } = await parsePackDir(dir, { displayRoot: dir });
    expect(pack).toBeUndefined();
    expect(diagnostics.map((d) => `${d.file}:${d.line}: ${d.message}`).sort()).toEqual([
      "faq/zz-unsafe.yaml:5: FAQ 'unsafe-markup' question: mass mention '@everyone' in text",
      "faq/zz-unsafe.yaml:5: FAQ 'unsafe-markup' question: mass mention '@here' in text",
      "faq/zz-unsafe.yaml:6: FAQ 'unsafe-markup' label: HTML tag '<b>' in text; use **bold** for emphasis",
      "faq/zz-unsafe.yaml:11: FAQ 'unsafe-markup' answer: platform mention syntax '<@' in text",
      "faq/zz-unsafe.yaml:11: FAQ 'unsafe-markup' answer: Markdown link '[the refund page](/refund)' in text; put links in 'links:'",
      "faq/zz-unsafe.yaml:15: FAQ 'unsafe-markup' answer: '<script' in text",
      "faq/zz-unsafe.yaml:15: FAQ 'unsafe-markup' answer: HTML tag '<script>' in text; use **bold** for emphasis",
    ].sort());
  });

  it("finds nothing in the mini and the default pack", async () => {
    for (const dir of [MINI, REAL]) expect((await parsePackDir(dir)).diagnostics).toEqual([]);
  });
});
