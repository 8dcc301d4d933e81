import type { CliIo } from "./main.js";

/** `afterleak bench`: see scripts in the README. */
export async function benchCommand(_args: string[], io: CliIo): Promise<number> {
  io.stderr.write("bench: not built yet\n");
  return 1;
}
