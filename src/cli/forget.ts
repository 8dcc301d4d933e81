import { parseArgs } from "node:util";
import type { CliIo } from "./io.js";
import { cutoff, withApp } from "./loaders.js";

/** `forget --platform P --user ID`: deletes everything kept about one user (support staff). */
export async function forgetCommand(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({ args, options: { platform: { type: "string" }, user: { type: "string" } } });
  if (!values.platform || !values.user) {
    io.stderr.write("usage: afterleak forget --platform telegram --user ID\n");
    return 2;
  }
  const { platform, user } = values;
  return withApp(io, async (app) => {
    const removed = await app.engine.forget({ platform, userId: user });
    io.stdout.write(removed ? `deleted everything kept about ${platform} user ${user}\n` : `nothing stored for ${platform} user ${user}\n`);
    return 0;
  });
}

/** `purge`: deletes users idle longer than RETENTION_DAYS. */
export async function purgeCommand(io: CliIo): Promise<number> {
  return withApp(io, async (app) => {
    const n = await app.store.purgeIdle(cutoff(app));
    io.stdout.write(`removed ${n} idle user(s)\n`);
    return 0;
  });
}
