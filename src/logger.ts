import { pino, type Logger } from "pino";

/**
 * The structured JSON logger. Message text is never logged at info level: log ids, kinds and
 * counts. `redact` removes fields that might carry user text if a caller passes them by mistake.
 */
export function createLogger(level = "info", destination?: NodeJS.WritableStream): Logger {
  return pino(
    {
      level,
      base: { app: "afterleak" },
      redact: { paths: ["text", "*.text", "message.text", "update.message", "args"], censor: "[redacted]" },
    },
    destination as pino.DestinationStream | undefined,
  );
}
export type { Logger };
