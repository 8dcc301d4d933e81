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

/**
 * Discord refused to open or use a private support thread: a permission is missing (Create
 * Private Threads, Send Messages in Threads, View Channel), the server's tier does not allow
 * private threads, the channel cannot hold them, or thread limits are reached.
 */
export const isThreadRefusal = (err: unknown): boolean =>
  isMissingAccess(err) ||
  [
    RESTJSONErrorCodes.GuildPremiumSubscriptionLevelTooLow,
    RESTJSONErrorCodes.CannotExecuteActionOnThisChannelType,
    RESTJSONErrorCodes.MaximumActiveThreads,
    RESTJSONErrorCodes.MaximumThreadParticipantsReached,
    RESTJSONErrorCodes.ThreadAlreadyCreatedForMessage,
    RESTJSONErrorCodes.UnknownChannel,
  ].includes(code(err) as RESTJSONErrorCodes) ||
  (err instanceof DiscordAPIError && err.status === 403);

/** The user is not a member of the server, so they cannot join its thread. */
export const isUnknownMember = (err: unknown): boolean => code(err) === RESTJSONErrorCodes.UnknownMember;

/** A support thread can no longer take messages: deleted, locked, or archived for good. */
export const isThreadGone = (err: unknown): boolean =>
  [RESTJSONErrorCodes.UnknownChannel, RESTJSONErrorCodes.ThreadLocked, RESTJSONErrorCodes.InvalidActionOnArchivedThread].includes(code(err) as RESTJSONErrorCodes) ||
  isMissingAccess(err);
