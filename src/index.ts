/**
 * The public surface of the afterleak core. Adapters import from here and nowhere else in `src/`.
 */
export type { ChannelCapabilities, ChannelContext, ChannelModule, ChannelPlace, ChannelPlaces, ChannelPush, RunningChannel } from "./channel.js";
export { postToPlaces, type PlacesReport, type PostToPlacesOptions } from "./engine/places.js";
export type { Config, ConfigFragment } from "./config.js";
export { envFlag, envInt, parseConfig } from "./config.js";
export { createApp, type App } from "./app.js";
export { createEngine, type Engine, type EngineOptions } from "./engine/engine.js";
export { createPackRouter, createPackSetEngine, packChoiceId, routeByText, switchTarget, type PackRouter, type PackSetEngine, type PackSetOptions } from "./engine/pack-set.js";
export { packDirs } from "./content/pack-dirs.js";
export type { CloseCode, HandoffApi, HandoffResult, HandoffState, HandoffUser, TakeCode, TicketInfo } from "./engine/handoff.js";
export {
  createSupportDesk,
  staffTextsOf,
  SupportUnreachableError,
  type Carried,
  type OpenRequest,
  type StaffKey,
  type StaffOutcome,
  type StaffTexts,
  type SupportDesk,
  type SupportTransport,
} from "./engine/support-desk.js";
export { parseTicketId, TICKET_TTL_MS } from "./engine/tickets.js";
export { COMMANDS, isCommandName, parseCommandText, toCommandEvent, type CommandName, type EventBase, type InboundEvent, type UserRef } from "./engine/events.js";
export { toPackLocale } from "./engine/locale.js";
export { createScamWatchBook, watchMessage, watchText, type ScamWatchBook, type ScamWatchSettings, type WatchAlert } from "./scam/watch.js";
export { toSpans, escapeMarks, showBidiControls, isHandoffAction, type Choice, type EngineAction, type HandoffAction, type EngineResult, type LinkOut, type Reply, type Span } from "./engine/replies.js";
export type { TurnOutcome } from "./engine/outcome.js";
export { MAX_CHOICE_ID_BYTES, parseChoiceId, ids } from "./engine/choice-ids.js";
export { loadPack, parsePackDir } from "./content/loader.js";
export type { CommandTexts, UpdatesChannelUiKey } from "./content/schema.js";
export { pick, ui, type ContentPack } from "./content/pack.js";
export { createMemoryStore } from "./store/memory.js";
export { createLowdbStore } from "./store/lowdb.js";
export type { Store } from "./store/store.js";
export type { StoreHealth } from "./store/guarded.js";
export type { AnalyticsEvent, UserState } from "./store/state.js";
export { createLogger, serializeError, type ErrorSummary, type Logger } from "./logger.js";
export { redact, type PiiKind } from "./privacy/redact.js";
export type { CliCommand, CliIo } from "./cli/io.js";
export { computeStats, type StatsSummary } from "./analytics/stats.js";
export { computeDashboard, type Dashboard, type DashboardFilter, type OpenHandoff } from "./analytics/dashboard.js";
export { createDashboardRunner, type DashboardRunner } from "./analytics/dashboard-runner.js";
export { lintPack } from "./content/lint.js";
export { formatDiagnostics } from "./content/diagnostics.js";
export { createReloader, type Reloader, type ReloadOutcome } from "./reload.js";
export { formatStats } from "./cli/stats.js";
export { parseSince } from "./cli/since.js";
export { applyHeapGrowth, childExecArgv, isCompiled, siblingScript } from "./runtime.js";
export { createReminderScheduler, reminderDeliveryId, REMINDER_SCAN_MS, type PushOutcome, type ReminderScan, type ReminderScheduler, type ReminderSender } from "./engine/reminder-scheduler.js";
export { createReminderBook, type Reminder, type ReminderBook, type RoutedReminder } from "./engine/reminder-book.js";
export { DEFAULT_QUIET_HOURS, isQuiet, isTimeZone, nextAllowed, type QuietHours } from "./engine/quiet-hours.js";
export { createDispatcher, DEFAULT_LIMITS, DISCORD_LIMIT, limitsFromEnv, TELEGRAM_LIMIT, type Dispatcher, type PlatformLimit, type TrafficMeter } from "./broadcast/dispatcher.js";
export { broadcastReplies, parseBroadcastFile, type BroadcastFile } from "./broadcast/file.js";
export { runBroadcast, type BroadcastProgress, type BroadcastReport, type RunBroadcastOptions } from "./broadcast/run.js";
