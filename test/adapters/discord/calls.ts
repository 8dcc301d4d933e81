import type { RecordedCall } from "../../fakes/discord/fake-discord.js";

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- recorded JSON bodies
type Json = any;

/** The message body a call carried: interaction callback data, a webhook or a channel message. */
export function messageBody(c: RecordedCall): Json | undefined {
  if (c.path.endsWith("/callback")) return c.body?.type === 4 || c.body?.type === 7 ? c.body.data : undefined;
  if (c.path.startsWith("/webhooks/") && (c.method === "POST" || c.method === "PATCH")) return c.body;
  if (/^\/channels\/\d+\/messages$/.test(c.path) && c.method === "POST") return c.body;
  return undefined;
}

/** Every message body among `calls`. */
export const messageBodies = (calls: readonly RecordedCall[]): Json[] => calls.map(messageBody).filter((b) => b !== undefined);

/** The custom ids of every button and select option in a body (select options as their values). */
export function customIds(body: Json): string[] {
  return (body?.components ?? []).flatMap((row: Json) =>
    row.components.flatMap((c: Json) => (c.type === 3 ? c.options.map((o: Json) => o.value) : c.custom_id ? [c.custom_id] : [])),
  );
}

/** The link buttons of a body. */
export const linkUrls = (body: Json): string[] =>
  (body?.components ?? []).flatMap((row: Json) => row.components.filter((c: Json) => c.style === 5).map((c: Json) => c.url));
