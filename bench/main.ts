/**
 * Entry of the store benchmark (`npm run bench`, or `node --import tsx bench/main.ts --help`):
 * dev tooling, outside the shipped `src/`.
 */
import { benchCommand } from "./store-bench.js";

process.exitCode = await benchCommand(process.argv.slice(2), { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, env: process.env });
