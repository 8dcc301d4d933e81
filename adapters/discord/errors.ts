import { DiscordAPIError, RESTJSONErrorCodes } from "discord.js";

const code = (err: unknown) => (err instanceof DiscordAPIError ? err.code : undefined);

/** Discord refused because the bot lacks a permission or cannot see the channel. */
export const isMissingAccess = (err: unknown): boolean =>
  code(err) === RESTJSONErrorCodes.MissingPermissions || code(err) === RESTJSONErrorCodes.MissingAccess;

/** The user does not accept direct messages from the bot. */
export const isDmClosed = (err: unknown): boolean => code(err) === RESTJSONErrorCodes.CannotSendMessagesToThisUser;

/** The interaction expired (not acknowledged within 3 seconds) or was already answered elsewhere. */
export const isExpiredInteraction = (err: unknown): boolean =>
  code(err) === RESTJSONErrorCodes.UnknownInteraction || code(err) === RESTJSONErrorCodes.InteractionHasAlreadyBeenAcknowledged;
