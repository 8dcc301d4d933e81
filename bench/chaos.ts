/**
 * `npm run chaos`: the fault-injection run. Prints one row per fault and exits 1 when a target is
 * missed (0 unanswered beyond 3 s, 0 duplicated, 0 lost, recovery within 5 s).
 */
import { FAULTS, formatChaos, runChaos } from "./chaos-run.js";

const started = Date.now();
const rows = await runChaos({ faults: FAULTS, webUsers: 12, telegramUsers: 6, faultMs: 4000 });
process.stdout.write(formatChaos(rows));
const missed = rows.filter((r) => r.unanswered > 0 || r.duplicated > 0 || r.lost > 0 || r.recoveryMs > 5000);
process.stdout.write(`\n${rows.length} faults in ${((Date.now() - started) / 1000).toFixed(0)} s; ${missed.length ? `targets missed: ${missed.map((r) => r.fault).join(", ")}` : "all targets met"}\n`);
process.exit(missed.length ? 1 : 0);
