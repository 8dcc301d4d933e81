import { mkdtemp, readdir, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadPack } from "../src/index.js";

/**
 * The code serves any incident: nothing in src/, adapters/, bin/, scripts/ or templates/ (new-pack) names a company or an
 * incident, or a pack's FAQ or task id (issue 15). Everything incident-specific lives in content/.
 */
const ROOTS = ["src", "adapters", "bin", "scripts", "templates"];
const EXTENSIONS = /\.(ts|mts|js|mjs|cjs|json|html|css|svg|yaml)$/;

/** Company, incident and brand words of the packs in this repository, and their lookalike spellings. */
const NAMES = /coupang|cpang|쿠팡|sk\s*telecom|\bskt\b|sk\s*텔레콤|\busim\b|유심|t\s*world|티월드/i;

/** Pack ids the core legitimately spells itself: a name that is also a Discord subcommand. */
const CORE_WORDS = new Set(["what-leaked"]);

async function* files(dir: string): AsyncGenerator<string> {
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) {
      if (e.name !== "node_modules") yield* files(p);
    } else if (EXTENSIONS.test(e.name)) yield p;
  }
}

/** Every `file:line: what` where code names an incident or a pack id. */
async function findings(ids: ReadonlySet<string>, roots: readonly string[] = ROOTS): Promise<string[]> {
  const idPattern = new RegExp(`["'\`](${[...ids].map((i) => i.replace(/[-]/g, "\\-")).join("|")})["'\`]`);
  const out: string[] = [];
  for (const root of roots) {
    for await (const file of files(root)) {
      const lines = (await readFile(file, "utf8")).split("\n");
      lines.forEach((line, i) => {
        const name = NAMES.exec(line);
        if (name) out.push(`${file}:${i + 1}: names an incident or company ("${name[0]}")`);
        const id = idPattern.exec(line);
        if (id) out.push(`${file}:${i + 1}: spells the pack id "${id[1]}"`);
      });
    }
  }
  return out;
}

describe("incident-free code", () => {
  it("names no incident, company or pack-specific id in src/, adapters/, bin/ or scripts/", async () => {
    const packs = await Promise.all(["content/coupang-2025", "content/skt-2025"].map((d) => loadPack(d)));
    // Hyphenated ids are pack-specific ("card-reissue"); one-word ids ("compensation") are ordinary words.
    const ids = new Set(
      packs.flatMap((p) => [...p.faq.map((e) => e.id), ...p.tasks.map((t) => t.id), p.meta.id]).filter((id) => id.includes("-") && !CORE_WORDS.has(id)),
    );
    expect(ids.size).toBeGreaterThan(50);
    expect(await findings(ids)).toEqual([]);
  });

  it("reports a planted name and id as file:line (the scan itself works)", async () => {
    const dir = await mkdtemp(join(tmpdir(), "afterleak-scan-"));
    await writeFile(join(dir, "x.ts"), 'const a = 1;\n// for the SK Telecom USIM case\nconst t = "card-reissue";\nconst s = "a skateboard";\n');
    expect(await findings(new Set(["card-reissue"]), [dir])).toEqual([
      `${join(dir, "x.ts")}:2: names an incident or company ("SK Telecom")`,
      `${join(dir, "x.ts")}:3: spells the pack id "card-reissue"`,
    ]);
  });
});
