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
const dist = distState(root);
let compiled = process.env.AFTERLEAK_FROM_SOURCE !== "1" && dist.fresh;
if (!compiled) {
  try {
    (await import("tsx/esm/api")).register();
  } catch {
    // tsx is a dev dependency: an install without it (npm ci --omit=dev) runs the build it has.
    if (dist.stamp === 0) {
      console.error("[afterleak] dist/ is missing and tsx (a dev dependency) is not installed: run `npm ci && npm run build`");
      process.exit(1);
    }
    console.error("[afterleak] dist/ is older than the sources and tsx is not installed: running dist/ (`npm run build` updates it)");
    compiled = true;
  }
}
const base = compiled ? join(root, "dist") : root;
const ext = compiled ? "js" : "ts";
const { runCli } = await import(pathToFileURL(join(base, `src/cli/main.${ext}`)).href);
const { commands } = await import(pathToFileURL(join(base, `adapters/commands.${ext}`)).href);
// The channel descriptors (their config schemas, zod) load only for the commands that use them, not for help.
const channels = async () => (await import(pathToFileURL(join(base, `adapters/index.${ext}`)).href)).channels;
process.exitCode = await runCli(process.argv.slice(2), { channels, commands });
