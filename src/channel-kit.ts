/**
 * The light public surface for channel descriptors (`adapters/<name>/channel.ts` and
 * `config.ts`): configuration helpers and types only, so reading a channel's configuration never
 * loads the engine, the matcher or the store. Everything else adapters need comes from
 * `src/index.ts`.
 */
export { envFlag, envInt, type Config, type ConfigFragment } from "./config.js";
export type { ChannelCapabilities, ChannelContext, ChannelModule, RunningChannel } from "./channel.js";
export type { CliCommand, CliIo } from "./cli/io.js";
