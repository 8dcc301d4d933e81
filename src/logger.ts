import { pino, type Logger } from "pino";

/** What an error becomes in a log line: never a request or response body, which may hold message text. */
export interface ErrorSummary {
  type: string;
  message: string;
  code?: string | number;
  status?: number;
  method?: string;
  stack?: string;
}

/**
 * A privacy-safe summary of an error for the log: its type, message, code, HTTP status and API
 * method, and the stack of programming errors. Platform errors carry the request they answer
 * (`DiscordAPIError.requestBody` holds the posted message; grammY's `GrammyError.payload` the
 * sent text): none of their other fields is copied. A wrapped `error` (grammY's `BotError`) is
 * summarized instead of its wrapper.
 *
 * @example logger.warn({ err: serializeError(err) }, "could not post"); // also applied to every `err` field
 */
export function serializeError(err: unknown): ErrorSummary {
  if (isSummary(err)) {
    const { type, message, code, status, method, stack } = err;
    return { type, message, ...(code !== undefined ? { code } : {}), ...(status !== undefined ? { status } : {}), ...(method ? { method } : {}), ...(stack ? { stack } : {}) };
  }
  if (!(err instanceof Error)) return { type: typeof err, message: typeof err === "string" ? err : "non-error value thrown" };
  const e = err as Error & { error?: unknown; error_code?: unknown; description?: unknown; code?: unknown; status?: unknown; method?: unknown };
  if (e.name === "BotError" && e.error instanceof Error) return serializeError(e.error);
  const code = typeof e.error_code === "number" ? e.error_code : typeof e.code === "number" || typeof e.code === "string" ? e.code : undefined;
  const status = typeof e.status === "number" ? e.status : undefined;
  const platform = code !== undefined || status !== undefined;
  return {
    type: e.name,
    message: typeof e.description === "string" ? e.description : e.message,
    ...(code !== undefined ? { code } : {}),
    ...(status !== undefined ? { status } : {}),
    ...(typeof e.method === "string" ? { method: e.method } : {}),
    ...(!platform && e.stack ? { stack: e.stack } : {}),
  };
}

/** An error already summarized (the logger's serializer sees callers' summaries again). */
const isSummary = (v: unknown): v is ErrorSummary =>
  typeof v === "object" && v !== null && !(v instanceof Error) && typeof (v as ErrorSummary).type === "string" && typeof (v as ErrorSummary).message === "string";

/**
 * The structured JSON logger. Message text is never logged at info level: log ids, kinds and
 * counts. `redact` removes fields that might carry user text if a caller passes them by mistake;
 * every `err` / `error` field goes through {@link serializeError}, so no request body reaches the log.
 */
export function createLogger(level = "info", destination?: NodeJS.WritableStream): Logger {
  return pino(
    {
      level,
      base: { app: "afterleak" },
      serializers: { err: serializeError, error: serializeError },
      redact: { paths: ["text", "*.text", "message.text", "update.message", "args"], censor: "[redacted]" },
    },
    destination as pino.DestinationStream | undefined,
  );
}
export type { Logger };
