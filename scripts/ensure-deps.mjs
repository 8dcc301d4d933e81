#!/usr/bin/env node
// Installs what is missing before `npm start` / `npm test`, so both work on a fresh clone.
// npm packages from package-lock.json; with --test also the system parts the tests need
// (Debian chromium for the browser test, redis-server for the store contract suite).
import { execSync, spawnSync } from "node:child_process";
import { existsSync, readFileSync, statSync } from "node:fs";
import { distState } from "./dist.mjs";

const run = (cmd) => execSync(cmd, { stdio: "inherit" });
const lock = "package-lock.json";
const marker = "node_modules/.package-lock.json";
const stale = !existsSync(marker) || (existsSync(lock) && statSync(lock).mtimeMs > statSync(marker).mtimeMs + 1000);
// The build (typescript) and the tests (tsx, vitest) are dev dependencies: an install that left
// them out (NODE_ENV=production, --omit=dev) is incomplete for `npm start` / `npm test` from source.
// A deployment that ships a fresh dist/ needs none of them to start.
const testing = process.argv.includes("--test");
const devTools = testing || !distState(".").fresh ? ["typescript/package.json", "tsx/package.json", ...(testing ? ["vitest/package.json"] : [])] : [];
const missingDev = devTools.filter((p) => !existsSync(`node_modules/${p}`));
if (stale || missingDev.length) {
  console.error(`[afterleak] installing npm packages (npm ci${missingDev.length && !stale ? `: missing ${missingDev.map((p) => p.split("/")[0]).join(", ")}` : ""})...`);
  run(existsSync(lock) ? "npm ci --include=dev --no-audit --no-fund" : "npm install --include=dev --no-audit --no-fund");
}

if (process.argv.includes("--test")) {
  const need = [];
  const has = (bin) => spawnSync("sh", ["-c", `command -v ${bin}`]).status === 0;
  const wanted = JSON.parse(readFileSync("package.json", "utf8")).afterleak?.systemPackages ?? {};
  // Keys are commands, or absolute paths for packages without one (fonts).
  for (const [what, pkg] of Object.entries(wanted)) if (!(what.startsWith("/") ? existsSync(what) : has(what))) need.push(pkg);
  if (need.length) {
    const root = typeof process.getuid === "function" && process.getuid() === 0;
    const sudo = root ? "" : has("sudo") ? "sudo " : null;
    if (sudo === null || !has("apt-get")) {
      console.error(`[afterleak] missing system packages: ${need.join(", ")}; install them (Debian: apt-get install ${need.join(" ")})`);
      process.exit(1);
    }
    console.error(`[afterleak] installing system packages: ${need.join(", ")}`);
    run(`${sudo}apt-get update -qq && DEBIAN_FRONTEND=noninteractive ${sudo}apt-get install -y -qq --no-install-recommends ${need.join(" ")}`);
  }
}
