#!/usr/bin/env node
// The `afterleak` command: runs the TypeScript sources through tsx (no build step).
import { register } from "tsx/esm/api";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
process.chdir(process.env.AFTERLEAK_CWD ?? process.cwd());
try {
  (await import("dotenv")).config({ quiet: true });
} catch {
  // dotenv is optional at runtime: without it only the real environment is read.
}
register();
const { runCli } = await import(join(root, "src/cli/main.ts"));
const { channels, commands } = await import(join(root, "adapters/index.ts"));
process.exitCode = await runCli(process.argv.slice(2), { channels, commands });
