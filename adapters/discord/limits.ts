/** Discord's message and component limits that the renderer keeps to. */
export const LIMITS = {
  /** Characters of message content. */
  content: 2000,
  /** Buttons in one action row. */
  buttonsPerRow: 5,
  /** Action rows in one message. */
  rows: 5,
  /** Characters of a component's custom id. */
  customId: 100,
  /** Characters of a button label. */
  buttonLabel: 80,
  /** Options in one select menu. */
  selectOptions: 25,
  /** Characters of a select option's label and value. */
  selectOption: 100,
  /** More choices than this become a select menu instead of buttons. */
  maxButtons: 10,
} as const;

/**
 * Custom ids the adapter adds next to the engine's choice ids. The engine never emits ids
 * starting with `~`, so these cannot collide; an unknown `~` id goes to the engine, which
 * answers it as a stale button.
 */
export const CUSTOM_IDS = {
  /** "Continue privately" under a public answer to a mention. */
  more: "~more",
  /** A select menu holding engine choices; the chosen value is the choice id. */
  select: (n: number) => `~sel:${n}`,
  /** A `private` reply: continue a flow privately with this start payload. */
  privateStart: (payload: string) => `~p:${payload}`,
  /** "Close" on a support ticket's header (support team only). */
  closeTicket: (ticket: string) => `~close:${ticket}`,
} as const;

/** Reads a `~close:` custom id back to its ticket. */
export function closeTicketId(customId: string): string | undefined {
  return customId.startsWith("~close:") ? customId.slice(7) : undefined;
}

/** Reads a `~p:` custom id back to its start payload. */
export function privatePayload(customId: string): string | undefined {
  return customId.startsWith("~p:") ? customId.slice(3) : undefined;
}
