import {
  ButtonStyle,
  ComponentType,
  type APIActionRowComponent,
  type APIButtonComponent,
  type APIComponentInMessageActionRow,
} from "discord.js";
import type { Choice, LinkOut } from "../../src/index.js";
import { truncate } from "./format.js";
import { CUSTOM_IDS, LIMITS } from "./limits.js";

/** One action row of buttons or a select menu. */
export type Row = APIActionRowComponent<APIComponentInMessageActionRow>;

/** Components for a batch of choices and links, and the links that did not fit as buttons. */
export interface RenderedComponents {
  rows: Row[];
  /** Links shown as text instead (no row left). */
  overflowLinks: LinkOut[];
}

const chunk = <T>(list: readonly T[], size: number): T[][] =>
  Array.from({ length: Math.ceil(list.length / size) }, (_, i) => list.slice(i * size, i * size + size));

const isWebUrl = (url: string) => /^https?:\/\//i.test(url);

/**
 * Lays out choices and links within Discord's limits: up to {@link LIMITS.maxButtons} choices as
 * buttons (5 per row), more as select menus (25 options each); links as link buttons in the
 * rows left over. Choice ids are used as custom ids unchanged (duplicates and ids over 100
 * characters are dropped: Discord rejects the whole message otherwise).
 */
export function renderComponents(choices: readonly Choice[], links: readonly LinkOut[], placeholder: string): RenderedComponents {
  const seen = new Set<string>();
  const usable = choices.filter((c) => c.id.length <= LIMITS.customId && !seen.has(c.id) && seen.add(c.id));
  const rows: Row[] = [];
  if (usable.length > LIMITS.maxButtons) {
    for (const [n, group] of chunk(usable, LIMITS.selectOptions).slice(0, LIMITS.rows).entries()) {
      rows.push({
        type: ComponentType.ActionRow,
        components: [
          {
            type: ComponentType.StringSelect,
            custom_id: CUSTOM_IDS.select(n),
            placeholder: placeholder,
            options: group.map((c) => ({ label: truncate(c.label, LIMITS.selectOption), value: c.id })),
          },
        ],
      });
    }
  } else {
    for (const group of chunk(usable, LIMITS.buttonsPerRow)) {
      rows.push({
        type: ComponentType.ActionRow,
        components: group.map(
          (c): APIButtonComponent => ({
            type: ComponentType.Button,
            style: ButtonStyle.Secondary,
            custom_id: c.id,
            label: truncate(c.label, LIMITS.buttonLabel),
          }),
        ),
      });
    }
  }
  const web = links.filter((k) => isWebUrl(k.url));
  const linkRows = chunk(web, LIMITS.buttonsPerRow);
  const room = Math.max(0, LIMITS.rows - rows.length);
  for (const group of linkRows.slice(0, room)) {
    rows.push({
      type: ComponentType.ActionRow,
      components: group.map(
        (k): APIButtonComponent => ({ type: ComponentType.Button, style: ButtonStyle.Link, url: k.url, label: truncate(k.label, LIMITS.buttonLabel) }),
      ),
    });
  }
  return { rows, overflowLinks: linkRows.slice(room).flat() };
}
