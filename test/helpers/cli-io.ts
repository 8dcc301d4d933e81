import { PassThrough } from "node:stream";
import type { CliIo } from "../../src/index.js";

/** CLI streams for a test: empty stdin, and stdout and stderr collected as text. */
export function captureIo(env: CliIo["env"]): CliIo & { out: () => string; err: () => string } {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = "";
  let err = "";
  stdout.on("data", (d: Buffer) => (out += d.toString()));
  stderr.on("data", (d: Buffer) => (err += d.toString()));
  return { stdin: new PassThrough(), stdout, stderr, env, out: () => out, err: () => err };
}
