import type { ChannelModule, CliCommand } from "../src/index.js";
import { consoleChannel } from "./console/index.js";

/** Every channel afterleak can run; `afterleak start` starts the enabled ones. */
export const channels: ChannelModule[] = [consoleChannel];

/** Extra CLI commands that need a platform SDK (kept out of the core). */
export const commands: CliCommand[] = [];
