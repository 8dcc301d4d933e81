/**
 * Entry point of one benchmark step in its own process (`node --import tsx bench/child.ts
 * populate|run <case JSON>`), so each run's peak memory is its own. Prints `BENCH_RESULT <json>`.
 */
import { populateCase, runCase, type BenchCase } from "./case.js";

const [mode, json] = process.argv.slice(2);
const c = JSON.parse(json ?? "{}") as BenchCase;
if (mode === "populate") {
  await populateCase(c);
  process.stdout.write("BENCH_RESULT {}\n");
} else if (mode === "run") {
  process.stdout.write(`BENCH_RESULT ${JSON.stringify(await runCase(c))}\n`);
} else {
  process.stderr.write("usage: bench/child.ts populate|run <case JSON>\n");
  process.exitCode = 2;
}
