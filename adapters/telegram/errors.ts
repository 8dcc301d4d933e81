/** A loggable summary of an error without request payloads (they may hold message text). */
export function errorSummary(err: unknown): Record<string, unknown> {
  if (!(err instanceof Error)) return { message: String(err) };
  const e = err as Error & { error_code?: number; method?: string; description?: string };
  return {
    type: e.name,
    message: e.description ?? e.message,
    ...(e.error_code ? { code: e.error_code } : {}),
    ...(e.method ? { method: e.method } : {}),
    ...(e.error_code === undefined && e.stack ? { stack: e.stack } : {}),
  };
}
