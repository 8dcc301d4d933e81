#!/usr/bin/env node
// The `afterleak` command. Runs the compiled output (dist/, built by `npm run build`, and by
// `npm start` / `npm test` when missing or stale); while dist/ is older than the sources (during
// development) it runs the TypeScript sources through tsx instead, so it never runs stale code.
import { fileURLToPath, pathToFileURL } from "node:url";
import { dirname, join } from "node:path";
import { distState } from "../scripts/dist.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
process.chdir(process.env.AFTERLEAK_CWD ?? process.cwd());
try {
  (await import("dotenv")).config({ quiet: true });
} catch {
  // dotenv is optional at runtime: without it only the real environment is read.
}
const compiled = process.env.AFTERLEAK_FROM_SOURCE !== "1" && distState(root).fresh;
if (!compiled) (await import("tsx/esm/api")).register();
const base = compiled ? join(root, "dist") : root;
const ext = compiled ? "js" : "ts";
const { runCli } = await import(pathToFileURL(join(base, `src/cli/main.${ext}`)).href);
const { channels, commands } = await import(pathToFileURL(join(base, `adapters/index.${ext}`)).href);
process.exitCode = await runCli(process.argv.slice(2), { channels, commands });
