#!/usr/bin/env node
// Builds dist/ with tsc (source maps on) when it is missing or older than the sources, and copies
// the web chat's and the support console's static files next to the compiled server. `--force` rebuilds anyway.
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { STAMP, distState } from "./dist.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const force = process.argv.includes("--force");
if (!force && distState(root).fresh) process.exit(0);

const started = Date.now();
const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
rmSync(join(root, STAMP), { force: true });
const r = spawnSync(process.execPath, [tsc, "-p", join(root, "tsconfig.build.json")], { stdio: "inherit", cwd: root });
if (r.status !== 0) {
  console.error("[afterleak] build failed (tsc); fix the errors above");
  process.exit(r.status ?? 1);
}
// The web chat's and the support console's static files (uPlot is read from node_modules at run time).
for (const dir of ["adapters/web/public", "adapters/web/admin/public"]) {
  const out = join(root, "dist", dir);
  rmSync(out, { recursive: true, force: true });
  cpSync(join(root, dir), out, { recursive: true });
}
mkdirSync(dirname(join(root, STAMP)), { recursive: true });
writeFileSync(join(root, STAMP), `${new Date().toISOString()}\n`);
console.error(`[afterleak] built dist/ in ${((Date.now() - started) / 1000).toFixed(1)} s`);
