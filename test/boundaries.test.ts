import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

async function files(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await files(p)));
    else if (p.endsWith(".ts")) out.push(p);
  }
  return out;
}
const imports = (src: string) => [...src.matchAll(/(?:from|import)\s*\(?\s*["']([^"']+)["']/g)].map((m) => m[1] as string);
const REGISTRIES = new Set(["adapters/index.ts", "adapters/commands.ts"]);
const PLATFORM = /^(grammy|@grammyjs\/|discord\.js|@discordjs\/|discord-api-types|botkit|botbuilder|telegram-test-api|playwright)/;

describe("architecture boundaries", () => {
  it("src/ imports no adapter, platform SDK or botkit", async () => {
    const bad: string[] = [];
    for (const f of await files("src")) {
      for (const i of imports(await readFile(f, "utf8"))) {
        if (i.includes("adapters/") || PLATFORM.test(i)) bad.push(`${f}: ${i}`);
      }
    }
    expect(bad).toEqual([]);
  });

  it("src/ touches the file system only in the loader (and where packs are found), the store, secrets and the CLI", async () => {
    const allowed = /^src\/(content\/loader|content\/pack-dirs|store\/|privacy\/secret|cli\/)/;
    const bad: string[] = [];
    for (const f of await files("src")) {
      if (allowed.test(f)) continue;
      if (imports(await readFile(f, "utf8")).some((i) => /^(node:)?fs(\/promises)?$/.test(i))) bad.push(f);
    }
    expect(bad).toEqual([]);
  });

  it("adapters import the core only through src/index.ts (or the light src/channel-kit.ts) and never each other", async () => {
    const bad: string[] = [];
    for (const f of await files("adapters")) {
      const [, name] = f.split("/");
      for (const i of imports(await readFile(f, "utf8"))) {
        if (!i.startsWith(".")) continue;
        const target = join(f, "..", i);
        // src/channel-kit.ts: config helpers and types for the cheap channel descriptors.
        if (target.startsWith("src/") && target !== "src/index.js" && target !== "src/channel-kit.js") bad.push(`${f}: ${i}`);
        const other = target.match(/^adapters\/([^/]+)\//)?.[1];
        // adapters/index.ts and adapters/commands.ts are the registries: they list each channel's descriptor and CLI commands.
        if (other && other !== name && other !== "shared" && !REGISTRIES.has(f)) bad.push(`${f}: ${i}`);
      }
    }
    expect(bad).toEqual([]);
  });
});
